"""The report to the National Panel, under /reviews/<reference>/report/."""

from django.urls import path

from . import views_report

urlpatterns: list = [
    path("report/", views_report.report_page, name="report"),
    path("report/write/", views_report.report_text_page, name="report_text"),
    # Word or PDF; any other format is not found.
    path("report/<str:fmt>/", views_report.report_download, name="report_download"),
]
