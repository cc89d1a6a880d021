"""The consolidated report (báo cáo tổng hợp) of a plan's reporting: DOCX and PDF, made on demand.

Laid out as an administrative document (Nghị định 30/2020/NĐ-CP, Appendix I) and printed through
the same rules as the plan itself (documents.formatting, the Quốc hiệu and Tiêu ngữ of
documents.layout): the issuing body and the Quốc hiệu/Tiêu ngữ side by side, the number left
blank for the clerk ("Số:      /BC-UBND"), the place and today's date, "BÁO CÁO" with what it
reports on, then
  I.   the slots by state,
  II.  each task with its slots: due date, state, latest reported progress,
  III. each target: its latest reported value against its target value,
  IV.  late slots by unit,
and Nơi nhận with the signature block of the plan's signing authority (to be signed).

`report_data` gathers everything in a fixed number of queries; `as_docx` and `as_pdf` only lay
it out. The text is Vietnamese whatever the UI language (the caller runs it under "vi").
"""

import io
from collections import OrderedDict

from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from docx.shared import Cm, Pt

from accounts.roles import position_in
from config.text import display_text
from documents import word
from documents.formatting import balanced_lines, ngay, ngay_thang, ngay_van_ban, signature_lines, so
from documents.layout import MOTTO, NATIONAL_NAME

from .dashboard import late_by_unit, slots_by_state, target_progress
from .models import Report, ReportSlot

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REPORT_TYPE = "BC"  # the type code of a báo cáo in the number and symbol (BC-UBND)


def _sentence_tail(text):
    """'Triển khai thực hiện …' -> 'triển khai thực hiện …', so it reads after 'về'; 'UBND …' stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def reported_on(plan):
    """'Tình hình thực hiện Kế hoạch số 01/KH-UBND ngày 05/01/2025 của UBND huyện … về …'."""
    number = f"Kế hoạch số {plan.symbol}" if plan.symbol else "Kế hoạch"
    issued = f" ngày {ngay_van_ban(plan.issued_on)}" if plan.issued_on else ""
    return f"Tình hình thực hiện {number}{issued} của {plan.organization.name} về {_sentence_tail(plan.subject)}"


def report_data(plan, today=None, now=None):
    """Everything the consolidated report prints, read now."""
    today = today or timezone.localdate()
    now = now or timezone.localtime()
    organization = plan.organization
    slots = ReportSlot.objects.filter(plan=plan)
    latest = Report.objects.filter(slot=OuterRef("pk"), is_part=False).order_by("-submitted_at", "-id").values("progress")[:1]
    by_task = OrderedDict(
        (task.pk, {"task": task, "slots": []}) for task in plan.tasks.select_related("lead_unit").order_by("position", "id")
    )
    for slot in slots.annotate(latest_progress=Subquery(latest)).order_by("due_on", "id"):
        by_task[slot.task_id]["slots"].append(slot)
    states = slots_by_state(slots)
    position = position_in(plan.signer, organization) if plan.signer_id else ""
    parent_name = (organization.parent.header_name or organization.parent.name).upper() if organization.parent_id else ""
    issuer_name = (organization.header_name or organization.name).upper()
    return {
        "plan": plan,
        "organization": organization,
        "parent_name": parent_name,
        "issuer_name": issuer_name,
        # the names as the head breaks them, each line whole (never "… TỈNH KON / TUM")
        "parent_lines": balanced_lines(parent_name),
        "issuer_lines": balanced_lines(issuer_name),
        "number_line": f"Số:        /{REPORT_TYPE}-{organization.symbol_code}"
        if organization.symbol_code
        else f"Số:        /{REPORT_TYPE}",
        "date_line": f"{organization.place_name + ', ' if organization.place_name else ''}{ngay_thang(today)}",
        "reported_on": reported_on(plan),
        "today": today,
        "generated_at": now,
        "total": sum(row["count"] for row in states.values()),
        "states": [row for row in states.values() if row["count"]],
        "tasks": list(by_task.values()),
        "targets": target_progress([plan.pk]),
        "late": late_by_unit(slots, today),
        "national_name": NATIONAL_NAME,
        "motto": MOTTO,
        "sign_lines": signature_lines(plan.signing_authority, organization.collective_title, position),
        "superior": organization.parent.name if organization.parent_id else "",
    }


def period_text(slot):
    """'Quý I/2024 (hạn 05/04/2024)'; a slot made before periods were kept: its date."""
    return f"{slot.period_label} (hạn {ngay(slot.due_on)})" if slot.period_label else ngay(slot.due_on)


def state_text(slot):
    """The state, and 'nộp muộn' when a report came after the due date."""
    return f"{slot.get_state_display()} (nộp muộn)" if slot.late else slot.get_state_display()


def summary_sentence(data):
    """The opening of part I in words."""
    plan = data["plan"]
    period = ""
    if plan.period_start and plan.period_end:
        period = f" Thời gian thực hiện từ ngày {ngay(plan.period_start)} đến ngày {ngay(plan.period_end)}."
    if not data["total"]:
        return f"Kế hoạch có {len(data['tasks'])} nhiệm vụ và chưa có kỳ báo cáo nào.{period}"
    counts = "; ".join(f"{row['label']}: {row['count']}" for row in data["states"])
    return (
        f"Kế hoạch có {len(data['tasks'])} nhiệm vụ với {data['total']} kỳ báo cáo. "
        f"Tình trạng các kỳ báo cáo đến {ngay_thang(data['today'])}: {counts}.{period}"
    )


def percent_text(value):
    """70.0 -> '70%', 77.17 -> '77,2%' (one decimal, Vietnamese comma); None -> ''."""
    if value is None:
        return ""
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def closing_line(data):
    plan = data["plan"]
    if plan.state == "closed":
        return f"Kế hoạch đã kết thúc. Tổng kết: {plan.closing_summary}"
    return ""


def file_name(plan, fmt):
    return f"bao-cao-tong-hop-ke-hoach-{plan.pk}.{fmt}"


# --- PDF: the HTML template through WeasyPrint -------------------------------------------------


def as_html(data):
    rows = _task_rows(data)
    context = {**data, "task_rows": rows, "summary": summary_sentence(data), "closing": closing_line(data)}
    context["target_rows"] = [
        {**row, "reported_text": so(row["reported"]), "percent_text": percent_text(row["percent"])} for row in data["targets"]
    ]
    return display_text(render_to_string("reporting/consolidated.html", context))  # rows stored before config.text's rule


def as_pdf(data):
    from weasyprint import HTML  # imported here: only this export needs it (and its system libraries)

    return HTML(string=as_html(data)).write_pdf()


def _task_rows(data):
    """One row per slot, the task's text and lead unit only on its first row (rowspan)."""
    rows = []
    for number, group in enumerate(data["tasks"], start=1):
        task, slots = group["task"], group["slots"]
        span = max(1, len(slots))
        lead = task.lead_unit.name if task.lead_unit_id else ""
        if not slots:
            rows.append({"first": True, "span": 1, "number": number, "task": task.text, "lead": lead, "slot": None})
        for i, slot in enumerate(slots):
            rows.append({"first": i == 0, "span": span, "number": number, "task": task.text, "lead": lead, "slot": slot})
    return rows


# --- DOCX: the documents' Word blocks (documents.word) -----------------------------------------

TEXT_WIDTH = word.TEXT_WIDTH
# Column widths (cm) of the three tables; each adds up to the text width.
TASK_WIDTHS = [Cm(w) for w in (1.1, 6.1, 3.2, 2.3, 2.3, 1.5)]
TARGET_WIDTHS = [Cm(w) for w in (1.1, 6.6, 2.0, 2.3, 2.6, 1.9)]
LATE_WIDTHS = [Cm(w) for w in (1.1, 10.4, 5.0)]


def as_docx(data):
    doc = word.new_document(size=13, line_spacing=1.15)
    _head(doc, data)

    _para(doc, "BÁO CÁO", bold=True, size=14, align=word.CENTER, after=0)
    _para(doc, data["reported_on"], bold=True, size=14, align=word.CENTER, after=0)
    word.rule(doc, Cm(4), TEXT_WIDTH, after=6)

    _heading(doc, "I. TÌNH HÌNH CHUNG")
    _body(doc, summary_sentence(data))
    if closing_line(data):
        _body(doc, closing_line(data))

    _heading(doc, "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ")
    _tasks_table(doc, data)

    _heading(doc, "III. CÁC CHỈ TIÊU")
    if data["targets"]:
        table = word.grid(
            doc, TARGET_WIDTHS, style="Table Grid", header=["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Báo cáo gần nhất", "Tỷ lệ đạt"]
        )
        for number, row in enumerate(data["targets"], start=1):
            target = row["target"]
            texts = [str(number), target.text, target.unit, so(target.target_value), so(row["reported"]), percent_text(row["percent"])]
            for cell, text, center in zip(table.add_row().cells, texts, [True, False, True, True, True, True], strict=True):
                _cell(cell, text, center=center)
        word.set_widths(table, TARGET_WIDTHS)
    else:
        _body(doc, "Kế hoạch không có chỉ tiêu định lượng.")

    _heading(doc, "IV. CÁC KỲ BÁO CÁO CHẬM, QUÁ HẠN")
    if data["late"]:
        table = word.grid(doc, LATE_WIDTHS, style="Table Grid", header=["STT", "Đơn vị", "Số kỳ chậm, quá hạn"])
        for number, row in enumerate(data["late"], start=1):
            cells = table.add_row().cells
            _cell(cells[0], str(number), center=True)
            _cell(cells[1], row["unit"])
            _cell(cells[2], str(row["count"]), center=True)
        word.set_widths(table, LATE_WIDTHS)
    else:
        _body(doc, f"Đến {ngay_thang(data['today'])} không có kỳ báo cáo chậm, quá hạn.")

    _foot(doc, data)
    generated = data["generated_at"]
    _para(doc, f"(Số liệu tổng hợp từ hệ thống lúc {generated:%H:%M} {ngay_thang(generated.date())}.)", italic=True, size=11)

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _tasks_table(doc, data):
    """One row per slot; a task's number, text and lead unit are merged down over its slots."""
    table = word.grid(
        doc, TASK_WIDTHS, style="Table Grid", header=["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Kỳ báo cáo (hạn)", "Trạng thái", "Tiến độ"]
    )
    for number, group in enumerate(data["tasks"], start=1):
        task, slots = group["task"], group["slots"]
        rows = [table.add_row() for _slot in slots or [None]]
        first = rows[0].cells
        _cell(first[0], str(number), center=True)
        _cell(first[1], task.text)
        _cell(first[2], task.lead_unit.name if task.lead_unit_id else "")
        if len(rows) > 1:
            for column in (0, 1, 2):
                first[column].merge(rows[-1].cells[column])
        if not slots:
            _cell(first[3], "—", center=True)
            _cell(first[4], "Không có kỳ báo cáo định kỳ")
        for row, slot in zip(rows, slots, strict=False):
            cells = row.cells
            _cell(cells[3], period_text(slot), center=True)
            _cell(cells[4], state_text(slot))
            _cell(cells[5], "" if slot.latest_progress is None else f"{slot.latest_progress}%", center=True)
    word.set_widths(table, TASK_WIDTHS)
    return table


def _para(container, text, *, bold=False, italic=False, size=None, align=None, after=6, indent=False, into=None):
    return word.paragraph(container, text, bold=bold, italic=italic, size=size, align=align, after=after, indent=indent, into=into)


def _heading(doc, text):
    paragraph = _para(doc, text, bold=True, indent=True)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True


def _body(doc, text):
    return _para(doc, text, align=word.JUSTIFY, indent=True)


def _cell(cell, text, *, center=False):
    word.cell_text(cell, text, align=word.CENTER if center else word.LEFT)


def _head(doc, data):
    """Issuing body and number on the left; Quốc hiệu, Tiêu ngữ and place/date on the right."""
    left_width, right_width = Cm(6.5), TEXT_WIDTH - Cm(6.5)
    table = word.grid(doc, [left_width, right_width])
    left, right = table.rows[0].cells
    lines = [(line, False) for line in data["parent_lines"]] + [(line, True) for line in data["issuer_lines"]]
    for i, (text, bold) in enumerate(lines):
        _para(left, text, bold=bold, size=12, align=word.CENTER, after=0, into=left.paragraphs[0] if i == 0 else None)
    word.rule(left, Cm(2.2), left_width, after=6)
    _para(left, data["number_line"], size=13, align=word.CENTER)

    _para(right, NATIONAL_NAME, bold=True, size=12, align=word.CENTER, after=0, into=right.paragraphs[0])
    _para(right, MOTTO, bold=True, size=13, align=word.CENTER, after=0)
    word.rule(right, Cm(5.6), right_width, after=6)
    _para(right, data["date_line"], italic=True, size=13, align=word.CENTER)


def _foot(doc, data):
    """Nơi nhận on the left, the signature block of the plan's signing authority on the right."""
    left_width = Cm(8.5)
    table = word.grid(doc, [left_width, TEXT_WIDTH - left_width])
    left, right = table.rows[0].cells
    _para(left, "Nơi nhận:", bold=True, italic=True, size=12, after=0, into=left.paragraphs[0])
    lines = [f"- {data['superior']} (b/c);"] if data["superior"] else []
    lines.append("- Lưu: VT.")
    for line in lines:
        _para(left, line, size=11, after=0)
    for i, line in enumerate(data["sign_lines"]):
        _para(right, line, bold=True, size=13, align=word.CENTER, after=0, into=right.paragraphs[0] if i == 0 else None)
