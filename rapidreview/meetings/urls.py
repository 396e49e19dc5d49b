"""The URLs of the meeting, all under /reviews/<reference>/meeting/. Each part keeps its own list."""

from .urls_arrange import urlpatterns as arrange_urls
from .urls_pack import urlpatterns as pack_urls
from .urls_records import urlpatterns as records_urls

app_name = "meetings"

urlpatterns = [*arrange_urls, *pack_urls, *records_urls]
