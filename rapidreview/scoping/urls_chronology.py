"""Section C, the chronology: the agency's own pages under our-work/return/chronology/, and the
read-only view of an agency's chronology under returns/<agency public_id>/chronology/."""

from django.urls import path

from . import views_chronology as views
from . import views_chronology_import as imports

_OWN = "our-work/return/chronology/"
_AGENCY = "returns/<uuid:agency>/chronology/"

urlpatterns = [
    path(_OWN, views.chronology_list, name="chronology"),
    path(f"{_OWN}add/", views.row_add, name="chronology_add"),
    path(f"{_OWN}export/", views.chronology_export, name="chronology_export"),
    path(f"{_OWN}template/", views.chronology_template, name="chronology_template"),
    path(f"{_OWN}import/", imports.import_upload, name="chronology_import"),
    path(f"{_OWN}import/<uuid:file_id>/", imports.import_map, name="chronology_import_map"),
    path(f"{_OWN}<uuid:row_id>/", views.row_edit, name="chronology_edit"),
    path(f"{_OWN}<uuid:row_id>/remove/", views.row_remove, name="chronology_remove"),
    path(_AGENCY, views.agency_chronology, name="agency_chronology"),
    path(f"{_AGENCY}export/", views.agency_chronology_export, name="agency_chronology_export"),
]
