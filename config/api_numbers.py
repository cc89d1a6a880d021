"""Decimals over the API: a string such as "77.17" or "-5", read exactly as the schema's pattern says.

DRF's DecimalField also reads "1e5" and "  5 ", while the pattern drf-spectacular writes for it admits
"", "." and "-": a generated client and the server would disagree. Here the pattern is the rule, and
the schema shows it (ApiDecimalFieldSchema)."""

import re

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers


def decimal_pattern(max_digits, decimal_places):
    whole = max_digits - decimal_places
    return rf"^-?[0-9]{{1,{whole}}}(\.[0-9]{{1,{decimal_places}}})?$"


class ApiDecimalField(serializers.DecimalField):
    """A decimal as a plain string (a JSON number is read too); answers carry no trailing zeros ("31.5")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("normalize_output", True)
        kwargs.setdefault("coerce_to_string", True)
        super().__init__(**kwargs)
        self.pattern = re.compile(decimal_pattern(self.max_digits, self.decimal_places))

    def to_internal_value(self, data):
        if isinstance(data, bool) or (isinstance(data, str) and not self.pattern.fullmatch(data)):
            self.fail("invalid")
        return super().to_internal_value(data)


class ApiDecimalFieldSchema(OpenApiSerializerFieldExtension):
    """drf-spectacular: the field's own pattern in the schema (registered when this module is imported)."""

    target_class = ApiDecimalField

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "format": "decimal", "pattern": self.target.pattern.pattern}
