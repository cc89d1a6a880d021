"""Template helpers of the reporting pages that other apps' templates include (plan page, close
page, menu): each reads what it shows in one or two queries."""

from django import template
from django.db.models import Count

from accounts.roles import authority_ids
from plans.lifecycle import State

from ..models import RESOLVED_STATES, ReportSlot, SlotState

register = template.Library()

UNRESOLVED_SHOWN = 50


@register.simple_tag
def slot_counts(plan):
    """[(state, label, count)] of a plan's slots, only states that occur; [] before reporting."""
    if plan.state not in (State.REPORTING, State.CLOSED):
        return []
    counts = dict(ReportSlot.objects.filter(plan=plan).values_list("state").annotate(n=Count("id")).order_by())
    return [(state, label, counts[state]) for state, label in SlotState.choices if counts.get(state)]


@register.simple_tag
def unresolved_slots(plan):
    """The slots that keep `plan` from closing (neither accepted nor waived), the first 50 of them,
    and how many there are in all."""
    slots = ReportSlot.objects.filter(plan=plan).exclude(state__in=RESOLVED_STATES)
    total = slots.count()
    shown = list(slots.select_related("task", "task__lead_unit").order_by("due_on", "id")[:UNRESOLVED_SHOWN]) if total else []
    return {"slots": shown, "total": total, "more": total - len(shown)}


@register.simple_tag(takes_context=True)
def may_see_reporting_summary(context):
    """True for people of some issuing authority: shows the menu entry "Tổng hợp báo cáo"."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and (user.is_superuser or authority_ids(user)))
