"""The partnership's documents, and an agency's records secured, private area, alerts and staff
register: all under /reviews/<reference>/ (the agency's own under our-work/)."""

from django.urls import path

from . import views_people, views_records

urlpatterns = [
    path("documents/", views_records.documents_list, name="documents"),
    path("documents/add/", views_records.document_add, name="document_add"),
    path(
        "documents/<uuid:document_id>/remove/",
        views_records.document_remove,
        name="document_remove",
    ),
    path("documents/<uuid:document_id>/read/", views_records.document_read, name="document_read"),
    path("our-work/records/", views_records.records_secured, name="records_secured"),
    path("our-work/private-records/", views_records.private_records, name="private_records"),
    path(
        "our-work/private-records/<uuid:record_id>/remove/",
        views_records.private_record_remove,
        name="private_record_remove",
    ),
    path("our-work/alerts/", views_people.alerts, name="alerts"),
    path("our-work/alerts/add/", views_people.alert_add, name="alert_add"),
    path("our-work/alerts/reviewed/", views_people.alerts_reviewed, name="alerts_reviewed"),
    path("our-work/alerts/<uuid:alert_id>/", views_people.alert_edit, name="alert_edit"),
    path("our-work/alerts/<uuid:alert_id>/remove/", views_people.alert_remove, name="alert_remove"),
    path("our-work/staff/", views_people.staff, name="staff"),
    path("our-work/staff/add/", views_people.staff_add, name="staff_add"),
    path("our-work/staff/<uuid:member_id>/", views_people.staff_edit, name="staff_edit"),
    path("our-work/staff/<uuid:member_id>/remove/", views_people.staff_remove, name="staff_remove"),
]
