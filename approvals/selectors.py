"""Reading review decisions and signatures."""

from django.contrib.auth import get_user_model

from plans.content import content_hash

from .models import ReviewDecision, Signature


def approved_reviewer_ids(plan):
    return set(
        ReviewDecision.objects.filter(plan=plan, review_round=plan.review_round, decision=ReviewDecision.Decision.APPROVE).values_list(
            "reviewer_id", flat=True
        )
    )


def reviewers_pending(plan):
    """Assigned reviewers who have not approved in the current round."""
    assigned = set(plan.reviewer_links.values_list("user_id", flat=True))
    waiting = assigned - approved_reviewer_ids(plan)
    return list(get_user_model().objects.filter(pk__in=waiting).order_by("username"))


def valid_main_signature(plan, current_hash=None):
    """The latest main signature of this round by the plan's signer over the current content."""
    current_hash = current_hash or content_hash(plan)
    return (
        Signature.objects.filter(
            plan=plan, kind=Signature.Kind.MAIN, review_round=plan.review_round, signer_id=plan.signer_id, content_hash=current_hash
        )
        .order_by("-signed_at", "-id")
        .first()
    )
