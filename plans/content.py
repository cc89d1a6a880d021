"""The plan's content as plain data: what a signature covers and what history diffs.

`plan_content` reads a plan (with its parts prefetched by `plans.selectors.with_parts`) into a dict
of JSON values. `content_hash` is SHA-256 over its RFC 8785 canonical JSON. `diff` lists the
field-level changes between two such dicts, with paths like `tasks[2].text`.
"""

import hashlib
import re

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from audit.record.canonical import canonical_json as canonical_bytes

from .blocks import add_more_schedules, body_data, legacy_blocks_of_content
from .models import Block, BudgetLine, LegalBasis, Plan, Recipient, Section, Target, Task


def _decimal(value):
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def _date(value):
    return value.isoformat() if value else None


def target_data(t):
    return {"id": t.pk, "text": t.text, "unit": t.unit, "target_value": _decimal(t.target_value), "baseline": _decimal(t.baseline)}


def task_data(t):
    data = {
        "id": t.pk,
        "text": t.text,
        "lead_unit": t.lead_unit_id,
        "supporting_units": sorted(link.unit_id for link in t.supporting_links.all()),
        "schedule": t.schedule,
    }
    return add_more_schedules(data, t)


def budget_line_data(b):
    return {"item": b.item, "unit_cost": b.unit_cost, "quantity": b.quantity, "amount": b.unit_cost * b.quantity, "source": b.source}


def body_beyond_parts(plan, content):
    """The body's data when it says more than the sections, targets and tasks of `content` do (the
    body they make, plans.blocks.legacy_blocks), else None: a plan written as parts, or migrated from
    them, keeps the content, the hash and the signatures it had. Its blocks as prefetched
    (plans.selectors.with_parts), or read in two queries."""
    if "blocks" not in getattr(plan, "_prefetched_objects_cache", {}):  # kept on the instance for the next reading
        prefetch_related_objects(
            [plan], Prefetch("blocks", queryset=Block.objects.select_related("target", "task").prefetch_related("parties"))
        )
    blocks = list(plan.blocks.all())
    if not blocks:
        return None
    body = body_data(blocks)
    if body == legacy_blocks_of_content(content):
        return None
    return body


CONTENT_PARTS = ("legal_bases", "sections", "targets", "tasks", "budget_lines", "recipients", "blocks")


def read_content_once(plan):
    """Prefetch the parts `plan_content` reads onto `plan` (a fixed number of queries, whatever the
    number of tasks), unless they are prefetched already: an action that reads the content several
    times (the issue's condition, the signature check, the seal) then reads it once. Only for an
    instance whose parts do not change while it is used (a locked plan under a state change)."""
    cached = getattr(plan, "_prefetched_objects_cache", {})
    missing = [name for name in CONTENT_PARTS if name not in cached]
    if not missing:
        return plan
    lookups = {
        "tasks": Prefetch("tasks", queryset=Task.objects.prefetch_related("supporting_links")),
        "blocks": Prefetch("blocks", queryset=Block.objects.select_related("target", "task").prefetch_related("parties")),
    }
    prefetch_related_objects([plan], *(lookups.get(name, name) for name in missing))
    return plan


def plan_content(plan):
    """Everything that prints in the document, except its number and date (given at issue)."""
    content = {
        "organization": plan.organization_id,
        "doc_type": plan.doc_type,
        "subject": plan.subject,
        "preamble": plan.preamble,
        "period_start": _date(plan.period_start),
        "period_end": _date(plan.period_end),
        "signing_authority": plan.signing_authority,
        "signer": plan.signer_id,
        "legal_bases": [{"text": b.text} for b in plan.legal_bases.all()],
        "sections": [{"heading": s.heading, "body": s.body} for s in plan.sections.all()],
        "targets": [target_data(t) for t in plan.targets.all()],
        "tasks": [task_data(t) for t in plan.tasks.all()],
        "budget_lines": [budget_line_data(b) for b in plan.budget_lines.all()],
        "recipients": [{"name": r.name, "purpose": r.purpose} for r in plan.recipients.all()],
    }
    body = body_beyond_parts(plan, content)
    if body is not None:
        content["body"] = body
    return content


def editable_snapshot(plan):
    """The content plus who reviews it: what an edit can change, for the history diff."""
    data = plan_content(plan)
    data["reviewers"] = sorted(link.user_id for link in plan.reviewer_links.all())
    return data


def canonical_json(data):
    """RFC 8785 bytes (audit.record.canonical: byte-identical to the rfc8785 package, and faster)."""
    return canonical_bytes(data)


def content_hash(plan):
    return hashlib.sha256(canonical_json(plan_content(plan))).hexdigest()


def _without_ids(value):
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k != "id"}
    return value


def diff(old, new, prefix=""):
    """Field-level changes between two snapshots: [{"field", "old", "new"}]."""
    changes = []
    for key in list(new) + [k for k in old if k not in new]:
        before, after = old.get(key), new.get(key)
        path = f"{prefix}{key}"
        if isinstance(before, list) and isinstance(after, list) and key not in ("reviewers", "supporting_units"):
            for i in range(max(len(before), len(after))):
                b = _without_ids(before[i]) if i < len(before) else None
                a = _without_ids(after[i]) if i < len(after) else None
                if isinstance(a, dict) and isinstance(b, dict):
                    changes.extend(diff(b, a, prefix=f"{path}[{i}]."))
                elif a != b:
                    changes.append({"field": f"{path}[{i}]", "old": b, "new": a})
        elif before != after:
            changes.append({"field": path, "old": before, "new": after})
    return changes


# --- labels of the paths `diff` writes ------------------------------------------------------------

PARTS = {
    "legal_bases": LegalBasis,
    "sections": Section,
    "targets": Target,
    "tasks": Task,
    "budget_lines": BudgetLine,
    "recipients": Recipient,
}
"""The lists of parts in plan_content, by key (the related name on Plan): the model of their items,
each ordered by position."""

LISTS = {**PARTS, "body": Block}
"""PARTS and the body (its blocks: related name `blocks`), for the labels of diff's paths."""

SCHEDULE_FIELDS = {"kind": "schedule_kind", "date": "schedule_date", "day": "schedule_day", "month": "schedule_month"}
"""The keys of a task's `schedule` object, as Task fields."""

PATH = re.compile(r"^(?P<name>\w+)(?:\[(?P<index>\d+)\])?(?:\.(?P<sub>\w+))?$")


def verbose_name(model, name):
    """The verbose name (models' `verbose_name`) of `name`, a key of the plain data of `model`
    (Plan, a part, or "schedule" for a task's schedule object), or None when it is no field."""
    if model is Plan and name in LISTS:
        return LISTS[name]._meta.verbose_name_plural
    if model is Block and name in ("schedule", "schedules"):  # a task block's: its Task's
        model = Task
    if model is Task and name == "schedule":
        name = "schedule_kind"
    if model is Task and name == "schedules":  # every schedule of the task (the first and more_schedules)
        return _("các lịch báo cáo")
    if model == "schedule":
        model, name = Task, SCHEDULE_FIELDS.get(name, name)
    try:
        return getattr(model._meta.get_field(name), "verbose_name", None)  # a reverse relation has none
    except FieldDoesNotExist:
        return None


def item_model(name, model=Plan):
    """The model of the items of list `name` of `model`'s data (or of a nested object), or None."""
    if model is Plan:
        return LISTS.get(name)
    if model is Task and name == "schedule":
        return "schedule"
    return None


def field_label(path, extra=None):
    """'tasks[0].lead_unit' -> 'Nhiệm vụ 1: đơn vị chủ trì', 'subject' -> 'Trích yếu': a path of
    `diff` in the models' verbose names. `extra` {name: label} names paths that are not the plan's
    (an event's `content_hash`, `slots[…]` …). An unknown name stays as it is."""
    match = PATH.match(path)
    if not match:
        return path
    name, index, sub = match.group("name", "index", "sub")
    extra = extra or {}
    label = verbose_name(Plan, name) if name not in extra else extra[name]
    label = capfirst(str(label if label is not None else name))
    model = LISTS.get(name)
    if index is not None:
        label = f"{capfirst(model._meta.verbose_name) if model else label} {int(index) + 1}"
    if sub:
        sub_label = str(verbose_name(model, sub) or extra.get(sub) or sub) if model else str(extra.get(sub) or sub)
        if not (model and str(model._meta.verbose_name).startswith(sub_label)):  # "Nhiệm vụ 2", not "Nhiệm vụ 2: nhiệm vụ"
            label = f"{label}: {sub_label}"
    return label
