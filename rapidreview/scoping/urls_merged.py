"""The merged chronology, the involvement matrix and the Word export of one return."""

from django.urls import path

from . import views_merged

urlpatterns: list = [
    path(
        "chronology/",
        views_merged.merged_chronology_page,
        name="merged_chronology",
    ),
    path(
        "involvement/",
        views_merged.involvement_matrix_page,
        name="involvement_matrix",
    ),
    path(
        "returns/<uuid:agency>/return.docx",
        views_merged.return_docx,
        name="return_docx",
    ),
]
