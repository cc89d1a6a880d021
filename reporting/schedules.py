"""The periods of a task's reporting schedule inside a plan's period, each with its due date.

Every slot covers a period and is due after it, by the schedule's rule:

once         the plan's period up to the date; due on that date
timing_end   once, at the end of the task's timing (plans.Block: "trước ngày 30/6/2025", "trong quý III
             năm 2025", "tháng 10/2025"): the plan's period up to that day; due that day
monthly      each calendar month ("Tháng 3/2025"); due on day D of the month after
quarterly    each quarter ("Quý I/2024"); due on day D of the month after the quarter
halfyearly   each half year ("6 tháng đầu năm 2025", "6 tháng cuối năm 2025"); due on day D of the
             month after the half (July, January)
yearly       each year ("Năm 2024"); due on day/month of the year after — except when that day falls
             in the year's last quarter ("trước ngày 15 tháng 12 hằng năm"): then the report of the
             year is due that day of the year itself

Day D past a month's end falls on its last day (31 → 30 April; 29/2 → 28/2 in a common year).

Periods cover exactly the plan's period [start, end]: every calendar period that overlaps it, cut to
it (`start`/`end` of a period are the overlap; its label stays the calendar period's). The last
period's report is due after the plan ends, in the following year if need be (Q4/2024 due 05/01/2025).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None
    label: str
    due: date
    kind: str = ""  # the schedule's kind (a slot's `schedule_kind`), set by reporting.services.task_periods


def _clamped(year, month, day):
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _month_end(year, month):
    return date(year, month, calendar.monthrange(year, month)[1])


def date_label(value):
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else ""


def span_label(start, end):
    """A period that is no calendar month, quarter, half or year: "01/01/2024 – 15/10/2024"."""
    if start and end:
        return f"{date_label(start)} – {date_label(end)}"
    return f"Đến {date_label(end)}" if end else ""


def _calendar_periods(kind, start, end):
    """(first day, last day, label, months per period) of each calendar period overlapping [start, end]."""
    size = {"monthly": 1, "quarterly": 3, "halfyearly": 6, "yearly": 12}[kind]
    year, month = start.year, ((start.month - 1) // size) * size + 1
    while date(year, month, 1) <= end:
        last_year, last_month = year, month + size - 1
        first, last = date(year, month, 1), _month_end(last_year, last_month)
        if kind == "monthly":
            label = f"Tháng {month}/{year}"
        elif kind == "quarterly":
            label = f"Quý {ROMAN[(month - 1) // 3 + 1]}/{year}"
        elif kind == "halfyearly":
            label = f"6 tháng {'đầu' if month == 1 else 'cuối'} năm {year}"
        else:
            label = f"Năm {year}"
        yield first, last, label
        year, month = _next_month(last_year, last_month)


def _due(kind, period_last, *, day, month):
    if kind == "yearly":
        if month >= 10:  # the year's report, sent before the year ends
            return _clamped(period_last.year, month, day)
        return _clamped(period_last.year + 1, month, day)
    return _clamped(*_next_month(period_last.year, period_last.month), day)


def periods(kind, start, end, *, on=None, day=None, month=None):
    """The periods of a schedule over the plan's period [start, end] (both inclusive), by due date.

    Without a plan period only a `once` date has a place (a period with no start)."""
    if kind == "once":
        if not on:
            return []
        if start is None or end is None:
            return [Period(None, on, span_label(None, on), on)]
        if on < start or on > end + timedelta(days=366):
            return []
        to = min(on, end)
        return [Period(start, to, span_label(start, to), on)]
    if kind not in ("monthly", "quarterly", "halfyearly", "yearly") or start is None or end is None or end < start:
        return []
    if not day or (kind == "yearly" and not month):
        return []
    result = []
    for first, last, label in _calendar_periods(kind, start, end):
        result.append(Period(max(first, start), min(last, end), label, _due(kind, last, day=day, month=month)))
    return sorted(result, key=lambda p: p.due)


def timing_end(kind, *, to=None, year=None, part=None):
    """The last day of a task's timing (plans.Block: by/between a date, in a quarter or a month of a
    year), or None ("thường xuyên" and no timing end nowhere)."""
    if kind in ("by", "between"):
        return to
    if kind == "quarter" and year and part and 1 <= part <= 4:
        return _month_end(year, part * 3)
    if kind == "month" and year and part and 1 <= part <= 12:
        return _month_end(year, part)
    return None


def due_dates(kind, start, end, *, on=None, day=None, month=None):
    """Sorted due dates of a schedule's periods over [start, end]."""
    return [p.due for p in periods(kind, start, end, on=on, day=day, month=month)]


def period_of_due(kind, due_on, *, day=None, month=None):
    """The calendar period whose report falls due on `due_on` (for slots made before periods were kept):
    (first day, last day, label), or None for a `once` slot."""
    if kind not in ("monthly", "quarterly", "halfyearly", "yearly"):
        return None
    if kind == "yearly":
        year = due_on.year if (month or due_on.month) >= 10 else due_on.year - 1
        return date(year, 1, 1), date(year, 12, 31), f"Năm {year}"
    size = {"monthly": 1, "quarterly": 3, "halfyearly": 6}[kind]
    year, mon = (due_on.year - 1, 12) if due_on.month == 1 else (due_on.year, due_on.month - 1)
    first_month = ((mon - 1) // size) * size + 1
    for first, last, label in _calendar_periods(kind, date(year, first_month, 1), date(year, first_month, 1)):
        return first, last, label
    return None
