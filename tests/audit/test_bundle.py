"""The export bundle and its offline verifier (`python -m audit.verify.bundle FILE`, standard
library + cryptography, no Django): an untouched bundle passes, each tampered one fails and names
the first broken event. The verifier runs in a subprocess, as an auditor would run it."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from audit.record.canonical import event_digest
from audit.record.checkpoints import write_checkpoint
from audit.verify.export import export_bundle

ROOT = Path(__file__).resolve().parents[2]

# Runs the verifier with Django made unimportable: it must need only the standard library and cryptography.
WITHOUT_DJANGO = (
    "import runpy, sys; sys.modules['django'] = None; sys.argv = ['verify_bundle', *sys.argv[1:]]; "
    "runpy.run_module('audit.verify.bundle', run_name='__main__')"
)


def run_verifier(path, *options):
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_DJANGO, str(path), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        timeout=60,
    )


@pytest.fixture
def bundle(full_plan, api):
    write_checkpoint()
    response = api("auditor").get(f"/api/audit/export/?plan={full_plan.pk}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="planflow-audit-plan-{full_plan.pk}.json"'
    return json.loads(response.content)


def write(tmp_path, data, name="bundle.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_bundle_holds_the_trail(bundle, full_plan):
    assert bundle["format"] == "planflow-audit-bundle" and bundle["version"] == 2
    assert bundle["plan"]["id"] == full_plan.pk and bundle["plan"]["symbol"] == full_plan.symbol
    assert [e["seq"] for e in bundle["events"]] == list(range(1, 16))
    covered = {(ref["model"], ref["id"]) for e in bundle["events"] for ref in e.get("rows", [])}
    assert {(row["model"], row["id"]) for row in bundle["rows"]} == covered
    assert {s["kind"] for s in bundle["signatures"]} == {"main", "seal"}
    head = bundle["checkpoint"]["proof"]["head"]
    assert (head["plan"], head["seq"], head["hash"]) == (full_plan.pk, 15, bundle["events"][-1]["hash"])
    assert bundle == export_bundle(full_plan.pk) | {"exported_at": bundle["exported_at"]}


def test_the_bundle_reveals_no_other_plan(full_plan, api, make_plan):
    """The checkpoint signs a Merkle root: the bundle carries its own plan's head and path only."""
    others = [make_plan(subject=f"Kế hoạch khác {n}") for n in range(3)]
    write_checkpoint()
    bundle = api("auditor").get(f"/api/audit/export/?plan={full_plan.pk}").json()
    checkpoint = bundle["checkpoint"]
    assert "heads" not in checkpoint and checkpoint["heads_count"] == 4
    text = json.dumps(bundle)
    for other in others:
        other_head = other.audit_events.order_by("-seq").first().hash
        assert other_head not in text
    assert len(checkpoint["proof"]["head"]["path"]) == 2  # four leaves: two levels


def test_an_untouched_bundle_verifies_offline(bundle, tmp_path):
    result = run_verifier(write(tmp_path, bundle))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK — kế hoạch #")
    assert "15 sự kiện" in result.stdout and "khớp điểm kiểm tra" in result.stdout


def test_a_pinned_key_and_a_checkpoint_kept_outside(bundle, tmp_path):
    kept = tmp_path / "checkpoint.json"
    call_command("audit_checkpoint", "--latest", export=str(kept))
    key = bundle["checkpoint"]["public_key"]
    result = run_verifier(write(tmp_path, bundle), "--public-key", key, "--checkpoint", str(kept))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "khóa công khai chưa được đối chiếu" not in result.stdout
    wrong = run_verifier(write(tmp_path, bundle), "--public-key", "ab" * 32)
    assert wrong.returncode == 1 and "không phải khóa tin cậy" in wrong.stdout

    data = json.loads(kept.read_text(encoding="utf-8"))
    data["heads"][str(bundle["plan"]["id"])] = [3, bundle["events"][2]["hash"]]
    kept.write_text(json.dumps(data), encoding="utf-8")
    changed = run_verifier(write(tmp_path, bundle), "--checkpoint", str(kept))
    assert changed.returncode == 1 and "danh sách đầu chuỗi khác với gốc Merkle đã ký" in changed.stdout


def _event_at(bundle, action):
    return next(i for i, e in enumerate(bundle["events"]) if e["action"] == action)


def _change_comment(b):
    b["events"][_event_at(b, "approve")]["comment"] = "Không đồng ý"
    return f"LỖI: Sự kiện #{_event_at(b, 'approve') + 1}: nội dung đã bị thay đổi (mã băm không khớp)."


def _rewrite_with_hash(b):
    i = _event_at(b, "approve")
    e = b["events"][i]
    e["comment"] = "Không đồng ý"
    e["hash"] = event_digest({k: v for k, v in e.items() if k != "hash"})
    return f"LỖI: Sự kiện #{i + 2}: không nối với sự kiện #{i + 1} (prev_hash khác mã băm của nó) — sự kiện #{i + 1} hoặc #{i + 2} đã bị viết lại."


def _delete_event(b):
    i = _event_at(b, "approve")
    del b["events"][i]
    return f"LỖI: Sự kiện #{i + 2} đứng ở vị trí thứ {i + 1}: có sự kiện bị xóa, chèn hoặc đổi thứ tự từ đây."


def _insert_event(b):
    i = _event_at(b, "approve")
    b["events"].insert(i, copy.deepcopy(b["events"][i - 1]))
    return f"LỖI: Sự kiện #{i} đứng ở vị trí thứ {i + 1}: có sự kiện bị xóa, chèn hoặc đổi thứ tự từ đây."


def _swap_events(b):
    i = _event_at(b, "approve")
    b["events"][i], b["events"][i + 1] = b["events"][i + 1], b["events"][i]
    return f"LỖI: Sự kiện #{i + 2} đứng ở vị trí thứ {i + 1}: có sự kiện bị xóa, chèn hoặc đổi thứ tự từ đây."


def _change_history_row(b):
    row = [r for r in b["rows"] if r["model"] == "plans.historicalsection"][-1]
    row["fields"]["body"] = "Nội dung khác"
    seq = next(e["seq"] for e in b["events"] for ref in e.get("rows", []) if (ref["model"], ref["id"]) == (row["model"], row["id"]))
    return f"LỖI: Sự kiện #{seq}: dòng plans.historicalsection #{row['id']} đã bị thay đổi (mã băm không khớp)."


def _remove_history_row(b):
    row = next(r for r in b["rows"] if r["model"] == "plans.historicalplan")
    b["rows"].remove(row)
    return f"LỖI: Sự kiện #1: thiếu dòng plans.historicalplan #{row['id']} mà sự kiện bảo chứng."


def _extra_row(b):
    row = copy.deepcopy(next(r for r in b["rows"] if r["model"] == "plans.historicalplan"))
    row["id"] = row["fields"]["history_id"] = 999999
    b["rows"].append(row)
    return "LỖI: Dòng plans.historicalplan #999999 trong gói không thuộc sự kiện nào."


def _change_signature_listing(b):
    b["signatures"][0]["content_hash"] = "f" * 64
    return f"LỖI: Chữ ký #{b['signatures'][0]['id']} trong gói khác với bản được bảo chứng ở trường content_hash."


def _change_content(b):
    b["content"]["subject"] = "Trích yếu khác"
    return "LỖI: Nội dung kế hoạch trong gói không khớp mã băm nội dung (content_hash)."


def _change_content_and_its_hash(b):
    from audit.record.canonical import canonical_json, sha256_hex

    b["content"]["subject"] = "Trích yếu khác"
    b["content_hash"] = sha256_hex(canonical_json(b["content"]))
    return "LỖI: Kế hoạch đã ban hành nhưng không có chữ ký chính nào của người ký khớp nội dung trong gói."


def _change_checkpoint(b):
    b["checkpoint"]["heads_root"] = "ab" * 32
    return f"LỖI: Điểm kiểm tra #{b['checkpoint']['id']}: chữ ký không hợp lệ — điểm kiểm tra đã bị sửa."


def _change_checkpointed_head(b):
    b["checkpoint"]["proof"]["head"].update(seq=3, hash=b["events"][2]["hash"])
    return f"LỖI: Điểm kiểm tra #{b['checkpoint']['id']}: đầu chuỗi không nằm trong cây đã ký — gói hoặc điểm kiểm tra đã bị sửa."


def _claim_not_checkpointed(b):
    b["checkpoint"]["proof"] = {"head": None, "before": None, "after": None}
    return (
        f"LỖI: Điểm kiểm tra #{b['checkpoint']['id']}: không chứng minh được kế hoạch vắng mặt trong điểm kiểm tra"
        " — gói hoặc điểm kiểm tra đã bị sửa."
    )


def _rewind_after_checkpoint(b):
    del b["events"][-2:]
    b["rows"] = [r for r in b["rows"] if (r["model"], r["id"]) in {(x["model"], x["id"]) for e in b["events"] for x in e.get("rows", [])}]
    return f"LỖI: Chuỗi ngắn hơn điểm kiểm tra #{b['checkpoint']['id']}: điểm kiểm tra ghi đến sự kiện #15, gói chỉ có đến #13."


@pytest.mark.parametrize(
    "tamper",
    [
        _change_comment,
        _rewrite_with_hash,
        _delete_event,
        _insert_event,
        _swap_events,
        _change_history_row,
        _remove_history_row,
        _extra_row,
        _change_signature_listing,
        _change_content,
        _change_content_and_its_hash,
        _change_checkpoint,
        _change_checkpointed_head,
        _claim_not_checkpointed,
        _rewind_after_checkpoint,
    ],
)
def test_a_tampered_bundle_is_rejected_and_the_first_broken_event_named(bundle, tmp_path, tamper):
    tampered = copy.deepcopy(bundle)
    expected = tamper(tampered)
    result = run_verifier(write(tmp_path, tampered))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.strip() == expected


def test_a_file_that_is_not_a_bundle(tmp_path):
    path = tmp_path / "not.json"
    path.write_text("{not json", encoding="utf-8")
    result = run_verifier(path)
    assert result.returncode == 2 and "KHÔNG ĐỌC ĐƯỢC" in result.stderr
    assert run_verifier(write(tmp_path, {"format": "other"})).returncode == 2
