from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "rapidreview.participation"
    label = "participation"
    verbose_name = "Agencies in a review"
