"""The events of a plan's timeline, filtered the way the auditor pages ask (audit.web.forms)."""

from django.db.models import Q

from audit.models import AuditEvent


def plan_events(plan):
    """The plan's events, oldest first, with their actor (one query a page)."""
    return AuditEvent.objects.filter(plan=plan).select_related("actor").order_by("seq")


def filter_events(events, actor=None, kind="", date_from=None, date_to=None, state=""):
    """Narrow `events`: by who acted, the kind of event, the day it happened (local time, both ends
    included) and a state the plan was in before or after it."""
    if actor is not None:
        events = events.filter(actor=actor)
    if kind:
        events = events.filter(kind=kind)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    if state:
        events = events.filter(Q(from_state=state) | Q(to_state=state))
    return events


def event_at_or_before(plan, moment):
    """The last event of `plan` at or before `moment`, or None."""
    return plan_events(plan).filter(at__lte=moment).order_by("-seq").first()
