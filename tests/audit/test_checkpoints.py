"""Signed checkpoints of every chain's head: the installation key, the signature, the chain of
checkpoints, the command that writes and exports them, and what verify says after a rewind."""

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from audit import tasks
from audit.models import AuditEvent, Checkpoint, InstallationKey
from audit.record import merkle
from audit.record.canonical import GENESIS, canonical_json, checkpoint_digest, checkpoint_message
from audit.record.chain import append_event, event_hash
from audit.record.checkpoints import as_dict, checkpoint_signature_ok, current_heads, write_checkpoint
from audit.record.keys import decrypt_private_key, get_signer, installation_key
from audit.verify.trail import verify_checkpoints, verify_plan
from tests.audit.conftest import tamper

EVENTS = "audit_auditevent"


def head(plan):
    last = AuditEvent.objects.filter(plan=plan).order_by("-seq").first()
    return [last.seq, last.hash]


def test_a_checkpoint_signs_the_head_of_every_chain(full_plan, make_plan):
    other = make_plan(subject="Kế hoạch khác")
    checkpoint = write_checkpoint()
    assert checkpoint.heads == {str(full_plan.pk): head(full_plan), str(other.pk): head(other)}
    data = as_dict(checkpoint)
    assert checkpoint_signature_ok(data)
    assert data["public_key"] == InstallationKey.objects.get().public_key
    assert checkpoint.prev == GENESIS
    following = write_checkpoint()
    assert following.prev == checkpoint_digest(data)
    assert verify_checkpoints() == []


def test_the_key_is_made_once_and_kept_encrypted(db, settings):
    assert not InstallationKey.objects.exists()
    signer = get_signer()
    row = InstallationKey.objects.get()
    assert get_signer().public_key_hex() == signer.public_key_hex() == row.public_key
    public = bytes.fromhex(row.public_key)
    private = decrypt_private_key(row.encrypted_private_key, public)
    assert (
        Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        == public
    )
    assert private.hex() not in row.encrypted_private_key and private not in row.encrypted_private_key.encode()
    settings.SECRET_KEY = "another-secret-key"
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        decrypt_private_key(installation_key().encrypted_private_key, public)


def test_the_command_writes_and_exports_a_checkpoint(full_plan, tmp_path, capsys):
    path = tmp_path / "checkpoint.json"
    call_command("audit_checkpoint", export=str(path))
    checkpoint = Checkpoint.objects.get()
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert kept == as_dict(checkpoint) and kept["format"] == "planflow-audit-checkpoint"
    assert kept["heads"][str(full_plan.pk)] == head(full_plan)
    out = capsys.readouterr().out
    assert f"Điểm kiểm tra #{checkpoint.pk}: 1 chuỗi" in out and checkpoint.public_key in out
    call_command("audit_checkpoint", "--latest", export=str(tmp_path / "again.json"))
    assert Checkpoint.objects.count() == 1
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8")) == kept


def test_the_celery_task_writes_a_checkpoint(full_plan):
    result = tasks.write_checkpoint()
    assert result == {"id": Checkpoint.objects.get().pk, "chains": 1}


def test_a_chain_rewound_after_a_checkpoint(full_plan):
    checkpoint = write_checkpoint()
    last = AuditEvent.objects.filter(plan=full_plan).count()
    tamper(f"DELETE FROM {EVENTS} WHERE plan_id = %s AND seq > %s", [full_plan.pk, last - 2], [EVENTS])
    problems = verify_plan(full_plan.pk).problems
    assert any(
        p.startswith(f"Chuỗi ngắn hơn điểm kiểm tra #{checkpoint.pk} (lập lúc ")
        and p.endswith(f"điểm kiểm tra ghi đến sự kiện #{last}, chuỗi chỉ còn đến #{last - 2} — các sự kiện cuối đã bị xóa.")
        for p in problems
    ), problems
    # the rows the removed events covered are no longer covered by any event either
    assert sum("không thuộc sự kiện nào" in p for p in problems) >= 2


def test_the_last_event_rewritten_after_a_checkpoint(full_plan):
    checkpoint = write_checkpoint()
    last = AuditEvent.objects.filter(plan=full_plan).order_by("-seq").first()
    last.comment = "Được viết lại"
    tamper(f'UPDATE {EVENTS} SET "comment" = %s, "hash" = %s WHERE id = %s', [last.comment, event_hash(last), last.pk], [EVENTS])
    problems = verify_plan(full_plan.pk).problems
    assert len(problems) == 1
    assert problems[0].startswith(f"Sự kiện #{last.seq} khác với điểm kiểm tra #{checkpoint.pk} (lập lúc ")
    assert problems[0].endswith("chuỗi đã bị viết lại sau điểm kiểm tra.")


def test_a_rewind_followed_by_new_events_still_differs_from_the_checkpoint(full_plan):
    checkpoint = write_checkpoint()
    last = AuditEvent.objects.filter(plan=full_plan).order_by("-seq").first()
    tamper(f"DELETE FROM {EVENTS} WHERE id = %s", [last.pk], [EVENTS])
    append_event(full_plan, kind="report", action="slot_overdue", actor=None)  # a well-formed new last event
    problems = verify_plan(full_plan.pk).problems
    assert any(p.startswith(f"Sự kiện #{last.seq} khác với điểm kiểm tra #{checkpoint.pk}") for p in problems), problems


def test_a_tampered_checkpoint(full_plan):
    checkpoint = write_checkpoint()
    heads = dict(checkpoint.heads, **{str(full_plan.pk): [1, "0" * 64]})
    tamper("UPDATE audit_checkpoint SET heads = %s WHERE id = %s", [json.dumps(heads), checkpoint.pk], ["audit_checkpoint"])
    report = verify_plan(full_plan.pk)
    assert f"Điểm kiểm tra #{checkpoint.pk}: chữ ký không hợp lệ — điểm kiểm tra đã bị sửa." in report.signature_problems
    assert not report.signatures_ok
    assert verify_checkpoints() == [f"Điểm kiểm tra #{checkpoint.pk}: chữ ký không hợp lệ — điểm kiểm tra đã bị sửa."]


def test_a_checkpoint_signed_with_another_key(full_plan):
    write_checkpoint()
    impostor = Ed25519PrivateKey.generate()
    public = impostor.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    heads = {str(full_plan.pk): head(full_plan)}
    forged = Checkpoint(
        created_at=timezone.now(), heads=heads, heads_root=merkle.root(heads), heads_count=1, prev=GENESIS, public_key=public
    )
    forged.signature = impostor.sign(checkpoint_message(as_dict(forged))).hex()
    forged.save()
    report = verify_plan(full_plan.pk)
    assert report.signature_problems == [f"Điểm kiểm tra #{forged.pk} được ký bằng một khóa khác với khóa của hệ thống."]
    assert verify_checkpoints() == [
        f"Điểm kiểm tra #{forged.pk} được ký bằng một khóa khác với khóa của hệ thống.",
        f"Điểm kiểm tra #{forged.pk} không nối với điểm kiểm tra trước: có điểm kiểm tra bị xóa hoặc chèn.",
    ]


def test_a_checkpoint_of_another_version_is_not_accepted(full_plan):
    """Only version 2 (the signed Merkle root of the heads) is a checkpoint: one that signs the heads
    themselves, with a valid signature, is refused (that format was never released)."""
    signer = get_signer()
    other = Checkpoint(created_at=timezone.now(), version=1, heads=current_heads(), prev=GENESIS, public_key=signer.public_key_hex())
    signed = {key: as_dict(other)[key] for key in ("version", "created_at", "prev", "heads", "public_key")}
    other.signature = signer.sign(canonical_json(signed)).hex()
    other.save()
    assert verify_checkpoints() == [f"Điểm kiểm tra #{other.pk}: chữ ký không hợp lệ — điểm kiểm tra đã bị sửa."]
    assert not verify_plan(full_plan.pk).ok
