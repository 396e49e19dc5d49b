"""The list of learning themes the partnership team keeps, at /learning-themes/."""

from django.urls import path

from . import views_themes

app_name = "themes"

urlpatterns = [path("", views_themes.themes, name="list")]
