"""Creating and editing a plan's content (state changes live in workflow.services).

Each call is one `plans.audited.audited_write`: one transaction, under the acting user and the
reason "edit", simple-history rows for every saved or deleted part and one audit event with the
field changes. Who may write is `plans.rules` (`create_refusal`, `edit_refusal`), what is valid
`plans.validation`.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import Organization
from audit.models import AuditEvent
from config.refusals import InvalidInput
from config.text import model_text_fields, normalize_text, text_problem

from .audited import audited_write
from .blocks import as_decimal, parties_of, plain_decimal, section_blocks
from .content import diff, editable_snapshot
from .models import (
    Block,
    BlockKind,
    BudgetLine,
    LegalBasis,
    PartyRole,
    Plan,
    PlanReviewer,
    PlanSearch,
    Recipient,
    Section,
    Target,
    Task,
    TaskParty,
    TaskSupportingUnit,
)
from .permissions import sync_plan_permissions
from .rules import create_refusal, edit_refusal
from .selectors import with_parts
from .validation import domain_errors

Action, Kind = AuditEvent.Action, AuditEvent.Kind

SCALAR_FIELDS = ("subject", "preamble", "period_start", "period_end", "signing_authority", "signer")
PART_MODELS = {
    "legal_bases": (LegalBasis, ("text",)),
    "sections": (Section, ("heading", "body")),
    "targets": (Target, ("text", "unit", "target_value", "baseline")),
    "tasks": (Task, ("text", "lead_unit", "schedule_kind", "schedule_date", "schedule_day", "schedule_month", "more_schedules")),
    "budget_lines": (BudgetLine, ("item", "unit_cost", "quantity", "source")),
    "recipients": (Recipient, ("name", "purpose", "organization")),
}
PART_DEFAULTS = {
    "preamble": "",
    "signing_authority": "",
    "unit": "",
    "body": "",
    "source": "",
    "purpose": "",
    "schedule_kind": "",
    "more_schedules": [],
    "quantity": 1,
}
TEXT_PARTS = {**PART_MODELS, "body": (Block, ("label", "text"))}
LEGACY_BODY = ("sections", "targets", "tasks")
"""Written as before, these parts make the body again (plans.blocks.legacy_blocks)."""
BLOCK_FIELDS = {
    "kind": "",
    "level": 0,
    "label": "",
    "text": "",
    "header_rows": 0,
    "rows": [],
    "comparator": "",
    "value": "",
    "value_max": "",
    "baseline": "",
    "timing_kind": "",
    "timing_from": None,
    "timing_to": None,
    "timing_year": None,
    "timing_part": None,
}


def create_plan(user, organization, data, *, predecessor=None, succession="", action=Action.CREATE, attach=None):
    """A drafter of `organization` creates a plan in `draft`; returns it. A successor (plans.succession)
    names the plan it corrects or replaces. An import (planimport.services) records `action` "import"
    and `attach(plan, event)` writes, in the same transaction and event, what it keeps with the plan."""
    refusal = create_refusal(user, organization)
    if refusal is not None:
        raise refusal
    data = _normalized(data)
    _refuse_invalid(organization, data, drafter=user, creating=True)
    with audited_write(None, user, action, kind=Kind.EDIT) as event:
        plan = Plan(organization=organization, created_by=user, predecessor=predecessor, succession=succession)
        _apply(plan, data)
        sync_plan_permissions(plan)
        event.plan = plan = with_parts(Plan.objects).get(pk=plan.pk)
        event.changes = diff({}, editable_snapshot(plan))
        if attach is not None:
            attach(plan, event)
    return plan


def update_plan(plan, user, data, reason="edit"):
    """The drafter of `plan` edits it while it is a draft; a nested list given replaces the list."""
    data = _normalized(data)
    locked_plan = Plan.objects.select_related("organization")
    with audited_write(plan, user, Action.EDIT, kind=Kind.EDIT, reason=reason, queryset=locked_plan, only_if_written=True) as event:
        locked = event.plan
        refusal = edit_refusal(locked, user)
        if refusal is not None:
            raise refusal
        merged = dict(data)
        merged.setdefault("signer", locked.signer)
        if "reviewers" not in merged:
            merged["reviewers"] = list(locked.reviewers.all())
        _refuse_invalid(locked.organization, merged, drafter=locked.created_by, creating=False)
        before = editable_snapshot(with_parts(Plan.objects).get(pk=locked.pk))
        _apply(locked, data, written_as_blocks="body" in before)
        sync_plan_permissions(locked)
        after_plan = with_parts(Plan.objects).get(pk=locked.pk)
        event.changes = diff(before, editable_snapshot(after_plan))  # no change and no row written: no event
    return after_plan


def _normalized(data):
    """`data` with every text it carries in NFC (config.text), whoever calls: form, API, import."""
    data = dict(data)
    for name in model_text_fields(Plan):
        if name in data:
            data[name] = normalize_text(data[name])
    for part, (model, _fields) in TEXT_PARTS.items():
        if data.get(part):
            text_fields = model_text_fields(model)
            data[part] = [{k: normalize_text(v) if k in text_fields else v for k, v in item.items()} for item in data[part]]
    return data


def _text_errors(data):
    """{field: [message]} for the text the rule of config.text refuses (parts: one message a row)."""
    errors = {}
    for name, multiline in model_text_fields(Plan).items():
        problem = text_problem(data.get(name), multiline)
        if problem:
            errors.setdefault(name, []).append(problem)
    for part, (model, _fields) in TEXT_PARTS.items():
        text_fields = model_text_fields(model)
        for position, item in enumerate(data.get(part) or [], start=1):
            for name, multiline in text_fields.items():
                problem = text_problem(item.get(name), multiline)
                if problem:
                    where = {"part": capfirst(model._meta.verbose_name), "n": position, "field": model._meta.get_field(name).verbose_name}
                    errors.setdefault(part, []).append(_("%(part)s %(n)d, %(field)s: ") % where + problem)
    return errors


def _refuse_invalid(organization, data, drafter, creating):
    errors = domain_errors(organization, data, drafter)
    for field, messages in _text_errors(data).items():
        errors.setdefault(field, []).extend(messages)
    if creating and not (data.get("subject") or "").strip():
        errors.setdefault("subject", [_("Trích yếu không được để trống.")])
    if errors:
        raise InvalidInput(_("Dữ liệu kế hoạch không hợp lệ."), errors=errors)


def _apply(plan, data, written_as_blocks=False):
    """Write `data` into `plan`. `written_as_blocks`: the plan's body says more than its sections,
    targets and tasks (plans.content.body_beyond_parts); then those, written as before, change the
    target and task blocks in place and keep the rest of the body (see _parts_into_body)."""
    if written_as_blocks and "body" not in data and any(name in data for name in LEGACY_BODY):
        _refuse_parts_that_do_not_fit(plan, data)
    changed = plan.pk is None
    for field in SCALAR_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field in PART_DEFAULTS:
                value = PART_DEFAULTS[field]
            if getattr(plan, field) != value:
                setattr(plan, field, value)
                changed = True
    if changed:
        plan.save()
    if "reviewers" in data:
        _replace_links(PlanReviewer, {"plan": plan}, "user", data["reviewers"])
    for name, (model, fields) in PART_MODELS.items():
        if name in data:
            _replace_parts(plan, name, model, fields, data[name])
    if "body" in data and write_body(plan, data["body"]):
        _replace_parts(plan, "sections", Section, PART_MODELS["sections"][1], [])  # the body holds the whole text now
    elif any(name in data for name in LEGACY_BODY):
        write_body(plan, _parts_into_body(plan) if written_as_blocks else legacy_body_items(plan))
    if any(name in data for name in ("body", *LEGACY_BODY)):
        PlanSearch.store(plan)  # the body is searched too (plans.search)


def _refuse_parts_that_do_not_fit(plan, data):
    """A plan written as blocks takes sections/targets/tasks only as changes of its target and task
    blocks: no sections (its text is its blocks), and as many targets and tasks as it has."""
    errors = {}
    if data.get("sections"):
        errors["sections"] = [_("Nội dung kế hoạch này được viết theo khối: sửa nội dung (body), không sửa theo mục.")]
    for name, kind in (("targets", BlockKind.TARGET), ("tasks", BlockKind.TASK)):
        if name in data and len(data[name]) != plan.blocks.filter(kind=kind).count():
            errors[name] = [_("Kế hoạch này được viết theo khối: thêm, bớt chỉ tiêu, nhiệm vụ trong nội dung (body).")]
    if errors:
        raise InvalidInput(_("Dữ liệu kế hoạch không hợp lệ."), errors=errors)


def _parts_into_body(plan):
    """The plan's body with its target and task blocks brought in line with the Target and Task rows
    (just written, by position): the text, a value that no longer reads as the written one, the
    reporting schedule, and the organizations among the parties (a post or group named stays)."""
    targets, tasks = (
        iter(list(plan.targets.all())),
        iter(list(plan.tasks.select_related("lead_unit").prefetch_related("supporting_links__unit"))),
    )
    items = []
    for block in plan.blocks.select_related("target").prefetch_related("parties__organization"):
        item = {name: getattr(block, name) for name in BLOCK_FIELDS}
        if block.kind == BlockKind.TARGET:
            target = next(targets)
            item.update(text=target.text, unit=target.unit)
            if as_decimal(block.value) != target.target_value:
                item["value"] = plain_decimal(target.target_value)
            if as_decimal(block.baseline) != target.baseline:
                item["baseline"] = plain_decimal(target.baseline)
        elif block.kind == BlockKind.TASK:
            task = next(tasks)
            parties = list(block.parties.all())
            lead = next(((p.organization, p.name) for p in parties if p.role == PartyRole.LEAD), None)
            if task.lead_unit_id or (lead and _unit_of(plan, lead[0])):
                lead = (task.lead_unit, "") if task.lead_unit_id else None
            named = [(None, p.name) for p in parties if p.role == PartyRole.SUPPORTING and p.organization_id is None]
            kept = [
                (p.organization, "")
                for p in parties
                if p.role == PartyRole.SUPPORTING and p.organization_id and not _unit_of(plan, p.organization)
            ]
            units = [(link.unit, "") for link in sorted(task.supporting_links.all(), key=lambda link: link.unit_id)]
            item.update(text=task.text, lead=lead, supporting=kept + units + named)
            item.update({name: getattr(task, name) for name in SCHEDULE_NAMES})
        items.append(item)
    return items


def legacy_body_items(plan):
    """The body of `plan`'s sections, targets and tasks as stored (plans.blocks.legacy_blocks), as
    items for write_body."""
    items = []
    for section in plan.sections.all():
        items.extend(section_blocks(section.heading, section.body))
    for target in plan.targets.all():
        items.append(
            {
                "kind": BlockKind.TARGET,
                "text": target.text,
                "unit": target.unit,
                "value": plain_decimal(target.target_value),
                "baseline": plain_decimal(target.baseline),
            }
        )
    for task in plan.tasks.select_related("lead_unit").prefetch_related("supporting_links__unit"):
        items.append(
            {
                "kind": BlockKind.TASK,
                "text": task.text,
                "lead": (task.lead_unit, "") if task.lead_unit_id else None,
                "supporting": [(link.unit, "") for link in sorted(task.supporting_links.all(), key=lambda link: link.unit_id)],
                "schedule_kind": task.schedule_kind,
                "schedule_date": task.schedule_date,
                "schedule_day": task.schedule_day,
                "schedule_month": task.schedule_month,
                "more_schedules": task.more_schedules,
            }
        )
    return items


def _unit_of(plan, organization):
    return organization is not None and organization.kind == Organization.Kind.UNIT and organization.parent_id == plan.organization_id


def write_body(plan, items):
    """Store `items` (block dicts: kind, label, text … and for a task `lead` and `supporting` as
    (organization or None, name) pairs) as the plan's blocks, in order, each with its history. The
    target and task blocks keep the Target and Task rows in their order (matched by position, like
    every part), so slots and reported values keep pointing at them."""
    target_items, task_items = [], []
    for item in items:
        if item["kind"] == BlockKind.TARGET:
            target_items.append(
                {
                    "text": item.get("text", ""),
                    "unit": item.get("unit", ""),
                    "target_value": as_decimal(item.get("value")),
                    "baseline": as_decimal(item.get("baseline")),
                }
            )
        elif item["kind"] == BlockKind.TASK:
            lead = item.get("lead")
            task_items.append(
                {
                    "text": item.get("text", ""),
                    "lead_unit": lead[0] if lead and _unit_of(plan, lead[0]) else None,
                    "supporting_units": [org for org, _name in item.get("supporting") or [] if _unit_of(plan, org)],
                    **{name: item.get(name, PART_DEFAULTS.get(name)) for name in SCHEDULE_NAMES},
                }
            )
    written = _replace_parts(plan, "targets", Target, PART_MODELS["targets"][1], target_items)
    written |= _replace_parts(plan, "tasks", Task, PART_MODELS["tasks"][1], task_items)
    targets, tasks = iter(list(plan.targets.all())), iter(list(plan.tasks.all()))
    wanted = []  # (target, task) of each item
    for item in items:
        wanted.append(
            (next(targets) if item["kind"] == BlockKind.TARGET else None, next(tasks) if item["kind"] == BlockKind.TASK else None)
        )
    existing = list(plan.blocks.all())
    for block in existing[len(items) :]:
        block.delete()
        written = True
    existing = existing[: len(items)]
    for position, block in enumerate(existing):  # free a Target or Task another block takes now (one-to-one)
        target, task = wanted[position]
        if (block.target_id and block.target_id != getattr(target, "pk", None)) or (
            block.task_id and block.task_id != getattr(task, "pk", None)
        ):
            block.target = block.task = None
            block.save()
            written = True
    for position, item in enumerate(items):
        block = existing[position] if position < len(existing) else Block(plan=plan)
        target, task = wanted[position]
        dirty = block.pk is None or block.position != position
        was_task = block.kind == BlockKind.TASK
        block.position = position
        values = {name: item.get(name, default) for name, default in BLOCK_FIELDS.items()}
        values["kind"] = str(values["kind"])
        for name, value in values.items():
            if value is None and default_of(name) is not None:
                value = default_of(name)
            if getattr(block, name) != value:
                setattr(block, name, value)
                dirty = True
        if block.target_id != getattr(target, "pk", None) or block.task_id != getattr(task, "pk", None):
            block.target, block.task = target, task
            dirty = True
        if dirty:
            block.save()
            written = True
        if was_task or block.kind == BlockKind.TASK:
            written |= _replace_parties(block, item if item["kind"] == BlockKind.TASK else {})
    return written


SCHEDULE_NAMES = ("schedule_kind", "schedule_date", "schedule_day", "schedule_month", "more_schedules")


def default_of(name):
    return BLOCK_FIELDS.get(name)


def _replace_parties(block, item):
    wanted = []
    lead = item.get("lead")
    if lead:
        wanted.append((PartyRole.LEAD, *lead))
    wanted.extend((PartyRole.SUPPORTING, *party) for party in item.get("supporting") or [])
    existing = parties_of(block)
    written = False
    for position, (role, organization, name) in enumerate(wanted):
        party = existing[position] if position < len(existing) else TaskParty(block=block)
        values = {"role": str(role), "position": position, "organization": organization, "name": "" if organization else (name or "")}
        if party.pk is None or any(getattr(party, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(party, k, v)
            party.save()
            written = True
    for party in existing[len(wanted) :]:
        party.delete()
        written = True
    return written


def _replace_parts(plan, name, model, fields, items):
    """Update parts in place by position, add new ones, delete the rest — each with its history."""
    existing = list(getattr(plan, name).all())
    written = False
    for position, item in enumerate(items):
        part = existing[position] if position < len(existing) else model(plan=plan)
        dirty = part.pk is None or part.position != position
        part.position = position
        for field in fields:
            value = item.get(field, PART_DEFAULTS.get(field))
            if value is None and field in PART_DEFAULTS:
                value = PART_DEFAULTS[field]
            if getattr(part, field) != value:
                setattr(part, field, value)
                dirty = True
        if dirty:
            part.save()
            written = True
        if model is Task:
            written |= _replace_links(TaskSupportingUnit, {"task": part}, "unit", item.get("supporting_units") or [])
    for part in existing[len(items) :]:
        part.delete()
        written = True
    return written


def _replace_links(model, owner, target_field, targets):
    """Set a through-model relation row by row (not .set(), which would skip history)."""
    wanted = {t.pk: t for t in targets}
    current = {getattr(link, f"{target_field}_id"): link for link in model.objects.filter(**owner)}
    written = False
    for target_id, link in current.items():
        if target_id not in wanted:
            link.delete()
            written = True
    for target_id, target in wanted.items():
        if target_id not in current:
            model.objects.create(**owner, **{target_field: target})
            written = True
    return written
