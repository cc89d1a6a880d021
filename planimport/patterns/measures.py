"""A target's measure from its sentence: the comparator, the value as written, the unit.

    "Có trên 77,17% trở lên hộ …"      -> more_than 77,17 %
    "ít nhất 3 lớp" / "80% trở lên"     -> at_least
    "không quá 5%" / "tối đa 5%"        -> at_most;   "dưới 2%" -> less_than
    "từ 60% đến 70%"                    -> between 60 … 70
    "giảm 2% so với năm 2023"           -> decrease_by 2 %; "tăng 10%" -> increase_by
    "xóa 100% nhà tạm", "Số lượng: 10 mô hình" -> exactly

A percentage is a target whatever its words; a count only with a comparator or in a line
"Số lượng …: N …" (a bare number is a date, an article or a year far more often).
"""

import re
from dataclasses import dataclass

from plans.blocks import value_problem
from plans.numbers import NumberError, parse_integer

NUMBER = r"(?<![\d/.,])\d+(?:[.,]\d+)*(?![\d/])"
UNIT_WORD = r"[^\W\d_][\w]*"
TWO_WORD_UNITS = {
    "mô hình",
    "đơn vị",
    "lượt người",
    "hội nghị",
    "cuộc họp",
    "ngôi nhà",
    "căn nhà",
    "lớp học",
    "học sinh",
    "đảng viên",
    "hội viên",
    "đoàn viên",
    "thanh niên",
    "tổ chức",
}
NOT_UNITS = {"trở", "đến", "tới", "so", "và", "của", "trong", "trên", "năm", "ngày", "tháng"}
NOT_A_COUNT_BEFORE = re.compile(r"(?:năm|ngày|tháng|số|quý|thứ|khoản|điều|điểm|mục|lần|giai đoạn)\s*$", re.IGNORECASE)


@dataclass
class Measure:
    comparator: str
    value: str
    value_max: str | None
    unit: str
    baseline: str | None
    phrase: str

    def as_json(self):
        return {
            "comparator": self.comparator,
            "value": self.value,
            "value_max": self.value_max,
            "unit": self.unit,
            "baseline": self.baseline,
        }


def _value(text):
    """The value as written when the API reads it so; a thousands-grouped whole ("1.000") as plain digits."""
    text = text.rstrip(".,")
    if value_problem(text) is None:
        return text
    try:
        return str(parse_integer(text))
    except NumberError:
        return None


def _unit(after):
    """The unit right after a number: "%", or one or two words ("mô hình", "hộ")."""
    after = after.lstrip()
    if after.startswith("%"):
        return "%"
    match = re.match(r"(" + UNIT_WORD + r")(?:\s+(" + UNIT_WORD + r"))?", after)
    if not match:
        return ""
    first, second = match.group(1), match.group(2)
    if first.lower() in NOT_UNITS:
        return ""
    if second and f"{first} {second}".lower() in TWO_WORD_UNITS:
        return f"{first} {second}"
    return first


def _figure(pattern):
    return re.compile(pattern.replace("NUM", f"(?P<value>{NUMBER})"), re.IGNORECASE)


# (comparator, pattern): the first that matches wins; NUM is the value.
PHRASES = [
    ("between", re.compile(rf"\btừ\s+(?P<value>{NUMBER})\s*(?P<u1>%?)\s*(?:\w+\s+)?(?:đến|tới)\s+(?P<value_max>{NUMBER})", re.IGNORECASE)),
    ("more_than", _figure(r"\btrên\s+NUM(?=\s*%?\s*(?:\w+\s+){0,3}?trở lên)")),
    ("at_least", _figure(r"\b(?:ít nhất|tối thiểu|không dưới|không thấp hơn)\s+(?:là\s+)?NUM")),
    ("at_least", _figure(r"NUM(?=\s*%?\s*(?:[^\W\d_]+\s+){0,2}?trở lên)")),
    ("at_most", _figure(r"\b(?:tối đa|không quá|không vượt quá|không cao hơn|dưới mức)\s+(?:là\s+)?NUM")),
    ("less_than", _figure(r"\bdưới\s+NUM")),
    ("more_than", _figure(r"\btrên\s+NUM")),
    ("decrease_by", _figure(r"\bgiảm\s+(?:thêm\s+|ít nhất\s+)?NUM")),
    ("increase_by", _figure(r"\btăng\s+(?:thêm\s+|ít nhất\s+)?NUM")),
]
PERCENT = re.compile(rf"(?P<value>{NUMBER})\s*%")
COUNT_LINE = re.compile(rf"^(?:Số lượng|Chỉ tiêu)[^:]*:\s*(?P<value>{NUMBER})\s+(?P<rest>\S.*)$", re.IGNORECASE)
BASELINE = re.compile(rf"so với\s+(?:mức\s+)?(?P<value>{NUMBER})\s*%", re.IGNORECASE)


def measure_of(text):
    """The Measure a target's sentence states, or None when it states no figure."""
    for comparator, pattern in PHRASES:
        for match in pattern.finditer(text):
            if NOT_A_COUNT_BEFORE.search(text[: match.start("value")]):
                continue
            unit = _unit(text[match.end("value") :])
            if (
                comparator != "between"
                and unit != "%"
                and comparator in ("decrease_by", "increase_by", "more_than", "less_than")
                and not unit
            ):
                continue
            value = _value(match.group("value"))
            value_max = _value(match.group("value_max")) if comparator == "between" else None
            if value is None or (comparator == "between" and value_max is None):
                continue
            if comparator == "between":
                unit = _unit(text[match.end("value_max") :]) or unit
            baseline = None
            if comparator in ("decrease_by", "increase_by"):
                found = BASELINE.search(text, match.end())
                baseline = _value(found.group("value")) if found else None
            return Measure(comparator, value, value_max, unit, baseline, match.group(0))
    match = PERCENT.search(text)
    if match and not NOT_A_COUNT_BEFORE.search(text[: match.start()]):
        value = _value(match.group("value"))
        if value is not None:
            return Measure("exactly", value, None, "%", None, match.group(0))
    match = COUNT_LINE.match(text)
    if match:
        value = _value(match.group("value"))
        if value is not None:
            return Measure("exactly", value, None, _unit(match.group("rest")), None, match.group(0))
    return None


LOOKS_LIKE_TARGET = re.compile(r"\b(?:chỉ tiêu|phấn đấu|đạt tỷ lệ|tỷ lệ)\b", re.IGNORECASE)
