from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "rapidreview.reviews"
    label = "reviews"
    verbose_name = "Rapid reviews"
