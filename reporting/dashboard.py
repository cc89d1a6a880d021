"""Numbers for the reporting dashboards, each in a fixed number of queries.

plan_dashboard(plan) and organization_dashboard(org) return plain dicts the templates (and charts)
render: slots by state, late slots by unit, each target's latest reported value against its
target, and reported progress by period (the period each slot covers, "Quý I/2024") and by unit.
Waived slots owe no report: they are left out of every average.
"""

from collections import OrderedDict
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from plans.models import Block, Comparator, Target

from .comparators import meets
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
    """Each target with its latest reported value (by report time) against its target value, read
    with the comparator its block writes ("trên 77,17 %" is met by 78,2, not by 77,17): `met` is
    True, False, or None when it cannot be told (reporting.comparators)."""
    targets = list(Target.objects.filter(plan_id__in=plan_ids).select_related("plan").order_by("plan_id", "position", "id"))
    latest = {}
    values = ReportTargetValue.objects.filter(target__in=targets).order_by("target_id", "report__submitted_at", "report_id")
    for target_id, value in values.values_list("target_id", "value"):
        latest[target_id] = value  # ordered ascending: the last one wins
    measures = {
        row["target_id"]: row
        for row in Block.objects.filter(target__in=targets).values("target_id", "comparator", "value", "value_max", "baseline")
    }
    result = []
    for target in targets:
        reported = latest.get(target.pk)
        percent = None
        if reported is not None and target.target_value:
            percent = float(min(Decimal(100), reported / target.target_value * 100))
        measure = measures.get(target.pk) or {}
        comparator = measure.get("comparator") or ""
        written = measure.get("value") or target.target_value
        baseline = measure.get("baseline") or target.baseline
        met = meets(comparator, reported, written, measure.get("value_max"), baseline) if reported is not None else None
        result.append(
            {
                "target": target,
                "reported": reported,
                "percent": percent,
                "comparator": comparator,
                "comparator_label": Comparator(comparator).label if comparator in Comparator.values and comparator else "",
                "written": measure.get("value") or "",
                "value_max": measure.get("value_max") or "",
                "met": met,
            }
        )
    return result


def _latest_progress(slots):
    """{slot id: progress of its latest report of the lead unit} (a supporting unit's part is not the slot's report)."""
    latest = {}
    reports = (
        Report.objects.filter(slot__in=slots, is_part=False).order_by("slot_id", "submitted_at", "id").values_list("slot_id", "progress")
    )
    for slot_id, progress in reports:
        latest[slot_id] = progress
    return latest


def _averages(groups):
    return [
        {"period": key, "month": key, "progress": round(sum(values) / len(values), 1), "slots": len(values), "late": late}
        for key, (values, late) in groups.items()
    ]


def progress_by_period(slots):
    """Average progress of the latest report on each slot, grouped by the period the slot covers
    ("Tháng 3/2025", "Quý I/2024"), in the order of the periods. A waived slot owes no report: it is
    left out (it is not a 0 %); a slot still waiting counts 0 %. `late`: slots reported after their date."""
    slots = slots.exclude(state=SlotState.WAIVED)
    latest = _latest_progress(slots)
    groups = OrderedDict()
    rows = slots.order_by("period_end", "due_on", "id").values_list("id", "period_label", "due_on", "late")
    for slot_id, label, due_on, late in rows:
        values, late_count = groups.setdefault(label or due_on.strftime("%d/%m/%Y"), ([], 0))
        values.append(latest.get(slot_id, 0))
        groups[label or due_on.strftime("%d/%m/%Y")] = (values, late_count + int(late))
    return _averages(groups)


progress_by_month = progress_by_period  # the name before periods


def progress_by_unit(slots):
    """Average progress of each lead unit's slots (waived left out), with its late count, by unit name."""
    slots = slots.exclude(state=SlotState.WAIVED)
    latest = _latest_progress(slots)
    groups = {}
    for slot_id, unit, late in slots.values_list("id", "task__lead_unit__name", "late"):
        values, late_count = groups.setdefault(unit or "—", ([], 0))
        values.append(latest.get(slot_id, 0))
        groups[unit or "—"] = (values, late_count + int(late))
    rows = _averages(OrderedDict(sorted(groups.items())))
    for row in rows:
        row["unit"] = row.pop("period")
        row.pop("month")
    return rows


def _numbers(slots, plan_ids, today):
    return {
        "slots_by_state": slots_by_state(slots),
        "late_by_unit": late_by_unit(slots, today),
        "targets": target_progress(plan_ids),
        "progress_by_period": progress_by_period(slots),
        "progress_by_month": None,  # filled below: the same rows under their old name
        "progress_by_unit": progress_by_unit(slots),
        "late_reports": slots.filter(late=True).count(),
        "total_slots": slots.count(),
    }


def plan_dashboard(plan, today=None):
    today = today or timezone.localdate()
    numbers = _numbers(ReportSlot.objects.filter(plan=plan), [plan.pk], today)
    numbers["progress_by_month"] = numbers["progress_by_period"]
    return numbers


def organization_dashboard(organization, today=None):
    today = today or timezone.localdate()
    slots = ReportSlot.objects.filter(plan__organization=organization)
    plan_ids = list(slots.values_list("plan_id", flat=True).distinct())
    numbers = _numbers(slots, plan_ids, today)
    numbers["progress_by_month"] = numbers["progress_by_period"]
    return numbers
