"""Verify a plan's audit bundle offline, without the application or its database.

    python -m audit.verify.bundle BUNDLE.json [--public-key HEX] [--ca-fingerprint SHA256]
                                             [--checkpoint CHECKPOINT.json]

(`python -m audit.verify_bundle` is the same command.) Needs Python 3.11+, the standard library and
`cryptography`, and five files of this repository: audit/__init__.py, audit/record/canonical.py,
audit/record/merkle.py, audit/verify/bundle_signatures.py and this one. It never imports Django.
The bundle comes from GET /api/audit/export/?plan=ID; its format is documented in
audit/verify/export.py. --public-key pins the installation's public key (hex, as `manage.py
audit_checkpoint` or `audit_trust` prints it); --ca-fingerprint pins the CA that issued the
signers' certificates (SHA-256 of its DER, as `audit_trust` prints it); --checkpoint adds a checkpoint you kept yourself
(`audit_checkpoint --export FILE`), whose head for this plan the bundle must still contain.

It checks, stopping at the first problem:

1. every event, oldest first: it belongs to the plan, its seq is its position, its hash is the
   SHA-256 of its canonical payload, its prev_hash is the previous event's hash, and each row it
   covers is in the bundle with the digest the event recorded;
2. every row in the bundle is covered by some event; each listed signature agrees with its
   covered row;
3. the plan content hashes to `content_hash`, and an issued plan (by its last event's state)
   carries a main signature of its signer over exactly that hash;
4. every signature record: its bytes against its certificate and the text it claims to sign, the
   certificate against the bundle's CA certificates (version 2; a version 1 bundle carries none and
   is refused), the CA against --ca-fingerprint (audit.verify.bundle_signatures);
5. the header (`plan`: subject, state, review round, number, symbol) equals what the content, the
   plan's latest covered history row and the events say; an issued plan's seal signs its number;
6. each checkpoint (the bundle's, and the one given with --checkpoint) is validly signed, with
   the pinned key if one was given; its head for this plan is proven (version 2: the bundle's
   Merkle path to the signed root, or the kept file's heads giving that root); and the chain has
   the checkpointed hash at the checkpointed seq.

Exit status 0 and a line starting with "OK" when all holds; 1 and the problem (naming the first
broken event) otherwise; 2 when the file cannot be read as a bundle (not JSON, nested too deep, parts of the wrong type).
"""

import argparse
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audit.record import merkle
from audit.record.canonical import GENESIS, CanonicalizationError, canonical_json, checkpoint_message, event_digest, row_digest, sha256_hex
from audit.verify.bundle_signatures import SignatureProblem, check_record, trusted_cas

BUNDLE_FORMAT = "planflow-audit-bundle"
VERSIONS = (1, 2)  # version 1 (no CA certificates) is read, and refused
CHECKPOINT_FORMAT = "planflow-audit-checkpoint"
ISSUED_STATES = {"issued", "reporting", "closed"}


class Broken(Exception):
    """The bundle does not verify; the message says where, in Vietnamese."""


class Unreadable(Exception):
    """The file is not a bundle at all."""


def verify(bundle, public_key=None, kept_checkpoint=None, ca_fingerprint=None):
    """Check `bundle` (a dict); returns a one-line summary or raises Broken (or Unreadable)."""
    if not isinstance(bundle, dict) or bundle.get("format") != BUNDLE_FORMAT or bundle.get("version") not in VERSIONS:
        raise Unreadable("Không phải gói kiểm tra planflow (format/version).")
    try:
        plan_id = bundle["plan"]["id"]
        events, rows, signatures = bundle["events"], bundle["rows"], bundle["signatures"]
        content, content_hash = bundle["content"], bundle["content_hash"]
    except (KeyError, TypeError) as error:
        raise Unreadable(f"Gói thiếu phần {error}.") from error
    shapes = {"plan": dict, "events": list, "rows": list, "signatures": list, "content": dict, "content_hash": str}
    wrong = [name for name, kind in shapes.items() if not isinstance(bundle[name], kind)]
    if wrong:
        raise Unreadable(f"Gói có phần sai kiểu: {', '.join(wrong)}.")

    stored_rows = _index_rows(rows)
    covered = _check_events(plan_id, events, stored_rows)
    _check_rows_and_signatures(stored_rows, covered, signatures)
    _check_content(events, content, content_hash, stored_rows, covered)
    if bundle["version"] < 2:
        raise Broken("Gói phiên bản 1 không mang chứng thư CA nên không kiểm tra được chữ ký: hãy tải lại gói (phiên bản 2).")
    seals = _check_signature_records(plan_id, stored_rows, content, bundle.get("ca_certificates"), ca_fingerprint)
    _check_header(bundle["plan"], plan_id, content, content_hash, events, stored_rows, seals)
    notes, anchored = [], False
    for checkpoint in (bundle.get("checkpoint"), kept_checkpoint):
        if checkpoint is not None:
            note, holds_plan = _check_checkpoint(checkpoint, plan_id, events, public_key)
            notes.append(note)
            anchored = anchored or holds_plan
    if not anchored and public_key is not None:
        raise Broken(
            "Gói không có điểm kiểm tra nào chứa kế hoạch này: không neo được chuỗi vào khóa tin cậy "
            "(điểm kiểm tra bị bỏ khỏi gói, hoặc kế hoạch mới hơn điểm kiểm tra gần nhất)."
        )
    if not anchored:
        notes.insert(0, "CHƯA ĐƯỢC NEO (not anchored): không điểm kiểm tra nào chứa kế hoạch này, chuỗi có thể đã bị viết lại toàn bộ")
    if public_key is None:
        notes.append("khóa công khai chưa được đối chiếu (dùng --public-key)")
    if ca_fingerprint is None:
        notes.append("CA chưa được đối chiếu (dùng --ca-fingerprint)")
    return f"OK — kế hoạch #{plan_id}: {len(events)} sự kiện, {len(stored_rows)} dòng được bảo chứng; " + "; ".join(notes)


def _index_rows(rows):
    stored = {}
    for row in rows:
        try:
            key = (row["model"], row["id"])
            fields = row["fields"]
        except (KeyError, TypeError) as error:
            raise Broken(f"Gói có một dòng không hợp lệ: {row!r:.80}") from error
        if key in stored:
            raise Broken(f"Gói có hai bản của dòng {key[0]} #{key[1]}.")
        stored[key] = fields
    return stored


def _check_events(plan_id, events, stored_rows):
    """Walk the chain; returns the set of (model, id) the events cover."""
    covered = set()
    previous = GENESIS
    for position, event in enumerate(events, start=1):
        if not isinstance(event, dict) or not isinstance(event.get("hash"), str):
            raise Broken(f"Sự kiện thứ {position} trong gói không hợp lệ.")
        payload = {key: value for key, value in event.items() if key != "hash"}
        seq = payload.get("seq")
        name = f"Sự kiện #{seq}" if isinstance(seq, int) else f"Sự kiện thứ {position}"
        if payload.get("plan") != plan_id:
            raise Broken(f"{name}: thuộc kế hoạch khác (#{payload.get('plan')}), không phải #{plan_id}.")
        if seq != position:
            raise Broken(f"{name} đứng ở vị trí thứ {position}: có sự kiện bị xóa, chèn hoặc đổi thứ tự từ đây.")
        try:
            digest = event_digest(payload)
        except CanonicalizationError as error:
            raise Broken(f"{name}: dữ liệu không chuẩn hóa được ({error}).") from error
        if digest != event["hash"]:
            raise Broken(f"{name}: nội dung đã bị thay đổi (mã băm không khớp).")
        if payload.get("prev_hash") != previous:
            raise Broken(
                f"{name}: không nối với sự kiện #{seq - 1} (prev_hash khác mã băm của nó) — sự kiện #{seq - 1} hoặc #{seq} đã bị viết lại."
            )
        for ref in payload.get("rows") or []:
            key = (ref.get("model"), ref.get("id")) if isinstance(ref, dict) else (None, None)
            if key not in stored_rows:
                raise Broken(f"{name}: thiếu dòng {key[0]} #{key[1]} mà sự kiện bảo chứng.")
            try:
                row_ok = row_digest(stored_rows[key]) == ref.get("sha256")
            except CanonicalizationError:
                row_ok = False
            if not row_ok:
                raise Broken(f"{name}: dòng {key[0]} #{key[1]} đã bị thay đổi (mã băm không khớp).")
            covered.add(key)
        previous = event["hash"]
    return covered


def _check_rows_and_signatures(stored_rows, covered, signatures):
    for key in stored_rows:
        if key not in covered:
            raise Broken(f"Dòng {key[0]} #{key[1]} trong gói không thuộc sự kiện nào.")
    for signature in signatures:
        key = ("approvals.signature", signature.get("id"))
        row = stored_rows.get(key)
        if row is None:
            raise Broken(f"Chữ ký #{signature.get('id')} không được sự kiện nào bảo chứng.")
        pairs = {
            "kind": "kind",
            "review_round": "review_round",
            "signer": "signer_id",
            "signed_at": "signed_at",
            "content_hash": "content_hash",
        }
        differing = [name for name, column in pairs.items() if signature.get(name) != row.get(column)]
        if differing:
            raise Broken(f"Chữ ký #{signature.get('id')} trong gói khác với bản được bảo chứng ở trường {', '.join(differing)}.")


def _check_content(events, content, content_hash, stored_rows, covered):
    try:
        recomputed = sha256_hex(canonical_json(content))
    except CanonicalizationError as error:
        raise Broken(f"Nội dung kế hoạch trong gói không chuẩn hóa được ({error}).") from error
    if recomputed != content_hash:
        raise Broken("Nội dung kế hoạch trong gói không khớp mã băm nội dung (content_hash).")
    state = events[-1].get("to_state") if events else None
    if state not in ISSUED_STATES:
        return
    signer = content.get("signer") if isinstance(content, dict) else None
    for (model, _id), row in stored_rows.items():
        if (
            model == "approvals.signature"
            and row.get("kind") == "main"
            and row.get("content_hash") == content_hash
            and row.get("signer_id") == signer
        ):
            return
    raise Broken("Kế hoạch đã ban hành nhưng không có chữ ký chính nào của người ký khớp nội dung trong gói.")


def _check_signature_records(plan_id, stored_rows, content, ca_pems, ca_fingerprint):
    """Verify every covered signature record (audit.verify.bundle_signatures); returns the seals'
    signed documents, each with its record's content hash."""
    records = [row for (model, _id), row in stored_rows.items() if model == "approvals.signature"]
    if not isinstance(ca_pems, list):
        raise Broken("Gói không có danh sách chứng thư CA (ca_certificates).")
    try:
        cas = trusted_cas(ca_pems, ca_fingerprint) if records or ca_fingerprint or ca_pems else []
        organization = content.get("organization")
        seals = []
        for row in records:
            document = check_record(row, plan_id, organization, cas)
            if row.get("kind") == "seal":
                seals.append(document)
        return seals
    except SignatureProblem as error:
        raise Broken(str(error)) from error


def _latest_plan_row(plan_id, stored_rows):
    rows = [row for (model, _id), row in stored_rows.items() if model == "plans.historicalplan" and row.get("id") == plan_id]
    if not rows:
        raise Broken("Gói không có dòng lịch sử nào của kế hoạch: không đối chiếu được phần đầu gói.")
    return max(rows, key=lambda row: row.get("history_id") if isinstance(row.get("history_id"), int) else -1)


def _check_header(header, plan_id, content, content_hash, events, stored_rows, seals):
    """The header must say what the covered data says: subject, state, round, number, symbol."""
    plan = _latest_plan_row(plan_id, stored_rows)
    number = plan.get("number")
    expected = {
        "subject": plan.get("subject"),
        "state": plan.get("state"),
        "review_round": plan.get("review_round"),
        "number": number,
        "symbol": None if number is None else f"{number:02d}/{plan.get('doc_type')}-",
    }
    differing = [key for key, value in expected.items() if key != "symbol" and header.get(key) != value]
    symbol = header.get("symbol")
    if (
        number is None
        and symbol is not None
        or number is not None
        and not (isinstance(symbol, str) and symbol.startswith(expected["symbol"]))
    ):
        differing.append("symbol")
    if content.get("subject") != plan.get("subject") or content.get("doc_type") != plan.get("doc_type"):
        raise Broken("Nội dung kế hoạch trong gói khác với dòng lịch sử mới nhất của kế hoạch.")
    last_state = events[-1].get("to_state") if events else None
    if last_state and last_state != plan.get("state"):
        differing.append("state")
    if differing:
        names = ", ".join(dict.fromkeys(differing))
        raise Broken(f"Phần đầu gói (plan) khác với nội dung, lịch sử và sự kiện được bảo chứng ở trường {names}.")
    if plan.get("state") in ISSUED_STATES and not any(
        seal.get("content_hash") == content_hash and seal.get("number") == number for seal in seals
    ):
        raise Broken(f"Kế hoạch đã ban hành nhưng không có chữ ký số của cơ quan nào ký số {number} trên nội dung trong gói.")


def _check_checkpoint(checkpoint, plan_id, events, public_key):
    try:
        number = checkpoint.get("id")
        key, signature = checkpoint["public_key"], checkpoint["signature"]
        message = checkpoint_message(checkpoint)
    except (KeyError, TypeError, AttributeError, CanonicalizationError) as error:
        raise Broken(f"Điểm kiểm tra không hợp lệ ({error}).") from error
    if checkpoint.get("format", CHECKPOINT_FORMAT) != CHECKPOINT_FORMAT:
        raise Broken("Tệp điểm kiểm tra không đúng định dạng.")
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(key)).verify(bytes.fromhex(signature), message)
    except (InvalidSignature, ValueError) as error:
        raise Broken(f"Điểm kiểm tra #{number}: chữ ký không hợp lệ — điểm kiểm tra đã bị sửa.") from error
    if public_key is not None and key.lower() != public_key.lower():
        raise Broken(f"Điểm kiểm tra #{number} được ký bằng khóa {key[:16]}…, không phải khóa tin cậy {public_key[:16]}….")
    head = _checkpointed_head(checkpoint, number, plan_id)
    if not head:
        return f"điểm kiểm tra #{number} chưa có kế hoạch này", False
    seq, expected = head
    if seq > len(events):
        raise Broken(f"Chuỗi ngắn hơn điểm kiểm tra #{number}: điểm kiểm tra ghi đến sự kiện #{seq}, gói chỉ có đến #{len(events)}.")
    if events[seq - 1].get("hash") != expected:
        raise Broken(f"Sự kiện #{seq} khác với điểm kiểm tra #{number}: chuỗi đã bị viết lại sau điểm kiểm tra.")
    anchored = f"khớp điểm kiểm tra #{number} (sự kiện #{seq})"
    if seq < len(events):
        anchored += f", các sự kiện #{seq + 1}–#{len(events)} chưa được neo"
    return anchored, True


def _checkpointed_head(checkpoint, number, plan_id):
    """(seq, hash) the signed checkpoint holds for the plan, or None if it holds none.

    A checkpoint signs the Merkle root of the heads: a whole checkpoint's heads must give that root,
    a bundle's `proof` must lead to it (audit.record.merkle)."""
    try:
        root, count = checkpoint["heads_root"], checkpoint["heads_count"]
        if "heads" in checkpoint:
            heads = checkpoint["heads"]
            if len(heads) != count or merkle.root(heads) != root:
                raise Broken(f"Điểm kiểm tra #{number}: danh sách đầu chuỗi khác với gốc Merkle đã ký — điểm kiểm tra đã bị sửa.")
            return heads.get(str(plan_id))
        return merkle.check_proof(checkpoint["proof"], plan_id, root, count)
    except (KeyError, TypeError, AttributeError) as error:
        raise Broken(f"Điểm kiểm tra #{number} không hợp lệ ({error}).") from error
    except ValueError as error:
        raise Broken(f"Điểm kiểm tra #{number}: {error} — gói hoặc điểm kiểm tra đã bị sửa.") from error


def _load(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except RecursionError as error:
        raise Unreadable(f"Không đọc được {path}: JSON lồng quá sâu.") from error
    except (OSError, ValueError) as error:
        raise Unreadable(f"Không đọc được {path}: {error}") from error


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m audit.verify.bundle", description="Kiểm tra gói nhật ký kiểm toán planflow.")
    parser.add_argument("bundle", help="tệp JSON tải từ /api/audit/export/?plan=ID")
    parser.add_argument("--public-key", help="khóa công khai tin cậy của hệ thống (hex)")
    parser.add_argument("--ca-fingerprint", help="dấu vân tay SHA-256 (hex) của chứng thư CA tin cậy (manage.py audit_trust)")
    parser.add_argument("--checkpoint", help="tệp điểm kiểm tra đã lưu riêng (audit_checkpoint --export)")
    args = parser.parse_args(argv)
    try:
        bundle = _load(args.bundle)
        kept = _load(args.checkpoint) if args.checkpoint else None
        print(verify(bundle, public_key=args.public_key, kept_checkpoint=kept, ca_fingerprint=args.ca_fingerprint))
    except Unreadable as error:
        print(f"KHÔNG ĐỌC ĐƯỢC (unreadable): {error}", file=sys.stderr)
        return 2
    except (KeyError, TypeError, AttributeError, ValueError, IndexError, RecursionError) as error:
        # A part of the wrong type or shape somewhere the checks did not expect one: not a bundle.
        print(f"KHÔNG ĐỌC ĐƯỢC (unreadable): gói sai cấu trúc ({type(error).__name__}).", file=sys.stderr)
        return 2
    except Broken as error:
        print(f"LỖI: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
