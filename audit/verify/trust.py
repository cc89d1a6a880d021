"""What verification trusts instead of the database: the configured key and the kept anchors.

audit.record.anchors says where they come from. Here they are compared with the database:

- the database's checkpoint key (the installation key, or the configured signer's) must be the
  configured one (PLANFLOW_AUDIT_PUBLIC_KEY): a key swapped in the database is a problem;
- every kept anchor must carry a valid signature of the configured key and still be in the
  database, unchanged (same signature and Merkle root): checkpoints deleted or rewritten there
  are problems, even when the chains were rewritten consistently.

One plan's verification (the API, the verify page) compares the latest anchor only: reading it
costs one seek. `audit_verify` compares them all (`all_problems`).
"""

import datetime as dt

from django.utils import timezone

from audit.models import Checkpoint
from audit.record import anchors
from audit.record.canonical import CanonicalizationError, checkpoint_message
from audit.record.keys import signature_valid, trusted_public_key_hex


def database_key_problems(key):
    """The database's checkpoint key against the configured `key` (none when `key` is None)."""
    stored = trusted_public_key_hex()
    if key is None or stored is None or stored.lower() == key:
        return []
    return [
        f"Khóa ký điểm kiểm tra trong cơ sở dữ liệu ({stored[:16]}…) khác khóa tin cậy đã cấu hình "
        f"PLANFLOW_AUDIT_PUBLIC_KEY ({key[:16]}…) — khóa trong cơ sở dữ liệu đã bị thay."
    ]


def latest_anchor_problems(key):
    """The latest kept anchor against the database (none when no key is configured)."""
    if key is None:
        return []
    data, problem = anchors.latest()
    if problem:
        return [problem]
    if data is None:
        return []
    return _anchor_problems(data, key, Checkpoint.objects.filter(pk=data["id"]).first())


def all_problems(key):
    """The database key and every kept anchor (`audit_verify`)."""
    if key is None:
        return []
    problems = database_key_problems(key)
    kept, unreadable = anchors.kept()
    problems += unreadable
    stored = {c.pk: c for c in Checkpoint.objects.filter(pk__in=[data["id"] for data in kept])}
    for data in kept:
        problems += _anchor_problems(data, key, stored.get(data["id"]))
    return problems


def _anchor_problems(data, key, stored):
    number = data["id"]
    try:
        valid = str(data.get("public_key", "")).lower() == key and signature_valid(key, data["signature"], checkpoint_message(data))
    except (CanonicalizationError, KeyError, TypeError, ValueError, AttributeError):
        valid = False
    if not valid:
        return [f"Điểm kiểm tra #{number} trong tệp neo: chữ ký không hợp lệ với khóa tin cậy — tệp neo đã bị sửa."]
    when = _when(data.get("created_at"))
    if stored is None:
        return [
            f"Điểm kiểm tra #{number} (lập lúc {when}, giữ trong tệp neo) không còn trong cơ sở dữ liệu "
            "— điểm kiểm tra đã bị xóa, chuỗi có thể đã bị viết lại."
        ]
    if stored.signature != data["signature"] or stored.heads_root != data.get("heads_root"):
        return [
            f"Điểm kiểm tra #{number} (lập lúc {when}) trong cơ sở dữ liệu khác với bản giữ trong tệp neo — điểm kiểm tra đã bị viết lại."
        ]
    return []


def _when(text):
    try:
        return timezone.localtime(dt.datetime.fromisoformat(text)).strftime("%d/%m/%Y %H:%M")
    except (TypeError, ValueError):
        return "?"
