"""Whether a reported value meets a target as the plan writes it (plans.Block's measure: a comparator
and the value kept as written, "77,17").

at_least ≥ · more_than > · at_most ≤ · less_than < · exactly = · between value…value_max (inclusive) ·
decrease_by: baseline − reported ≥ value · increase_by: reported − baseline ≥ value. No comparator: the
target value reached (≥), as before measures were written. None when it cannot be told (no value, no
baseline for a change).
"""

import re
from decimal import Decimal, InvalidOperation

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")  # 1.000 or 12.500.000: thousands, Vietnamese style


def written_number(text):
    """'77,17' → 77.17, '1.000' → 1000, '1.234,5' → 1234.5, '85%' → 85; None when it is no number."""
    if text is None:
        return None
    if isinstance(text, Decimal | int | float):
        return Decimal(str(text))
    value = str(text).strip().replace("%", "").replace("\u00a0", "").replace(" ", "")
    if not value:
        return None
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif _GROUPED.match(value):
        value = value.replace(".", "")
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def meets(comparator, reported, value, value_max=None, baseline=None):
    """True / False, or None when it cannot be told."""
    reported, value = written_number(reported), written_number(value)
    if reported is None or value is None:
        return None
    if comparator in ("", None, "at_least"):
        return reported >= value
    if comparator == "more_than":
        return reported > value
    if comparator == "at_most":
        return reported <= value
    if comparator == "less_than":
        return reported < value
    if comparator == "exactly":
        return reported == value
    if comparator == "between":
        high = written_number(value_max)
        return None if high is None else value <= reported <= high
    base = written_number(baseline)
    if base is None:
        return None
    if comparator == "decrease_by":
        return base - reported >= value
    if comparator == "increase_by":
        return reported - base >= value
    return None
