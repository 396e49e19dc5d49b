from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "rapidreview.meetings"
    label = "meetings"
    verbose_name = "The rapid review meeting"
