"""A change's values as the history pages write them: the way people read them, not as stored.

True/False become Có/Không, ISO dates dd/mm/yyyy, money and quantities 5.000.000, decimals 77,17,
and the fields of a part (a section, a target, a task …) come in the order the document prints
them — the stored JSON may hold them in another order (PostgreSQL's jsonb sorts keys by length).
"""

import datetime

from django.utils.translation import gettext as _

from plans.numbers import format_number

DATE_FIELDS = {"period_start", "period_end", "issued_on", "date", "schedule_date", "due_on"}
NUMBER_FIELDS = {"unit_cost", "amount", "quantity", "target_value", "baseline", "value", "progress", "report_slots", "number"}

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
    return str(value)
