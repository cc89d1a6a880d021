"""Database rows as plain JSON, so an event can carry a digest of each row it wrote.

A row is written as {column attname: JSON value} over every concrete column of its model — for a
django-simple-history row that is the tracked fields plus history_id, history_date, history_type,
history_user_id and history_change_reason. The same function serves a model instance held in
memory (when the event is appended) and a tuple read back with `values_list` (when it is verified),
so both sides normalise identically: dates ISO 8601, datetimes in UTC, decimals without trailing
zeros, binary data in base64, files by their stored name.

Each column gets its normaliser once per model (by field type), because verify runs this for
every row of a plan.
"""

import base64
import datetime as dt
from decimal import Decimal
from functools import cache

from django.db import models
from django.db.models.fields.files import FieldFile

from audit.record.canonical import row_digest

_ZERO = dt.timedelta(0)


@cache
def columns(model):
    """The concrete fields of `model`, in a fixed order."""
    return tuple(model._meta.concrete_fields)


@cache
def attnames(model):
    return tuple(field.attname for field in columns(model))


def _datetime(field):
    def normalise(value):
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            value = field.to_python(value)
        if value.tzinfo is None:
            return value.isoformat() + "+00:00"  # naive values are UTC (USE_TZ)
        if value.utcoffset() != _ZERO:
            value = value.astimezone(dt.UTC)
        return value.isoformat()

    return normalise


def _temporal(field):
    def normalise(value):
        return None if value is None else field.to_python(value).isoformat()

    return normalise


def _decimal(field):
    def normalise(value):
        return None if value is None else format(Decimal(field.to_python(value)).normalize(), "f")

    return normalise


def _binary(value):
    return None if value is None else base64.b64encode(bytes(value)).decode("ascii")


def _boolean(value):
    return None if value is None else bool(value)


def _file(value):
    if isinstance(value, FieldFile):
        return value.name or None
    return value or None


def _integer(value):
    return value if value is None or type(value) is int else int(value)


def _json(value):
    return value


def _text(value):
    return value if value is None or type(value) is str else str(value)


def _normaliser(field):
    if isinstance(field, models.DateTimeField):
        return _datetime(field)
    if isinstance(field, (models.DateField, models.TimeField)):
        return _temporal(field)
    if isinstance(field, models.DecimalField):
        return _decimal(field)
    if isinstance(field, models.BinaryField):
        return _binary
    if isinstance(field, models.BooleanField):
        return _boolean
    if isinstance(field, models.FileField):
        return _file
    if isinstance(field, (models.IntegerField, models.AutoField)) or (
        field.is_relation and isinstance(field.target_field, (models.IntegerField, models.AutoField))
    ):
        return _integer
    if isinstance(field, (models.JSONField, models.FloatField)):
        return _json
    return _text


@cache
def normalisers(model):
    return tuple(_normaliser(field) for field in columns(model))


def json_value(field, value):
    """One column value as JSON, the same whether it came from memory or from the database."""
    return _normaliser(field)(value)


def fields_of_values(model, values):
    """{attname: JSON value} for a tuple read with `values_list(*attnames(model))`."""
    return {name: normalise(value) for name, normalise, value in zip(attnames(model), normalisers(model), values, strict=True)}


def fields_of_instance(instance):
    model = type(instance)
    return fields_of_values(model, [getattr(instance, name) for name in attnames(model)])


def instance_digest(instance):
    return row_digest(fields_of_instance(instance))


def label(model):
    """'plans.historicalsection' — how an event names the model of a row it covers."""
    return model._meta.label_lower
