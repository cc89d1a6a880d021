"""Review comments: the only code that writes approvals.ReviewComment.

Who may do what (refusals are config.refusals, raised before anything is written):

- comment (`add_comment`): an assigned reviewer or the plan's signer, while the plan is in review
  or signing; anchored to a block of this plan's body (or, as before the body became blocks, a
  section, a target, a task), or to the plan as a whole;
- answer (`answer_comment`): the same people in the same states, and the plan's drafter in any
  state before issue (draft, review, signing);
- resolve (`resolve_comment`): the plan's drafter, before issue.

Anyone else who can see the plan (an auditor, another drafter …) is refused with NotPermitted
(403); the callers answer 404 for a plan the user may not see. Each call is one
`plans.audited.audited_write` (the plan row locked, the history row with its user and reason, one
audit event of kind "review": comment_added, comment_answered or comment_resolved).
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from config.refusals import InvalidInput, NotPermitted, WrongState
from config.text import clean_text
from plans.audited import audited_write
from plans.lifecycle import State
from plans.models import TEXT_MAX_LENGTH, Block, Plan, Section, Target, Task
from plans.rules import ASSIGNED_REVIEWER, DRAFTER_OF_PLAN, PLAN_SIGNER, relations

from .models import ReviewComment

COMMENT_STATES = (State.REVIEW, State.SIGNING)
PRE_ISSUE_STATES = (State.DRAFT, State.REVIEW, State.SIGNING)
ANCHOR_MODELS = {
    ReviewComment.Anchor.SECTION: Section,
    ReviewComment.Anchor.TARGET: Target,
    ReviewComment.Anchor.TASK: Task,
    ReviewComment.Anchor.BLOCK: Block,
}


def is_commenter(plan, user, held=None):
    """An assigned reviewer or the signer — never the drafter (separation of duties)."""
    held = relations(plan, user) if held is None else held
    return user.pk != plan.created_by_id and bool(held & {ASSIGNED_REVIEWER, PLAN_SIGNER})


def is_drafter(plan, user, held=None):
    held = relations(plan, user) if held is None else held
    return DRAFTER_OF_PLAN in held


def may_comment(plan, user, held=None):
    return plan.state in COMMENT_STATES and is_commenter(plan, user, held)


def may_answer(plan, user, held=None):
    held = relations(plan, user) if held is None else held
    if is_drafter(plan, user, held):
        return plan.state in PRE_ISSUE_STATES
    return may_comment(plan, user, held)


def may_resolve(plan, user, held=None):
    return plan.state in PRE_ISSUE_STATES and is_drafter(plan, user, held)


def _clean_text(text):
    text, problem = clean_text((text or "").strip())  # NFC, and the rule of config.text
    if problem:
        raise InvalidInput(problem, errors={"text": [problem]})
    if not text:
        message = _("Cần ghi nội dung ý kiến.")
        raise InvalidInput(message, errors={"text": [message]})
    if len(text) > TEXT_MAX_LENGTH:
        message = _("Ý kiến dài quá %(max)d ký tự.") % {"max": TEXT_MAX_LENGTH}
        raise InvalidInput(message, errors={"text": [message]})
    return text


def _clean_anchor(plan, anchor_kind, anchor_id):
    anchor_kind = anchor_kind or ReviewComment.Anchor.PLAN
    if anchor_kind not in ReviewComment.Anchor.values:
        message = _("Chỗ gắn ý kiến phải là plan, block, section, target hoặc task.")
        raise InvalidInput(message, errors={"anchor_kind": [message]})
    if anchor_kind == ReviewComment.Anchor.PLAN:
        return anchor_kind, None
    model = ANCHOR_MODELS[anchor_kind]
    if not isinstance(anchor_id, int) or isinstance(anchor_id, bool) or not model.objects.filter(plan=plan, pk=anchor_id).exists():
        message = _("Kế hoạch này không có %(part)s mã %(id)s.") % {
            "part": ReviewComment.Anchor(anchor_kind).label.lower(),
            "id": anchor_id,
        }
        raise InvalidInput(message, errors={"anchor_id": [message]})
    return anchor_kind, anchor_id


def _comment_write(plan_id, user, action):
    """The audited write of a comment event (kind "review") on the locked plan `plan_id`."""
    return audited_write(plan_id, user, action, kind=AuditEvent.Kind.REVIEW, queryset=Plan.objects.select_related("organization"))


def _refuse_state(plan, message):
    raise WrongState(message % {"state": plan.get_state_display()})


def refuse_unless_commenter(plan, user, held=None):
    """403 for anyone but an assigned reviewer or the signer (the API asks before it reads the body)."""
    if not is_commenter(plan, user, held):
        raise NotPermitted(_("Chỉ người thẩm định được phân công và người ký được góp ý kiến cho kế hoạch này."))


def refuse_unless_thread_member(plan, user, held=None):
    """403 for anyone but the drafter, an assigned reviewer or the signer (the API asks before it reads the body)."""
    held = relations(plan, user) if held is None else held
    if not (is_drafter(plan, user, held) or is_commenter(plan, user, held)):
        raise NotPermitted(_("Chỉ người soạn thảo, người thẩm định được phân công và người ký được trả lời ý kiến."))


def add_comment(plan, user, *, text, anchor_kind=ReviewComment.Anchor.PLAN, anchor_id=None):
    """A reviewer or the signer comments on `plan` (or one of its parts); returns the comment."""
    with _comment_write(plan.pk, user, AuditEvent.Action.COMMENT_ADDED) as event:
        locked = event.plan
        held = relations(locked, user)
        refuse_unless_commenter(locked, user, held)
        if locked.state not in COMMENT_STATES:
            _refuse_state(locked, _("Chỉ góp ý kiến khi kế hoạch đang thẩm định hoặc trình ký (đang ở trạng thái “%(state)s”)."))
        text = _clean_text(text)
        anchor_kind, anchor_id = _clean_anchor(locked, anchor_kind, anchor_id)
        comment = ReviewComment.objects.create(
            plan=locked, review_round=locked.review_round, anchor_kind=anchor_kind, anchor_id=anchor_id, author=user, text=text
        )
        event.comment = text
        event.changes = [{"field": "review_comment", "old": None, "new": {"id": comment.pk, "anchor": comment.anchor}}]
    return comment


def _thread_root(comment):
    return comment.parent if comment.parent_id else comment


def answer_comment(comment, user, *, text):
    """The drafter (or a reviewer, or the signer) answers a comment thread; returns the reply."""
    with _comment_write(comment.plan_id, user, AuditEvent.Action.COMMENT_ANSWERED) as event:
        locked = event.plan
        root = _thread_root(ReviewComment.objects.select_related("parent").get(pk=comment.pk))
        held = relations(locked, user)
        refuse_unless_thread_member(locked, user, held)
        if not may_answer(locked, user, held):
            _refuse_state(locked, _("Không trả lời ý kiến được khi kế hoạch đang ở trạng thái “%(state)s”."))
        if root.resolved:
            raise WrongState(_("Ý kiến này đã được giải quyết; hãy góp ý kiến mới nếu cần."))
        text = _clean_text(text)
        reply = ReviewComment.objects.create(
            plan=locked,
            review_round=locked.review_round,
            anchor_kind=root.anchor_kind,
            anchor_id=root.anchor_id,
            parent=root,
            author=user,
            text=text,
        )
        event.comment = text
        event.changes = [{"field": "review_comment", "old": None, "new": {"id": reply.pk, "reply_to": root.pk}}]
    return reply


def resolve_comment(comment, user):
    """The drafter marks a comment thread resolved; returns the thread's first comment."""
    with _comment_write(comment.plan_id, user, AuditEvent.Action.COMMENT_RESOLVED) as event:
        locked = event.plan
        target = ReviewComment.objects.select_for_update().get(pk=comment.pk)
        held = relations(locked, user)
        if not is_drafter(locked, user, held):
            raise NotPermitted(_("Chỉ người soạn thảo kế hoạch được đánh dấu ý kiến đã giải quyết."))
        if not may_resolve(locked, user, held):
            _refuse_state(locked, _("Không đánh dấu giải quyết được khi kế hoạch đang ở trạng thái “%(state)s”."))
        if target.parent_id:
            message = _("Chỉ đánh dấu đã giải quyết cho ý kiến gốc, không cho câu trả lời.")
            raise InvalidInput(message, errors={"comment": [message]})
        if target.resolved:
            raise WrongState(_("Ý kiến này đã được giải quyết."))
        target.resolved = True
        target.resolved_at = timezone.now()
        target.resolved_by = user
        target.save()
        event.changes = [{"field": "resolved", "old": False, "new": True}]
    return target
