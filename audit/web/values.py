"""A change's values as the history pages write them: the way people read them, not as stored.

True/False become Có/Không, ISO dates dd/mm/yyyy, money and quantities 5.000.000, decimals 77,17,
and the fields of a part (a section, a target, a task …) come in the order the document prints
them — the stored JSON may hold them in another order (PostgreSQL's jsonb sorts keys by length).
"""

import datetime
import re

from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext as _

from plans.models import Target
from plans.numbers import format_number
from reporting.models import ReportSlot, SlotState

DATE_FIELDS = {"period_start", "period_end", "issued_on", "date", "schedule_date", "due_on"}
NUMBER_FIELDS = {
    "unit_cost",
    "amount",
    "quantity",
    "target_value",
    "baseline",
    "value",
    "progress",
    "report_slots",
    "number",
    "reported_value",
}

# The order a part's fields print in (plans.content writes them so), then anything else.
FIELD_ORDER = [
    "heading",
    "body",
    "text",
    "unit",
    "target_value",
    "baseline",
    "lead_unit",
    "supporting_units",
    "schedule",
    "schedules",
    "kind",
    "date",
    "day",
    "month",
    "item",
    "unit_cost",
    "quantity",
    "amount",
    "source",
    "name",
    "purpose",
]
_RANK = {name: rank for rank, name in enumerate(FIELD_ORDER)}


def in_document_order(mapping):
    """The (key, value) pairs of a part in the order the document prints its fields."""
    items = list(mapping.items())
    return sorted(items, key=lambda item: (_RANK.get(item[0], len(FIELD_ORDER)), items.index(item)))


def plain_value(name, value):
    """One value (not a list or a part) as text for the field `name`."""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if name in DATE_FIELDS and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if name in NUMBER_FIELDS and not isinstance(value, bool) and value is not None:
        return format_number(value)
    if name == "state" and value in SlotState.values:  # a report slot's state (reporting events)
        return str(SlotState(value).label)
    return str(value)


_REPORTED = re.compile(r"^(?P<part>slots|targets)\[(?P<id>\d+)\]\.(?P<field>state|progress|late|reported_value)$")


def slot_name(period_label, due_on):
    """A slot as people name it: its period and due date (a slot made before periods: its due date)."""
    due = due_on.strftime("%d/%m/%Y")
    if period_label:
        return _("Kỳ báo cáo %(period)s (hạn %(due)s)") % {"period": period_label, "due": due}
    return _("Kỳ báo cáo hạn %(due)s") % {"due": due}


class ReportedParts:
    """Reporting events name a slot and a target by id ("slots[13].state", "targets[5].reported_value");
    these are named as a person would: the slot by its period and due date, the target by its wording (two
    queries for a page of events, whatever its length)."""

    def __init__(self, paths):
        wanted = {"slots": set(), "targets": set()}
        for path in paths:
            match = _REPORTED.match(path)
            if match:
                wanted[match.group("part")].add(int(match.group("id")))
        slots, targets = wanted["slots"], wanted["targets"]
        self.slots = (
            {pk: (label, due) for pk, label, due in ReportSlot.objects.filter(pk__in=slots).values_list("pk", "period_label", "due_on")}
            if slots
            else {}
        )
        self.targets = dict(Target.objects.filter(pk__in=targets).values_list("pk", "text")) if targets else {}

    def label(self, path):
        """'Kỳ báo cáo Quý I/2024 (hạn 05/04/2024): trạng thái' for a reporting path, None for any other."""
        match = _REPORTED.match(path)
        if not match:
            return None
        pk = int(match.group("id"))
        field = {"state": _("trạng thái"), "progress": _("tiến độ (%)"), "late": _("nộp muộn"), "reported_value": _("giá trị báo cáo")}[
            match.group("field")
        ]
        if match.group("part") == "slots":
            part = slot_name(*self.slots[pk]) if pk in self.slots else _("Kỳ báo cáo đã xóa")
        else:
            text = self.targets.get(pk)
            part = _("Chỉ tiêu “%(text)s”") % {"text": truncatechars(text, 60)} if text else _("Chỉ tiêu đã xóa")
        return f"{part}: {field}"
