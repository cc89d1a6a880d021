"""The consolidated report (báo cáo tổng hợp): DOCX and PDF of a plan's reporting, made on demand."""

import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from pypdf import PdfReader

from reporting import consolidated
from reporting.models import ReportSlot
from reporting.services import review_slot, submit_report
from tests.ui.helpers import advance


@pytest.fixture
def reported(world, reporting_plan):
    """January accepted (40%, target 35), February returned (20%), March submitted (60%, target 55,5)."""
    u = world["users"]
    target = reporting_plan.targets.get()
    slots = {slot.period_start.month: slot for slot in ReportSlot.objects.filter(plan=reporting_plan, task__lead_unit=world["police"])}
    submit_report(slots[1], u["reporter"], progress=40, target_values=[(target.pk, Decimal("35"))])
    review_slot(slots[1], u["drafter"], decision="accept")
    submit_report(slots[2], u["reporter"], progress=20)
    review_slot(slots[2], u["signer"], decision="return", comment="Thiếu số liệu")
    submit_report(slots[3], u["reporter"], progress=60, target_values=[(target.pk, Decimal("55.5"))])
    return reporting_plan


def docx_text(content):
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_docx_has_the_official_head_the_plan_and_the_slot_states(login, reported):
    response = login("drafter").get(f"/plans/{reported.pk}/consolidated.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == consolidated.DOCX_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="bao-cao-tong-hop-ke-hoach-{reported.pk}.docx"'
    text = docx_text(response.content)
    assert "ỦY BAN NHÂN DÂN\nHUYỆN IA H'DRAI" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text and "Số:        /BC-UBND" in text
    assert "BÁO CÁO" in text
    issued = reported.issued_on
    assert f"Tình hình thực hiện Kế hoạch số 01/KH-UBND ngày {issued.day:02d}/" in text
    assert "của UBND huyện Ia H'Drai về triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát” năm 2025" in text
    # Slots with their states in Vietnamese and the latest progress.
    # each slot by the period it covers and its date; reports filed after the date are marked late
    assert "Tháng 1/2025 (hạn 15/02/2025) | Đã chấp nhận (nộp muộn) | 40%" in text
    assert "Tháng 2/2025 (hạn 15/03/2025) | Trả lại (nộp muộn) | 20%" in text
    assert "Tháng 3/2025 (hạn 15/04/2025) | Đã nộp (nộp muộn) | 60%" in text
    assert "Tháng 4/2025 (hạn 15/05/2025) | Quá hạn | " in text
    assert "Báo cáo hằng năm | Phòng Tài chính - Kế hoạch | Năm 2025 (hạn 15/12/2025) | Quá hạn" in text
    assert "Đã nộp: 1; Đã chấp nhận: 1; Trả lại: 1; Quá hạn: 10" in text
    # Targets: latest reported value against the target; late slots by unit.
    assert "1 | Xóa nhà tạm | % | 100 | 55,5 | 55,5%" in text
    assert "1 | Công an huyện | 10" in text and "2 | Phòng Tài chính - Kế hoạch | 1" in text
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Nơi nhận:" in text and "- Lưu: VT." in text


def test_the_docx_is_a4_with_official_margins_and_times_new_roman(login, reported):
    document = Document(io.BytesIO(login("drafter").get(f"/plans/{reported.pk}/consolidated.docx").content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] == [20, 20, 30, 15]
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert section.different_first_page_header_footer  # page numbers from page 2
    assert "PAGE" in section.header._element.xml


def test_the_document_stays_vietnamese_in_the_english_ui(login, reported):
    client = login("drafter")
    client.post("/i18n/setlang/", {"language": "en", "next": "/plans/"})
    text = docx_text(client.get(f"/plans/{reported.pk}/consolidated.docx").content)
    assert "Đã chấp nhận" in text and "Quá hạn" in text


def test_the_pdf_has_the_plan_number_subject_and_states(login, reported):
    response = login("signer").get(f"/plans/{reported.pk}/consolidated.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")
    text = " ".join(pdf_text(response.content).split())
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Kế hoạch số 01/KH-UBND" in text
    assert "Chung tay xóa nhà tạm, nhà dột nát" in text
    for label in ("Đã chấp nhận", "Trả lại", "Đã nộp", "Quá hạn"):
        assert label in text, label
    assert "Công an huyện" in text and "55,5" in text


def test_only_plans_in_reporting_and_visible_ones(login, world, make_plan, reporting_plan):
    draft = make_plan()
    client = login("drafter")
    response = client.get(f"/plans/{draft.pk}/consolidated.docx", follow=True)
    assert "Kế hoạch chưa ở giai đoạn báo cáo" in response.content.decode()
    assert client.get(f"/plans/{reporting_plan.pk}/consolidated.odt").status_code == 404
    assert login("xa_drafter").get(f"/plans/{reporting_plan.pk}/consolidated.pdf").status_code == 404


def test_a_closed_plan_reports_its_closing_summary(world, reporting_plan):
    from workflow.services import perform

    for slot in ReportSlot.objects.filter(plan=reporting_plan):
        review_slot(slot, world["users"]["drafter"], decision="waive", comment="Không phát sinh")
    plan = perform(reporting_plan, "close", world["users"]["drafter"], comment="Đã hoàn thành các nhiệm vụ.")
    text = docx_text(consolidated.as_docx(consolidated.report_data(plan, today=date(2026, 1, 5))))
    assert "Kế hoạch đã kết thúc. Tổng kết: Đã hoàn thành các nhiệm vụ." in text
    assert "Miễn báo cáo: 13" in text
    assert "Đến ngày 05 tháng 01 năm 2026 không có kỳ báo cáo chậm, quá hạn." in text


def test_tasks_without_slots_and_plans_without_targets(world, make_plan):
    task = {"text": "Tuyên truyền", "lead_unit": world["finance"], "supporting_units": [], "schedule_kind": ""}
    plan = advance(make_plan(targets=[], tasks=[task]), world, "reporting")
    text = docx_text(consolidated.as_docx(consolidated.report_data(plan)))
    assert "1 | Tuyên truyền | Phòng Tài chính - Kế hoạch | — | Không có kỳ báo cáo định kỳ" in text
    assert "Kế hoạch không có chỉ tiêu định lượng." in text
    assert "chưa có kỳ báo cáo nào" in text


def test_percent_and_subject_helpers():
    assert [consolidated.percent_text(v) for v in (None, 70.0, 77.17, 100)] == ["", "70%", "77,2%", "100%"]
    assert consolidated._sentence_tail("Triển khai thực hiện") == "triển khai thực hiện"
    assert consolidated._sentence_tail("UBND huyện") == "UBND huyện"


def test_the_head_names_break_between_lines_never_inside_one(login, world, reported):
    """ "ỦY BAN NHÂN DÂN TỈNH KON / TUM" broke inside the place's name: each head line is whole."""
    world["province"].header_name = "ỦY BAN NHÂN DÂN TỈNH KON TUM"
    world["province"].save()
    client = login("drafter")
    pdf_lines = [line.strip() for line in pdf_text(client.get(f"/plans/{reported.pk}/consolidated.pdf").content).splitlines()]
    assert "TỈNH KON TUM" in pdf_lines and "HUYỆN IA H'DRAI" in pdf_lines
    assert not any(line.endswith("KON") for line in pdf_lines)
    docx = docx_text(client.get(f"/plans/{reported.pk}/consolidated.docx").content)
    assert "ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nỦY BAN NHÂN DÂN\nHUYỆN IA H'DRAI" in docx
