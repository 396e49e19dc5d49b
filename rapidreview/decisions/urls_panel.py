"""Sending the rapid review to the Panel, the Panel's response and sharing the outcome, under
/reviews/<reference>/."""

from django.urls import path

from . import views_panel

urlpatterns: list = [
    path("panel/", views_panel.panel, name="panel"),
    path("panel/sent/", views_panel.panel_sent, name="panel_sent"),
    path("panel/response/", views_panel.panel_response, name="panel_response"),
    path("outcome/", views_panel.outcome, name="outcome"),
    path("outcome/share/", views_panel.outcome_share, name="outcome_share"),
    path("outcome/staff-told/", views_panel.outcome_staff_told, name="outcome_staff_told"),
]
