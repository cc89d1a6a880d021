"""Recompute a plan's audit trail and say precisely, in Vietnamese, what does not add up.

`verify_plan(plan_id)` checks, inside one read-only snapshot:

1. the hash chain (audit.chainwalk): changed, deleted, inserted, reordered events, and rewrites
   whose hashes were recomputed;
2. the rows the events cover (their `rows` digests): a history row or record changed or deleted;
   a history row or record of the plan that no event covers (inserted, or written outside the
   system);
3. live rows: the plan and each of its parts must equal their latest history row;
4. signatures: for an issued/reporting/closed plan, a main signature of the current round over
   the plan's current content (plans.content.content_hash);
5. the latest checkpoint: its Ed25519 signature and key, and that the chain still has, at the
   checkpointed seq, the checkpointed hash (and is not shorter).

Events are streamed in chunks (`iterator`) through a walker whose memory is bounded, and row
digests are checked in batches, so memory does not grow with the length of the chain (only the
set of covered row ids, a few bytes per history row of the plan, does).
"""

import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst

from .canonical import GENESIS, CanonicalizationError, checkpoint_digest, event_digest, row_digest
from .chain import payload_of
from .chainwalk import ChainWalker
from .checkpoints import as_dict, checkpoint_signature_ok, latest_checkpoint
from .keys import trusted_public_key_hex
from .models import AuditEvent, Checkpoint
from .rows import attnames, fields_of_values
from .tracked import HISTORY, RECORDS, history_labels, history_rows, live_rows, noun

CHUNK = 5000
REF_BATCH = 2000
MAX_PROBLEMS = 1000
EVENT_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "kind",
    "action",
    "from_state",
    "to_state",
    "comment",
    "changes",
    "rows",
    "prev_hash",
    "hash",
)


@dataclass
class VerifyReport:
    plan_id: int
    events: int = 0
    chain_problems: list = field(default_factory=list)
    signature_problems: list = field(default_factory=list)
    omitted: int = 0

    def chain(self, message):
        self._add(self.chain_problems, message)

    def signature(self, message):
        self._add(self.signature_problems, message)

    def _add(self, target, message):
        if len(self.chain_problems) + len(self.signature_problems) >= MAX_PROBLEMS:
            self.omitted += 1
        else:
            target.append(message)

    @property
    def chain_ok(self):
        return not self.chain_problems

    @property
    def signatures_ok(self):
        return not self.signature_problems

    @property
    def ok(self):
        return self.chain_ok and self.signatures_ok

    @property
    def problems(self):
        problems = self.chain_problems + self.signature_problems
        if self.omitted:
            problems.append(f"… và {self.omitted} vấn đề khác.")
        return problems

    def as_dict(self):
        """The body of GET /api/plans/{id}/verify/ (API.md)."""
        return {"ok": self.ok, "chain_ok": self.chain_ok, "signatures_ok": self.signatures_ok, "problems": self.problems}


@contextmanager
def snapshot():
    """One consistent, read-only view of the database for a whole verification."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def verify_plan(plan_id, checkpoint="latest"):
    """Everything about one plan's audit trail; `checkpoint` is a Checkpoint, None or "latest"."""
    report = VerifyReport(plan_id=plan_id)
    with snapshot():
        if checkpoint == "latest":
            checkpoint = latest_checkpoint()
        walker = ChainWalker()
        head = checkpoint.heads.get(str(plan_id)) if checkpoint is not None else None
        if head:
            walker.watch(head[0])
        refs = RowRefs()
        walk_events(plan_id, walker, refs)
        refs.flush()
        report.events = walker.count
        for problem in walker.finish() + refs.chain_problems:
            report.chain(problem)
        for problem in refs.signature_problems:
            report.signature(problem)
        check_rows(plan_id, refs.seen, report)
        check_signatures(plan_id, report)
        if checkpoint is not None:
            check_checkpoint(checkpoint, head, walker, report)
    return report


def walk_events(plan_id, walker, refs):
    """The hot loop. Each event's canonical payload is assembled from its stored columns with one
    string template — `changes` and `rows` are stored as canonical JSON text (CanonicalJSONField),
    so nothing is parsed. Only when that digest differs from the stored hash is the payload rebuilt
    the slow, exact way (parsing the JSON), and handed to the walker to find out why."""
    feed, sha256, text = walker.feed, hashlib.sha256, _string
    for row in _event_rows(plan_id):
        seq, at, actor, kind, action, from_state, to_state, comment, changes, covered, prev_hash, stored = row
        canonical = _TEMPLATE % (
            text(action),
            "null" if actor is None else actor,
            text(_iso(at)),
            changes,
            text(comment),
            text(from_state),
            text(kind),
            plan_id,
            text(prev_hash),
            "" if covered == "[]" else ',"rows":' + covered,
            seq,
            text(to_state),
        )
        computed = sha256(canonical.encode("utf-8")).hexdigest()
        if covered != "[]":
            refs.add_text(seq, covered)
        if computed == stored:
            feed(seq, computed, prev_hash, stored)
        else:
            payload = exact_payload(plan_id, row)
            feed(seq, _digest_or_blank(payload), prev_hash, stored, payload)


# The payload of audit.chain.payload_of with its keys in RFC 8785 order; "rows" only when not empty.
_TEMPLATE = (
    '{"action":%s,"actor":%s,"at":%s,"changes":%s,"comment":%s,"from_state":%s,"kind":%s,"plan":%d,"prev_hash":%s%s,"seq":%d,"to_state":%s}'
)
_string = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring  # escapes as RFC 8785 does


def _iso(at):
    """The event time as audit.chain writes it (ISO 8601, UTC), from what the database driver gave."""
    if isinstance(at, str):  # UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]" (SQLite) or "…THH:MM:SS.ffffff" (PostgreSQL)
        if at.endswith(".000000"):
            at = at[:-7]  # isoformat() leaves out a zero fraction
        return at[:10] + "T" + at[11:] + "+00:00"
    if at.tzinfo is None:
        return at.isoformat() + "+00:00"
    if at.utcoffset() != _ZERO:
        at = at.astimezone(dt.UTC)
    return at.isoformat()


_ZERO = dt.timedelta(0)


def _exact_iso(at):
    if isinstance(at, str):
        parsed = parse_datetime(at)
        if parsed is None:
            return at
        at = parsed
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(dt.UTC).isoformat()


def _json(value):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value  # not JSON at all: hashes as a string, so it will not match
    return value


def _digest_or_blank(payload):
    try:
        return event_digest(payload)
    except CanonicalizationError:
        return ""


def exact_payload(plan_id, row):
    """The payload of one raw event row, built exactly as audit.chain.event_payload builds it."""
    seq, at, actor, kind, action, from_state, to_state, comment, changes, covered, prev_hash, _stored = row
    return payload_of(
        plan_id, seq, _exact_iso(at), actor, kind, action, from_state, to_state, comment, _json(changes), _json(covered), prev_hash
    )


def _event_rows(plan_id):
    """Raw tuples (EVENT_FIELDS) of the plan's events in seq order, streamed in chunks from a
    server-side cursor on PostgreSQL — no model instances, no field converters. The event time
    comes as text, which is cheaper to turn into ISO 8601 than a datetime."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    if connection.vendor == "postgresql":
        at = """to_char("at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')"""
    else:
        at = 'CAST("at" AS TEXT)'
    columns = ", ".join(at if name == "at" else connection.ops.quote_name(name) for name in EVENT_FIELDS)
    sql = f"SELECT {columns} FROM {table} WHERE plan_id = %s ORDER BY seq"
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [plan_id])
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def iter_payloads(plan_id):
    """(payload, stored hash) of each event of the plan in seq order (for the export)."""
    for row in _event_rows(plan_id):
        yield exact_payload(plan_id, row), row[-1]


_REF = re.compile(r'\{"id":(\d+),"model":"([a-z0-9_]+\.[a-z0-9_]+)","sha256":"([0-9a-f]{64})"\}')
_REF_TEXT = '{"id":%d,"model":"%s","sha256":"%s"}'


class RowRefs:
    """Checks the rows events refer to, in batches; remembers which rows are covered."""

    def __init__(self):
        self.chain_problems, self.signature_problems = [], []
        self.pending = []
        self.seen = defaultdict(set)  # label -> ids covered by some event
        self.models = {label: entry.history_model for label, entry in history_labels().items()}
        self.models.update({entry.label: entry.model for entry in RECORDS})

    def add_text(self, seq, text):
        """`rows` as stored: canonical text is read with a regular expression, anything else parsed."""
        refs = [{"id": int(pk), "model": model, "sha256": digest} for pk, model, digest in _REF.findall(text)]
        if "[" + ",".join(_REF_TEXT % (r["id"], r["model"], r["sha256"]) for r in refs) + "]" != text:
            refs = _json(text)
        self.add(seq, refs)

    def add(self, seq, covered):
        if not isinstance(covered, list):
            self.chain_problems.append(f"Sự kiện #{seq}: danh sách dòng được bảo chứng không hợp lệ.")
            return
        for ref in covered:
            if not (isinstance(ref, dict) and isinstance(ref.get("id"), int) and isinstance(ref.get("model"), str)):
                self.chain_problems.append(f"Sự kiện #{seq}: tham chiếu dòng không hợp lệ ({ref!r}).")
                continue
            if ref["model"] not in self.models:
                self.chain_problems.append(f"Sự kiện #{seq}: tham chiếu bảng không rõ “{ref['model']}”.")
                continue
            self.seen[ref["model"]].add(ref["id"])
            self.pending.append((seq, ref))
        if len(self.pending) >= REF_BATCH:
            self.flush()

    def flush(self):
        by_model = defaultdict(list)
        for seq, ref in self.pending:
            by_model[ref["model"]].append((seq, ref))
        self.pending = []
        for label, refs in by_model.items():
            model = self.models[label]
            names = attnames(model)
            pk_index = names.index(model._meta.pk.attname)
            digests = {}
            for values in model._default_manager.filter(pk__in={ref["id"] for _seq, ref in refs}).values_list(*names):
                fields = fields_of_values(model, values)
                digests[values[pk_index]] = (fields, row_digest(fields))
            for seq, ref in refs:
                found = digests.get(ref["id"])
                self._judge(seq, ref, model, found)

    def _judge(self, seq, ref, model, found):
        is_signature = model._meta.label_lower == "approvals.signature"
        add = (self.signature_problems if is_signature else self.chain_problems).append
        what = _row_name(model, ref["id"], found[0] if found else None)
        if found is None:
            add(f"Sự kiện #{seq}: {what} đã bị xóa.")
        elif found[1] != ref.get("sha256"):
            add(f"Sự kiện #{seq}: {what} đã bị thay đổi (mã băm không khớp).")


def _row_name(model, pk, fields):
    """'dòng lịch sử #12 của mục #4', 'chữ ký #3' …"""
    if hasattr(model, "instance_type"):  # a simple-history model
        owner = f" của {noun(model.instance_type)} #{fields['id']}" if fields else f" ({noun(model.instance_type)})"
        return f"dòng lịch sử #{pk}{owner}"
    return f"{noun(model)} #{pk}"


def check_rows(plan_id, seen, report):
    """Every history row and record of the plan is covered by some event (`seen`), and the plan and
    each of its parts equal their latest history row. One pass over each history table, newest
    version of each row first; the rows of one plan are held in memory."""
    for entry in HISTORY:
        model = entry.model
        names = attnames(model)
        pk_name = model._meta.pk.attname
        name = noun(model)
        covered = seen.get(entry.history_model._meta.label_lower, set())
        live = {}
        for values in live_rows(entry, plan_id).values_list(*names):
            fields = fields_of_values(model, values)
            live[fields[pk_name]] = fields
        last_id = None
        history = history_rows(entry, plan_id).order_by(pk_name, "-history_id").values_list("history_id", "history_type", *names)
        for history_id, history_type, *values in history:
            recorded = fields_of_values(model, values)
            object_id = recorded[pk_name]
            if history_id not in covered:
                report.chain(
                    f"Dòng lịch sử #{history_id} của {name} #{object_id} không thuộc sự kiện nào: "
                    "đã bị chèn vào hoặc được ghi ngoài hệ thống."
                )
            if object_id == last_id:
                continue  # an older version
            last_id = object_id
            _compare_live(capfirst(name), object_id, history_type, recorded, live.pop(object_id, None), names, report)
        for object_id in live:
            report.chain(f"{capfirst(name)} #{object_id} không có lịch sử: đã được ghi ngoài hệ thống.")
    for entry in RECORDS:
        covered = seen.get(entry.label, set())
        add = report.signature if entry.label == "approvals.signature" else report.chain
        for pk in live_rows(entry, plan_id).order_by("pk").values_list("pk", flat=True):
            if pk not in covered:
                add(f"{capfirst(noun(entry.model))} #{pk} không thuộc sự kiện nào: đã bị chèn vào hoặc được ghi ngoài hệ thống.")


def _compare_live(name, object_id, history_type, recorded, current, names, report):
    if history_type == "-":
        if current is not None:
            report.chain(f"{name} #{object_id} vẫn còn dù lịch sử ghi đã xóa: được ghi lại ngoài hệ thống.")
    elif current is None:
        report.chain(f"{name} #{object_id} đã bị xóa ngoài hệ thống (lịch sử không ghi việc xóa).")
    else:
        differing = [name for name in names if recorded[name] != current[name]]
        if differing:
            report.chain(f"{name} #{object_id} khác với bản lịch sử cuối ở trường {', '.join(differing)}: đã bị sửa ngoài hệ thống.")


def check_signatures(plan_id, report):
    """Every signature of the plan — key, certificate, signed text, and for the current round (and
    the seal) the plan's current content — as approvals.verify checks them; an issued plan must
    carry a valid main signature and seal."""
    from approvals.verify import verify_signatures
    from plans.models import Plan

    if not Plan.objects.filter(pk=plan_id).exists():
        report.chain(f"Kế hoạch #{plan_id} không còn trong cơ sở dữ liệu dù còn sự kiện hoặc điểm kiểm tra nhắc đến nó.")
        return
    _ok, problems = verify_signatures(plan_id)
    for problem in problems:
        report.signature(problem)


def _when(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def check_checkpoint(checkpoint, head, walker, report):
    data = as_dict(checkpoint)
    if not checkpoint_signature_ok(data):
        report.signature(f"Điểm kiểm tra #{checkpoint.pk}: chữ ký không hợp lệ — điểm kiểm tra đã bị sửa.")
    trusted = trusted_public_key_hex()
    if trusted and checkpoint.public_key != trusted:
        report.signature(f"Điểm kiểm tra #{checkpoint.pk} được ký bằng một khóa khác với khóa của hệ thống.")
    if not head:
        return
    seq, expected = head
    when = _when(checkpoint.created_at)
    if walker.last_pos < seq:
        report.chain(
            f"Chuỗi ngắn hơn điểm kiểm tra #{checkpoint.pk} (lập lúc {when}): điểm kiểm tra ghi đến sự kiện #{seq}, "
            f"chuỗi chỉ còn đến #{walker.last_pos} — các sự kiện cuối đã bị xóa."
        )
    elif seq not in walker.stored_hash_at:
        report.chain(f"Sự kiện #{seq} ghi trong điểm kiểm tra #{checkpoint.pk} (lập lúc {when}) không còn trong chuỗi.")
    elif walker.stored_hash_at[seq] != expected:
        report.chain(f"Sự kiện #{seq} khác với điểm kiểm tra #{checkpoint.pk} (lập lúc {when}): chuỗi đã bị viết lại sau điểm kiểm tra.")


def verify_checkpoints():
    """The checkpoints themselves: each signed with the installation key and linked to the previous."""
    problems = []
    trusted = trusted_public_key_hex()
    expected_prev = GENESIS
    for checkpoint in Checkpoint.objects.order_by("id").iterator(chunk_size=100):
        data = as_dict(checkpoint)
        if not checkpoint_signature_ok(data):
            problems.append(f"Điểm kiểm tra #{checkpoint.pk}: chữ ký không hợp lệ — điểm kiểm tra đã bị sửa.")
        if trusted and checkpoint.public_key != trusted:
            problems.append(f"Điểm kiểm tra #{checkpoint.pk} được ký bằng một khóa khác với khóa của hệ thống.")
        if checkpoint.prev != expected_prev:
            problems.append(f"Điểm kiểm tra #{checkpoint.pk} không nối với điểm kiểm tra trước: có điểm kiểm tra bị xóa hoặc chèn.")
        expected_prev = checkpoint_digest(data)
    return problems


def plan_ids_to_verify():
    """Every plan, plus any plan the latest checkpoint names (its rows may have been removed)."""
    from plans.models import Plan

    ids = set(Plan.objects.values_list("pk", flat=True))
    ids.update(AuditEvent.objects.values_list("plan_id", flat=True).distinct())
    checkpoint = latest_checkpoint()
    if checkpoint is not None:
        ids.update(int(plan_id) for plan_id in checkpoint.heads)
    return sorted(ids)
