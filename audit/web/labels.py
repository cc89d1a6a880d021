"""Events and their changes as the auditor pages show them: labels from the models.

An action's label is its `AuditEvent.Action` label; a change's field is labelled by
`plans.content.field_label` (the models' verbose names), and the paths that events write outside
the plan's content name the model field they stand for (EVENT_FIELDS). Values that are ids of
people or units become names (ValueNames: two queries a page); values read as people write them
(audit.web.values: Có/Không, dd/mm/yyyy, 5.000.000, a part's fields in the document's order).
"""

from django.contrib.auth import get_user_model

from accounts.models import Organization
from approvals.models import ReviewComment
from audit.models import AuditEvent
from documents.models import SignedDocument
from plans.content import PATH, item_model, verbose_name
from plans.content import field_label as content_field_label
from plans.lifecycle import State
from plans.models import Delivery, Plan, ScheduleKind
from reporting.models import Report, ReportSlot

from .values import ReportedParts, in_document_order, plain_value

EVENT_FIELDS = {
    # a name in an event's changes that is not the plan's content: the model field it stands for
    "content_hash": SignedDocument._meta.get_field("content_hash").verbose_name,
    "review_comment": ReviewComment._meta.verbose_name,
    "reply_to": ReviewComment._meta.verbose_name,
    "anchor": ReviewComment._meta.get_field("anchor_kind").verbose_name,
    "resolved": ReviewComment._meta.get_field("resolved").verbose_name,
    "report_slots": ReportSlot._meta.verbose_name_plural,
    "slots": ReportSlot._meta.verbose_name,
    "state": ReportSlot._meta.get_field("state").verbose_name,
    "progress": Report._meta.get_field("progress").verbose_name,
    # after issue (issue 19)
    "deliveries": Delivery._meta.verbose_name_plural,
    "successors": Plan._meta.get_field("predecessor").verbose_name,
    "open_report_slots": ReportSlot._meta.verbose_name_plural,
}
PEOPLE_FIELDS = {"signer", "reviewers"}
UNIT_FIELDS = {"lead_unit", "supporting_units", "organization"}


def action_label(action):
    return AuditEvent.Action(action).label if action in AuditEvent.Action.values else action


def field_label(path):
    """'tasks[0].lead_unit' -> 'Nhiệm vụ 1: đơn vị chủ trì'; 'content_hash' -> its model's name."""
    return content_field_label(path, extra=EVENT_FIELDS)


def _last_name(path):
    match = PATH.match(path)
    return (match.group("sub") or match.group("name")) if match else path


class ValueNames:
    """Shows change values for people: ids of users and units become names (two queries per page).

    `changes` are [{"field", "old", "new"}] as events and audit.web.asof.compare give them."""

    def __init__(self, changes):
        changes = list(changes)
        self.reported = ReportedParts(change.get("field", "") for change in changes)
        self._people, self._units = set(), set()
        for change in changes:
            name = _last_name(change.get("field", ""))
            self._collect(name, change.get("old"))
            self._collect(name, change.get("new"))
        users = get_user_model().objects.in_bulk(self._people) if self._people else {}
        self.people = {pk: (u.get_full_name() or u.get_username()) for pk, u in users.items()}
        self.units = {pk: org.name for pk, org in Organization.objects.in_bulk(self._units).items()} if self._units else {}

    def _collect(self, name, value):
        if isinstance(value, dict):
            for key, item in value.items():
                self._collect(key, item)
        elif isinstance(value, list):
            for item in value:
                self._collect(name, item)
        elif isinstance(value, int) and not isinstance(value, bool):
            if name in PEOPLE_FIELDS:
                self._people.add(value)
            elif name in UNIT_FIELDS:
                self._units.add(value)

    def show(self, path, value):
        """A value as text: a whole list of parts (a new plan) gives one numbered line per part."""
        match = PATH.match(path)
        if not match:
            return self._show(None, path, value)
        name, index, sub = match.group("name", "index", "sub")
        if sub:  # tasks[0].schedule: a field of a part
            return self._show(item_model(name), sub, value)
        if index is not None:  # tasks[0]: a whole part
            return self._show_item(item_model(name), name, value)
        return self._show(Plan, name, value)

    def _show(self, model, name, value):
        """`value` of the field `name` in `model`'s data."""
        if value is None or value == "" or value == []:
            return "—"
        items = item_model(name, model) if model is not None else None  # the model of its items, or of a nested object
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            return "\n".join(f"{i}. {self._show_item(items, name, item)}" for i, item in enumerate(value, start=1))
        if isinstance(value, dict):
            return self._show_item(items, name, value)
        if name == "kind" and value in ScheduleKind.values:
            return str(ScheduleKind(value).label)
        lookup = self.people if name in PEOPLE_FIELDS else self.units if name in UNIT_FIELDS else None
        if lookup is not None:
            values = value if isinstance(value, list) else [value]
            return ", ".join(lookup.get(v, f"#{v}") for v in values)
        if isinstance(value, list):
            return ", ".join(plain_value(name, v) for v in value)
        return plain_value(name, value)

    def _show_item(self, model, name, item):
        """One part (or nested object) of `model`: its fields as 'label: value; …'."""
        if not isinstance(item, dict):
            return self._show(model, name, item)
        parts = [
            f"{(verbose_name(model, key) if model is not None else None) or key}: {self._show(model, key, value)}"
            for key, value in in_document_order(item)
            if key != "id" and value not in (None, "", [])
        ]
        return "; ".join(parts) or "—"


def change_rows(changes, names):
    """Changes as the pages show them: a Vietnamese field label and both values as text."""
    return [
        {
            "field": names.reported.label(change.get("field", "")) or field_label(change.get("field", "")),
            "old": names.show(change.get("field", ""), change.get("old")),
            "new": names.show(change.get("field", ""), change.get("new")),
        }
        for change in changes
    ]


def person(user):
    return (user.get_full_name() or user.get_username()) if user else "—"


def event_row(event, names, states):
    return {
        "event": event,
        "actor": person(event.actor),
        "action": action_label(event.action),
        "from_state": states.get(event.from_state, event.from_state),
        "to_state": states.get(event.to_state, event.to_state),
        "changes": change_rows(event.changes, names),
    }


def event_rows(events):
    """The rows of a page of events (two queries for the names, however many events)."""
    events = list(events)
    names = ValueNames(change for event in events for change in event.changes)
    states = dict(State.choices)
    return [event_row(event, names, states) for event in events]
