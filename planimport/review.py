"""What the review screen shows: the source items, each marked with what it became, beside the
recognized blocks (from the recognizer's `marks`)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from plans.models import BlockKind

from .source import SourceTable

REPORT_LABELS = {
    "subject": _("Trích yếu"),
    "legal_bases": _("Căn cứ"),
    "preamble": _("Lời mở đầu"),
    "blocks": _("Khối nội dung"),
    "headings": _("Tiêu đề"),
    "targets": _("Chỉ tiêu"),
    "tasks": _("Nhiệm vụ"),
    "parties": _("Đơn vị thực hiện"),
    "tables": _("Bảng"),
    "footnotes": _("Chú thích"),
    "budget_lines": _("Dòng kinh phí"),
    "recipients": _("Nơi nhận"),
    "signing_authority": _("Thẩm quyền ký"),
    "signer_title": _("Chức vụ người ký"),
    "signer_name": _("Họ tên người ký"),
    "signer": _("Người ký"),
    "period": _("Thời gian thực hiện"),
    "source_reference": _("Số, ngày của văn bản nguồn"),
    "ocr": _("Nhận dạng chữ (OCR)"),
}
"""The import report's counts as the review screen names them (a name not here is shown as it is)."""

MARKED_KINDS = (BlockKind.HEADING, BlockKind.TARGET, BlockKind.TASK, BlockKind.TABLE, BlockKind.FOOTNOTE, "party")
"""What a source line is marked with on the review screen (the recognizer's `marks[i]["became"]`;
"party": a heading naming the body that leads the tasks under it)."""


@dataclass
class SourceRow:
    number: int
    text: str = ""
    rows: list = field(default_factory=list)
    became: str = ""  # the kind of the block it went into, when that kind is worth marking
    block: int | None = None  # that block's number (1-based)


@dataclass
class BlockRow:
    number: int
    block: dict
    form: object
    items: list  # the numbers (1-based) of the source items it came from
    parties: list
    became: str = ""  # the recognizer's mark: "party" for a heading naming who leads the tasks under it


def mark_items(mark):
    """The source item indexes a mark names (the recognizer's `marks`, one per body block)."""
    if isinstance(mark, dict):
        for key in ("items", "source_items", "source", "from"):
            value = mark.get(key)
            if isinstance(value, int):
                return [value]
            if isinstance(value, list | tuple):
                return [v for v in value if isinstance(v, int)]
    return []


def party_names(block):
    """The names of a task block's lead and supporting parties, as recognized."""
    names = []
    for party in [block.get("lead"), *(block.get("supporting") or [])]:
        if not party:
            continue
        if isinstance(party, dict):
            unit, name = party.get("unit"), party.get("name")
        else:
            unit, name = party
        names.append(str(getattr(unit, "name", unit) or name or ""))
    return [name for name in names if name]


def review_rows(source, body, marks, forms):
    """(source rows, block rows): each source item with the block it became, each block with its form."""
    source_rows = [
        SourceRow(number=i + 1, rows=item.rows) if isinstance(item, SourceTable) else SourceRow(number=i + 1, text=item.text)
        for i, item in enumerate(source.items)
    ]
    block_rows = []
    for number, (block, form) in enumerate(zip(body, forms, strict=False), start=1):
        mark = marks[number - 1] if number - 1 < len(marks) else {}
        indexes = [i for i in mark_items(mark) if 0 <= i < len(source_rows)]
        became = (mark.get("became") if isinstance(mark, dict) else None) or block["kind"]
        for index in indexes:
            row = source_rows[index]
            if row.block is None:
                row.block = number
                row.became = became if became in MARKED_KINDS else ""
        block_rows.append(BlockRow(number, block, form, [i + 1 for i in indexes], party_names(block), became))
    return source_rows, block_rows


def report_rows(report):
    """[(label, value)] of the report's `recognized`, in REPORT_LABELS' order, then the others."""
    recognized = dict(report.get("recognized") or {})
    rows = [(label, recognized.pop(name)) for name, label in REPORT_LABELS.items() if name in recognized]
    return rows + sorted((name, value) for name, value in recognized.items() if not isinstance(value, dict | list))
