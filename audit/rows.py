"""Database rows as plain JSON, so an event can carry a digest of each row it wrote.

A row is written as {column attname: JSON value} over every concrete column of its model — for a
django-simple-history row that is the tracked fields plus history_id, history_date, history_type,
history_user_id and history_change_reason. The same function serves a model instance held in
memory (when the event is appended) and a tuple read back with `values_list` (when it is verified),
so both sides normalise identically: dates ISO 8601, datetimes in UTC, decimals without trailing
zeros, binary data in base64, files by their stored name.
"""

import base64
import datetime as dt
import uuid
from decimal import Decimal
from functools import cache

from django.db import models
from django.db.models.fields.files import FieldFile

from .canonical import row_digest


@cache
def columns(model):
    """The concrete fields of `model`, in a fixed order."""
    return tuple(model._meta.concrete_fields)


@cache
def attnames(model):
    return tuple(field.attname for field in columns(model))


def json_value(field, value):
    """One column value as JSON, the same whether it came from memory or from the database."""
    if value is None:
        return None
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(field, models.DateTimeField):
        value = field.to_python(value)
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(field, models.DateField):
        return field.to_python(value).isoformat()
    if isinstance(field, models.TimeField):
        return field.to_python(value).isoformat()
    if isinstance(field, models.DecimalField):
        return format(Decimal(field.to_python(value)).normalize(), "f")
    if isinstance(field, models.BinaryField):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(field, models.BooleanField):
        return bool(value)
    if isinstance(field, (models.IntegerField, models.AutoField)) or (field.is_relation and isinstance(value, int)):
        return int(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(field, models.JSONField):
        return value
    if isinstance(value, (int, float, bool)):
        return value
    return str(value)


def fields_of_values(model, values):
    """{attname: JSON value} for a tuple read with `values_list(*attnames(model))`."""
    return {field.attname: json_value(field, value) for field, value in zip(columns(model), values, strict=True)}


def fields_of_instance(instance):
    model = type(instance)
    return {field.attname: json_value(field, getattr(instance, field.attname)) for field in columns(model)}


def instance_digest(instance):
    return row_digest(fields_of_instance(instance))


def label(model):
    """'plans.historicalsection' — how an event names the model of a row it covers."""
    return model._meta.label_lower
