"""Issue 16: bold and indent follow the heading level, as Nghị định 30 plans print: "I." bold at the
margin, "1." bold with the first-line indent, "a)" and "-" lines with the first-line indent, in the
PDF (measured) and the DOCX (paragraph properties)."""

import io

from docx import Document

from documents.docx import render_docx
from documents.layout import document_layout
from documents.pdf import render_pdf
from documents.services import load
from tests.documents.libreoffice import MM, read

BODY = [
    {"kind": "heading", "level": 1, "label": "I.", "text": "MỤC ĐÍCH, YÊU CẦU"},
    {"kind": "heading", "level": 2, "label": "1.", "text": "Mục đích"},
    {"kind": "paragraph", "label": "a)", "text": "Nâng cao nhận thức của cán bộ."},
    {"kind": "paragraph", "label": "-", "text": "Tổ chức tuyên truyền sâu rộng."},
]
MARGIN_PT, INDENT_PT = 30 * MM, 12.7 * MM


def _plan(make_plan):
    return load(make_plan(body=BODY))


def test_the_pdf_indents_by_heading_level(make_plan, tmp_path):
    path = tmp_path / "draft.pdf"
    path.write_bytes(render_pdf(document_layout(_plan(make_plan))).data)
    lines, _rules = read(path)
    found = {start: next(line for line in lines if line.text.startswith(start)) for start in ("I. MỤC", "1. Mục", "a) Nâng", "- Tổ")}
    assert abs(found["I. MỤC"].x0 - MARGIN_PT) < 2 and found["I. MỤC"].bold
    assert abs(found["1. Mục"].x0 - MARGIN_PT - INDENT_PT) < 2 and found["1. Mục"].bold
    assert abs(found["a) Nâng"].x0 - MARGIN_PT - INDENT_PT) < 2 and not found["a) Nâng"].bold
    assert abs(found["- Tổ"].x0 - MARGIN_PT - INDENT_PT) < 2


def test_the_docx_indents_by_heading_level(make_plan):
    document = Document(io.BytesIO(render_docx(document_layout(_plan(make_plan)))))
    found = {start: next(p for p in document.paragraphs if p.text.startswith(start)) for start in ("I. MỤC", "1. Mục", "a) Nâng", "- Tổ")}
    indents = {start: round((p.paragraph_format.first_line_indent or 0) / 36000, 1) for start, p in found.items()}  # EMU → mm
    assert indents == {"I. MỤC": 0, "1. Mục": 12.7, "a) Nâng": 12.7, "- Tổ": 12.7}
    assert found["I. MỤC"].runs[0].bold and found["1. Mục"].runs[0].bold and not found["a) Nâng"].runs[0].bold
