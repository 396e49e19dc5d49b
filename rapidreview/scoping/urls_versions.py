"""Autosave and drafts (the agency's own return), and the version history and comparison of any
agency's return (whoever may see it)."""

from django.urls import path

from . import views_versions

urlpatterns = [
    path(
        "our-work/return/autosave/<str:section>/",
        views_versions.autosave,
        name="autosave",
    ),
    path(
        "our-work/return/drafts/<str:section>/discard/",
        views_versions.draft_discard,
        name="draft_discard",
    ),
    path(
        "returns/<uuid:agency>/versions/",
        views_versions.version_list,
        name="version_list",
    ),
    path(
        "returns/<uuid:agency>/versions/<int:number>/",
        views_versions.version_compare,
        name="version_compare",
    ),
]
