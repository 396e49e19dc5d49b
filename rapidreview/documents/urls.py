from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.file_list, name="file_list"),
    path("upload/", views.file_upload, name="upload"),
    path("<uuid:public_id>/download/", views.file_download, name="download"),
]
