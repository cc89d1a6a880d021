"""The slots and reports of a plan, or of every plan of an organization, as XLSX (openpyxl).

Two sheets: "Kỳ báo cáo" (one row per slot: the plan, the task, the lead unit, the period it covers,
its due date, state, late mark and the lead unit's latest progress) and "Báo cáo" (one row per report,
a supporting unit's part marked). Read in a fixed number of queries, streamed row by row (write-only
workbook), whatever the number of slots.
"""

import io

from django.db.models import OuterRef, Subquery
from openpyxl import Workbook

from .models import Report, ReportSlot, SlotState

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATES = dict(SlotState.choices)
SLOT_HEADER = [
    "Mã kế hoạch",
    "Số",
    "Trích yếu",
    "Nhiệm vụ",
    "Đơn vị chủ trì",
    "Kỳ báo cáo",
    "Từ ngày",
    "Đến ngày",
    "Hạn báo cáo",
    "Trạng thái",
    "Nộp muộn",
    "Tiến độ gần nhất (%)",
]
REPORT_HEADER = [
    "Mã kế hoạch",
    "Kỳ báo cáo",
    "Hạn báo cáo",
    "Nhiệm vụ",
    "Đơn vị",
    "Phần của đơn vị phối hợp",
    "Người nộp",
    "Nộp lúc",
    "Nộp muộn",
    "Tiến độ (%)",
    "Nội dung",
]


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _cell_text(text, limit=32000):
    """A formula-looking text stays text (no '=cmd|…' in a spreadsheet), and within Excel's cell limit."""
    text = (text or "")[:limit]
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def slots_xlsx(slots):
    """The workbook of `slots` (a ReportSlot queryset) and their reports, as bytes."""
    latest = Report.objects.filter(slot=OuterRef("pk"), is_part=False).order_by("-submitted_at", "-id").values("progress")[:1]
    slot_rows = (
        slots.annotate(latest_progress=Subquery(latest))
        .order_by("plan_id", "task__position", "due_on", "id")
        .values_list(
            "plan_id",
            "plan__number",
            "plan__subject",
            "task__text",
            "task__lead_unit__name",
            "period_label",
            "period_start",
            "period_end",
            "due_on",
            "state",
            "late",
            "latest_progress",
        )
    )
    report_rows = (
        Report.objects.filter(slot__in=slots)
        .order_by("slot__plan_id", "slot__due_on", "slot_id", "submitted_at", "id")
        .values_list(
            "slot__plan_id",
            "slot__period_label",
            "slot__due_on",
            "slot__task__text",
            "unit__name",
            "is_part",
            "author__first_name",
            "author__last_name",
            "author__username",
            "submitted_at",
            "late",
            "progress",
            "text",
        )
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kỳ báo cáo")
    sheet.append(SLOT_HEADER)
    for plan_id, symbol, subject, task, lead, label, start, end, due, state, late, progress in slot_rows.iterator():
        sheet.append(
            [
                plan_id,
                symbol or "",  # the number
                _cell_text(subject, 1000),
                _cell_text(task, 1000),
                lead or "",
                label,
                _date(start),
                _date(end),
                _date(due),
                str(STATES.get(state, state)),
                "x" if late else "",
                progress if progress is not None else "",
            ]
        )
    sheet = book.create_sheet("Báo cáo")
    sheet.append(REPORT_HEADER)
    for plan_id, label, due, task, unit, is_part, first, last, username, at, late, progress, text in report_rows.iterator():
        name = f"{first} {last}".strip() or username
        sheet.append(
            [
                plan_id,
                label,
                _date(due),
                _cell_text(task, 1000),
                unit,
                "x" if is_part else "",
                name,
                at.strftime("%d/%m/%Y %H:%M") if at else "",
                "x" if late else "",
                progress,
                _cell_text(text),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan_slots(plan):
    return ReportSlot.objects.filter(plan=plan)


def organization_slots(organization):
    return ReportSlot.objects.filter(plan__organization=organization)
