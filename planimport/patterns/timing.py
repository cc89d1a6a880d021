"""When a task is done (its timing) and when it reports (its schedule).

Timing: a heading "Quý I/2024" (or "Quý II năm 2024") for the tasks under it, "Tháng 3/2024",
"trước ngày 30/6/2024" (done by), "từ ngày 1/3/2024 đến ngày 30/6/2024", "Thời gian: thường xuyên".
Schedule: "hằng tháng, trước ngày 15" (monthly), "trước ngày 15/12 hằng năm" and "hằng năm (trước
ngày 15 tháng 12)" (yearly), "báo cáo quý …, trước ngày 5 của tháng đầu quý sau" (quarterly), and
"báo cáo … trước ngày 05/12/2023" (once). A deadline in a sentence that reports is a schedule, not
the timing.
"""

import datetime as dt
import re

ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
EVERY = r"(?:hằng|hàng)"
DATE = r"(?P<d>\d{1,2})\s*(?:/|-|\s+tháng\s+)(?P<m>\d{1,2})\s*(?:/|-|\s+năm\s+)(?P<y>\d{4})"
DAY_MONTH = r"(?P<d>\d{1,2})\s*(?:/|\s+tháng\s+)(?P<m>\d{1,2})(?!\s*(?:/|năm)\s*\d)"
QUARTER = re.compile(r"\bquý\s+(?P<q>IV|I{1,3}|[1-4])\s*(?:/|\s+năm\s+)(?P<y>\d{4})", re.IGNORECASE)
MONTH = re.compile(r"^\s*tháng\s+(?P<m>\d{1,2})\s*(?:/|\s+năm\s+)(?P<y>\d{4})", re.IGNORECASE)
BEFORE_DATE = re.compile(r"\btrước\s+ngày\s+" + DATE, re.IGNORECASE)
BETWEEN_DATES = re.compile(
    r"\btừ\s+ngày\s+" + DATE.replace("(?P<", "(?P<a") + r"\s+(?:đến|tới)\s+(?:hết\s+)?ngày\s+" + DATE.replace("(?P<", "(?P<b"),
    re.IGNORECASE,
)
ONGOING = re.compile(r"thời gian(?:\s+thực hiện)?\s*:\s*thường xuyên", re.IGNORECASE)

MONTHLY = re.compile(EVERY + r"\s+tháng\W{0,3}\s*(?:\(\s*)?trước\s+ngày\s+(?P<d>\d{1,2})\b(?!\s*(?:/|tháng))", re.IGNORECASE)
YEARLY_AFTER = re.compile(EVERY + r"\s+năm\W{0,3}\s*(?:\(\s*)?trước\s+ngày\s+" + DAY_MONTH, re.IGNORECASE)
YEARLY_BEFORE = re.compile(r"trước\s+ngày\s+" + DAY_MONTH + r"\s*(?:của\s+)?" + EVERY + r"\s+năm", re.IGNORECASE)
QUARTERLY = re.compile(r"(?:" + EVERY + r"\s+quý|báo cáo\s+(?:định kỳ\s+)?quý|định kỳ\s+quý)", re.IGNORECASE)
DAY_AFTER = re.compile(r"trước\s+ngày\s+(?P<d>\d{1,2})\b(?!\s*(?:/|tháng))", re.IGNORECASE)
REPORTS = re.compile(r"\bbáo cáo\b", re.IGNORECASE)


def _date(match, prefix=""):
    try:
        return dt.date(int(match.group(prefix + "y")), int(match.group(prefix + "m")), int(match.group(prefix + "d")))
    except ValueError:
        return None


def heading_timing(text):
    """The timing a heading states for the tasks under it ("Quý I/2024", "Tháng 3/2024"), or None."""
    match = QUARTER.search(text)
    if match:
        q = match.group("q").upper()
        return {"kind": "quarter", "year": int(match.group("y")), "quarter": ROMAN_QUARTERS.get(q) or int(q)}
    match = MONTH.search(text)
    if match and 1 <= int(match.group("m")) <= 12:
        return {"kind": "month", "year": int(match.group("y")), "month": int(match.group("m"))}
    return None


def task_timing(text):
    """The timing a task's own words state, or None. A deadline for a report is its schedule instead."""
    match = BETWEEN_DATES.search(text)
    if match and _date(match, "a") and _date(match, "b") and _date(match, "a") <= _date(match, "b"):
        return {"kind": "between", "from": _date(match, "a").isoformat(), "to": _date(match, "b").isoformat()}
    for match in BEFORE_DATE.finditer(text):
        if not REPORTS.search(_sentence_before(text, match.start())) and _date(match):
            return {"kind": "by", "date": _date(match).isoformat()}
    if ONGOING.search(text):
        return {"kind": "ongoing"}
    return heading_timing(text) if QUARTER.search(text) else None


def _sentence_before(text, at):
    start = max(text.rfind(".", 0, at), text.rfind(";", 0, at))
    return text[start + 1 : at]


def _sentence_around(text, at):
    start = max(text.rfind(".", 0, at), text.rfind(";", 0, at))
    ends = [i for i in (text.find(".", at), text.find(";", at)) if i >= 0]
    return text[start + 1 : min(ends) if ends else len(text)]


def schedules(text):
    """Every reporting schedule the text states, in the order it states them."""
    found = []
    for match in MONTHLY.finditer(text):
        found.append((match.start(), {"kind": "monthly", "day": int(match.group("d"))}))
    for pattern in (YEARLY_AFTER, YEARLY_BEFORE):
        for match in pattern.finditer(text):
            day, month = int(match.group("d")), int(match.group("m"))
            if 1 <= month <= 12 and 1 <= day <= 31:
                found.append((match.start(), {"kind": "yearly", "day": day, "month": month}))
    for match in QUARTERLY.finditer(text):
        if not REPORTS.search(_sentence_around(text, match.start())):
            continue
        day = DAY_AFTER.search(text, match.end(), match.end() + 120)
        found.append((match.start(), {"kind": "quarterly", "day": int(day.group("d")) if day else None}))
    for match in BEFORE_DATE.finditer(text):
        if REPORTS.search(_sentence_before(text, match.start())) and _date(match):
            found.append((match.start(), {"kind": "once", "date": _date(match).isoformat()}))
    found.sort(key=lambda pair: pair[0])
    unique = []
    for _at, schedule in found:
        if schedule not in unique:
            unique.append(schedule)
    return unique
