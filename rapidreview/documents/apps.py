from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "rapidreview.documents"
    label = "documents"
    verbose_name = "Documents and uploaded files"
