"""Form fields for numbers typed the Vietnamese way or plainly (the rules: plans.numbers).

Text inputs with `inputmode` (a phone shows its number keys), never `type=number`, whose reading
depends on the browser's locale. A value is shown as Vietnamese write it ("5.000.000", "77,17") —
a decimal without grouping, so that it reads back one way only; what the person typed is shown back
as typed.
"""

from django import forms

from .numbers import NumberError, format_decimal_for_input, format_number, parse_decimal, parse_integer


class NumberTextInput(forms.TextInput):
    """A text input for a number: `inputmode` brings up a phone's number keys; a stored value is
    written by `written` (typed text is shown back as it was typed)."""

    def __init__(self, inputmode, written, attrs=None):
        super().__init__({"inputmode": inputmode, "autocomplete": "off", **(attrs or {})})
        self.written = written

    def format_value(self, value):
        if isinstance(value, str):
            return value or None
        return self.written(value) or None


def _without_suffix(value, suffixes):
    """'5.000.000 đ' -> '5.000.000' for the units a field allows after the number."""
    text = str(value).strip()
    for suffix in suffixes:
        if text.lower().endswith(suffix):
            return text[: -len(suffix)].rstrip()
    return text


class _TypedNumber:
    """What both fields share: units after the number (`suffixes`, read and dropped), a text input
    with `inputmode`, and reading with `parse` (a plans.numbers function) — a NumberError becomes the
    field's error, with the reason it gives."""

    inputmode, written, parse = "", None, None

    def __init__(self, *, suffixes=(), **kwargs):
        self.suffixes = tuple(suffixes)
        kwargs.setdefault("widget", NumberTextInput(self.inputmode, type(self).written))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return type(self).parse(_without_suffix(value, self.suffixes))
        except NumberError as error:
            raise forms.ValidationError(error.message, code="invalid") from error


class WholeNumberField(_TypedNumber, forms.IntegerField):
    """A whole number: money in đồng, a quantity, a percentage of progress; shown 5.000.000."""

    inputmode, written, parse = "numeric", staticmethod(format_number), staticmethod(parse_integer)


class DecimalNumberField(_TypedNumber, forms.DecimalField):
    """A decimal, with the places and digits the model allows (max_digits, decimal_places); shown
    77,17 or 1200 (no grouping: "1.200" would read two ways)."""

    inputmode, written, parse = "decimal", staticmethod(format_decimal_for_input), staticmethod(parse_decimal)
