"""Creating and editing a plan's content (state changes live in workflow.services).

Each call is one `plans.audited.audited_write`: one transaction, under the acting user and the
reason "edit", simple-history rows for every saved or deleted part and one audit event with the
field changes. Who may write is `plans.rules` (`may_create`, `edit_refusal`), what is valid
`plans.validation`.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from config.refusals import InvalidInput, NotPermitted
from config.text import model_text_fields, normalize_text, text_problem

from .audited import audited_write
from .content import diff, editable_snapshot
from .models import BudgetLine, LegalBasis, Plan, PlanReviewer, Recipient, Section, Target, Task, TaskSupportingUnit
from .permissions import sync_plan_permissions
from .rules import edit_refusal, may_create
from .selectors import with_parts
from .validation import domain_errors

Action, Kind = AuditEvent.Action, AuditEvent.Kind

SCALAR_FIELDS = ("subject", "preamble", "period_start", "period_end", "signing_authority", "signer")
PART_MODELS = {
    "legal_bases": (LegalBasis, ("text",)),
    "sections": (Section, ("heading", "body")),
    "targets": (Target, ("text", "unit", "target_value", "baseline")),
    "tasks": (Task, ("text", "lead_unit", "schedule_kind", "schedule_date", "schedule_day", "schedule_month")),
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
    "quantity": 1,
}


def create_plan(user, organization, data, *, predecessor=None, succession=""):
    """A drafter of `organization` creates a plan in `draft`; returns it. A successor (plans.succession)
    names the plan it corrects or replaces."""
    if not may_create(user, organization):
        raise NotPermitted(_("Bạn không phải chuyên viên soạn thảo của cơ quan #%(id)d.") % {"id": organization.pk})
    data = _normalized(data)
    _refuse_invalid(organization, data, drafter=user, creating=True)
    with audited_write(None, user, Action.CREATE, kind=Kind.EDIT) as event:
        plan = Plan(organization=organization, created_by=user, predecessor=predecessor, succession=succession)
        _apply(plan, data)
        sync_plan_permissions(plan)
        event.plan = plan = with_parts(Plan.objects).get(pk=plan.pk)
        event.changes = diff({}, editable_snapshot(plan))
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
        _apply(locked, data)
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
    for part, (model, _fields) in PART_MODELS.items():
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
    for part, (model, _fields) in PART_MODELS.items():
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


def _apply(plan, data):
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


def _replace_parts(plan, name, model, fields, items):
    """Update parts in place by position, add new ones, delete the rest — each with its history."""
    existing = list(getattr(plan, name).all())
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
        if model is Task:
            _replace_links(TaskSupportingUnit, {"task": part}, "unit", item.get("supporting_units") or [])
    for part in existing[len(items) :]:
        part.delete()


def _replace_links(model, owner, target_field, targets):
    """Set a through-model relation row by row (not .set(), which would skip history)."""
    wanted = {t.pk: t for t in targets}
    current = {getattr(link, f"{target_field}_id"): link for link in model.objects.filter(**owner)}
    for target_id, link in current.items():
        if target_id not in wanted:
            link.delete()
    for target_id, target in wanted.items():
        if target_id not in current:
            model.objects.create(**owner, **{target_field: target})
