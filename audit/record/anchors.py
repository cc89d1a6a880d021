"""Anchors: the checkpoints kept outside the database, and the public key trusted to sign them.

Someone who can write the database can rewrite a chain, recompute its hashes and delete the
checkpoints; a key read from that database proves nothing. So verification trusts two things the
database does not hold:

- settings.PLANFLOW_AUDIT_PUBLIC_KEY: the installation's checkpoint key (hex), configured from the
  environment (`manage.py audit_trust` prints it);
- the anchor file `checkpoints.jsonl` in settings.PLANFLOW_AUDIT_ANCHOR_DIR (default var/anchors/):
  every checkpoint, as audit.record.checkpoints.as_dict gives it but without its heads (the signed
  Merkle root stands for them, so a line stays under a kilobyte however many plans there are), one
  JSON object a line, appended when it is written. Keep the directory on other storage than the database (or ship the file
  away): only then does deleting the checkpoints from the database leave a trace.

Without the setting nothing is anchored: verification still checks the database's own checkpoints
but says "anchored": false. Written by audit.record.checkpoints.write_checkpoint; read by
audit.verify.trail.
"""

import json
import logging
import os
from pathlib import Path

from django.conf import settings

FILE_NAME = "checkpoints.jsonl"
TAIL_BYTES = 64 * 1024  # far more than one line
logger = logging.getLogger(__name__)


def configured_public_key():
    """The trusted checkpoint key (lower-case hex), or None when PLANFLOW_AUDIT_PUBLIC_KEY is unset."""
    key = (getattr(settings, "PLANFLOW_AUDIT_PUBLIC_KEY", "") or "").strip().lower()
    return key or None


def anchor_file():
    return Path(settings.PLANFLOW_AUDIT_ANCHOR_DIR) / FILE_NAME


def append(checkpoint_data):
    """Append one checkpoint (its dict form, heads left out) to the anchor file, flushed to disk."""
    checkpoint_data = {key: value for key, value in checkpoint_data.items() if key != "heads"}
    path = anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(checkpoint_data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def _parsed(line):
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and type(data.get("id")) is int else None


def latest():
    """(the last kept anchor or None, a problem or None), reading only the end of the file."""
    path = anchor_file()
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - TAIL_BYTES))
            tail = handle.read().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, f"Không đọc được tệp neo {path}: {error}"
    lines = [line for line in tail.splitlines() if line.strip()]
    if not lines:
        return None, None
    data = _parsed(lines[-1])
    if data is None:
        return None, f"Dòng cuối của tệp neo {path} không đọc được — tệp neo đã bị sửa."
    return data, None


def kept():
    """(checkpoints, problems): the anchors kept in the file, each a dict, and a sentence for each
    line that cannot be read. No file: ([], [])."""
    path = anchor_file()
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.readlines()
    except FileNotFoundError:
        return [], []
    except (OSError, ValueError) as error:
        return [], [f"Không đọc được tệp neo {path}: {error}"]
    checkpoints, problems = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        data = _parsed(line)
        if data is None:
            problems.append(f"Dòng {number} của tệp neo {path} không đọc được — tệp neo đã bị sửa.")
            continue
        checkpoints.append(data)
    return checkpoints, problems
