from django.db.models import QuerySet

from rapidreview.access import Action, can

from .models import AuditEvent


def events_visible_to(user) -> QuerySet[AuditEvent]:
    if can(user, Action.VIEW_AUDIT):
        return AuditEvent.objects.all()
    return AuditEvent.objects.none()
