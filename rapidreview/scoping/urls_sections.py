"""The return's own pages (the agency's, under our-work/return/) and the read-only view of an
agency's return for others (under returns/<agency public id>/)."""

from django.urls import path, re_path

from . import views_sections

urlpatterns = [
    path("our-work/return/", views_sections.return_overview, name="return_overview"),
    path("our-work/return/check/", views_sections.return_check, name="return_check"),
    path("our-work/return/print/", views_sections.return_print, name="return_print"),
    re_path(r"^our-work/return/(?P<letter>[abdefg])/$", views_sections.section, name="section"),
    path("returns/<uuid:agency>/", views_sections.agency_return, name="agency_return"),
    path(
        "returns/<uuid:agency>/print/",
        views_sections.agency_return_print,
        name="agency_return_print",
    ),
]
