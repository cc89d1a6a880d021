"""Reading review decisions, comments and signatures, and what the plan page shows of them."""

import unicodedata

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import BigIntegerField, Case, Exists, F, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from config.compiled_queries import CompiledQuery, Param
from plans.content import content_hash
from plans.lifecycle import State
from plans.models import Block, PlanReviewer, Section, Target, Task
from plans.rules import relations, sign_kind_permitted

from .comments import may_answer, may_comment, may_resolve
from .models import ReviewComment, ReviewDecision, Signature

THREADS_PER_PAGE = 20
THREADS_PAGE_PARAMETER = "y_kien"  # ?y_kien=2: the page of comment threads on the plan page


def approvals_of_round(plan):
    """The approving decisions of the plan's current review round (a queryset)."""
    return ReviewDecision.objects.filter(plan=plan, review_round=plan.review_round, decision=ReviewDecision.Decision.APPROVE)


def approved_reviewer_ids(plan):
    return set(approvals_of_round(plan).values_list("reviewer_id", flat=True))


def approved_this_round(plan, user):
    """True when `user` approved `plan` in its current round (they approve once a round)."""
    return user.pk in approved_reviewer_ids(plan)


def reviewers_pending(plan):
    """Assigned reviewers who have not approved in the current round (one query)."""
    waiting = get_user_model().objects.filter(pk__in=plan.reviewer_links.values("user_id"))
    return list(waiting.exclude(pk__in=approvals_of_round(plan).values("reviewer_id")).order_by("username"))


def _round_decided_query():
    """The plan's stored round and whether a reviewer decided (approved or returned) in it: one query
    given the plan's id alone, so that perform can send it with the plan's lock."""
    from plans.models import Plan

    decided = ReviewDecision.objects.filter(plan_id=OuterRef("pk"), review_round=OuterRef("review_round"))
    return Plan.objects.filter(pk=Param("plan", BigIntegerField())).order_by().values_list("review_round", Exists(decided))


ROUND_DECIDED = CompiledQuery(_round_decided_query)


def withdraw_conditions(plan):
    """The drafter withdraws only until a reviewer decides (approves or returns) in this round."""
    rows = ROUND_DECIDED.rows(plan=plan.pk, kept_on=plan)
    if rows and rows[0][0] == plan.review_round:
        decided = rows[0][1]
    else:  # the instance's round is not the stored one: ask about the instance's
        decided = ReviewDecision.objects.filter(plan=plan, review_round=plan.review_round).exists()
    if decided:
        return [_("Đã có người thẩm định cho ý kiến trong vòng này; không rút lại được nữa.")]
    return []


def round_decided(plan, user):
    """A decision of this round closes the drafter's "withdraw" (the button is no longer offered)."""
    return bool(withdraw_conditions(plan))


REVIEW_STANDING = CompiledQuery(
    lambda: (
        PlanReviewer.objects.filter(plan_id=Param("plan", BigIntegerField()))
        .select_related("user")
        .annotate(
            approved=Exists(
                ReviewDecision.objects.filter(
                    plan_id=Param("plan", BigIntegerField()),
                    review_round=Param("round", IntegerField()),
                    decision=ReviewDecision.Decision.APPROVE,
                    reviewer_id=OuterRef("user_id"),
                )
            )
        )
        .order_by("user__username")
    )
)  # the same statement on every approve: compiled once (config.compiled_queries)


def review_standing(plan):
    """[(reviewer, approved this round?)] of the plan's assigned reviewers, by username, in one query:
    perform's `approve` asks it once for "approved already?" and "who is still to approve?"."""
    return [(link.user, link.approved) for link in REVIEW_STANDING.instances(plan=plan.pk, round=plan.review_round)]


def approve_conditions(plan, pending=None):
    """The condition of `approve` moving the plan on: every assigned reviewer approved this round.
    `pending`: the reviewers still to approve when the caller knows them (no query)."""
    pending = reviewers_pending(plan) if pending is None else pending
    if pending:
        names = ", ".join(u.get_full_name() or u.get_username() for u in pending)
        return [_("Còn chờ ý kiến đồng ý của: %(names)s.") % {"names": names}]
    return []


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
    """The condition of `issue`. Why it cannot go ahead for want of a main signature: [] when there is a valid one,
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
    """comments_of(plan) ordered as the document reads: the whole plan, then the blocks of its body
    in their printed order, then (comments written before the body became blocks) sections,
    targets and tasks; a comment on a part deleted since comes last in its group."""
    A = ReviewComment.Anchor
    group = Case(
        When(anchor_kind=A.PLAN, then=Value(0)),
        When(anchor_kind=A.BLOCK, then=Value(1)),
        When(anchor_kind=A.SECTION, then=Value(2)),
        When(anchor_kind=A.TARGET, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    position = Case(
        When(anchor_kind=A.BLOCK, then=_part_position(Block)),
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
    approvals = {}
    for decision in ReviewDecision.objects.filter(plan=plan, decision=ReviewDecision.Decision.APPROVE).select_related("reviewer"):
        approvals.setdefault(decision.review_round, []).append(decision)
    returns = list(
        AuditEvent.objects.filter(plan=plan, action=AuditEvent.Action.RETURN_FOR_REVISION).select_related("actor").order_by("seq")
    )
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


def latest_returns(plan_ids):
    """{plan id: the audit event of the plan's latest return for revision (with its actor, comment
    and time)} for the plans of `plan_ids` that were ever returned — one query."""
    latest = {}
    returns = (
        AuditEvent.objects.filter(plan_id__in=plan_ids, action=AuditEvent.Action.RETURN_FOR_REVISION)
        .select_related("actor")
        .order_by("plan_id", "seq")
    )
    for event in returns:
        latest[event.plan_id] = event  # ordered by seq: the last one wins
    return latest


def return_to_show(plan):
    """The latest return of a draft that came back from review or signing (what to revise and who
    asked), or None: shown at the top of the plan page until it is submitted again."""
    if plan.state != State.DRAFT or plan.review_round < 2:
        return None
    return latest_returns([plan.pk]).get(plan.pk)


# --- the plan page ------------------------------------------------------------------------------


def signatures_on_page(plan, current_hash=None):
    """(signatures, main_signature) for the plan page: every signature of the plan, each marked
    `matches_content` (its hash and round are the current ones), and the valid main signature
    over the current content or None (what the document's "(Đã ký)" needs)."""
    current_hash = current_hash or content_hash(plan)
    signatures = list(Signature.objects.filter(plan=plan).select_related("signer"))
    for signature in signatures:
        signature.matches_content = signature.content_hash == current_hash and signature.review_round == plan.review_round
    return signatures, valid_main_signature(plan, current_hash, signatures)


def reviewers_with_approval(plan):
    """[(user, approved this round?)] of the plan's assigned reviewers (reviewer_links prefetched)."""
    approved = approved_reviewer_ids(plan)
    return [(link.user, link.user_id in approved) for link in plan.reviewer_links.all()]


def short_text(text, length=80):
    """truncatechars(text, length), without its lazy Truncator for the text that fits (NFC, as
    Truncator returns it): a 300-block plan names each block in the anchor choices."""
    normalized = text if text.isascii() else unicodedata.normalize("NFC", text)
    return normalized if len(normalized) <= length else truncatechars(text, length)


def block_anchor_label(number, block, template=None):
    """ "Khối 12 — II. MỘT SỐ CHỈ TIÊU": a block as a comment's anchor names it (its place, label,
    text). `template`: the translated "Khối %(n)d — %(words)s", when the caller names many blocks."""
    if block.kind == "table":
        words = _("Bảng %(rows)d dòng") % {"rows": len(block.rows or [])}
    else:
        words = short_text(f"{block.label} {block.text}".strip())
    return (template or _("Khối %(n)d — %(words)s")) % {"n": number, "words": words}


def anchor_choices(plan):
    """[(anchor, label)] a new comment may be anchored to, in document order: the whole plan, then
    each block of its body (blocks prefetched by plans.selectors.with_parts)."""
    A = ReviewComment.Anchor
    choices = [(A.PLAN.value, _("Toàn bộ kế hoạch"))]
    template = _("Khối %(n)d — %(words)s")
    choices += [(f"block:{block.pk}", block_anchor_label(n, block, template)) for n, block in enumerate(plan.blocks.all(), start=1)]
    return choices


def anchor_labels(plan, threads=(), choices=None):
    """{anchor: label} of everything a comment may be anchored to, comments written before the body
    became blocks (on a section, a target, a task) included. A block of `threads` that a later edit
    of the body replaced is named as it was, from its history (one query). `choices`: anchor_choices
    of the plan if already made (naming 300 blocks twice was a part of a long plan's page)."""
    labels = dict(anchor_choices(plan) if choices is None else choices)
    gone = {thread.anchor_id for thread in threads if thread.anchor_kind == ReviewComment.Anchor.BLOCK} - {
        block.pk for block in plan.blocks.all()
    }
    if gone:
        for old in Block.history.filter(id__in=gone).order_by("id", "-history_date", "-history_id"):
            anchor = f"block:{old.id}"
            if anchor not in labels:
                words = truncatechars(f"{old.label} {old.text}".strip(), 80)
                labels[anchor] = _("Khối đã được sửa sau ý kiến — trước là: %(words)s") % {"words": words}
    labels.update((f"section:{s.pk}", _("Mục: %(heading)s") % {"heading": truncatechars(s.heading, 80)}) for s in plan.sections.all())
    labels.update(
        (f"target:{t.pk}", _("Chỉ tiêu %(n)d: %(text)s") % {"n": n, "text": truncatechars(t.text, 80)})
        for n, t in enumerate(plan.targets.all(), start=1)
    )
    labels.update(
        (f"task:{t.pk}", _("Nhiệm vụ %(n)d: %(text)s") % {"n": n, "text": truncatechars(t.text, 80)})
        for n, t in enumerate(plan.tasks.all(), start=1)
    )
    return labels


def _groups(threads, labels):
    """Consecutive threads on the same part → [(label, anchor, [thread …])]."""
    groups = []
    for thread in threads:
        label = labels.get(thread.anchor) or _("%(part)s đã bị xóa khỏi kế hoạch") % {"part": thread.get_anchor_kind_display()}
        if groups and groups[-1][0] == label:
            groups[-1][2].append(thread)
        else:
            groups.append((label, thread.anchor, [thread]))
    return groups


def review_panel(plan, user, held, page_number=None):
    """What the plan page's review panel shows (templates/approvals/_review_panel.html): the review
    rounds, who is still to approve, one page of comment threads grouped by part, and which forms
    `user` gets. `plan` has its parts prefetched (plans.selectors.with_parts); a fixed number of
    queries, whatever the number of rounds or comments."""
    choices = anchor_choices(plan)
    page = Paginator(threads_in_document_order(plan), THREADS_PER_PAGE).get_page(page_number)
    return {
        "rounds": review_rounds(plan),
        "pending": reviewers_pending(plan) if plan.state == State.REVIEW else [],
        "groups": _groups(page.object_list, anchor_labels(plan, page.object_list, choices)),
        "threads_page": page,
        "anchor_choices": choices,
        "may_comment": may_comment(plan, user, held),
        "may_answer": may_answer(plan, user, held),
        "may_resolve": may_resolve(plan, user, held),
    }


def kinds_left_to_sign(plan, user, held=None):
    """The personal signature kinds (ký nháy, ký chính) `user` may still put on the plan's current
    content in this round: those they may sign and have not signed over this content yet."""
    held = relations(plan, user) if held is None else held
    kinds = [kind for kind in Signature.PERSONAL_KINDS if sign_kind_permitted(plan, kind, user, held)]
    if not kinds:
        return []
    signed = set(
        Signature.objects.filter(
            plan=plan, signer=user, kind__in=kinds, review_round=plan.review_round, content_hash=content_hash(plan)
        ).values_list("kind", flat=True)
    )
    return [kind for kind in kinds if kind not in signed]


def signed_already(plan, user):
    """True when `user` has signed the plan's current content with every kind they may sign: their
    "Ký" would only be refused (plans.rules.done_already, added in approvals.apps)."""
    return not kinds_left_to_sign(plan, user)
