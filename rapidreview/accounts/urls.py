from django.urls import path

from . import manage_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-in/backup-code/", views.sign_in_backup_code, name="sign_in_backup_code"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("set-up-authenticator/", views.two_factor_setup, name="two_factor_setup"),
    path("backup-codes/", views.backup_codes_created, name="backup_codes_created"),
    path("backup-codes/new/", views.backup_codes_regenerate, name="backup_codes_regenerate"),
    path("account/", views.account, name="account"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("users/", manage_views.user_list, name="user_list"),
    path("users/invite/", manage_views.user_invite, name="user_invite"),
    path("users/<uuid:public_id>/", manage_views.user_detail, name="user_detail"),
    path(
        "users/<uuid:public_id>/deactivate/",
        manage_views.user_set_active,
        {"active": False},
        name="user_deactivate",
    ),
    path(
        "users/<uuid:public_id>/reactivate/",
        manage_views.user_set_active,
        {"active": True},
        name="user_reactivate",
    ),
    path("agencies/", manage_views.agency_list, name="agency_list"),
    path("agencies/add/", manage_views.agency_create, name="agency_create"),
    path("agencies/<uuid:public_id>/", manage_views.agency_edit, name="agency_edit"),
]
