"""Creating and editing a plan's content (state changes live in workflow.services).

Each call runs in one transaction, under the acting user and the reason "edit", writes
simple-history rows for every saved or deleted part and one audit event with the field changes.
"""

from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.roles import has_role
from audit.chain import append_event
from audit.context import acting, rows_pending
from config.text import model_text_fields, normalize_text, text_problem
from workflow.lifecycle import State
from workflow.permissions import sync_plan_permissions
from workflow.refusals import InvalidInput, NotPermitted, WrongState
from workflow.rules import DRAFTER_OF_PLAN, relations

from .content import diff, editable_snapshot
from .models import BudgetLine, LegalBasis, Plan, PlanReviewer, Recipient, Section, Target, Task, TaskSupportingUnit
from .selectors import with_parts
from .validation import domain_errors

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


def create_plan(user, organization, data):
    """A drafter of `organization` creates a plan in `draft`; returns it."""
    if organization.is_unit or not has_role(user, Role.DRAFTER, organization):
        raise NotPermitted(_("Bạn không phải chuyên viên soạn thảo của cơ quan #%(id)d.") % {"id": organization.pk})
    data = _normalized(data)
    _refuse_invalid(organization, data, drafter=user, creating=True)
    with transaction.atomic(), acting(user, "create"):
        plan = Plan(organization=organization, created_by=user)
        _apply(plan, data)
        sync_plan_permissions(plan)
        plan = with_parts(Plan.objects).get(pk=plan.pk)
        changes = diff({}, editable_snapshot(plan))
        append_event(plan, kind="edit", action="create", actor=user, to_state=plan.state, changes=changes)
    return plan


def update_plan(plan, user, data, reason="edit"):
    """The drafter of `plan` edits it while it is a draft; a nested list given replaces the list."""
    data = _normalized(data)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
        if DRAFTER_OF_PLAN not in relations(locked, user):
            raise NotPermitted(_("Chỉ chuyên viên soạn thảo kế hoạch này được sửa nó."))
        if locked.state != State.DRAFT:
            raise WrongState(
                _("Chỉ sửa được kế hoạch ở trạng thái dự thảo; kế hoạch đang ở trạng thái %(state)s.")
                % {"state": locked.get_state_display()}
            )
        merged = dict(data)
        merged.setdefault("signer", locked.signer)
        if "reviewers" not in merged:
            merged["reviewers"] = list(locked.reviewers.all())
        _refuse_invalid(locked.organization, merged, drafter=locked.created_by, creating=False)
        before = editable_snapshot(with_parts(Plan.objects).get(pk=locked.pk))
        with acting(user, reason):
            _apply(locked, data)
            sync_plan_permissions(locked)
            after_plan = with_parts(Plan.objects).get(pk=locked.pk)
            changes = diff(before, editable_snapshot(after_plan))
            if changes or rows_pending():  # the event covers every history row the edit wrote
                append_event(
                    locked, kind="edit", action="edit", actor=user, from_state=locked.state, to_state=locked.state, changes=changes
                )
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
