from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "rapidreview.decisions"
    label = "decisions"
    verbose_name = "The decision, sign-off and the report to the Panel"

    def ready(self) -> None:
        # What must be true before the review moves to sign-off or is sent (lifecycle.blockers).
        from rapidreview.reviews import lifecycle

        from . import readiness

        lifecycle.register_blockers(readiness.blockers)
