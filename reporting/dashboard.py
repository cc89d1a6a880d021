"""Numbers for the reporting dashboards, each in a fixed number of queries.

plan_dashboard(plan) and organization_dashboard(org) return plain dicts the templates (and charts)
render: slots by state, late slots by unit, each target's latest reported value against its
target, and reported progress by month of the due date.
"""

from collections import OrderedDict
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from plans.models import Target

from .models import Report, ReportSlot, ReportTargetValue, SlotState


def _late_filter(today):
    return Q(state=SlotState.OVERDUE) | Q(state__in=[SlotState.OPEN, SlotState.RETURNED], due_on__lt=today)


def slots_by_state(slots):
    counts = dict(slots.values_list("state").annotate(n=Count("id")).order_by())
    return OrderedDict((state, {"label": label, "count": counts.get(state, 0)}) for state, label in SlotState.choices)


def late_by_unit(slots, today):
    rows = slots.filter(_late_filter(today)).values("task__lead_unit__name").annotate(n=Count("id")).order_by("-n", "task__lead_unit__name")
    return [{"unit": row["task__lead_unit__name"] or "—", "count": row["n"]} for row in rows]


def target_progress(plan_ids):
    """Each target with its latest reported value (by report time) against its target value."""
    targets = list(Target.objects.filter(plan_id__in=plan_ids).select_related("plan").order_by("plan_id", "position", "id"))
    latest = {}
    values = ReportTargetValue.objects.filter(target__in=targets).order_by("target_id", "report__submitted_at", "report_id")
    for target_id, value in values.values_list("target_id", "value"):
        latest[target_id] = value  # ordered ascending: the last one wins
    result = []
    for target in targets:
        reported = latest.get(target.pk)
        percent = None
        if reported is not None and target.target_value:
            percent = float(min(Decimal(100), reported / target.target_value * 100))
        result.append({"target": target, "reported": reported, "percent": percent})
    return result


def progress_by_month(slots):
    """Average progress of the latest report on each slot, grouped by the month the slot is due.
    A waived slot owes no report: it is left out (it is not a 0 %); a slot still waiting counts 0 %."""
    slots = slots.exclude(state=SlotState.WAIVED)
    latest_progress = {}
    reports = Report.objects.filter(slot__in=slots).order_by("slot_id", "submitted_at", "id").values_list("slot_id", "progress")
    for slot_id, progress in reports:
        latest_progress[slot_id] = progress
    months = OrderedDict()
    for slot_id, due_on in slots.order_by("due_on").values_list("id", "due_on"):
        key = due_on.strftime("%m/%Y")
        months.setdefault(key, []).append(latest_progress.get(slot_id, 0))
    return [{"month": month, "progress": round(sum(values) / len(values), 1), "slots": len(values)} for month, values in months.items()]


def plan_dashboard(plan, today=None):
    today = today or timezone.localdate()
    slots = ReportSlot.objects.filter(plan=plan)
    return {
        "slots_by_state": slots_by_state(slots),
        "late_by_unit": late_by_unit(slots, today),
        "targets": target_progress([plan.pk]),
        "progress_by_month": progress_by_month(slots),
        "total_slots": slots.count(),
    }


def organization_dashboard(organization, today=None):
    today = today or timezone.localdate()
    slots = ReportSlot.objects.filter(plan__organization=organization)
    plan_ids = list(slots.values_list("plan_id", flat=True).distinct())
    return {
        "slots_by_state": slots_by_state(slots),
        "late_by_unit": late_by_unit(slots, today),
        "targets": target_progress(plan_ids),
        "progress_by_month": progress_by_month(slots),
        "total_slots": slots.count(),
    }
