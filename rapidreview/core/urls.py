from django.urls import path

from . import calendar_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("closure-days/", calendar_views.closure_days, name="closure_days"),
    path("closure-days/add/", calendar_views.closure_day_add, name="closure_day_add"),
    path(
        "closure-days/<str:day>/remove/",
        calendar_views.closure_day_remove,
        name="closure_day_remove",
    ),
]
