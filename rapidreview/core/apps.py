from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rapidreview.core"
    label = "core"
