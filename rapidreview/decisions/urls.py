"""The URLs of the decision, sign-off, the report, the Panel and the outcome, all under
/reviews/<reference>/. Each part keeps its own list."""

from .urls_decision import urlpatterns as decision_urls
from .urls_panel import urlpatterns as panel_urls
from .urls_report import urlpatterns as report_urls

app_name = "decisions"

urlpatterns = [*decision_urls, *report_urls, *panel_urls]
