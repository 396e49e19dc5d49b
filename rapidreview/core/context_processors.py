from django.conf import settings
from django.urls import reverse

from rapidreview.access.policy import Action, can


def navigation_for(user) -> list[dict[str, str]]:
    """The service navigation a person sees, by what their role lets them do."""
    if (
        not getattr(user, "is_authenticated", False)
        or not getattr(user, "is_verified", lambda: False)()
    ):
        return []
    items = [{"text": "Home", "url": reverse("core:home")}]
    if can(user, Action.MANAGE_USERS):
        items.append({"text": "Users", "url": reverse("accounts:user_list")})
    if can(user, Action.MANAGE_AGENCIES):
        items.append({"text": "Agencies", "url": reverse("accounts:agency_list")})
    if can(user, Action.VIEW_AUDIT):
        items.append({"text": "Audit trail", "url": reverse("audit:event_list")})
    if can(user, Action.VIEW_OUTBOX):
        items.append({"text": "Email", "url": reverse("notifications:outbox")})
    items.append({"text": "Your account", "url": reverse("accounts:account")})
    return items


def service(request):
    path = request.path
    nav = navigation_for(getattr(request, "user", None))
    for item in nav:
        item["current"] = path == item["url"] or (
            item["url"] != "/" and path.startswith(item["url"])
        )
    return {
        "partnership_name": settings.PARTNERSHIP_NAME,
        "partnership_contacts": settings.PARTNERSHIP_CONTACTS,
        "demo_mode": settings.DEMO_MODE,
        "service_navigation": nav,
    }
