"""The meeting's page and arranging it: when and where, who is invited, the register."""

from django.urls import path

from . import views_arrange as views

urlpatterns = [
    path("", views.meeting, name="meeting"),
    path("arrange/", views.meeting_arrange, name="arrange"),
    path("people/", views.attendees, name="attendees"),
    path("people/send/", views.invitations_send, name="invitations_send"),
    path("people/<uuid:attendee>/remove/", views.attendee_remove, name="attendee_remove"),
    path("attendance/", views.attendance, name="attendance"),
]
