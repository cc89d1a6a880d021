"""Issue 13, point 1: the offline checker against a forger who recomputes every hash.

The forger edits the content, recomputes content_hash, every covered row's digest and every
event's prev_hash/hash with audit's own canonical module, leaves the signature values as they
were and drops the checkpoint. The checker must refuse that, with or without a pinned key, and a
bundle whose header alone was edited. (Run in-process: test_bundle.py shows the checker runs
without Django.)"""

import copy
import json

import pytest
from cryptography import x509

from audit.record.canonical import GENESIS, canonical_json, event_digest, row_digest, sha256_hex
from audit.record.checkpoints import write_checkpoint
from audit.verify import bundle as checker
from audit.verify.bundle_signatures import fingerprint
from audit.verify.export import export_bundle

NEW_SUBJECT = "Kế hoạch giả mạo"


def run(tmp_path, data, *options):
    """(exit status, stdout + stderr) of `python -m audit.verify.bundle FILE OPTIONS`."""
    path = tmp_path / "bundle.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return checker.main([str(path), *options])


@pytest.fixture
def issued_bundle(full_plan):
    write_checkpoint()
    return export_bundle(full_plan.pk)


def forge(bundle, *, rewrite_signed_text):
    """The forger's method of issue 13: a new subject, every hash recomputed, signature values kept."""
    forged = copy.deepcopy(bundle)
    forged["content"]["subject"] = forged["plan"]["subject"] = NEW_SUBJECT
    digest = sha256_hex(canonical_json(forged["content"]))
    old_digest, forged["content_hash"] = forged["content_hash"], digest
    for row in forged["rows"]:
        fields = row["fields"]
        if row["model"] == "plans.historicalplan":
            fields["subject"] = NEW_SUBJECT
        if row["model"] == "approvals.signature" and fields["content_hash"] == old_digest:
            fields["content_hash"] = digest
            if rewrite_signed_text:
                document = json.loads(fields["signed_payload"])
                document.update(content=forged["content"], content_hash=digest)
                fields["signed_payload"] = canonical_json(document).decode("utf-8")
    for listed in forged["signatures"]:
        if listed["content_hash"] == old_digest:
            listed["content_hash"] = digest
    digests = {(row["model"], row["id"]): row_digest(row["fields"]) for row in forged["rows"]}
    previous = GENESIS
    for event in forged["events"]:
        for ref in event.get("rows", []):
            ref["sha256"] = digests[(ref["model"], ref["id"])]
        event["prev_hash"] = previous
        event["hash"] = previous = event_digest({k: v for k, v in event.items() if k != "hash"})
    del forged["checkpoint"]
    return forged


@pytest.mark.parametrize("rewrite_signed_text", [False, True], ids=["signed-text-kept", "signed-text-rewritten"])
def test_the_forgers_bundle_is_refused_with_and_without_a_pinned_key(issued_bundle, tmp_path, capsys, rewrite_signed_text):
    key = issued_bundle["checkpoint"]["public_key"]
    forged = forge(issued_bundle, rewrite_signed_text=rewrite_signed_text)
    checker._check_events(forged["plan"]["id"], forged["events"], checker._index_rows(forged["rows"]))  # the chain itself holds

    assert run(tmp_path, forged) == 1
    refused = capsys.readouterr().out
    assert refused.startswith("LỖI: Chữ ký #")
    assert (
        ("chữ ký số không khớp" in refused) if rewrite_signed_text else ("dữ liệu đã ký khác với bản ghi ở trường content_hash" in refused)
    )
    assert run(tmp_path, forged, "--public-key", key) == 1
    assert capsys.readouterr().out.startswith("LỖI: Chữ ký #")


def test_a_genuine_bundle_passes_and_each_header_edit_is_refused(issued_bundle, tmp_path, capsys):
    ca = x509.load_pem_x509_certificate(issued_bundle["ca_certificates"][0].encode("ascii"))
    pins = ("--public-key", issued_bundle["checkpoint"]["public_key"], "--ca-fingerprint", fingerprint(ca))
    assert run(tmp_path, issued_bundle, *pins) == 0
    ok = capsys.readouterr().out
    assert ok.startswith("OK") and "khớp điểm kiểm tra" in ok and "CHƯA ĐƯỢC NEO" not in ok and "chưa được đối chiếu" not in ok

    number = issued_bundle["plan"]["number"]
    edits = {
        "subject": NEW_SUBJECT,
        "state": "closed",
        "number": number + 1,
        "symbol": issued_bundle["plan"]["symbol"].replace(f"{number:02d}/", f"{number + 1:02d}/"),
    }
    for field, value in edits.items():
        edited = copy.deepcopy(issued_bundle)
        edited["plan"][field] = value
        assert run(tmp_path, edited) == 1, field
        assert capsys.readouterr().out.strip() == (
            f"LỖI: Phần đầu gói (plan) khác với nội dung, lịch sử và sự kiện được bảo chứng ở trường {field}."
        )


def test_the_ca_is_checked_against_a_pinned_fingerprint_and_must_be_in_the_bundle(issued_bundle, tmp_path, capsys):
    assert run(tmp_path, issued_bundle, "--ca-fingerprint", "ab" * 32) == 1
    assert "dấu vân tay abababababababab… đã ghim" in capsys.readouterr().out

    older = copy.deepcopy(issued_bundle)
    older["version"] = 1
    del older["ca_certificates"]
    assert run(tmp_path, older) == 1
    assert "Gói phiên bản 1 không mang chứng thư CA" in capsys.readouterr().out

    swapped = copy.deepcopy(issued_bundle)
    swapped["ca_certificates"] = [next(r["fields"]["certificate_pem"] for r in swapped["rows"] if r["model"] == "approvals.signature")]
    assert run(tmp_path, swapped) == 1
    assert "Chứng thư CA thứ 1 trong gói không hợp lệ" in capsys.readouterr().out


def test_a_bundle_without_checkpoint_says_it_is_not_anchored_or_is_refused_with_a_key(make_plan, tmp_path, capsys):
    plan = make_plan()
    key = write_checkpoint().public_key  # made before the plan's next edit: it does not anchor the new head...
    bundle = export_bundle(plan.pk)
    del bundle["checkpoint"]  # ...and the bundle carries none at all
    assert run(tmp_path, bundle) == 0
    assert "CHƯA ĐƯỢC NEO" in capsys.readouterr().out
    assert run(tmp_path, bundle, "--public-key", key) == 1
    assert capsys.readouterr().out.startswith("LỖI: Gói không có điểm kiểm tra nào chứa kế hoạch này")


def test_deep_or_malformed_json_is_unreadable_never_a_traceback(tmp_path, capsys):
    assert run(tmp_path, "[" * 100_000 + "]" * 100_000) == 2
    assert "KHÔNG ĐỌC ĐƯỢC (unreadable)" in capsys.readouterr().err
    shapes = [
        {"format": "planflow-audit-bundle", "version": 2, "plan": {"id": 1}, "events": "x", "rows": [], "signatures": [], "content": {}},
        {"format": "planflow-audit-bundle", "version": 2, "plan": [], "events": [], "rows": {}, "signatures": 1, "content": 2},
    ]
    for shape in shapes:
        shape["content_hash"] = "0" * 64
        assert run(tmp_path, shape) == 2
        assert "KHÔNG ĐỌC ĐƯỢC (unreadable)" in capsys.readouterr().err
