"""The one door for state changes: `perform(plan, action, user, **data)`.

Views, the API, commands and tests all call it. It is one `plans.audited.audited_write`: in one
transaction it locks the plan row, checks the role and object permission (plans.rules), the state
and the action's conditions (plans.conditions), runs the django-fsm-2 transition, writes history
with the reason and appends the audit event; then the approval flow's tasks follow the plan
(workflow.flow_sync). Once an `issue` or a `close` commits, a signed checkpoint of every chain is
written and appended outside the database (audit.record.checkpoints, audit.record.anchors). Any refusal is raised before the first write, as a
`config.refusals.Refusal`. Which actions a user may take now is `plans.rules.available_actions`:
the same checks, asked without acting.
"""

from datetime import date

from django.db.models import BigIntegerField
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.throttling import step_up_password_ok
from approvals import device_signing
from approvals.models import ReviewDecision, Signature
from approvals.selectors import approve_conditions, review_standing
from approvals.signing import apply_seal, sign_content
from audit.models import AuditEvent
from audit.record.checkpoints import checkpoint_after_commit
from audit.record.context import acting
from config.compiled_queries import CompiledQuery, Param
from config.refusals import ConditionsUnmet, InvalidInput, NotPermitted, WrongState
from config.text import clean_text
from documents import device_signing as device_pdf
from documents.services import seal_issued_pdf, sign_main_pdf
from plans.audited import audited_write
from plans.conditions import condition_reads
from plans.content import content_hash, read_content_once
from plans.delegation import signing_grant
from plans.models import Plan, Succession
from plans.numbering import next_number, reserve_number
from plans.rules import ACTIONS, ASSIGNED_REVIEWER, done_already, is_permitted, permission_reads, relations, sign_kind_permitted
from register.services import send_to_recipients
from reporting.services import close_open_slots, create_slots, take_over_moved_slots

from . import flow_sync
from .notifications import notify_recalled

Kind = AuditEvent.Kind

# Actions after which a checkpoint anchors the chains (on commit): a plan issued or closed is at once
# beyond a silent rewrite.
CHECKPOINTED_ACTIONS = ("issue", "close")

# The drafter and the signer come along: the flow gives them their tasks (only the plan row is locked).
# Compiled once (config.compiled_queries): the same statement on every action.
LOCKED_PLAN = CompiledQuery(
    lambda: (
        Plan.objects.select_related("created_by", "signer", "organization")
        .select_for_update(of=("self",))
        .filter(pk=Param("pk", BigIntegerField()))
        .order_by()
    )
)


def perform(plan, action, user, *, comment="", kind=None, password=None, device=None, number=None, issued_on=None):
    """Take `action` on `plan` as `user`; returns the updated plan or raises a Refusal.

    `device`: a main signature made on the signer's own device (workflow.device_api's complete):
    {"pending": PendingDeviceSignature id, "record": bytes, "pdf": bytes}, the device's signatures."""
    if action not in ACTIONS:
        raise InvalidInput(_("Không có thao tác “%(action)s”.") % {"action": action}, errors={"action": [_("Thao tác không hợp lệ.")]})
    comment, problem = clean_text((comment or "").strip())  # NFC, and the rule of config.text
    if problem:
        raise InvalidInput(problem, errors={"comment": [problem]})
    # Rows the handler writes (decisions, signatures, slots) go into its event.
    with audited_write(
        plan, user, action, kind=Kind.TRANSITION, queryset=LOCKED_PLAN, read_after_lock=_reads_after_lock(plan, action, user, kind)
    ) as event:
        locked = event.plan
        held = relations(locked, user, read_chain_head=True)  # the chain's head in the same query, after the lock
        event.chain_head = locked.__dict__.pop("chain_head", None)
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
        _HANDLERS[action](
            event, user, held, comment=comment, kind=kind, password=password, device=device, number=number, issued_on=issued_on
        )
        flow_sync.action_performed(locked, action, user, kind=kind)  # the approval flow's tasks follow the plan
        if action in CHECKPOINTED_ACTIONS:
            checkpoint_after_commit()
    return locked


def _reads_after_lock(plan, action, user, kind):
    """What perform will read of the plan once it holds the lock (the permissions with the chain's
    head, the action's conditions, the flow's open tasks), sent in the lock's round trip: one wait for
    the database instead of four on a submit (config.compiled_queries.read_together)."""
    if not isinstance(plan, Plan):  # an id: whose organization is not known before the lock
        return condition_reads(action, plan) + flow_sync.flow_reads(action, plan, kind)
    permissions = permission_reads(user, plan.pk, plan.organization_id, read_chain_head=True)
    return permissions + condition_reads(action, plan.pk) + flow_sync.flow_reads(action, plan.pk, kind)


def _require_comment(comment, message):
    if not comment:
        raise InvalidInput(message, errors={"comment": [message]})


def _refuse_unmet(plan, action):
    """Refuse unless `action`'s conditions are met; once met, the transition need not check again."""
    reasons = plan.unmet_conditions(action)
    if reasons:
        raise ConditionsUnmet(_("Chưa đủ điều kiện: %(reasons)s") % {"reasons": " ".join(reasons)}, reasons=reasons)
    plan.conditions_just_met(action)


def _transition(event, user, action, comment, *args, changes=None):
    """Run the fsm transition and save the plan under the acting user and a reason with the comment;
    the event is a transition, with `changes`."""
    plan = event.plan
    with acting(user, f"{action}: {comment}" if comment else action):
        getattr(plan, action)(*args)
        plan.save()
    event.kind, event.comment, event.changes = Kind.TRANSITION, comment, changes or []


def _submit(event, user, held, comment, **_kw):
    _refuse_unmet(event.plan, "submit")
    _transition(event, user, "submit", comment)


def _approve(event, user, held, comment, **_kw):
    plan = event.plan
    standing = review_standing(plan)  # one query: who approved already, who is still to
    if user.pk in {reviewer.pk for reviewer, approved in standing if approved} or (
        user.pk not in {reviewer.pk for reviewer, _approved in standing} and done_already(plan, "approve", user)
    ):
        raise WrongState(_("Bạn đã đồng ý kế hoạch này trong vòng thẩm định hiện tại."))
    ReviewDecision.objects.create(
        plan=plan, review_round=plan.review_round, reviewer=user, decision=ReviewDecision.Decision.APPROVE, comment=comment
    )
    pending = [reviewer for reviewer, approved in standing if not approved and reviewer.pk != user.pk]
    if approve_conditions(plan, pending):  # others still to approve: record the decision only
        event.kind, event.comment = Kind.REVIEW, comment
    else:
        plan.conditions_just_met("approve")
        _transition(event, user, "approve", comment)


def _return_for_revision(event, user, held, comment, **_kw):
    plan = event.plan
    _require_comment(comment, _("Cần ghi lý do trả lại."))
    if ASSIGNED_REVIEWER in held:
        ReviewDecision.objects.create(
            plan=plan, review_round=plan.review_round, reviewer=user, decision=ReviewDecision.Decision.RETURN, comment=comment
        )
    _transition(event, user, "return_for_revision", comment)


def _sign(event, user, held, comment, kind=None, password=None, device=None, **_kw):
    plan = read_content_once(event.plan)  # the hash, the duplicate check and the signature read it once
    if kind not in Signature.PERSONAL_KINDS:
        message = _("Loại chữ ký phải là “initial” (ký nháy) hoặc “main” (ký chính).")
        raise InvalidInput(message, errors={"kind": [message]})
    if not sign_kind_permitted(plan, kind, user, held):
        raise NotPermitted(_("Bạn không có quyền ký loại chữ ký này trên kế hoạch này."))
    grant = None
    if kind == Signature.Kind.MAIN:
        grant, refusal = signing_grant(plan, user)  # TUQ./KT.: a valid grant at this moment (plans.delegation)
        if refusal is not None:
            raise refusal
    if kind == Signature.Kind.MAIN and not step_up_password_ok(user, password):  # throttled: accounts.throttling
        message = _("Mật khẩu xác nhận chữ ký không đúng.")
        raise InvalidInput(message, errors={"password": [message]})
    grant_position = grant.position if grant and grant.position else None
    digest = content_hash(plan)
    if Signature.objects.filter(plan=plan, signer=user, kind=kind, review_round=plan.review_round, content_hash=digest).exists():
        raise WrongState(_("Bạn đã ký nội dung này."))
    if device is not None:  # made on the signer's own device: check it, embed it
        if kind != Signature.Kind.MAIN:
            raise InvalidInput(_("Chỉ chữ ký chính được ký trên thiết bị riêng."), errors={"kind": [_("Phải là “main”.")]})
        pending = device_signing.pending_for(plan, user, device["pending"])
        record = device_signing.record_from_device(plan, user, pending, device["record"], grant_position)
        certificate, *chain = device_signing.read_certificates(device_signing.stored_chain(pending))
        device_pdf.finish(plan, record, pending, certificate, chain, device["pdf"])
        pending.delete()
    else:
        sign_content(plan, user, kind, position=grant_position)  # the signer's key (approvals.signing)
    plan.sign()  # the fsm transition checks the source state; the state stays `signing`
    event.kind, event.action, event.comment = Kind.SIGNATURE, f"sign_{kind}", comment
    event.changes = [{"field": "content_hash", "old": None, "new": digest}]
    if kind == Signature.Kind.MAIN and device is None:
        sign_main_pdf(plan)  # documents: the signer's PAdES signature on the PDF (refuses if it cannot be made)


def _issue(event, user, held, comment, **_kw):
    plan = read_content_once(event.plan)  # the condition, the signature check and the seal read it once
    _refuse_unmet(plan, "issue")
    if plan.succession == Succession.REPLACES:
        _hand_over_reporting(plan, user)  # first: its own event, before this one's rows are written
    issued_on = timezone.localdate()
    number = next_number(plan.organization, plan.doc_type, issued_on.year)
    apply_seal(plan, user, number, issued_on)  # the organization's signature over content, number and date
    changes = [{"field": "number", "old": None, "new": number}, {"field": "issued_on", "old": None, "new": issued_on.isoformat()}]
    _transition(event, user, "issue", comment, number, issued_on, changes=changes)
    sent = send_to_recipients(plan)  # the organizations of planflow among the recipients receive it
    if sent:
        event.changes.append({"field": "deliveries", "old": [], "new": sent})
    seal_issued_pdf(plan)  # documents: number and date into the signed PDF, then the organization's seal


def _hand_over_reporting(successor, user):
    """The replaced plan's open report slots move to the successor: they close here (waived, with
    `moved_to`, on the original's chain), and open again on the successor's matching tasks when it
    starts reporting (reporting.services.take_over_moved_slots)."""
    reason = _("Chuyển sang kế hoạch thay thế #%(id)d") % {"id": successor.pk}
    with audited_write(successor.predecessor_id, user, AuditEvent.Action.SLOT_WAIVED, kind=Kind.REPORT, reason=reason) as event:
        closed = close_open_slots(event.plan, user, reason, moved_to=successor)
        if not closed:
            event.skip()
        event.comment = reason
        event.changes = [{"field": "open_report_slots", "old": closed, "new": 0}]


def _start_reporting(event, user, held, comment, **_kw):
    slots = create_slots(event.plan)
    changes = [{"field": "report_slots", "old": 0, "new": len(slots)}]
    if event.plan.succession == Succession.REPLACES:
        taken = take_over_moved_slots(event.plan, slots)
        if taken:
            changes.append({"field": "report_slots_taken_over", "old": 0, "new": len(taken)})
    _transition(event, user, "start_reporting", comment, changes=changes)


def _close(event, user, held, comment, **_kw):
    _require_comment(comment, _("Cần ghi nội dung tổng kết khi kết thúc kế hoạch."))
    _refuse_unmet(event.plan, "close")
    _transition(event, user, "close", comment, comment)


def _withdraw(event, user, held, comment, **_kw):
    _refuse_unmet(event.plan, "withdraw")
    _transition(event, user, "withdraw", comment)


def _discard(event, user, held, comment, **_kw):
    _require_comment(comment, _("Cần ghi lý do hủy bỏ dự thảo."))
    _transition(event, user, "discard", comment)


def _recall(event, user, held, comment, **_kw):
    _require_comment(comment, _("Cần ghi lý do thu hồi."))
    closed = close_open_slots(event.plan, user, f"recall: {comment}")
    changes = [{"field": "open_report_slots", "old": closed, "new": 0}] if closed else []
    _transition(event, user, "recall", comment, changes=changes)
    notify_recalled(event.plan, comment)


def _register_paper(event, user, held, comment, number=None, issued_on=None, **_kw):
    """An admin enters a plan issued on paper before planflow with its real number and date, which
    that number then keeps (plans.numbering.reserve_number); marked "nhập từ bản giấy"."""
    plan = event.plan
    errors = {}
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 999_999:
        errors["number"] = [_("Cần số của văn bản giấy (một số nguyên dương).")]
    if not isinstance(issued_on, date) or issued_on > timezone.localdate() or issued_on.year < 1945:
        errors["issued_on"] = [_("Cần ngày ban hành của văn bản giấy, không sau hôm nay.")]
    if errors:
        raise InvalidInput(_("Thiếu số hoặc ngày của văn bản giấy."), errors=errors)
    if not reserve_number(plan.organization, plan.doc_type, issued_on.year, number):
        raise WrongState(
            _("Số %(number)02d năm %(year)d của cơ quan đã được cấp cho văn bản khác.") % {"number": number, "year": issued_on.year}
        )
    changes = [
        {"field": "number", "old": None, "new": number},
        {"field": "issued_on", "old": None, "new": issued_on.isoformat()},
        {"field": "entered_from_paper", "old": False, "new": True},
    ]
    _transition(event, user, "register_paper", comment or _("Nhập từ bản giấy"), number, issued_on, changes=changes)


_HANDLERS = {
    "submit": _submit,
    "approve": _approve,
    "return_for_revision": _return_for_revision,
    "sign": _sign,
    "issue": _issue,
    "start_reporting": _start_reporting,
    "close": _close,
    "withdraw": _withdraw,
    "discard": _discard,
    "recall": _recall,
    "register_paper": _register_paper,
}
