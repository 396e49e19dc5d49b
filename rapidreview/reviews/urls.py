from django.urls import path

from . import intake, intake_views, views

app_name = "reviews"

CHILDREN = {"section": intake.CHILDREN}
FAMILY = {"section": intake.FAMILY}
DRAFT = "notifications/new/<uuid:draft_id>"

urlpatterns = [
    # Logging a notification (the partnership team).
    path("notifications/new/", intake_views.intake_start, name="intake_start"),
    path(f"{DRAFT}/about/", intake_views.intake_about, name="intake_about"),
    path(f"{DRAFT}/dates/", intake_views.intake_dates, name="intake_dates"),
    path(f"{DRAFT}/children/", intake_views.intake_items, CHILDREN, name="intake_children"),
    path(f"{DRAFT}/children/add/", intake_views.intake_item_add, CHILDREN, name="intake_child_add"),
    path(
        f"{DRAFT}/children/<str:item_id>/",
        intake_views.intake_item_edit,
        CHILDREN,
        name="intake_child_edit",
    ),
    path(
        f"{DRAFT}/children/<str:item_id>/remove/",
        intake_views.intake_item_remove,
        CHILDREN,
        name="intake_child_remove",
    ),
    path(f"{DRAFT}/family/", intake_views.intake_items, FAMILY, name="intake_family"),
    path(f"{DRAFT}/family/add/", intake_views.intake_item_add, FAMILY, name="intake_family_add"),
    path(
        f"{DRAFT}/family/<str:item_id>/",
        intake_views.intake_item_edit,
        FAMILY,
        name="intake_family_edit",
    ),
    path(
        f"{DRAFT}/family/<str:item_id>/remove/",
        intake_views.intake_item_remove,
        FAMILY,
        name="intake_family_remove",
    ),
    path(f"{DRAFT}/scoping/", intake_views.intake_scoping, name="intake_scoping"),
    path(f"{DRAFT}/check/", intake_views.intake_check, name="intake_check"),
    path(f"{DRAFT}/cancel/", intake_views.intake_cancel, name="intake_cancel"),
    # A logged notification, until its review is convened.
    path("notifications/<uuid:public_id>/", views.incident_detail, name="incident_detail"),
    path("notifications/<uuid:public_id>/convene/", views.review_convene, name="review_convene"),
    # The review, by its reference (RR-2026-004), never by a database id.
    path("reviews/<str:reference>/", views.review_detail, name="review_detail"),
    path("reviews/<str:reference>/notification-dates/", views.review_dates, name="review_dates"),
    path("reviews/<str:reference>/next/<slug:step>/", views.review_step, name="review_step"),
]
