from django.urls import include, path

urlpatterns = [
    path("", include("rapidreview.core.urls")),
    path("", include("rapidreview.accounts.urls")),
    path("audit/", include("rapidreview.audit.urls")),
    path("", include("rapidreview.reviews.urls")),
    path("reviews/<str:reference>/", include("rapidreview.participation.urls")),
    path("reviews/<str:reference>/", include("rapidreview.scoping.urls")),
    path("reviews/<str:reference>/meeting/", include("rapidreview.meetings.urls")),
    path("learning-themes/", include("rapidreview.meetings.urls_themes")),
    path("reviews/<str:reference>/", include("rapidreview.decisions.urls")),
    path("files/", include("rapidreview.documents.urls")),
    path("outbox/", include("rapidreview.notifications.urls")),
]

handler400 = "rapidreview.core.views.error_400"
handler403 = "rapidreview.core.views.error_403"
handler404 = "rapidreview.core.views.error_404"
handler500 = "rapidreview.core.views.error_500"
