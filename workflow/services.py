"""The one door for state changes: `perform(plan, action, user, **data)`.

Views, the API, commands and tests all call it. In one transaction it locks the plan row, checks
the role and object permission, the state and the action's conditions, runs the django-fsm-2
transition, writes history with the reason and appends the audit event. Any refusal is raised
before the first write, as a `workflow.refusals.Refusal`.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.throttling import step_up_password_ok
from approvals.models import ReviewDecision, Signature
from approvals.selectors import approved_reviewer_ids
from approvals.signing import apply_seal, sign_content
from audit.chain import append_event
from audit.context import acting
from config.text import clean_text
from plans.content import content_hash
from plans.documents.services import seal_issued_pdf, sign_main_pdf
from plans.models import Plan
from reporting.services import create_slots

from . import flow_sync
from .lifecycle import State
from .numbering import next_number
from .refusals import ConditionsUnmet, InvalidInput, NotPermitted, WrongState
from .rules import ACTIONS, ASSIGNED_REVIEWER, is_permitted, relations, sign_kind_permitted


def perform(plan, action, user, *, comment="", kind=None, password=None):
    """Take `action` on `plan` as `user`; returns the updated plan or raises a Refusal."""
    if action not in ACTIONS:
        raise InvalidInput(_("Không có thao tác “%(action)s”.") % {"action": action}, errors={"action": [_("Thao tác không hợp lệ.")]})
    comment, problem = clean_text((comment or "").strip())  # NFC, and the rule of config.text
    if problem:
        raise InvalidInput(problem, errors={"comment": [problem]})
    with transaction.atomic():
        # The drafter and the signer come along: the flow gives them their tasks (lock the plan row only).
        locked = Plan.objects.select_for_update(of=("self",)).select_related("created_by", "signer").get(pk=plan.pk)
        held = relations(locked, user)
        if not is_permitted(locked, action, user, held):
            raise NotPermitted(_("Bạn không có quyền “%(label)s” với kế hoạch này.") % {"label": ACTIONS[action][0]})
        if action == "sign" and kind in Signature.PERSONAL_KINDS and not sign_kind_permitted(locked, kind, user, held):
            # Who may sign depends on the kind: refuse before the state check, like any other action.
            raise NotPermitted(_("Bạn không có quyền ký loại chữ ký này trên kế hoạch này."))
        if not can_proceed(getattr(locked, action), check_conditions=False):
            raise WrongState(
                _("Không thể “%(label)s” khi kế hoạch đang ở trạng thái “%(state)s”.")
                % {"label": ACTIONS[action][0], "state": locked.get_state_display()}
            )
        handler = _HANDLERS[action]
        with acting(user, action):  # rows the handler writes (decisions, signatures, slots) go into its event
            handler(locked, user, held, comment=comment, kind=kind, password=password)
        flow_sync.action_performed(locked, action, user, kind=kind)  # the approval flow's tasks follow the plan
    return locked


def available_actions(plan, user, held=None):
    """[(name, label)] of the actions `user` may take on `plan` now (conditions aside); `held` is
    relations(plan, user) when the caller has it already."""
    held = relations(plan, user) if held is None else held
    result = []
    for name, (label, _relations, _irreversible) in ACTIONS.items():
        if not is_permitted(plan, name, user, held):
            continue
        if not can_proceed(getattr(plan, name), check_conditions=False):
            continue
        if name == "approve" and user.pk in approved_reviewer_ids(plan):
            continue
        result.append((name, label))
    return result


def _require_comment(comment, message):
    if not comment:
        raise InvalidInput(message, errors={"comment": [message]})


def _refuse_unmet(plan, action):
    """Refuse unless `action`'s conditions are met; once met, the transition need not check again."""
    reasons = plan.unmet_conditions(action)
    if reasons:
        raise ConditionsUnmet(_("Chưa đủ điều kiện: %(reasons)s") % {"reasons": " ".join(reasons)}, reasons=reasons)
    plan.conditions_just_met(action)


def _transition(plan, user, action, comment, *args, changes=None):
    """Run the fsm transition, save under the acting user and reason, append the audit event."""
    from_state = plan.state
    with acting(user, f"{action}: {comment}" if comment else action):
        getattr(plan, action)(*args)
        plan.save()
    append_event(
        plan, kind="transition", action=action, actor=user, from_state=from_state, to_state=plan.state, comment=comment, changes=changes
    )


def _submit(plan, user, held, comment, **_kw):
    _refuse_unmet(plan, "submit")
    _transition(plan, user, "submit", comment)


def _approve(plan, user, held, comment, **_kw):
    if user.pk in approved_reviewer_ids(plan):
        raise WrongState(_("Bạn đã đồng ý kế hoạch này trong vòng thẩm định hiện tại."))
    ReviewDecision.objects.create(
        plan=plan, review_round=plan.review_round, reviewer=user, decision=ReviewDecision.Decision.APPROVE, comment=comment
    )
    if plan.unmet_conditions("approve"):  # others still to approve: record the decision only
        append_event(plan, kind="review", action="approve", actor=user, from_state=plan.state, to_state=plan.state, comment=comment)
    else:
        plan.conditions_just_met("approve")
        _transition(plan, user, "approve", comment)


def _return_for_revision(plan, user, held, comment, **_kw):
    _require_comment(comment, _("Cần ghi lý do trả lại."))
    if ASSIGNED_REVIEWER in held:
        ReviewDecision.objects.create(
            plan=plan, review_round=plan.review_round, reviewer=user, decision=ReviewDecision.Decision.RETURN, comment=comment
        )
    _transition(plan, user, "return_for_revision", comment)


def _sign(plan, user, held, comment, kind=None, password=None, **_kw):
    if kind not in Signature.PERSONAL_KINDS:
        message = _("Loại chữ ký phải là “initial” (ký nháy) hoặc “main” (ký chính).")
        raise InvalidInput(message, errors={"kind": [message]})
    if not sign_kind_permitted(plan, kind, user, held):
        raise NotPermitted(_("Bạn không có quyền ký loại chữ ký này trên kế hoạch này."))
    if kind == Signature.Kind.MAIN and not step_up_password_ok(user, password):  # throttled: accounts.throttling
        message = _("Mật khẩu xác nhận chữ ký không đúng.")
        raise InvalidInput(message, errors={"password": [message]})
    digest = content_hash(plan)
    if Signature.objects.filter(plan=plan, signer=user, kind=kind, review_round=plan.review_round, content_hash=digest).exists():
        raise WrongState(_("Bạn đã ký nội dung này."))
    sign_content(plan, user, kind)  # with the signer's key and certificate (approvals.signing)
    plan.sign()  # the fsm transition checks the source state; the state stays `signing`
    append_event(
        plan,
        kind="signature",
        action=f"sign_{kind}",
        actor=user,
        from_state=plan.state,
        to_state=plan.state,
        comment=comment,
        changes=[{"field": "content_hash", "old": None, "new": digest}],
    )
    if kind == Signature.Kind.MAIN:
        sign_main_pdf(plan)  # plans.documents: the signer's PAdES signature on the PDF (refuses if it cannot be made)


def _issue(plan, user, held, comment, **_kw):
    _refuse_unmet(plan, "issue")
    issued_on = timezone.localdate()
    number = next_number(plan.organization, plan.doc_type, issued_on.year)
    apply_seal(plan, user, number, issued_on)  # the organization's signature over content, number and date
    changes = [{"field": "number", "old": None, "new": number}, {"field": "issued_on", "old": None, "new": issued_on.isoformat()}]
    _transition(plan, user, "issue", comment, number, issued_on, changes=changes)
    seal_issued_pdf(plan)  # plans.documents: number and date into the signed PDF, then the organization's seal


def _start_reporting(plan, user, held, comment, **_kw):
    slots = create_slots(plan)
    changes = [{"field": "report_slots", "old": 0, "new": len(slots)}]
    _transition(plan, user, "start_reporting", comment, changes=changes)


def _close(plan, user, held, comment, **_kw):
    _require_comment(comment, _("Cần ghi nội dung tổng kết khi kết thúc kế hoạch."))
    _refuse_unmet(plan, "close")
    _transition(plan, user, "close", comment, comment)


_HANDLERS = {
    "submit": _submit,
    "approve": _approve,
    "return_for_revision": _return_for_revision,
    "sign": _sign,
    "issue": _issue,
    "start_reporting": _start_reporting,
    "close": _close,
}

__all__ = ["perform", "available_actions", "State"]
