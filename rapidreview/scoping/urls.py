"""The URLs of scoping returns, all under /reviews/<reference>/. Each part keeps its own list."""

from .urls_chronology import urlpatterns as chronology_urls
from .urls_merged import urlpatterns as merged_urls
from .urls_sections import urlpatterns as sections_urls
from .urls_versions import urlpatterns as versions_urls
from .urls_workflow import urlpatterns as workflow_urls

app_name = "scoping"

urlpatterns = [
    *sections_urls,
    *chronology_urls,
    *workflow_urls,
    *merged_urls,
    *versions_urls,
]
