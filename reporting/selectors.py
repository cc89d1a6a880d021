"""Reading slots and reports within what a user may see."""

from django.db.models import Count
from django.shortcuts import get_object_or_404

from plans.lifecycle import State
from plans.selectors import visible_plans

from .models import RESOLVED_STATES, Report, ReportAttachment, ReportSlot, SlotState

UNRESOLVED_SHOWN = 50


def visible_slots(user):
    return ReportSlot.objects.filter(plan__in=visible_plans(user))


def visible_slot_or_404(user, slot_id):
    return get_object_or_404(visible_slots(user).select_related("task", "task__lead_unit", "task__block", "plan"), pk=slot_id)


def visible_attachment_or_404(user, attachment_id):
    return get_object_or_404(ReportAttachment.objects.filter(report__slot__plan__in=visible_plans(user)), pk=attachment_id)


def reports_of(slot):
    return Report.objects.filter(slot=slot).select_related("author", "unit").prefetch_related("target_values__target__block", "attachments")


def slot_counts(plan):
    """[(state, label, count)] of a plan's slots, only states that occur; [] before reporting (one query)."""
    if plan.state not in (State.REPORTING, State.CLOSED):
        return []
    counts = dict(ReportSlot.objects.filter(plan=plan).values_list("state").annotate(n=Count("id")).order_by())
    return [(state, label, counts[state]) for state, label in SlotState.choices if counts.get(state)]


def unresolved_slots(plan):
    """The slots that keep `plan` from closing (neither accepted nor waived), the first 50 of them,
    and how many there are in all (the close confirmation page)."""
    slots = ReportSlot.objects.filter(plan=plan).exclude(state__in=RESOLVED_STATES)
    total = slots.count()
    shown = list(slots.select_related("task", "task__lead_unit").order_by("due_on", "id")[:UNRESOLVED_SHOWN]) if total else []
    return {"slots": shown, "total": total, "more": total - len(shown)}
