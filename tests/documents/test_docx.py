"""The DOCX: A4 with the decree's margins, Times New Roman, page numbers from page 2, the same text."""

import io

from docx import Document
from docx.shared import Pt

from documents.docx import render_docx
from documents.layout import document_layout
from documents.services import load


def test_page_setup_font_and_page_numbers(world, make_plan):
    plan = load(make_plan())
    document = Document(io.BytesIO(render_docx(document_layout(plan))))
    section = document.sections[0]
    assert [round(length.mm) for length in (section.page_width, section.page_height)] == [210, 297]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(length.mm) for length in margins] == [20, 20, 30, 15]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    assert section.different_first_page_header_footer  # page 1 has no number
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    body = [p for p in document.paragraphs if p.text]
    basis = next(p for p in body if p.text.startswith("Căn cứ"))
    assert basis.runs[0].italic and round(basis.paragraph_format.first_line_indent.mm, 1) == 12.7
    assert body[0].text == "KẾ HOẠCH" and body[0].runs[0].bold


def test_the_head_is_two_columns(world, make_plan):
    plan = load(make_plan())
    document = Document(io.BytesIO(render_docx(document_layout(plan))))
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "HUYỆN IA H'DRAI", "DỰ THẢO"]
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ia H'Drai, ngày … tháng … năm …",
    ]
