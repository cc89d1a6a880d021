"""Due dates of a task's reporting schedule inside a plan's period.

once       its date
monthly    day D of every month (the month's last day when D is past it: 31 → 30 April, 28/29 February)
quarterly  day D of the month after each quarter (April, July, October, January)
yearly     day/month every year (29 February → 28 February in a common year)

Only due dates inside [start, end] count.
"""

import calendar
from datetime import date


def _clamped(year, month, day):
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _months(start, end):
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def due_dates(kind, start, end, *, on=None, day=None, month=None):
    """Sorted due dates of a schedule between `start` and `end` (both inclusive)."""
    if start is None or end is None or end < start:
        return []
    if kind == "once":
        dates = [on] if on else []
    elif kind == "monthly":
        dates = [_clamped(y, m, day) for y, m in _months(start, end)]
    elif kind == "quarterly":
        dates = [_clamped(y, m, day) for y, m in _months(start, end) if m in (1, 4, 7, 10)]
    elif kind == "yearly":
        dates = [_clamped(y, month, day) for y in range(start.year, end.year + 1)]
    else:
        dates = []
    return sorted(d for d in dates if start <= d <= end)
