from functools import wraps

from .models import Verb
from .services import audit_record

# A POST answered with the page itself (a form with errors) shows the same data as a GET.
# A successful POST redirects, and the service it called records the change instead.
_SHOWING_METHODS = frozenset({"GET", "POST"})


def audit_page_view(view_func):
    """Record one PAGE_VIEWED event each time a page that shows personal or review data is
    shown (a 200 answer to GET, or to a POST re-showing the page). Refusals, redirects and
    errors record nothing here."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        response = view_func(request, *args, **kwargs)
        if request.method in _SHOWING_METHODS and response.status_code == 200:
            match = request.resolver_match
            audit_record(
                actor=request.user,
                verb=Verb.PAGE_VIEWED,
                review_reference=kwargs.get("reference", ""),
                payload={
                    "page": match.view_name if match else "",
                    "path": request.path,
                },
            )
        return response

    return wrapper
