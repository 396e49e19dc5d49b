from django.apps import AppConfig


class ScopingConfig(AppConfig):
    name = "rapidreview.scoping"
    label = "scoping"
    verbose_name = "Scoping returns"
