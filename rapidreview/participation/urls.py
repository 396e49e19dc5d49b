"""The URLs of agencies in a review, all under /reviews/<reference>/. Each part of the work keeps
its own list so the modules stay small."""

from .urls_agency import urlpatterns as agency_urls
from .urls_records import urlpatterns as records_urls
from .urls_team import urlpatterns as team_urls

app_name = "participation"

urlpatterns = [*team_urls, *agency_urls, *records_urls]
