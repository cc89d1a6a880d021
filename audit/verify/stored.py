"""The verify page's stored result (audit.models.VerifyResult): a full verify once, then shown again
until what it checked has moved on.

A result stays current while the plan's chain head (its last event's seq and hash) and the latest
checkpoint are those it checked: a new event, a chain whose head was changed, or a new checkpoint
(which may anchor the plan) makes the next visit verify again. Reading them is one query, not a
walk of the chain. A change that moves neither — a history row or live row edited directly in the
database, an anchor file removed, the issued PDF replaced on disk, PLANFLOW_AUDIT_PUBLIC_KEY set —
is found only by a full check, so the page says when its result was made and offers "Kiểm tra lại
ngay" (`check_now`). GET /api/plans/{id}/verify/ and `audit_verify` always verify in full.
"""

from django.db.models import Subquery
from django.utils import timezone

from audit.models import AuditEvent, Checkpoint, VerifyResult
from audit.record.canonical import GENESIS
from audit.verify.documents import verify_plan_and_document
from audit.verify.trail import snapshot
from plans.models import Plan


def current_key(plan_id):
    """(head seq, head hash, latest checkpoint id) as they are now, in one query; (0, GENESIS, …)
    for a chain with no event, None for the id when there is no checkpoint."""
    last = AuditEvent.objects.filter(plan_id=plan_id).order_by("-seq")
    row = (
        Plan.objects.filter(pk=plan_id)
        .values_list(
            Subquery(last.values("seq")[:1]),
            Subquery(last.values("hash")[:1]),
            Subquery(Checkpoint.objects.order_by("-id").values("id")[:1]),
        )
        .first()
    )
    seq, digest, checkpoint_id = row if row else (None, None, None)
    return (seq or 0, digest if seq else GENESIS, checkpoint_id)


def key_of(result):
    return (result.head_seq, result.head_hash, result.checkpoint_id)


def current_result(plan, user):
    """The stored result when it is still current, else a full verify now, stored: (result, fresh)."""
    stored = VerifyResult.objects.select_related("checked_by").filter(plan_id=plan.pk).first()
    if stored is not None and key_of(stored) == current_key(plan.pk):
        return stored, False
    return check_now(plan, user), True


def check_now(plan, user):
    """A full verify of `plan` (audit.verify.documents), stored as its result whatever was stored.

    The key is read in the verify's own snapshot, so it names what was checked: an event appended
    meanwhile is not counted as checked (the next visit verifies again). The row is written after
    the snapshot ends, with update_or_create on the plan: one row a plan, whoever asks, however often."""
    with snapshot():
        seq, digest, checkpoint_id = current_key(plan.pk)
        report = verify_plan_and_document(plan)
    result, _created = VerifyResult.objects.update_or_create(
        plan_id=plan.pk,
        defaults={
            "checked_at": timezone.now(),
            "checked_by": user if user.is_authenticated else None,
            "head_seq": seq,
            "head_hash": digest,
            "checkpoint_id": checkpoint_id,
            "events": report.events,
            "ok": report.ok,
            "chain_ok": report.chain_ok,
            "signatures_ok": report.signatures_ok,
            "anchored": report.anchored and report.ok,
            "problems": report.problems,
        },
    )
    return result
