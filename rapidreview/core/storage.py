from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed static files, with `import` statements in our ES modules rewritten to match."""

    support_js_module_import_aggregation = True
