"""Reading review decisions, comments and signatures."""

from django.contrib.auth import get_user_model
from django.db.models import Case, F, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.utils.translation import gettext as _

from plans.content import content_hash
from plans.models import Section, Target, Task

from .models import ReviewComment, ReviewDecision, Signature


def approvals_of_round(plan):
    """The approving decisions of the plan's current review round (a queryset)."""
    return ReviewDecision.objects.filter(plan=plan, review_round=plan.review_round, decision=ReviewDecision.Decision.APPROVE)


def approved_reviewer_ids(plan):
    return set(approvals_of_round(plan).values_list("reviewer_id", flat=True))


def reviewers_pending(plan):
    """Assigned reviewers who have not approved in the current round (one query)."""
    waiting = get_user_model().objects.filter(pk__in=plan.reviewer_links.values("user_id"))
    return list(waiting.exclude(pk__in=approvals_of_round(plan).values("reviewer_id")).order_by("username"))


def _main_candidates(plan, current_hash, signatures=None):
    """Main signatures of this round by the plan's signer over the current content, newest first;
    taken from `signatures` (all of the plan's, already read) when given."""
    wanted = {"kind": Signature.Kind.MAIN, "review_round": plan.review_round, "signer_id": plan.signer_id, "content_hash": current_hash}
    if signatures is None:
        return Signature.objects.filter(plan=plan, **wanted).order_by("-signed_at", "-id")
    chosen = [s for s in signatures if s.plan_id == plan.pk and all(getattr(s, key) == value for key, value in wanted.items())]
    return sorted(chosen, key=lambda s: (s.signed_at, s.pk), reverse=True)


def valid_main_signature(plan, current_hash=None, signatures=None):
    """The latest main signature of this round by the plan's signer over the current content whose
    key, certificate and signed text verify (approvals.verify); None if there is none. `signatures`:
    the plan's signatures when the caller has read them already (saves a query)."""
    from .verify import SignatureChecker

    current_hash = current_hash or content_hash(plan)
    checker = None
    for signature in _main_candidates(plan, current_hash, signatures):
        checker = checker or SignatureChecker(plan)
        if checker.is_valid(signature):
            return signature
    return None


def main_signature_problems(plan):
    """Why `issue` cannot go ahead for want of a main signature: [] when there is a valid one,
    else a general reason followed by what is wrong with the latest candidate (Vietnamese)."""
    from .verify import SignatureChecker

    current_hash = content_hash(plan)
    if valid_main_signature(plan, current_hash) is not None:
        return []
    reasons = [_("Chưa có chữ ký chính hợp lệ trên nội dung hiện tại của kế hoạch.")]
    latest = _main_candidates(plan, current_hash).first()
    if latest is not None:
        reasons += SignatureChecker(plan).problems(latest)
    return reasons


def comments_of(plan):
    """The plan's comment threads, oldest first, with authors and replies loaded (a fixed number of queries)."""
    replies = ReviewComment.objects.select_related("author").order_by("created_at", "id")
    return (
        ReviewComment.objects.filter(plan=plan, parent__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def _part_position(model):
    return Subquery(model.objects.filter(pk=OuterRef("anchor_id")).values("position")[:1])


def threads_in_document_order(plan):
    """comments_of(plan) ordered as the document reads: the whole plan, then sections, targets and
    tasks in their printed order (a comment on a part deleted since comes last in its group)."""
    A = ReviewComment.Anchor
    group = Case(
        When(anchor_kind=A.PLAN, then=Value(0)),
        When(anchor_kind=A.SECTION, then=Value(1)),
        When(anchor_kind=A.TARGET, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    position = Case(
        When(anchor_kind=A.SECTION, then=_part_position(Section)),
        When(anchor_kind=A.TARGET, then=_part_position(Target)),
        When(anchor_kind=A.TASK, then=_part_position(Task)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        comments_of(plan)
        .annotate(anchor_group=group, anchor_position=position)
        .order_by("anchor_group", F("anchor_position").asc(nulls_last=True), "anchor_id", "created_at", "id")
    )


def review_rounds(plan):
    """Each review round of the plan, newest first: [{"number", "current", "approvals", "returned"}].

    `approvals` are the round's approving ReviewDecisions; `returned` is the audit event of the
    return that ended the round (by a reviewer or the signer), or None. Rounds only end by a
    return (plans.lifecycle), so the n-th return event ends round n. Three queries."""
    from audit.models import AuditEvent

    approvals = {}
    for decision in ReviewDecision.objects.filter(plan=plan, decision=ReviewDecision.Decision.APPROVE).select_related("reviewer"):
        approvals.setdefault(decision.review_round, []).append(decision)
    returns = list(AuditEvent.objects.filter(plan=plan, action="return_for_revision").select_related("actor").order_by("seq"))
    rounds = []
    for number in range(plan.review_round, 0, -1):
        rounds.append(
            {
                "number": number,
                "current": number == plan.review_round,
                "approvals": approvals.get(number, []),
                "returned": returns[number - 1] if number - 1 < len(returns) else None,
            }
        )
    return rounds
