"""An agency's own pages for a review, under /reviews/<reference>/our-work/."""

from django.urls import path

from . import views_agency

urlpatterns = [
    path("our-work/", views_agency.agency_tasks, name="agency_tasks"),
    path("our-work/attendance/", views_agency.agency_attendance, name="agency_attendance"),
    path("our-work/involvement/", views_agency.agency_involvement, name="agency_involvement"),
    path("our-work/nominations/", views_agency.agency_nominations, name="agency_nominations"),
    path(
        "our-work/nominations/<uuid:public_id>/withdraw/",
        views_agency.agency_nomination_withdraw,
        name="agency_nomination_withdraw",
    ),
]
