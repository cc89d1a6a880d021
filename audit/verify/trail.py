"""Recompute a plan's audit trail and say precisely, in Vietnamese, what does not add up.

`verify_plan(plan_id)` checks, inside one read-only snapshot:

1. the hash chain (audit.verify.chainwalk): changed, deleted, inserted, reordered events, and rewrites
   whose hashes were recomputed;
2. the rows the events cover (their `rows` digests): a history row or record changed or deleted;
   a history row or record of the plan that no event covers (inserted, or written outside the
   system);
3. live rows: the plan and each of its parts must equal their latest history row;
4. signatures, as approvals.verify checks them (key, certificate, signed text; the current
   round's signatures and the seal over the plan's current content, plans.content.content_hash);
   an issued/reporting/closed plan must carry a valid main signature and seal;
5. the latest checkpoint: its Ed25519 signature and key, and that the chain still has, at the
   checkpointed seq, the checkpointed hash (and is not shorter);
6. trust (audit.verify.trust): with PLANFLOW_AUDIT_PUBLIC_KEY configured, the checkpoint must be
   signed with that key — not merely the one the database holds — and the latest anchor kept
   outside the database must still be there; the report is then `anchored`. Without the setting
   nothing is anchored: a rewrite of the whole database, checkpoints included, cannot be seen.

Events are streamed in chunks from a server-side cursor and hashed from their stored columns
without building model instances (walk_events); the walker keeps only a window of recent events.
Memory therefore does not grow with the number of events — only the digests the events claim for
their rows (about a hundred bytes per history row of the plan) and one plan's live rows of one
model at a time are held. bench/verify_bench.py measures the speed.
"""

import datetime as dt
import gc
import hashlib
import json
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst

from audit.models import AuditEvent, Checkpoint
from audit.record.anchors import configured_public_key
from audit.record.canonical import GENESIS, CanonicalizationError, checkpoint_digest, event_digest, row_digest
from audit.record.chain import payload_of
from audit.record.checkpoints import as_dict, checkpoint_signature_ok, latest_checkpoint, stored_checkpoint_ok
from audit.record.keys import trusted_public_key_hex
from audit.record.rows import attnames, fields_of_values
from audit.record.tracked import HISTORY, RECORDS, history_labels, live_rows_in, noun
from audit.verify.chainwalk import ChainWalker
from audit.verify.parallel import can_run_in_parallel, verify_batches
from audit.verify.rowscan import plan_condition, row_format, scan, utc_iso, utc_text_sql
from audit.verify.trust import all_problems, database_key_problems, latest_anchor_problems
from audit.verify.wrong_types import wrong_type_problems

CHUNK = 5000
BATCH = 500  # plans checked together (audit_verify over every plan)
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
    anchored: bool = False  # a checkpoint signed with the configured key holds this chain (see 6.)
    signatures: list = field(default_factory=list)  # the issued PDF's validation reports (documents.validation), when checked

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
        """The body of GET /api/plans/{id}/verify/ (docs/API.md)."""
        return {
            "ok": self.ok,
            "chain_ok": self.chain_ok,
            "signatures_ok": self.signatures_ok,
            "anchored": self.anchored and self.ok,
            "problems": self.problems,
            "signatures": self.signatures,
        }


@contextmanager
def snapshot():
    """One consistent view of the database for a whole verification: on PostgreSQL a REPEATABLE READ
    transaction, so events and rows appended meanwhile are not half seen. (Not READ ONLY: checking
    signatures may make the installation's CA key on first use, approvals.keys.)"""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def verify_plan(plan_id, checkpoint="latest"):
    """Everything about one plan's audit trail; `checkpoint` is a Checkpoint, None or "latest"."""
    return next(verify_plans([plan_id], checkpoint))


def verify_plans(plan_ids, checkpoint="latest", batch=BATCH, workers=1):
    """A VerifyReport for each plan of `plan_ids`, in that order, all in one snapshot.

    Plans are checked `batch` at a time with the same few queries per batch (events of all its
    chains ordered by (plan, seq), each history and live table once, the records, the plans'
    states and signatures), so the cost per plan is no longer a round of ~40 queries. With
    `workers` > 1 on PostgreSQL, and when no transaction is open already, the batches are checked
    by that many processes sharing the snapshot (audit.verify.parallel)."""
    plan_ids = list(plan_ids)
    batches = [plan_ids[start : start + batch] for start in range(0, len(plan_ids), batch)]
    parallel = can_run_in_parallel(workers) and len(batches) > 1 and not connection.in_atomic_block
    with snapshot():
        if checkpoint == "latest":
            try:
                checkpoint = latest_checkpoint()
            except UNREADABLE:  # a value Django cannot read: each plan's check fails and names it
                checkpoint = _UNREADABLE_CHECKPOINT
        if parallel:
            yield from verify_batches(batches, checkpoint, workers, _verify_batch)
            return
        for plan_batch in batches:
            yield from _verify_batch(plan_batch, checkpoint)


def _verify_batch(plan_ids, checkpoint):
    """The reports of one batch. A value verify cannot even read (only SQLite can hold one: text in
    an integer column…) makes the batch be checked again plan by plan, and a plan that still
    cannot be read is reported with each such row named (audit.wrong_types) — never a crash."""
    try:
        with _collector_paused():
            return _check_batch(plan_ids, checkpoint)
    except UNREADABLE as error:
        if len(plan_ids) > 1:
            return [report for plan_id in plan_ids for report in _verify_batch([plan_id], checkpoint)]
        return [_unreadable_report(plan_ids[0], error)]


# What reading a value of the wrong type raises (database errors are not caught: they end the snapshot).
UNREADABLE = (TypeError, ValueError, ArithmeticError, AttributeError, KeyError, ValidationError)
_UNREADABLE_CHECKPOINT = object()


def _unreadable_report(plan_id, error):
    report = VerifyReport(plan_id=plan_id)
    for problem in wrong_type_problems(plan_id):
        report.chain(problem)
    report.chain(
        f"Không kiểm tra hết được kế hoạch #{plan_id}: có giá trị không đọc được ({type(error).__name__}) "
        "— dữ liệu đã bị ghi ngoài hệ thống."
    )
    return report


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off while one batch is checked, then back as it was. A
    batch makes a few hundred thousand short-lived tuples and strings, freed by reference counting;
    the collector's passes over them took a third of verify's CPU (bench/NOTES.md)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_batch(plan_ids, checkpoint):
    if checkpoint is _UNREADABLE_CHECKPOINT:
        raise ValueError("the latest checkpoint cannot be read")
    reports = {plan_id: VerifyReport(plan_id=plan_id) for plan_id in plan_ids}
    walkers = {plan_id: ChainWalker() for plan_id in plan_ids}
    refs = {plan_id: RowRefs() for plan_id in plan_ids}
    heads = {}
    if checkpoint is not None:
        for plan_id in plan_ids:
            heads[plan_id] = _head(checkpoint, plan_id, reports[plan_id])
            if heads[plan_id]:
                walkers[plan_id].watch(heads[plan_id][0])
    for plan_id, rows in groupby(_event_rows(plan_ids), key=itemgetter(0)):
        walk_events(plan_id, walkers[plan_id], refs[plan_id], rows)
    for plan_id in plan_ids:
        reports[plan_id].events = walkers[plan_id].count
        for problem in walkers[plan_id].finish() + refs[plan_id].chain_problems:
            reports[plan_id].chain(problem)
    check_rows(plan_ids, refs, reports)
    check_signatures(plan_ids, reports)
    checkpoint_problems = checkpoint_key_problems(checkpoint) if checkpoint is not None else []
    if checkpoint is not None:
        for plan_id in plan_ids:
            check_checkpoint(checkpoint, heads[plan_id], walkers[plan_id], reports[plan_id], checkpoint_problems)
    _check_trust(checkpoint, checkpoint_problems, heads, reports)
    return [reports[plan_id] for plan_id in plan_ids]


def _check_trust(checkpoint, checkpoint_problems, heads, reports):
    """The configured key and the latest kept anchor (audit.verify.trust); sets `anchored`."""
    key = configured_public_key()
    if key is None:
        return
    key_problems, anchor_problems = database_key_problems(key), latest_anchor_problems(key)
    trusted = checkpoint is not None and checkpoint.public_key == key and not checkpoint_problems
    for plan_id, report in reports.items():
        for problem in key_problems:
            report.signature(problem)
        for problem in anchor_problems:
            report.chain(problem)
        report.anchored = trusted and bool(heads.get(plan_id)) and not key_problems and not anchor_problems


def _head(checkpoint, plan_id, report):
    """(seq, hash) the checkpoint holds for the plan, or None; a malformed one is a problem."""
    heads = checkpoint.heads if isinstance(checkpoint.heads, dict) else {}
    head = heads.get(str(plan_id))
    if head is None:
        return None
    if isinstance(head, list) and len(head) == 2 and type(head[0]) is int and isinstance(head[1], str):
        return head
    report.signature(f"Điểm kiểm tra #{checkpoint.pk} không đúng định dạng — điểm kiểm tra đã bị sửa.")
    return None


def walk_events(plan_id, walker, refs, rows=None):
    """The hot loop. Each event's canonical payload is assembled from its stored columns with one
    string template — `changes` and `rows` are stored as canonical JSON text (CanonicalJSONField),
    so nothing is parsed. Only when that digest differs from the stored hash is the payload rebuilt
    the slow, exact way (parsing the JSON), and handed to the walker to find out why."""
    feed, sha256, text, word = walker.feed, hashlib.sha256, _string, _WORDS
    for row in _event_rows([plan_id]) if rows is None else rows:
        _plan, seq, at, actor, kind, action, from_state, to_state, comment, changes, covered, prev_hash, stored = row
        canonical = _TEMPLATE % (
            word[action],
            "null" if actor is None else actor,
            text(_iso(at)),
            changes,
            text(comment),
            word[from_state],
            word[kind],
            plan_id,
            text(prev_hash),
            "" if covered == "[]" else ',"rows":' + covered,
            seq,
            word[to_state],
        )
        computed = sha256(canonical.encode("utf-8")).hexdigest()
        if covered != "[]":
            refs.add_text(seq, covered)
        if computed == stored:
            feed(seq, computed, prev_hash, stored)
        else:
            payload = exact_payload(plan_id, row[1:])
            feed(seq, _digest_or_blank(payload), prev_hash, stored, payload)


# The payload of audit.record.chain.payload_of with its keys in RFC 8785 order; "rows" only when not empty.
_TEMPLATE = (
    '{"action":%s,"actor":%s,"at":%s,"changes":%s,"comment":%s,"from_state":%s,"kind":%s,"plan":%d,"prev_hash":%s%s,"seq":%d,"to_state":%s}'
)
_string = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring  # escapes as RFC 8785 does


class _Quoted(dict):
    """JSON strings of the few words events repeat (kinds, actions, states), each encoded once."""

    def __missing__(self, word):
        quoted = self[word] = _string(word)
        return quoted


_WORDS = _Quoted()


def _iso(at):
    """The event time as audit.record.chain writes it (ISO 8601, UTC), from what the database driver gave."""
    if isinstance(at, str):
        return utc_iso(at)
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
    """The payload of one raw event row, built exactly as audit.record.chain.event_payload builds it."""
    seq, at, actor, kind, action, from_state, to_state, comment, changes, covered, prev_hash, _stored = row
    return payload_of(
        plan_id, seq, _exact_iso(at), actor, kind, action, from_state, to_state, comment, _json(changes), _json(covered), prev_hash
    )


def _event_rows(plan_ids):
    """Raw tuples (plan_id, *EVENT_FIELDS) of the plans' events in (plan, seq) order, streamed in chunks from a
    server-side cursor on PostgreSQL — no model instances, no field converters. The event time
    comes as text, which is cheaper to turn into ISO 8601 than a datetime."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    at = utc_text_sql(connection.ops.quote_name("at"))
    columns = ", ".join(at if name == "at" else connection.ops.quote_name(name) for name in EVENT_FIELDS)
    placeholders = ", ".join(["%s"] * len(plan_ids))
    sql = f"SELECT plan_id, {columns} FROM {table} WHERE plan_id IN ({placeholders}) ORDER BY plan_id, seq"
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, list(plan_ids))
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def iter_payloads(plan_id):
    """(payload, stored hash) of each event of the plan in seq order (for the export)."""
    for row in _event_rows([plan_id]):
        yield exact_payload(plan_id, row[1:]), row[-1]


_REF = re.compile(r'\{"id":(\d+),"model":"([a-z0-9_]+\.[a-z0-9_]+)","sha256":"([0-9a-f]{64})"\}')
_REF_TEXT = '{"id":%d,"model":"%s","sha256":"%s"}'
_ONE_REF = re.compile(r'\[\{"id":(0|[1-9][0-9]*),"model":"([a-z0-9_]+\.[a-z0-9_]+)","sha256":"([0-9a-f]{64})"\}\]')


class RowRefs:
    """What the events say about the rows they cover: {label: {id: (seq, sha256)}}.

    History rows are checked against it in one pass over each history table (check_rows); records
    (review decisions, signatures) are read by id at the end (check_records). This bookkeeping
    grows with the number of rows of the plan — about a hundred bytes each."""

    def __init__(self):
        self.chain_problems = []
        self.expected = defaultdict(dict)
        self.known = _known_labels()

    def add_text(self, seq, text):
        """`rows` as stored: canonical text is read with a regular expression, anything else parsed."""
        one = _ONE_REF.fullmatch(text)
        if one:  # the common case: an event covering one row
            self._add_ref(seq, int(one[1]), one[2], one[3])
            return
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
            self._add_ref(seq, ref["id"], ref["model"], ref.get("sha256"))

    def _add_ref(self, seq, pk, model, digest):
        if model not in self.known:
            self.chain_problems.append(f"Sự kiện #{seq}: tham chiếu bảng không rõ “{model}”.")
            return
        expected = self.expected[model]
        if pk in expected:
            self.chain_problems.append(f"Sự kiện #{seq}: bảo chứng lại dòng {model} #{pk} đã có ở sự kiện #{expected[pk][0]}.")
            return
        expected[pk] = (seq, digest)


@cache
def _known_labels():
    return frozenset(history_labels()) | {entry.label for entry in RECORDS}


def check_rows(plan_ids, refs, reports):
    """One pass over each history table for the plans of a batch, newest version of each row first:
    - each history row an event covers still has the digest the event recorded (else changed);
    - each history row is covered by some event (else inserted, or written outside the system);
    - each row an event covers still exists (else deleted);
    - the plan and each of its parts equal their latest history row.
    `refs` and `reports` are by plan id. A row reaches its plans through its plan column, or
    through the plans of its parent (read earlier: HISTORY lists parents first). Tables are read
    as raw tuples (audit.verify.rowscan); only a row that seems changed is read again through the ORM,
    to confirm it exactly and name what differs. The live rows of the batch for one model are
    held in memory while its history is read."""
    owners = {}  # label -> {object id: plans it belonged to}
    quote = connection.ops.quote_name
    for entry in HISTORY:
        model, history_model = entry.model, entry.history_model
        live_format, history_format = row_format(model), row_format(history_model)
        pk_name = model._meta.pk.attname
        name = noun(model)
        title = capfirst(name)
        history_label = history_model._meta.label_lower
        expected = {plan_id: refs[plan_id].expected.pop(history_label, {}) for plan_id in plan_ids}
        parents = owners.get(entry.parent) if entry.parent else None
        mine = owners[entry.label] = defaultdict(set)

        def plans_of(value, parents=parents):
            return parents.get(value, ()) if parents is not None else (value,)

        condition, params = plan_condition(entry, plan_ids)
        live = {plan_id: {} for plan_id in plan_ids}
        column_index, pk_index = live_format.index(entry.column), live_format.index(pk_name)
        for values in scan(live_format, condition, params):
            for plan_id in plans_of(values[column_index]):
                if plan_id in live:
                    live[plan_id][values[pk_index]] = values
        id_index, history_id_index = history_format.index(pk_name), history_format.index("history_id")
        column_index, type_index = history_format.index(entry.column), history_format.index("history_type")
        live_part = itemgetter(*(history_format.index(column) for column in live_format.names))
        last_id = {}
        order = f"{quote(model._meta.pk.column)}, {quote('history_id')} DESC"
        for values in scan(history_format, condition, params, order_by=order):
            history_id, object_id = values[history_id_index], values[id_index]
            digest = None
            for plan_id in plans_of(values[column_index]):
                if plan_id not in expected:
                    continue
                mine[object_id].add(plan_id)
                report = reports[plan_id]
                newest = last_id.get(plan_id) != object_id
                last_id[plan_id] = object_id
                claim = expected[plan_id].pop(history_id, None)
                if claim is None:
                    report.chain(
                        f"Dòng lịch sử #{history_id} của {name} #{object_id} không thuộc sự kiện nào: "
                        "đã bị chèn vào hoặc được ghi ngoài hệ thống."
                    )
                else:
                    digest = digest or history_format.digest(values)
                    if digest != claim[1] and _exact_digest(history_model, "history_id", history_id) != claim[1]:
                        report.chain(
                            f"Sự kiện #{claim[0]}: dòng lịch sử #{history_id} của {name} #{object_id} đã bị thay đổi (mã băm không khớp)."
                        )
                if newest:
                    current = live[plan_id].pop(object_id, None)
                    if values[type_index] == "-" or current is None or live_part(values) != current:
                        _compare_live(title, model, history_model, history_id, object_id, current is not None, values[type_index], report)
        for plan_id in plan_ids:
            report = reports[plan_id]
            for history_id, (seq, _digest) in sorted(expected[plan_id].items(), key=lambda item: item[1][0]):
                report.chain(f"Sự kiện #{seq}: dòng lịch sử #{history_id} ({name}) đã bị xóa.")
            for object_id in live[plan_id]:
                report.chain(f"{title} #{object_id} không có lịch sử: đã được ghi ngoài hệ thống.")
    check_records(plan_ids, refs, reports)


def _exact_fields(model, pk_name, pk):
    """{attname: JSON value} of one row read through the ORM (audit.record.rows), or None if it is gone."""
    values = model._default_manager.filter(**{pk_name: pk}).values_list(*attnames(model)).first()
    return None if values is None else fields_of_values(model, values)


def _exact_digest(model, pk_name, pk):
    """The row's digest read through the ORM; None when it is gone or holds a value Django cannot
    read (written behind its back: SQLite stores any text in any column), so it matches no claim."""
    try:
        fields = _exact_fields(model, pk_name, pk)
        return None if fields is None else row_digest(fields)
    except (CanonicalizationError, ValidationError, ValueError, TypeError):
        return None


def check_records(plan_ids, refs, reports):
    """Review decisions and signatures: covered by an event, and unchanged since."""
    for entry in RECORDS:
        model = entry.model
        is_signature = entry.label == "approvals.signature"
        expected = {plan_id: refs[plan_id].expected.pop(entry.label, {}) for plan_id in plan_ids}
        names = attnames(model)
        pk_index = names.index(model._meta.pk.attname)
        wanted = sorted({pk for claims in expected.values() for pk in claims})
        found = {}
        for start in range(0, len(wanted), CHUNK):
            for values in model._default_manager.filter(pk__in=wanted[start : start + CHUNK]).values_list(*names):
                found[values[pk_index]] = fields_of_values(model, values)
        live = defaultdict(list)
        for pk, plan_id in live_rows_in(entry, plan_ids).order_by("pk").values_list("pk", entry.column).iterator(chunk_size=CHUNK):
            live[plan_id].append(pk)
        for plan_id in plan_ids:
            report = reports[plan_id]
            add = report.signature if is_signature else report.chain
            for pk, (seq, digest) in sorted(expected[plan_id].items(), key=lambda item: item[1][0]):
                if pk not in found:
                    add(f"Sự kiện #{seq}: {noun(model)} #{pk} đã bị xóa.")
                elif row_digest(found[pk]) != digest:
                    add(f"Sự kiện #{seq}: {noun(model)} #{pk} đã bị thay đổi (mã băm không khớp).")
            for pk in live.get(plan_id, ()):
                if pk not in expected[plan_id]:
                    add(f"{capfirst(noun(model))} #{pk} không thuộc sự kiện nào: đã bị chèn vào hoặc được ghi ngoài hệ thống.")
    for plan_id in plan_ids:  # rows of this plan's models that no longer exist at all
        for label, expected in refs[plan_id].expected.items():
            for pk, (seq, _digest) in sorted(expected.items(), key=lambda item: item[1][0]):
                reports[plan_id].chain(f"Sự kiện #{seq}: dòng {label} #{pk} không còn trong cơ sở dữ liệu.")


def _compare_live(name, model, history_model, history_id, object_id, exists, history_type, report):
    """The live row against its latest history row, read exactly; called only when the raw rows
    already look different (or the row is, or should be, gone)."""
    if history_type == "-":
        if exists:
            report.chain(f"{name} #{object_id} vẫn còn dù lịch sử ghi đã xóa: được ghi lại ngoài hệ thống.")
    elif not exists:
        report.chain(f"{name} #{object_id} đã bị xóa ngoài hệ thống (lịch sử không ghi việc xóa).")
    else:
        recorded = _exact_fields(history_model, "history_id", history_id)
        current = _exact_fields(model, model._meta.pk.attname, object_id)
        differing = [field for field in attnames(model) if recorded[field] != current[field]]
        if differing:
            report.chain(f"{name} #{object_id} khác với bản lịch sử cuối ở trường {', '.join(differing)}: đã bị sửa ngoài hệ thống.")


def check_signatures(plan_ids, reports):
    """Every signature of the plan — key, certificate, signed text, and for the current round (and
    the seal) the plan's current content — as approvals.verify checks them; an issued plan must
    carry a valid main signature and seal. A plan without signatures needs no per-plan queries:
    it has nothing to check but, if issued, the missing signature and seal. The signed plans of a
    batch are checked together (approvals.verify.verify_signatures_of_plans)."""
    from approvals.models import Signature
    from approvals.verify import missing_on_issued, verify_signatures_of_plans
    from plans.models import Plan

    # A plan entered from paper (issue 19) was signed on paper: no digital signature is expected of it.
    states = {
        pk: ("" if from_paper else state)
        for pk, state, from_paper in Plan.objects.filter(pk__in=plan_ids).values_list("pk", "state", "entered_from_paper")
    }
    signed = set(Signature.objects.filter(plan_id__in=plan_ids).values_list("plan_id", flat=True).distinct())
    checked = verify_signatures_of_plans([plan_id for plan_id in plan_ids if plan_id in signed and plan_id in states])
    for plan_id in plan_ids:
        report = reports[plan_id]
        if plan_id not in states:
            report.chain(f"Kế hoạch #{plan_id} không còn trong cơ sở dữ liệu dù còn sự kiện hoặc điểm kiểm tra nhắc đến nó.")
            continue
        if plan_id in signed:
            _ok, problems = checked[plan_id]
        else:
            problems = missing_on_issued(states[plan_id], [])
        for problem in problems:
            report.signature(problem)


def _when(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def checkpoint_key_problems(checkpoint):
    """The checkpoint's own signature and key (the same for every plan: checked once a batch)."""
    problems = []
    if not stored_checkpoint_ok(checkpoint):
        problems.append(f"Điểm kiểm tra #{checkpoint.pk}: chữ ký không hợp lệ — điểm kiểm tra đã bị sửa.")
    trusted = configured_public_key() or trusted_public_key_hex()
    if trusted and checkpoint.public_key != trusted:
        problems.append(f"Điểm kiểm tra #{checkpoint.pk} được ký bằng một khóa khác với khóa của hệ thống.")
    return problems


def check_checkpoint(checkpoint, head, walker, report, key_problems=None):
    for problem in checkpoint_key_problems(checkpoint) if key_problems is None else key_problems:
        report.signature(problem)
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
    """The checkpoints themselves: each signed with the trusted key and linked to the previous; with
    a configured key, also the database's key and every anchor kept outside (audit.verify.trust)."""
    try:
        problems = _checkpoint_chain_problems(Checkpoint.objects.order_by("id").iterator(chunk_size=100))
    except UNREADABLE:  # a value Django cannot read: read them one by one to name it
        problems = _checkpoint_chain_problems(_each_checkpoint())
    return problems + all_problems(configured_public_key())


def _each_checkpoint():
    """The checkpoints one by one; one that cannot be read comes as (its id, the error)."""
    for pk in Checkpoint.objects.order_by("id").values_list("pk", flat=True):
        try:
            yield Checkpoint.objects.get(pk=pk)
        except UNREADABLE as error:
            yield pk, error


def _checkpoint_chain_problems(checkpoints):
    problems = []
    trusted = configured_public_key() or trusted_public_key_hex()
    expected_prev = GENESIS
    for checkpoint in checkpoints:
        if isinstance(checkpoint, tuple):  # (id, error): it could not be read
            problems.append(_unreadable_checkpoint(*checkpoint))
            expected_prev = None
            continue
        try:
            expected_prev = _check_one_checkpoint(checkpoint, trusted, expected_prev, problems)
        except UNREADABLE as error:
            problems.append(_unreadable_checkpoint(checkpoint.pk, error))
            expected_prev = None
    return problems


def _unreadable_checkpoint(pk, error):
    return f"Điểm kiểm tra #{pk} giữ giá trị không đọc được ({type(error).__name__}) — đã bị ghi ngoài hệ thống."


def _check_one_checkpoint(checkpoint, trusted, expected_prev, problems):
    """Append the checkpoint's problems; returns the digest the next one must link to."""
    data = as_dict(checkpoint)
    if not checkpoint_signature_ok(data):
        problems.append(f"Điểm kiểm tra #{checkpoint.pk}: chữ ký không hợp lệ — điểm kiểm tra đã bị sửa.")
    if trusted and checkpoint.public_key != trusted:
        problems.append(f"Điểm kiểm tra #{checkpoint.pk} được ký bằng một khóa khác với khóa của hệ thống.")
    if checkpoint.prev != expected_prev:
        problems.append(f"Điểm kiểm tra #{checkpoint.pk} không nối với điểm kiểm tra trước: có điểm kiểm tra bị xóa hoặc chèn.")
    try:
        return checkpoint_digest(data)
    except CanonicalizationError:
        return None  # already reported: its signature cannot verify either


def plan_ids_to_verify():
    """Every plan, plus any plan the latest checkpoint names (its rows may have been removed)."""
    from plans.models import Plan

    ids = set(Plan.objects.values_list("pk", flat=True))
    ids.update(AuditEvent.objects.values_list("plan_id", flat=True).distinct())
    try:
        checkpoint = latest_checkpoint()
    except UNREADABLE:
        checkpoint = None  # verify_checkpoints names it
    if checkpoint is not None and isinstance(checkpoint.heads, dict):
        ids.update(int(plan_id) for plan_id in checkpoint.heads if str(plan_id).isdigit())
    return sorted(ids)
