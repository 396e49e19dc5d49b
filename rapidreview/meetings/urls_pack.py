"""The agenda and the meeting pack, under /reviews/<reference>/meeting/."""

from django.urls import path

from . import views_pack

urlpatterns: list = [
    path("agenda/", views_pack.agenda_page, name="agenda"),
    path("pack/", views_pack.pack_download, name="pack"),
]
