"""The partnership team's pages for the agencies on a review (under /reviews/<reference>/)."""

from django.urls import path

from . import views_team

urlpatterns = [
    path("agencies/", views_team.agencies, name="agencies"),
    path("agencies/invite/", views_team.invite, name="invite"),
]
