from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rapidreview.accounts"
    label = "accounts"
    verbose_name = "Accounts and agencies"

    def ready(self) -> None:
        from . import signals  # noqa: F401
