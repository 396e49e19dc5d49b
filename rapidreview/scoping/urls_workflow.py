"""The return's workflow (views_workflow.py): the agency's own steps under its own pages, the
steps others take under the agency's return as they see it."""

from django.urls import path

from . import views_workflow

urlpatterns = [
    path(
        "our-work/return/submit/",
        views_workflow.return_submit,
        name="return_submit",
    ),
    path(
        "our-work/return/sign-off/",
        views_workflow.return_sign_off,
        name="return_sign_off",
    ),
    path(
        "returns/<uuid:agency>/return-for-amendment/",
        views_workflow.return_send_back,
        name="return_send_back",
    ),
    path(
        "returns/<uuid:agency>/release/",
        views_workflow.return_release,
        name="return_release",
    ),
]
