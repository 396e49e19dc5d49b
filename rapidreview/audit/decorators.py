from functools import wraps

from .models import Verb
from .services import audit_record


def audit_page_view(view_func):
    """Record a successful GET of a page that shows personal or review data."""

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        response = view_func(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
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
