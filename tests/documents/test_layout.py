"""One layout, three renderings: what the document prints in each stage, and that the HTML preview,
the PDF and the DOCX print exactly the same strings."""

import datetime as dt

from approvals.models import Signature
from documents.docx import render_docx
from documents.layout import DRAFT, ISSUED, SIGNED, Blank, document_layout, paragraphs
from documents.pdf import render_pdf
from documents.services import current_main_signature, load
from tests.documents.conftest import docx_text, drive, pdf_text, squeeze


def layout_of(plan):
    plan = load(plan)
    return document_layout(plan, current_main_signature(plan))


def printed_strings(layout):
    """Every string the layout prints (table cells and notes included)."""
    strings = [*layout.parent_lines, *layout.issuer_lines]  # the head's names, in the lines they print in
    strings += [layout.national_name, layout.motto, layout.draft_mark, layout.type_name]
    strings += [layout.subject, layout.text(layout.number), layout.text(layout.date_line), layout.recipients_title]
    strings += layout.legal_bases + layout.recipients + layout.signature.lines + [layout.signature.name]
    strings += [p.text for p in layout.preamble]
    for block in layout.body:  # the body as written: label and text (a footnote prints apart)
        text = "".join(run.text for run in block.runs if run.note is None)
        strings.append(f"{block.label} {text}" if block.label else text)
        strings += ["".join(run.text for run in cell) for row in block.rows for cell in row]
    if layout.annex:
        annex = layout.annex
        strings += [annex.title, annex.subject, layout.text(annex.reference), annex.period]
        for heading, table, note in annex.blocks:
            strings += [heading, note, *table.columns, *(cell for row in table.rows for cell in row), *(table.total or [])]
    return [s for s in strings if s]


def test_a_draft_is_marked_and_has_no_number(world, make_plan):
    layout = layout_of(make_plan())
    assert layout.stage == DRAFT
    assert layout.draft_mark == "DỰ THẢO"
    assert layout.number == [] and layout.blanks == []
    assert layout.text(layout.date_line) == "Ia H'Drai, ngày … tháng … năm …"
    assert layout.parent_name == "" and layout.parent_lines == []  # a UBND prints its own name alone (seed 003)
    assert layout.issuer_name == "ỦY BAN NHÂN DÂN HUYỆN IA H'DRAI"
    assert layout.signature.lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert layout.signature.name == "Nguyễn Tiên Dũng" and not layout.signature.signed
    assert layout.recipients == ["- Thường trực Huyện ủy (b/c);", "- Lưu: VT."]
    assert layout.legal_bases == ["Căn cứ Kế hoạch số 4754/KH-UBND ngày 31 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh Kon Tum."]


def test_targets_and_tasks_print_in_the_body_and_only_the_budget_in_the_annex(world, make_plan):
    """No automatic annex repeats the targets and tasks: they print where the text has them."""
    plan = make_plan(period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 12, 31))
    layout = layout_of(plan)
    body = [(block.kind, block.label, "".join(run.text for run in block.runs)) for block in layout.body]
    assert body == [
        ("heading", "I.", "MỤC ĐÍCH, YÊU CẦU"),
        ("paragraph", "", "Tạo khí thế thi đua sôi nổi."),
        ("target", "", "Xóa nhà tạm"),
        ("task", "", "Chủ trì, phối hợp đôn đốc, kiểm tra."),
    ]
    annex = layout.annex
    assert annex.period == "Thời gian thực hiện: từ ngày 01/3/2025 đến ngày 31/12/2025."
    blocks = {heading: (table, note) for heading, table, note in annex.blocks}
    assert list(blocks) == ["Kinh phí thực hiện"]
    budget, note = blocks["Kinh phí thực hiện"]
    assert budget.rows == [["1", "Hỗ trợ", "5.000.000", "10", "50.000.000", "Ngân sách huyện"]]
    assert budget.total[4] == "50.000.000"
    assert note == "Tổng kinh phí: 50.000.000 đồng (Bằng chữ: Năm mươi triệu đồng chẵn)."
    assert annex.reference == ["(Kèm theo dự thảo Kế hoạch của UBND huyện Ia H'Drai)"]
    assert layout_of(make_plan(budget_lines=[])).annex is None


def test_signed_but_not_issued_leaves_blanks_for_the_number_and_date(world, make_plan):
    plan = drive(make_plan(), world, "submit", "approve", "sign")
    layout = layout_of(plan)
    assert layout.stage == SIGNED and layout.draft_mark == "" and layout.signature.signed
    assert [b.name for b in layout.blanks] == ["so", "ngay", "thang", "nam", "so_phu_luc", "ngay_phu_luc"]
    assert all(b.value == "" for b in layout.blanks)
    assert layout.text(layout.number) == "Số: /KH-UBND"


def test_issued_prints_number_and_date(world, make_plan):
    plan = drive(make_plan(), world, "submit", "approve", "sign", "issue")
    layout = layout_of(plan)
    issued = plan.issued_on
    month = f"{issued.month:02d}" if issued.month < 3 else str(issued.month)
    assert layout.stage == ISSUED and layout.symbol == "01/KH-UBND"
    assert layout.text(layout.number) == "Số: 01/KH-UBND"
    assert layout.text(layout.date_line) == f"Ia H'Drai, ngày {issued.day:02d} tháng {month} năm {issued.year}"
    assert layout.text(layout.annex.reference) == (
        f"(Kèm theo Kế hoạch số 01/KH-UBND ngày {issued.day:02d}/{month}/{issued.year} của UBND huyện Ia H'Drai)"
    )
    assert layout.signature.name == Signature.objects.get(plan=plan, kind="main").signer_name


def test_body_lines_become_paragraphs():
    found = paragraphs("1. Mục đích\n\na) Tạo khí thế thi đua.\n2.1. Văn phòng:\n¹ Theo Hướng dẫn số 7290/HD-BNV.")
    assert [(p.text, p.kind) for p in found] == [
        ("1. Mục đích", "heading"),
        ("a) Tạo khí thế thi đua.", "text"),
        ("2.1. Văn phòng:", "text"),
        ("¹ Theo Hướng dẫn số 7290/HD-BNV.", "footnote"),
    ]


def test_html_pdf_and_docx_print_the_same_strings(login, world, make_plan, tmp_path):
    """The plan page, the PDF and the DOCX all hold every string of the layout (and the PDF has
    Liberation Serif embedded, so every Vietnamese letter is a real glyph)."""
    many = "\n".join(f"{i}. Tổ chức tuyên truyền, phổ biến, quán triệt kế hoạch đến các cơ quan, đơn vị. " * 3 for i in range(1, 12))
    plan = make_plan(sections=[{"heading": "I. MỤC ĐÍCH, YÊU CẦU", "body": many}, {"heading": "II. NỘI DUNG", "body": many}])
    layout = layout_of(plan)
    strings = printed_strings(layout)
    html = login("auditor").get(f"/plans/{plan.pk}/").content.decode()
    from django.utils.html import escape

    for text in strings:
        assert escape(text) in html, text
    rendered = render_pdf(layout)
    pdf = squeeze(pdf_text(rendered.data, tmp_path))
    word = squeeze(docx_text(render_docx(layout)))
    for text in strings:
        assert squeeze(text) in pdf, text
        assert squeeze(text) in word, text
    assert rendered.page_count >= 3
    # page numbers: none on page 1, "2" at the top of page 2
    assert not pdf_text(rendered.data, tmp_path, 1, 1).strip().startswith("1")
    assert pdf_text(rendered.data, tmp_path, 2, 2).strip().split("\n")[0] == "2"


def test_blanks_print_as_boxes_in_html_until_issue(login, world, make_plan):
    plan = drive(make_plan(), world, "submit", "approve", "sign")
    html = login("auditor").get(f"/plans/{plan.pk}/").content.decode()
    assert 'id="field-so"' in html and "DỰ THẢO" not in html and "(Đã ký)" in html
    assert [type(run) for run in layout_of(plan).number] == [Blank]  # the whole "Số:" line is the blank


def test_a_plan_of_sections_without_blocks_still_prints_its_body(world, make_plan, tmp_path):
    """A plan whose rows predate the blocks (a bulk-made one, as bench/gen_scale writes) prints the
    body its sections, targets and tasks make: text the drafter typed, marks and all, as text."""
    from plans.models import Block

    hostile = "<b>in đậm?</b> **không** [^9] {{ x }}"
    plan = make_plan(sections=[{"heading": "I. MỤC ĐÍCH", "body": hostile}])
    Block.objects.filter(plan=plan).delete()  # tests only: as before the migration
    layout = layout_of(plan)
    printed = [(block.kind, block.label, "".join(run.text for run in block.runs)) for block in layout.body]
    assert printed[:2] == [("heading", "I.", "MỤC ĐÍCH"), ("paragraph", "", "<b>in đậm?</b> không [^9] {{ x }}")]
    assert [kind for kind, _label, _text in printed[2:]] == ["target", "task"]
    pdf = squeeze(pdf_text(render_pdf(layout).data, tmp_path))
    assert squeeze("<b>in đậm?</b> không [^9] {{ x }}") in pdf and squeeze("Chủ trì, phối hợp đôn đốc, kiểm tra.") in pdf
    assert squeeze("in đậm?") in squeeze(docx_text(render_docx(layout)))


def test_a_department_prints_its_parent_and_a_people_s_council_does_not(world, make_plan):
    """Nghị định 30, Appendix I: the body a department belongs to prints over its name; an elected or
    administrative body (UBND, HĐND) heads with its own name alone (seed 003)."""
    from accounts.models import Organization
    from documents.layout import prints_parent

    district = world["district"]
    department = Organization(name="Phòng Giáo dục và Đào tạo", code="PGDĐT", parent=district)
    council = Organization(name="HĐND huyện Ia H'Drai", header_name="HỘI ĐỒNG NHÂN DÂN HUYỆN IA H'DRAI", parent=world["province"])
    assert prints_parent(department)
    assert not prints_parent(council) and not prints_parent(district)
    plan = load(make_plan())
    plan.organization = department  # as printed for a plan this department issues
    layout = document_layout(plan)
    assert layout.parent_lines == ["ỦY BAN NHÂN DÂN", "HUYỆN IA H'DRAI"]
    assert layout.issuer_name == "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"


def test_the_symbol_suffix_is_the_issuing_body_s_setting_and_stays_as_issued(world, make_plan, signed_pdfs):
    district = world["district"]
    district.symbol_suffix = "UBND-VP"
    district.save()
    plan = drive(make_plan(), world, "submit", "approve", "sign", "issue")
    assert plan.symbol == f"{plan.number:02d}/KH-UBND-VP"
    layout = layout_of(plan)
    assert layout.number == [Blank("so", f"{plan.number:02d}", 60, align="center", font_pt=13, prefix="Số: ", suffix="/KH-UBND-VP")]
    assert layout.text(layout.number) == f"Số: {plan.number:02d}/KH-UBND-VP"  # one run, no gap
    district.symbol_suffix = ""  # a later change of the setting: the number stays as issued
    district.save()
    plan.refresh_from_db()
    assert plan.symbol == f"{plan.number:02d}/KH-UBND-VP"
    assert layout_of(plan).symbol == f"{plan.number:02d}/KH-UBND-VP"
