"""Issue 13, point 2: checkpoints anchored outside the database, and the key trust comes from.

A checkpoint is written when an `issue` or a `close` commits and appended to the anchor file
(PLANFLOW_AUDIT_ANCHOR_DIR); verification trusts PLANFLOW_AUDIT_PUBLIC_KEY, not the database's key,
and says "anchored" only then."""

import io
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from audit.models import Checkpoint
from audit.record import anchors
from audit.record.checkpoints import write_checkpoint
from audit.verify.trail import verify_checkpoints, verify_plan
from tests.conftest import PASSWORD
from workflow.services import perform


def kept_ids():
    return [data["id"] for data in anchors.kept()[0]]


def test_issue_and_close_write_a_checkpoint_on_commit_kept_outside_the_database(
    world, make_plan, anchored, django_capture_on_commit_callbacks
):
    u = world["users"]
    plan = make_plan()
    perform(plan, "submit", u["drafter"])
    perform(plan, "approve", u["reviewer"])
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    assert not Checkpoint.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        perform(plan, "issue", u["clerk"])
    issued = Checkpoint.objects.get()
    assert issued.heads[str(plan.pk)] == [plan.audit_events.count(), plan.audit_events.order_by("-seq").first().hash]
    [line] = anchors.anchor_file().read_text(encoding="utf-8").splitlines()
    kept = json.loads(line)
    assert kept["id"] == issued.pk and kept["signature"] == issued.signature and "heads" not in kept

    perform(plan, "start_reporting", u["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        perform(plan, "close", u["drafter"], comment="Hoàn thành")
    assert kept_ids() == list(Checkpoint.objects.order_by("id").values_list("pk", flat=True)) and len(kept_ids()) == 2
    report = verify_plan(plan.pk)
    assert report.ok and report.anchored, report.problems


def test_without_a_configured_key_nothing_is_anchored(make_plan, api):
    plan = make_plan()
    write_checkpoint()
    report = verify_plan(plan.pk)
    assert report.ok and not report.anchored
    body = api("auditor").get(f"/api/plans/{plan.pk}/verify/").json()
    assert body["ok"] is True and body["anchored"] is False


def test_the_verify_page_says_whether_the_trail_is_anchored(make_plan, client, world, anchored):
    plan = make_plan()
    client.force_login(world["users"]["auditor"])
    page = client.get(f"/plans/{plan.pk}/verify/").content.decode()
    assert 'data-anchored="no"' in page and "Chưa được neo" in page
    write_checkpoint()
    page = client.get(f"/plans/{plan.pk}/verify/").content.decode()
    assert 'data-anchored="yes"' in page


def test_a_database_key_other_than_the_configured_one_is_a_problem(make_plan, settings, anchored):
    plan = make_plan()
    write_checkpoint()
    other = Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    settings.PLANFLOW_AUDIT_PUBLIC_KEY = other
    expected = (
        f"Khóa ký điểm kiểm tra trong cơ sở dữ liệu ({anchored[:16]}…) khác khóa tin cậy đã cấu hình "
        f"PLANFLOW_AUDIT_PUBLIC_KEY ({other[:16]}…) — khóa trong cơ sở dữ liệu đã bị thay."
    )
    report = verify_plan(plan.pk)
    assert expected in report.signature_problems and not report.anchored
    assert expected in verify_checkpoints()


def test_the_cron_command_appends_to_the_anchor_file_and_audit_trust_prints_the_key(make_plan, settings, tmp_path):
    settings.PLANFLOW_AUDIT_ANCHOR_DIR = tmp_path
    make_plan()
    call_command("audit_checkpoint", stdout=io.StringIO())
    assert kept_ids() == [Checkpoint.objects.get().pk]
    assert settings.CELERY_BEAT_SCHEDULE["audit-checkpoint-hourly"] == {"task": "audit.tasks.write_checkpoint", "schedule": 3600}

    out = io.StringIO()
    call_command("audit_trust", stdout=out)
    key = Checkpoint.objects.get().public_key
    assert f"PLANFLOW_AUDIT_PUBLIC_KEY={key}" in out.getvalue() and "chưa được cấu hình" in out.getvalue()
    settings.PLANFLOW_AUDIT_PUBLIC_KEY = "ab" * 32
    with pytest.raises(CommandError, match="khác khóa trong cơ sở dữ liệu"):
        call_command("audit_trust", stdout=io.StringIO())
