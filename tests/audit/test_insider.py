"""Issue 13, point 2: the insider's rewrite. Someone with write access to the database rewrites a
draft's subject, its history row and the event hashes (all recomputed), then deletes every
checkpoint. With the trusted key configured and the checkpoints anchored outside the database,
`audit_verify` and GET /api/plans/{id}/verify/ both catch it."""

import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from audit.record.canonical import canonical_json
from audit.record.chain import event_hash
from audit.record.checkpoints import write_checkpoint
from audit.record.rows import instance_digest
from plans.models import Plan
from tests.audit.conftest import tamper

NEW_SUBJECT = "Kế hoạch đã bị viết lại"


def rewrite_subject_and_hashes(plan):
    """The insider's rewrite, every digest and hash recomputed with the application's own code."""
    history = Plan.history.filter(id=plan.pk).order_by("-history_id").first()
    tamper("UPDATE plans_plan SET subject = %s WHERE id = %s", [NEW_SUBJECT, plan.pk], ["plans_plan"])
    tamper(
        "UPDATE plans_historicalplan SET subject = %s WHERE history_id = %s", [NEW_SUBJECT, history.history_id], ["plans_historicalplan"]
    )
    digest = instance_digest(Plan.history.get(history_id=history.history_id))
    previous = None
    for event in AuditEvent.objects.filter(plan=plan).order_by("seq"):
        for ref in event.rows:
            if ref["model"] == "plans.historicalplan" and ref["id"] == history.history_id:
                ref["sha256"] = digest
        if previous is not None:
            event.prev_hash = previous
        event.hash = previous = event_hash(event)
        tamper(
            'UPDATE audit_auditevent SET "rows" = %s, prev_hash = %s, "hash" = %s WHERE id = %s',
            [canonical_json(event.rows).decode("utf-8"), event.prev_hash, event.hash, event.pk],
            ["audit_auditevent"],
        )
    tamper("DELETE FROM audit_checkpoint", [], ["audit_checkpoint"])


def test_the_insider_rewrite_is_caught_with_a_configured_key(make_plan, api, anchored):
    plan = make_plan()
    checkpoint = write_checkpoint()  # the hourly one (or the one of the last issue)
    rewrite_subject_and_hashes(plan)
    assert Plan.objects.get(pk=plan.pk).subject == NEW_SUBJECT

    deleted = f"Điểm kiểm tra #{checkpoint.pk} (lập lúc "
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=(out := io.StringIO()))
    assert deleted in out.getvalue() and "không còn trong cơ sở dữ liệu" in out.getvalue()

    body = api("auditor").get(f"/api/plans/{plan.pk}/verify/").json()
    assert body["ok"] is False and body["chain_ok"] is False and body["anchored"] is False
    assert any(problem.startswith(deleted) and "đã bị xóa" in problem for problem in body["problems"]), body["problems"]
