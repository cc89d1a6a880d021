"""The DOCX checked by rendering it: LibreOffice prints it to PDF (tests/documents/libreoffice.py) and
the result is measured against Nghị định 30/2020/NĐ-CP, Appendix I (../shared/DESIGN.md):

- the Quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on one line;
- the rule under the Tiêu ngữ as long as the Tiêu ngữ, centred under it; the rule under the issuing
  body 1/3 to 1/2 of its name's line;
- "Số: 01/KH-UBND" one run of text, with no gap;
- Nơi nhận and the signature block on one page, whatever the length of the body;
- every table's grid widths (w:gridCol) equal to its cells' widths (w:tcW).

Not database-specific: they run in both runs of `make test`, each with its own LibreOffice profile.
"""

import io
import re

import pytest
from django.core.management import call_command
from docx import Document
from docx.oxml.ns import qn

from documents.docx import render_docx
from documents.layout import document_layout
from documents.services import current_main_signature, load
from plans.models import Plan
from tests.documents.libreoffice import MM, convert, read

pytestmark = pytest.mark.libreoffice

LEFT_MARGIN_PT = 30 * MM
HEAD_SPLIT_PT = LEFT_MARGIN_PT + 66 * MM  # where the head's right column begins
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def docx_of(plan):
    plan = load(plan)
    return render_docx(document_layout(plan, current_main_signature(plan)))


@pytest.fixture
def demo_plans(db, settings):
    settings.PLANFLOW_DEMO_PASSWORD = "mat-khau-trinh-dien"
    call_command("loaddemo", stdout=io.StringIO())
    plans = list(Plan.objects.select_related("organization").order_by("pk"))
    assert len(plans) == 4
    return plans


def head_of(pdf_path):
    """(the head's lines on page 1, left and right column, and the rules of page 1)."""
    lines, rules = read(pdf_path, x_split=HEAD_SPLIT_PT)
    return [line for line in lines if line.page == 0], [rule for rule in rules if rule.page == 0]


def test_the_head_as_libreoffice_prints_it(demo_plans, tmp_path):
    pdfs = convert({f"plan-{plan.pk}": docx_of(plan) for plan in demo_plans}, tmp_path)
    for plan in demo_plans:
        name = f"plan-{plan.pk}"
        lines, rules = head_of(pdfs[name])
        # the Quốc hiệu on one line
        national = [line for line in lines if "CỘNG HÒA" in line.text or line.text == "NAM"]
        assert [line.text for line in national] == [NATIONAL], (name, national)
        # the rule under the Tiêu ngữ: as long as the Tiêu ngữ line and centred under it
        motto = next(line for line in lines if line.text == MOTTO)
        under_motto = [rule for rule in rules if rule.x0 >= HEAD_SPLIT_PT - 1 and 0 < rule.top - motto.top < 30]
        assert len(under_motto) == 1, (name, under_motto)
        rule = under_motto[0]
        assert abs(rule.width - motto.width) <= 2, (name, rule.width, motto.width)
        assert abs((rule.x0 + rule.x1) / 2 - (motto.x0 + motto.x1) / 2) <= 2, name
        # the rule under the issuing body: 1/3 to 1/2 of its name's (widest) line, centred
        under_body = [rule for rule in rules if rule.x1 <= HEAD_SPLIT_PT + 1]
        assert under_body, name
        body_rule = under_body[0]
        issuer = [line for line in lines if line.x1 <= HEAD_SPLIT_PT and line.bold and line.top < body_rule.top]
        widest = max(line.width for line in issuer)
        assert widest / 3 <= body_rule.width <= widest / 2, (name, body_rule.width, widest)
        # the name lines as the layout breaks them; a UBND without its parent (seed 003)
        layout = document_layout(load(plan), current_main_signature(load(plan)))
        assert [line.text for line in issuer] == layout.issuer_lines, name
        left_above = [line.text for line in lines if line.x1 <= HEAD_SPLIT_PT and line.top < body_rule.top]
        assert left_above == layout.parent_lines + layout.issuer_lines, name
        if plan.organization.header_name.startswith("ỦY BAN NHÂN DÂN"):
            assert layout.parent_lines == [], name
        # the number as one run of text
        if plan.number is not None:
            symbol = f"Số: {plan.symbol}"
            assert any(line.text == symbol for line in lines), (name, [line.text for line in lines[:8]])
            document = Document(io.BytesIO(docx_of(plan)))
            left_cell = document.tables[0].rows[0].cells[0]
            number = next(p for p in left_cell.paragraphs if p.text.startswith("Số:"))
            assert [run.text for run in number.runs] == [symbol], name


def test_the_mttq_numbers_with_its_own_suffix(demo_plans, tmp_path):
    mttq = next(plan for plan in demo_plans if plan.organization.code == "MTTQ")
    assert mttq.number is not None and mttq.symbol.endswith("/KH-MTTQ-BTT")  # as seed 001's references
    lines, _ = head_of(convert({"mttq": docx_of(mttq)}, tmp_path)["mttq"])
    assert f"Số: {mttq.symbol}" in [line.text for line in lines]


def test_the_foot_stays_on_one_page_whatever_the_body_s_length(world, make_plan, tmp_path):
    """Nơi nhận and the signature block never split over two pages, nor leave the body's last
    paragraph alone: plans whose body grows a paragraph at a time put the foot at every place on
    the page, across the page break too."""
    filler = (
        "Tổ chức tuyên truyền, phổ biến nội dung kế hoạch đến cán bộ, công chức và Nhân dân trên địa bàn; kiểm tra, đôn đốc việc thực hiện."
    )
    files = {}
    for count in range(8, 24):
        plan = make_plan(preamble="\n".join(f"{filler} ({i})" for i in range(count)))
        files[f"body-{count}"] = docx_of(plan)
    pdfs = convert(files, tmp_path)
    checked_breaks = 0
    for name, path in pdfs.items():
        lines, _ = read(path)
        pages = {
            "Nơi nhận": {line.page for line in lines if line.text.startswith("Nơi nhận")},
            "Lưu": {line.page for line in lines if "Lưu: VT" in line.text},
            "TM.": {line.page for line in lines if "TM. ỦY BAN NHÂN DÂN" in line.text},
            "name": {line.page for line in lines if "Nguyễn Tiên Dũng" in line.text},
        }
        assert all(len(found) == 1 for found in pages.values()), (name, pages)
        foot_page = pages["Nơi nhận"].pop()
        assert {found.pop() for found in pages.values() if found} <= {foot_page}, (name, pages)
        fillers = [line for line in lines if re.search(r"\(\d+\)$", line.text)]
        if fillers[-1].page != fillers[0].page:
            checked_breaks += 1
        foot_top = min(line.top for line in lines if line.page == foot_page and line.text.startswith("Nơi nhận"))
        above_foot = [line.text for line in lines if line.page == foot_page and line.top < foot_top]
        assert above_foot, (name, foot_page)  # the body's last paragraph goes with the foot: the signature never alone
    assert checked_breaks  # some of the bodies did run over a page break


def assert_grid_equals_cells(data, name):
    document = Document(io.BytesIO(data))
    assert document.tables, name
    for table in document.tables:
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for row in table._tbl.tr_lst:
            widths = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in row.tc_lst]
            spans = [int(tc.tcPr.gridSpan or 1) for tc in row.tc_lst]
            expected, column = [], 0
            for span in spans:
                expected.append(sum(grid[column : column + span]))
                column += span
            assert widths == expected, (name, grid, widths)


def test_table_grid_widths_equal_the_cell_widths(world, make_plan):
    assert_grid_equals_cells(docx_of(make_plan()), "plan")


def test_the_demo_plans_table_grid_widths_equal_the_cell_widths(demo_plans):
    for plan in demo_plans:
        assert_grid_equals_cells(docx_of(plan), plan.pk)
