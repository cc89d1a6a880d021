"""The block editor of the plan form: the plan's body (docs/API.md, "The body") as rows of fields.

Each block is posted as flat fields `body-N-<field>` (N its place, renumbered by
static/planflow/blocks.js after every insert, move or delete) plus `body-TOTAL_FORMS`. This module
only turns those fields into the API's JSON shape of a block and back, and puts the API's
validation errors back on the fields: what a block may hold is decided by the same serializer
that checks `body` in the API, so the form and the API accept and refuse the same things.

Numbers are passed on as typed ("77,17", "5.000.000"): the serializer reads them the way the API
does and keeps a target's value as written.
"""

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

PREFIX = "body"
MAX_BLOCKS = 1000
LEVELS = (1, 2, 3)

KINDS = (
    ("heading", _("Tiêu đề")),
    ("paragraph", _("Đoạn văn")),
    ("target", _("Chỉ tiêu")),
    ("task", _("Nhiệm vụ")),
    ("table", _("Bảng")),
    ("footnote", _("Chú thích")),
)
COMPARATORS = (
    ("", _("— không ghi —")),
    ("at_least", _("ít nhất / … trở lên")),
    ("more_than", _("trên")),
    ("at_most", _("tối đa")),
    ("less_than", _("dưới")),
    ("exactly", _("bằng")),
    ("between", _("từ … đến …")),
    ("decrease_by", _("giảm")),
    ("increase_by", _("tăng")),
)
TIMING_KINDS = (
    ("", _("— Không ghi —")),
    ("ongoing", _("Thường xuyên")),
    ("by", _("Trước ngày")),
    ("between", _("Từ ngày … đến ngày …")),
    ("quarter", _("Quý")),
    ("month", _("Tháng")),
)
QUARTERS = (("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV"))

# The flat fields of one block, all kinds together (a kind shows only its own).
TEXT_FIELDS = (
    "id",
    "kind",
    "level",
    "label",
    "text",
    "comparator",
    "value",
    "value_max",
    "unit",
    "baseline",
    "lead_unit",
    "lead_name",
    "supporting_names",
    "timing_kind",
    "timing_date",
    "timing_from",
    "timing_to",
    "timing_year",
    "timing_quarter",
    "timing_month",
    "schedule_kind",
    "schedule_date",
    "schedule_day",
    "schedule_month",
    "schedule2_kind",
    "schedule2_date",
    "schedule2_day",
    "schedule2_month",
    "schedule_rest",
    "header_rows",
    "rows",
)
LIST_FIELDS = ("supporting_units",)

# Where an error of the API's block lands among the flat fields: (path in the block) -> field.
ERROR_FIELDS = {
    ("measure", "comparator"): "comparator",
    ("measure", "value"): "value",
    ("measure", "value_max"): "value_max",
    ("measure", "unit"): "unit",
    ("measure", "baseline"): "baseline",
    ("measure",): "value",
    ("lead",): "lead_unit",
    ("lead", "unit"): "lead_unit",
    ("lead", "name"): "lead_name",
    ("supporting",): "supporting_units",
    ("timing",): "timing_kind",
    ("timing", "kind"): "timing_kind",
    ("timing", "date"): "timing_date",
    ("timing", "from"): "timing_from",
    ("timing", "to"): "timing_to",
    ("timing", "year"): "timing_year",
    ("timing", "quarter"): "timing_quarter",
    ("timing", "month"): "timing_month",
    ("schedule",): "schedule_kind",
    ("schedule", "kind"): "schedule_kind",
    ("schedule", "date"): "schedule_date",
    ("schedule", "day"): "schedule_day",
    ("schedule", "month"): "schedule_month",
    ("schedules",): "schedule2_kind",
    ("schedules", "kind"): "schedule2_kind",
    ("schedules", "date"): "schedule2_date",
    ("schedules", "day"): "schedule2_day",
    ("schedules", "month"): "schedule2_month",
}
FIELD_LABELS = {
    "kind": _("Loại"),
    "level": _("Cấp"),
    "label": _("Số thứ tự"),
    "text": _("Nội dung"),
    "comparator": _("So sánh"),
    "value": _("Giá trị"),
    "value_max": _("Đến giá trị"),
    "unit": _("Đơn vị tính"),
    "baseline": _("Giá trị ban đầu"),
    "lead_unit": _("Chủ trì"),
    "lead_name": _("Chủ trì"),
    "supporting_units": _("Phối hợp"),
    "supporting_names": _("Phối hợp"),
    "timing_kind": _("Thời gian thực hiện"),
    "timing_date": _("Thời gian thực hiện"),
    "timing_from": _("Thời gian thực hiện"),
    "timing_to": _("Thời gian thực hiện"),
    "timing_year": _("Năm"),
    "timing_quarter": _("Quý"),
    "timing_month": _("Tháng"),
    "schedule_kind": _("Lịch báo cáo"),
    "schedule_date": _("Ngày báo cáo"),
    "schedule_day": _("Ngày trong tháng"),
    "schedule_month": _("Tháng"),
    "schedule2_kind": _("Lịch báo cáo thứ hai"),
    "schedule2_date": _("Ngày báo cáo"),
    "schedule2_day": _("Ngày trong tháng"),
    "schedule2_month": _("Tháng"),
    "schedule_rest": _("Các lịch báo cáo khác"),
    "header_rows": _("Số dòng tiêu đề"),
    "rows": _("Các dòng của bảng"),
}
KIND_LABELS = dict(KINDS)
CELL_SEPARATOR = "|"


def _number(text):
    """'3' -> 3; anything else is passed on as typed, for the serializer to refuse in its words."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return text


def _lines(text):
    return [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip()]


@dataclass(frozen=True)
class BlockField:
    """One flat field of a block, for the template: its name, id, value(s), label and errors."""

    row: "BlockRow"
    name: str

    @property
    def html_name(self):
        return self.row.name(self.name)

    @property
    def id(self):
        return f"id_{self.html_name}"

    @property
    def value(self):
        return self.row.values.get(self.name, "")

    @property
    def values(self):
        return [str(value) for value in self.row.values.get(self.name) or []]

    @property
    def label(self):
        return FIELD_LABELS.get(self.name, self.name)

    @property
    def errors(self):
        return self.row.errors.get(self.name, [])


@dataclass
class BlockRow:
    """One block of the editor: its place, its flat fields and the errors on them."""

    index: object  # an int, or "__prefix__" for the template of a new block
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)  # field -> [message]; "" for the block as a whole
    depth: int = 0  # how far the editor indents it

    def name(self, field_name):
        return f"{PREFIX}-{self.index}-{field_name}"

    @property
    def f(self):
        return {name: BlockField(self, name) for name in TEXT_FIELDS + LIST_FIELDS}

    def get(self, field_name):
        return self.values.get(field_name, "")

    @property
    def kind(self):
        return self.values.get("kind") or "paragraph"

    @property
    def level(self):
        level = _number(self.values.get("level"))
        return level if level in LEVELS else 1

    def is_blank(self):
        kind = self.kind
        if kind == "table":
            return not _lines(self.get("rows"))
        filled = [
            name
            for name in TEXT_FIELDS
            if name not in ("id", "kind", "level", "timing_kind", "schedule_kind", "schedule2_kind", "schedule_rest", "comparator")
        ]
        return kind == "paragraph" and not any((self.get(name) or "").strip() for name in filled) and not self.get("supporting_units")

    def to_api(self):
        """The block in the API's JSON shape (docs/API.md, "The body")."""
        kind, get = self.kind, self.get
        block = {"kind": kind}
        if get("id"):
            block["id"] = _number(get("id"))
        if kind == "table":
            rows = [[cell.strip() for cell in line.split(CELL_SEPARATOR)] for line in _lines(get("rows"))]
            block["label"] = get("label")
            block["header_rows"] = _number(get("header_rows")) or 0
            block["rows"] = rows
            return block
        block["label"] = get("label")
        block["text"] = get("text")
        if kind == "heading":  # only a heading has a level; other blocks nest under theirs
            block["level"] = self.level
        if kind == "target":
            block["measure"] = {
                "comparator": get("comparator") or None,
                "value": get("value").strip() or None,
                "value_max": get("value_max").strip() or None,
                "unit": get("unit"),
                "baseline": get("baseline").strip() or None,
            }
        elif kind == "task":
            block["lead"] = _party(get("lead_unit"), get("lead_name"))
            supporting = [{"unit": _number(unit)} for unit in self.values.get("supporting_units") or [] if unit]
            supporting += [{"name": name} for name in _lines(get("supporting_names"))]
            block["supporting"] = supporting
            block["timing"] = _timing(self.values)
            first, second = _schedule(self.values), _schedule(self.values, "schedule2")
            rest = _rest(get("schedule_rest"))
            if second or rest:  # a second duty ("hằng tháng … và hằng năm …"): every schedule, the first first
                block["schedules"] = [s for s in (first, second) if s] + rest
            else:
                block["schedule"] = first
        return block


def _party(unit, name):
    name = (name or "").strip()
    if name:
        return {"name": name}
    if (unit or "").strip():
        return {"unit": _number(unit)}
    return None


def _timing(values):
    kind = values.get("timing_kind") or ""
    get = values.get
    if not kind:
        return None
    if kind == "ongoing":
        return {"kind": kind}
    if kind == "by":
        return {"kind": kind, "date": get("timing_date") or None}
    if kind == "between":
        return {"kind": kind, "from": get("timing_from") or None, "to": get("timing_to") or None}
    if kind == "quarter":
        return {"kind": kind, "year": _number(get("timing_year")), "quarter": _number(get("timing_quarter"))}
    if kind == "month":
        return {"kind": kind, "year": _number(get("timing_year")), "month": _number(get("timing_month"))}
    return {"kind": kind}


def _schedule(values, prefix="schedule"):
    kind = values.get(f"{prefix}_kind") or ""
    get = values.get
    if not kind:
        return None
    if kind == "once":
        return {"kind": kind, "date": get(f"{prefix}_date") or None}
    if kind == "timing_end":
        return {"kind": kind}
    schedule = {"kind": kind, "day": _number(get(f"{prefix}_day"))}
    if kind == "yearly":
        schedule["month"] = _number(get(f"{prefix}_month"))
    return schedule


def _rest(text):
    """The schedules after the second (a task written so through the API), kept as a hidden JSON field;
    anything else there is passed on for the serializer to refuse."""
    if not (text or "").strip():
        return []
    try:
        rest = json.loads(text)
    except ValueError:
        return [text]
    return rest if isinstance(rest, list) else [rest]


def _text(value):
    return "" if value is None else str(value)


def row_from_api(index, block):
    """The flat fields of an API block (for editing a saved plan)."""
    values = {
        "id": _text(block.get("id")),
        "kind": block.get("kind") or "paragraph",
        "level": _text(block.get("level") or 1),
        "label": block.get("label") or "",
        "text": block.get("text") or "",
    }
    measure = block.get("measure") or {}
    for name in ("comparator", "value", "value_max", "unit", "baseline"):
        values[name] = _text(measure.get(name))
    lead = block.get("lead") or {}
    values["lead_unit"] = _text(lead.get("unit"))
    values["lead_name"] = lead.get("name") or ""
    supporting = block.get("supporting") or []
    values["supporting_units"] = [str(party["unit"]) for party in supporting if party.get("unit") is not None]
    values["supporting_names"] = "\n".join(party["name"] for party in supporting if party.get("name"))
    timing = block.get("timing") or {}
    values["timing_kind"] = timing.get("kind") or ""
    for name in ("date", "from", "to", "year", "quarter", "month"):
        values[f"timing_{name}"] = _text(timing.get(name))
    schedules = block.get("schedules") or ([block["schedule"]] if block.get("schedule") else [])
    for prefix, schedule in (("schedule", schedules[0] if schedules else {}), ("schedule2", schedules[1] if len(schedules) > 1 else {})):
        values[f"{prefix}_kind"] = schedule.get("kind") or ""
        for name in ("date", "day", "month"):
            values[f"{prefix}_{name}"] = _text(schedule.get(name))
    values["schedule_rest"] = json.dumps(schedules[2:], ensure_ascii=False) if len(schedules) > 2 else ""
    values["header_rows"] = _text(block.get("header_rows") if block.get("kind") == "table" else "")
    values["rows"] = "\n".join(f" {CELL_SEPARATOR} ".join(str(cell) for cell in row) for row in block.get("rows") or [])
    return BlockRow(index, values)


def rows_from_post(data, add_block=False):
    """The editor's blocks as posted (QueryDict), in order; one blank block more when `add_block`."""
    try:
        total = min(max(int(data.get(f"{PREFIX}-TOTAL_FORMS", 0)), 0), MAX_BLOCKS)
    except (TypeError, ValueError):
        total = 0
    rows = []
    for index in range(total):
        values = {name: data.get(f"{PREFIX}-{index}-{name}", "") for name in TEXT_FIELDS}
        values.update({name: data.getlist(f"{PREFIX}-{index}-{name}") for name in LIST_FIELDS})
        rows.append(BlockRow(index, values))
    if add_block:
        rows.append(BlockRow(len(rows), {"kind": "paragraph"}))
    return rows


class BlockEditor:
    """The blocks of one plan form: rows to render, the body for the service, errors on the rows."""

    def __init__(self, rows):
        self.rows = rows
        self.errors = []  # messages about the body as a whole
        self.kept = [row for row in rows if not row.is_blank()]  # blank blocks are skipped, as blank rows
        under = 0  # a heading sits at its level, the blocks after it one step under it (as blocks.js)
        for row in rows:
            if row.kind == "heading":
                under = row.level
                row.depth = under - 1
            else:
                row.depth = under

    @classmethod
    def from_post(cls, data, add_block=False):
        return cls(rows_from_post(data, add_block))

    @classmethod
    def from_body(cls, body):
        rows = [row_from_api(index, block) for index, block in enumerate(body or [])]
        return cls(rows or [BlockRow(0, {"kind": "paragraph"})])

    @property
    def template_row(self):
        return BlockRow("__prefix__", {"kind": "paragraph"})

    def body(self):
        return [row.to_api() for row in self.kept]

    def show_errors(self, errors):
        """Put the API's errors on `body` on the rows: a message about the whole body, one entry per
        kept block (a list), or {place: errors} of the blocks that failed (a dict by index)."""
        if isinstance(errors, dict) and errors and all(str(key).isdigit() for key in errors):
            by_place = {int(key): value for key, value in errors.items()}
            errors = [by_place.get(index, {}) for index in range(len(self.kept))]
            if any(index >= len(self.kept) for index in by_place):
                self.errors += [str(message) for index, value in by_place.items() if index >= len(self.kept) for message in _flat(value)]
        elif isinstance(errors, dict):
            errors = [errors]
        if not isinstance(errors, list) or not errors or not all(isinstance(item, dict | list) or item is None for item in errors):
            self.errors += [str(message) for message in _flat(errors)]
            return
        if len(errors) != len(self.kept):  # not one entry per block: a message about the whole body
            self.errors += [str(message) for message in _flat(errors)]
            return
        for row, item in zip(self.kept, errors, strict=True):
            if isinstance(item, dict):
                for path, message in _paths(item):
                    row.errors.setdefault(_field_of(path), []).append(str(message))
            elif item:
                row.errors.setdefault("", []).extend(str(message) for message in _flat(item))

    def has_errors(self):
        return bool(self.errors) or any(row.errors for row in self.rows)

    def error_items(self, item_class):
        """ErrorItems for the page's banner: each block's errors, by its place and kind."""
        items = [item_class("part-body", str(_("Nội dung kế hoạch")), message) for message in self.errors]
        for number, row in enumerate(self.rows, start=1):
            for field_name, messages in row.errors.items():
                where = _("Khối %(number)d (%(kind)s)") % {"number": number, "kind": KIND_LABELS.get(row.kind, row.kind)}
                if field_name:
                    label = f"{where} — {FIELD_LABELS.get(field_name, field_name)}"
                    target = f"id_{row.name(field_name)}"
                else:
                    label, target = str(where), f"block-{row.index}"
                items += [item_class(target, label, message) for message in messages]
        return items


def _flat(errors):
    if isinstance(errors, dict):
        for value in errors.values():
            yield from _flat(value)
    elif isinstance(errors, list | tuple):
        for value in errors:
            yield from _flat(value)
    elif errors:
        yield errors


def _paths(errors, path=()):
    """(path, message) of every message in a nested DRF error dict."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            yield from _paths(value, (*path, str(key)))
    elif isinstance(errors, list | tuple):
        if all(not isinstance(item, dict | list) for item in errors):
            for message in errors:
                yield path, message
        else:
            for item in errors:
                yield from _paths(item, path)
    else:
        yield path, errors


def _field_of(path):
    if not path or path[0] in ("non_field_errors",):
        return ""
    if path[0] in ("kind", "level", "label", "text", "header_rows", "rows"):
        return path[0]
    if path[0] in ("supporting",):
        return "supporting_units"
    named = tuple(p for p in path if not p.isdigit())  # schedules[1].month -> ("schedules", "month")
    for length in (2, 1):
        key = named[:length]
        if key in ERROR_FIELDS:
            return ERROR_FIELDS[key]
    return ""


def validate_body(organization, body):
    """(the body as the service takes it, None) or (None, the API's errors on it): the API's own
    check of `body` (plans.serializers.BlockInputSerializer), so the form refuses what the API does."""
    from .serializers import BlockInputSerializer
    from .validation import body_errors

    serializer = BlockInputSerializer(data=body, many=True)
    if not serializer.is_valid():
        return None, serializer.errors
    errors = body_errors(organization, serializer.validated_data)  # what the service refuses, by block
    if errors:
        return None, errors
    return serializer.validated_data, None


def body_of(plan):
    """The plan's body in the API's JSON shape, with each block's id (blocks prefetched by
    plans.selectors.with_parts)."""
    from .blocks import block_data

    return [{"id": block.pk, **block_data(block)} for block in plan.blocks.all()]
