"""Read a tracked table's rows for verify with plain SQL, and hash them without building dicts.

Verify hashes every history row of every plan, and reading them through `values_list` cost four
times as much as the hashing itself: Django's per-value converters (timestamps above all) and
compiling an `IN` list of hundreds of plan ids for each of the thirty tables of a batch. Here a
table is read with one read-only SELECT (inside verify's snapshot; nothing here writes):

- columns in the sorted order of their names, which is the RFC 8785 order of the keys of
  audit.record.rows.fields_of_values, so a row's canonical JSON is one string template filled in;
- timestamps converted to UTC text by PostgreSQL itself (SQLite stores them as UTC text already);
- the plan ids as one array parameter on PostgreSQL (`= ANY(%s)`).

`RowFormat.digest(values)` must equal `row_digest(fields_of_values(model, values))` for the row as
Django reads it; tests/audit/test_rowscan.py checks this for every tracked model. A value of a type
the fast formatters do not expect takes the exact normaliser of audit.record.rows, and verify re-reads
any row whose fast digest does not match its claim through the ORM before it reports it, so the
fast path can only make a match faster, never invent a problem.
"""

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal
from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection, models

from audit.record.canonical import CanonicalizationError, canonical_json
from audit.record.rows import columns, json_value

CHUNK = 5000
_SAFE_INT = 2**53 - 1
_string = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring  # escapes as RFC 8785 does


def utc_iso(text):
    """ISO 8601 UTC text as datetime.isoformat() writes it, from the text the query returns:
    "YYYY-MM-DD HH:MM:SS[.ffffff]" (SQLite) or "YYYY-MM-DDTHH:MM:SS.ffffff" (PostgreSQL to_char).
    Text of any other shape (only SQLite can hold it, written behind Django's back) is returned as
    it is, so no digest made by the application can match it."""
    if not _UTC_TEXT.fullmatch(text):
        return text
    if text.endswith(".000000"):
        text = text[:-7]  # isoformat() leaves out a zero fraction
    return text[:10] + "T" + text[11:] + "+00:00"


_UTC_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?")


def utc_text_sql(column):
    """SQL giving a timestamp column as UTC text that utc_iso() reads."""
    if connection.vendor == "postgresql":
        return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')"""
    return f"CAST({column} AS TEXT)"


def _exact(field):
    def write(value):
        return canonical_json(json_value(field, value)).decode("utf-8")

    return write


def _integer(field):
    exact = _exact(field)

    def write(value):
        if value is None:
            return "null"
        if type(value) is int and -_SAFE_INT <= value <= _SAFE_INT:
            return str(value)
        return exact(value)

    return write


def _text(field):
    exact = _exact(field)

    def write(value):
        if value is None:
            return "null"
        if type(value) is str:
            return _string(value)
        return exact(value)

    return write


def _datetime(field):
    exact = _exact(field)

    def write(value):
        if value is None:
            return "null"
        if type(value) is str and _UTC_TEXT.fullmatch(value):
            return '"' + utc_iso(value) + '"'
        return exact(value)

    return write


def _date(field):
    exact = _exact(field)

    def write(value):
        if value is None:
            return "null"
        if type(value) is dt.date:
            return '"' + value.isoformat() + '"'
        return exact(value)

    return write


def _decimal(field):
    """As audit.record.rows writes a decimal: a string, normalised, without exponent (digits, "-", ".")."""
    exact = _exact(field)

    def write(value):
        if value is None:
            return "null"
        if type(value) is Decimal and value.is_finite():
            return '"' + format(value.normalize(), "f") + '"'
        return exact(value)

    return write


def _boolean(_field):
    def write(value):
        if value is None:
            return "null"
        return "true" if value else "false"

    return write


def _json_text(field):
    """JSON columns come from a plain cursor as their stored text (both databases)."""

    def write(value):
        if isinstance(value, str):
            value = json.loads(value)
        return canonical_json(value).decode("utf-8")

    return write


def _writer(field):
    if isinstance(field, models.DateTimeField):
        return _datetime(field)
    if isinstance(field, models.BooleanField):
        return _boolean(field)
    if isinstance(field, models.JSONField):
        return _json_text(field)
    if isinstance(field, models.DecimalField):
        return _decimal(field)
    if type(field) is models.DateField:
        return _date(field)
    if isinstance(field, (models.DateField, models.TimeField, models.BinaryField, models.FloatField, models.FileField)):
        return _exact(field)
    if isinstance(field, (models.IntegerField, models.AutoField)) or (
        field.is_relation and isinstance(field.target_field, (models.IntegerField, models.AutoField))
    ):
        return _integer(field)
    return _text(field)


class RowFormat:
    """How one model's rows are selected and hashed."""

    def __init__(self, model):
        self.model = model
        self.fields = sorted(columns(model), key=lambda field: field.attname)
        self.names = tuple(field.attname for field in self.fields)
        quote = connection.ops.quote_name
        self.select = ", ".join(
            utc_text_sql(quote(field.column)) if isinstance(field, models.DateTimeField) else quote(field.column) for field in self.fields
        )
        self.table = quote(model._meta.db_table)
        self.writers = tuple(_writer(field) for field in self.fields)
        self.template = "{" + ",".join(f"{_string(name)}:%s" for name in self.names) + "}"

    def index(self, attname):
        return self.names.index(attname)

    def digest(self, values):
        """SHA-256 of the row's canonical JSON, or "" when it has none (then it cannot match)."""
        try:
            text = self.template % tuple(write(value) for write, value in zip(self.writers, values, strict=True))
            return hashlib.sha256(text.encode("utf-8")).hexdigest()
        except (CanonicalizationError, ValidationError, ValueError, TypeError, UnicodeEncodeError):
            return ""  # a value Django could not even read (SQLite holds anything): it cannot match


@cache
def row_format(model):
    return RowFormat(model)


def in_plans(column, plan_ids):
    """(SQL condition, params): `column` is one of the plan ids. The ids are written into the SQL
    as integers (int() of each, so nothing else can get in): a batch's thirty queries share them,
    and binding hundreds of parameters cost more than running the query."""
    ids = ",".join(str(int(plan_id)) for plan_id in plan_ids) or "NULL"
    if connection.vendor == "postgresql":
        return f"{column} = ANY('{{{ids}}}'::bigint[])", []
    return f"{column} IN ({ids})", []


def scan(fmt, condition, params, order_by=""):
    """Raw tuples (in fmt.names order) of fmt.model's rows matching `condition`, streamed."""
    sql = f"SELECT {fmt.select} FROM {fmt.table} WHERE {condition}"
    if order_by:
        sql += f" ORDER BY {order_by}"
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def plan_condition(entry, plan_ids):
    """(SQL condition, params) selecting the rows of a tracked entry (live or historical table,
    same columns) that belong to `plan_ids`: through its plan column, or through the ids its parent
    ever had in those plans (its historical table, so rows of deleted parents are still found)."""
    from audit.record.tracked import entry_of

    column = connection.ops.quote_name(entry.model._meta.get_field(entry.column).column)  # get_field knows attnames too
    if entry.parent is None:
        return in_plans(column, plan_ids)
    parent = entry_of(entry.parent)
    inner, params = plan_condition(parent, plan_ids)
    return f"{column} IN (SELECT {connection.ops.quote_name('id')} FROM {row_format(parent.history_model).table} WHERE {inner})", params
