"""The decision and the partners' sign-off, under /reviews/<reference>/."""

from django.urls import path

from . import views_decision as views

urlpatterns = [
    path("decision/", views.decision, name="decision"),
    path("decision/record/", views.decision_edit, name="decision_edit"),
    path("decision/check/", views.decision_check, name="decision_check"),
    path("decision/saved/", views.decision_saved, name="decision_saved"),
    path("decision/send/", views.send_for_sign_off, name="send_for_sign_off"),
    path("sign-off/", views.sign_off, name="sign_off"),
    path("sign-off/done/", views.sign_off_done, name="sign_off_done"),
]
