"""Numbers as people in Vietnam type and read them, for the number inputs of the web UI.

The inputs are text inputs (a `type=number` input is read by the browser in the browser's locale:
under en-US "5.000.000" became 5). The server reads what was typed, by these rules:

Vietnamese writing groups thousands with a dot and puts a comma before the decimals
("5.000.000", "77,17", "1.234,5"); the plain writing has no grouping and a dot before the decimals
("5000000", "77.17"). Spaces may group thousands too ("5 000 000").

- A decimal (`parse_decimal`) may be written either way. Some text reads both ways with two
  different values: "1.500" is 1500 written the Vietnamese way and 1.5 written plainly; "1,500" is
  1,5 the Vietnamese way and 1500 the English way (commas grouping thousands). Such text is
  refused, with both readings named, never guessed.
- A whole number (`parse_integer`: money in đồng, quantities, percentages of progress) has no
  decimals, so a dot in it can only group thousands: "5.000" is 5000, and "1.5" (neither a group of
  three digits nor a whole number) is refused. A comma is refused too: "1,500" reads as 1,5 (not
  whole) or as 1500 the English way, and "1,5" is not a whole number.

A value is never stored at a magnitude other than the one the person wrote: what is not certain
is refused with a message (Vietnamese) saying why and how to write it.

`format_number` writes a value the Vietnamese way: 5000000 -> "5.000.000", Decimal("77.17") -> "77,17".
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# Spaces people (and word processors) put between groups of thousands.
_SPACES = " \u00a0\u202f\u2009"
_SPACE_GROUPED = re.compile(rf"^(-?[1-9]\d{{0,2}})((?:[{_SPACES}]\d{{3}})+)((?:,\d+)?)$")

# Vietnamese: thousands grouped by dots (or none), decimals after a comma.
_VIETNAMESE = re.compile(r"^(?P<sign>-?)(?P<whole>[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(?P<fraction>\d+))?$")
# Plain: no grouping, decimals after a dot.
_PLAIN = re.compile(r"^(?P<sign>-?)(?P<whole>\d+)(?:\.(?P<fraction>\d+))?$")
# English: thousands grouped by commas, decimals after a dot. Never accepted on its own; it only
# reveals that text read the Vietnamese way could have been meant the English way.
_ENGLISH = re.compile(r"^(?P<sign>-?)(?P<whole>[1-9]\d{0,2}(?:,\d{3})+)(?:\.(?P<fraction>\d+))?$")

MAX_LENGTH = 40  # characters: far beyond any amount a plan holds


class NumberError(ValueError):
    """Text that is not a number, or not certainly one value; `message` says why (Vietnamese)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _value(match, separator):
    whole = match.group("whole").replace(separator, "")
    fraction = match.group("fraction") or ""
    return Decimal(f"{match.group('sign')}{whole}.{fraction}" if fraction else f"{match.group('sign')}{whole}")


def _normalize(text):
    text = str(text).strip()
    if len(text) > MAX_LENGTH:
        raise NumberError(_("Số quá dài."))
    grouped = _SPACE_GROUPED.match(text)
    if grouped:  # "5 000 000" is "5.000.000"
        text = grouped.group(1) + re.sub(f"[{_SPACES}]", ".", grouped.group(2)) + grouped.group(3)
    return text


def _readings(text, plain_pattern):
    """{"vi": value, "plain": value, "en": value} for each writing `text` is valid in."""
    readings = {}
    for name, pattern, separator in (("vi", _VIETNAMESE, "."), ("plain", plain_pattern, ""), ("en", _ENGLISH, ",")):
        match = pattern.match(text)
        if match:
            readings[name] = _value(match, separator)
    return readings


def _ambiguous(text, readings, whole=False):
    """The refusal of text that reads as two values, naming both and how to write each unmistakably
    (for a whole number only the whole readings, as 1.500 or 1500)."""
    values = sorted(set(readings.values()))
    shown = _(" hoặc ").join(format_number(value) for value in values)
    if whole:
        examples = [
            written for value in values if value == value.to_integral_value() for written in (format_number(value), str(int(value)))
        ]
    else:
        examples = [format_decimal_for_input(value) for value in values]
    return NumberError(
        _(
            "“%(text)s” có thể hiểu là %(values)s: dấu chấm và dấu phẩy được dùng ngược nhau trong cách viết Việt Nam và "
            "tiếng Anh. Hãy viết rõ, ví dụ %(examples)s."
        )
        % {"text": text, "values": shown, "examples": _(" hoặc ").join(examples)}
    )


def parse_decimal(text):
    """The Decimal `text` means, written the Vietnamese way or plainly (see the module's rules)."""
    text = _normalize(text)
    readings = _readings(text, _PLAIN)
    if len(set(readings.values())) > 1:
        raise _ambiguous(text, readings)
    if "vi" in readings or "plain" in readings:
        return readings.get("vi", readings.get("plain"))
    if "en" in readings:
        value = readings["en"]
        raise NumberError(
            _("“%(text)s” là cách viết tiếng Anh. Hãy viết %(vietnamese)s hoặc %(plain)s.")
            % {"text": text, "vietnamese": format_number(value), "plain": format(value, "f")}
        )
    raise NumberError(_("“%(text)s” không phải là một số. Ví dụ cách viết: 77,17 hoặc 5.000.000.") % {"text": text})


_WHOLE = re.compile(r"^(?P<sign>-?)(?P<whole>\d+)(?P<fraction>)$")


def parse_integer(text):
    """The whole number `text` means: digits, with thousands grouped by dots or spaces ("5.000.000")."""
    text = _normalize(text)
    readings = _readings(text, _WHOLE)  # a dot never starts decimals here: "5.000" is 5000
    if len(set(readings.values())) > 1:
        raise _ambiguous(text, readings, whole=True)
    value = readings.get("vi", readings.get("plain"))
    if value is not None:
        if value != value.to_integral_value():
            raise NumberError(_("“%(text)s” không phải là số nguyên: ở đây không có phần thập phân.") % {"text": text})
        return int(value)
    if "en" in readings:
        raise NumberError(
            _("“%(text)s” là cách viết tiếng Anh. Hãy viết %(vietnamese)s hoặc %(plain)s.")
            % {"text": text, "vietnamese": format_number(readings["en"]), "plain": format_decimal_for_input(readings["en"])}
        )
    if _PLAIN.match(text):  # "1.5", "1.50": a dot with other than three digits after it
        raise NumberError(
            _("“%(text)s” không phải là số nguyên. Dấu chấm chỉ dùng để ngăn cách hàng nghìn, mỗi nhóm đủ ba chữ số (ví dụ 5.000.000).")
            % {"text": text}
        )
    raise NumberError(_("“%(text)s” không phải là số nguyên. Ví dụ cách viết: 5.000.000 hoặc 5000000.") % {"text": text})


def format_decimal_for_input(value):
    """A decimal as a decimal input shows it, so that it reads back as the same value: the
    Vietnamese comma before the decimals, no grouping of thousands (a single group, "1.200", reads
    as 1200 or 1,2), and a trailing zero after exactly three decimals ("1,234" also reads as 1234
    the English way: "1,2340" only as 1,234)."""
    if value is None or value == "":
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    whole, _dot, fraction = text.partition(".")
    if not fraction:
        return whole
    if len(fraction) == 3 and whole.lstrip("-") != "0" and len(whole.lstrip("-")) <= 3:
        fraction += "0"
    return f"{whole},{fraction}"


def _group_thousands(digits):
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ".".join(groups)


def format_number(value):
    """`value` (int, Decimal, or text of one) the Vietnamese way: 50000000 -> "50.000.000",
    Decimal("77.17") -> "77,17" (trailing zeros dropped); None or "" -> ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
    elif isinstance(value, float):
        text = format(Decimal(repr(value)).normalize(), "f")
    else:
        try:
            text = str(int(value))
        except (TypeError, ValueError):
            try:
                text = format(Decimal(str(value)).normalize(), "f")
            except InvalidOperation:
                return str(value)
    sign = "-" if text.startswith("-") else ""
    whole, _dot, fraction = text.lstrip("-").partition(".")
    result = sign + _group_thousands(whole)
    return f"{result},{fraction}" if fraction else result
