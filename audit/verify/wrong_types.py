"""Rows of a plan's trail holding a value of the wrong type, named one by one.

SQLite stores any value in any column: text in an integer column, a blob in a text column. Written
behind the application's back, such a value cannot even be read by Django (or hashed), so verify
cannot check the rows around it. When verify fails to read a plan (audit.verify.trail._verify_batch),
`wrong_type_problems(plan_id)` looks at the storage class of every column of every table of the
plan's trail (SQLite's typeof()) and names each row and column that does not hold what its field
stores. PostgreSQL's columns are typed, so there it finds nothing and verify reports the plan as
unreadable in general terms.
"""

import fnmatch

from django.db import connection, models

from audit.models import AuditEvent, Checkpoint
from audit.record.tracked import HISTORY, RECORDS
from audit.verify.rowscan import in_plans, plan_condition

_INTEGER = ("integer",)
_NUMBER = ("integer", "real")
_TEXT = ("text",)
_BLOB = ("blob",)


def _storage_classes(field):
    """SQLite storage classes a value of `field` may have (besides NULL), or None: not checked."""
    if isinstance(field, models.BooleanField | models.IntegerField | models.AutoField):
        return _INTEGER
    if field.is_relation:
        return _storage_classes(field.target_field)
    if isinstance(field, models.DecimalField | models.FloatField):
        return _NUMBER
    if isinstance(field, models.BinaryField):
        return _BLOB + _TEXT  # Django writes bytes; older rows may hold base64 text
    if isinstance(field, models.CharField | models.TextField | models.DateField | models.TimeField | models.JSONField | models.FileField):
        return _TEXT  # DateTimeField is a DateField
    return None


def _tables(plan_id):
    """(label, model, SQL condition selecting the plan's rows) of every table of the trail."""
    quote = connection.ops.quote_name
    yield "audit.auditevent", AuditEvent, in_plans(quote("plan_id"), [plan_id])[0]
    for entry in HISTORY:
        yield entry.label, entry.model, plan_condition(entry, [plan_id])[0]
        yield entry.history_model._meta.label_lower, entry.history_model, plan_condition(entry, [plan_id])[0]
    for entry in RECORDS:
        yield entry.label, entry.model, in_plans(quote(entry.model._meta.get_field(entry.column).column), [plan_id])[0]
    yield "audit.checkpoint", Checkpoint, "1 = 1"  # every plan's check reads the latest checkpoint


# A date or a timestamp as Django writes them in SQLite: "YYYY-MM-DD[ HH:MM:SS[.ffffff]]".
_DATE_SHAPE = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*"


def _wrong_sql(field, classes):
    column = connection.ops.quote_name(field.column)
    allowed = ", ".join(repr(c) for c in (*classes, "null"))
    wrong = f"typeof({column}) NOT IN ({allowed})"
    if isinstance(field, models.DateField):
        wrong += f" OR (typeof({column}) = 'text' AND {column} NOT GLOB '{_DATE_SHAPE}')"
    return wrong


def _describe(field, classes, storage, value):
    if storage == "text" and isinstance(field, models.DateField) and storage in classes:
        return f"cột {field.column} giữ “{str(value)[:40]}”, không phải ngày giờ"
    return f"cột {field.column} giữ giá trị kiểu {storage} (phải là {' hoặc '.join(classes)})"


def wrong_type_problems(plan_id):
    """["Bảng plans.historicalplan, dòng #12: cột number giữ giá trị kiểu text …", …] for the plan (SQLite)."""
    if connection.vendor != "sqlite":
        return []
    quote = connection.ops.quote_name
    problems = []
    for label, model, condition in _tables(plan_id):
        checked = [(field, classes) for field in model._meta.concrete_fields if (classes := _storage_classes(field))]
        selected = ", ".join(f"typeof({quote(field.column)}), {_text_of_date(field)}" for field, _classes in checked)
        wrong = " OR ".join(_wrong_sql(field, classes) for field, classes in checked)
        pk = quote(model._meta.pk.column)
        sql = f"SELECT {pk}, {selected} FROM {quote(model._meta.db_table)} WHERE ({condition}) AND ({wrong}) ORDER BY {pk}"
        with connection.cursor() as cursor:
            cursor.execute(sql)
            for row_id, *found in cursor.fetchall():
                for (field, classes), storage, value in zip(checked, found[0::2], found[1::2], strict=True):
                    if storage == "null" or (storage in classes and not _bad_date(field, storage, value)):
                        continue
                    problems.append(
                        f"Bảng {label}, dòng #{row_id}: {_describe(field, classes, storage, value)} — đã được ghi ngoài hệ thống."
                    )
    return problems


def _text_of_date(field):
    """The stored text of a date column (read raw, not converted by the driver); NULL for others."""
    return f"CAST({connection.ops.quote_name(field.column)} AS TEXT)" if isinstance(field, models.DateField) else "NULL"


def _bad_date(field, storage, value):
    return isinstance(field, models.DateField) and storage == "text" and not fnmatch.fnmatchcase(value, _DATE_SHAPE)
