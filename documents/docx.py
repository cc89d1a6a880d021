"""The layout as a Word document, with python-docx: the same strings as the PDF, laid out the same way.

A4, margins 20/20/30/15 mm, "Times New Roman" 14 pt (Word has it; LibreOffice substitutes the
metric-compatible Liberation Serif), justified body with a 1.27 cm first-line indent and 6 pt
after paragraphs, page numbers top centre from page 2. The two-column head and the foot are
borderless tables; the short rules are paragraph bottom borders narrowed by indents.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from .fonts import DOCX_FAMILY
from .layout import Blank

TEXT_WIDTH_MM = 210 - 30 - 15
HEAD_COLUMNS_MM = (66, TEXT_WIDTH_MM - 66)
FOOT_COLUMNS_MM = (74, TEXT_WIDTH_MM - 74)
RED = RGBColor(0xB7, 0x1C, 0x1C)
# Successors of w:pBdr inside w:pPr (the schema fixes the order of its children).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _text(runs):
    """Runs as plain text: a blank prints its value, or spaces to write the value in by hand."""
    return "".join((run.value or "\u00a0" * 6) if isinstance(run, Blank) else run for run in runs)


def _paragraph(container, text="", *, size=None, bold=False, italic=False, align=None, indent=False, after=6, before=0, color=None):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    return paragraph


def _rule(container, width_mm, column_mm, after=4):
    """A centred horizontal rule `width_mm` long: an empty paragraph's bottom border, narrowed by indents."""
    paragraph = _paragraph(container, after=after)
    paragraph.paragraph_format.line_spacing = Pt(2)
    side = Mm(max(column_mm - width_mm, 0) / 2)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)
    return paragraph


def _page_number_field(paragraph):
    """A PAGE field in `paragraph` (Word fills it in)."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _setup(document):
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True  # no number on page 1
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(number)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = DOCX_FAMILY, Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_FAMILY)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _grid(document, widths_mm, style=None):
    table = document.add_table(rows=1, cols=len(widths_mm))
    if style:
        table.style = document.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = Mm(width)
    return table


def _cell(cell):
    """An empty cell ready for paragraphs (its first paragraph removed)."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


def _head(document, doc):
    table = _grid(document, HEAD_COLUMNS_MM)
    left, right = (_cell(c) for c in table.rows[0].cells)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for line in doc.parent_lines:
        _paragraph(left, line, size=13, align=center, after=0)
    for line in doc.issuer_lines:
        _paragraph(left, line, size=13, bold=True, align=center, after=0)
    _rule(left, HEAD_COLUMNS_MM[0] * 0.35, HEAD_COLUMNS_MM[0], after=6)
    if doc.number:
        _paragraph(left, _text(doc.number), size=13, align=center, after=0)
    if doc.draft_mark:
        _paragraph(left, doc.draft_mark, size=12, bold=True, align=center, after=0, color=RED)
    _paragraph(right, doc.national_name, size=13, bold=True, align=center, after=0)
    _paragraph(right, doc.motto, size=14, bold=True, align=center, after=0)
    _rule(right, 62, HEAD_COLUMNS_MM[1], after=8)
    _paragraph(right, _text(doc.date_line), size=14, italic=True, align=center, after=0)


def _foot(document, doc):
    table = _grid(document, FOOT_COLUMNS_MM)
    left, right = (_cell(c) for c in table.rows[0].cells)
    _paragraph(left, doc.recipients_title, size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    for line in doc.recipients:
        _paragraph(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for line in doc.signature.lines:
        _paragraph(right, line, bold=True, align=center, after=0)
    if doc.signature.signed:
        _paragraph(right, "(Đã ký)", italic=True, align=center, before=24, after=24)
    else:
        _paragraph(right, "", align=center, before=0, after=64)
    _paragraph(right, doc.signature.name, bold=True, align=center, after=0)


def _annex(document, annex):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, annex.title, bold=True, align=center, after=0)
    _paragraph(document, annex.subject, bold=True, align=center, after=0)
    _paragraph(document, _text(annex.reference), italic=True, align=center, after=0)
    _rule(document, TEXT_WIDTH_MM * 0.3, TEXT_WIDTH_MM, after=8)
    if annex.period:
        _paragraph(document, annex.period, indent=True)
    for number, (heading, table_data, note) in enumerate(annex.blocks, start=1):
        _paragraph(document, f"{number}. {heading}", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6)
        widths = [TEXT_WIDTH_MM * share / 100 for share in table_data.widths]
        table = _grid(document, widths, style="Table Grid")
        rows = [table_data.columns, *table_data.rows] + ([table_data.total] if table_data.total else [])
        for index, values in enumerate(rows):
            cells = table.rows[0].cells if index == 0 else table.add_row().cells
            bold = index == 0 or (table_data.total is not None and index == len(rows) - 1)
            for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
                cell.width = Mm(widths[column])
                align = WD_ALIGN_PARAGRAPH.CENTER if index == 0 else WD_ALIGN_PARAGRAPH.LEFT
                if index and column in table_data.numeric:
                    align = WD_ALIGN_PARAGRAPH.RIGHT
                _cell(cell)
                for line in (value or "").split("\n") or [""]:
                    _paragraph(cell, line, size=12, bold=bold, align=align, after=0)
        if note:
            _paragraph(document, note, indent=True, before=6)


def render_docx(doc):
    """The DocumentLayout `doc` as DOCX bytes."""
    document = Document()
    _setup(document)
    core = document.core_properties
    core.title, core.author, core.comments = doc.title[:255], doc.author[:255], "planflow"
    _head(document, doc)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, doc.type_name, bold=True, align=center, before=12, after=0)
    _paragraph(document, doc.subject, bold=True, align=center, after=0)
    _rule(document, TEXT_WIDTH_MM * 0.3, TEXT_WIDTH_MM, after=10)
    for basis in doc.legal_bases:
        _paragraph(document, basis, italic=True, indent=True)
    for paragraph in doc.preamble:
        _paragraph(
            document, paragraph.text, bold=paragraph.kind == "heading", size=12 if paragraph.kind == "footnote" else None, indent=True
        )
    for section in doc.sections:
        _paragraph(document, section.heading, bold=True, indent=True)
        for paragraph in section.paragraphs:
            _paragraph(
                document, paragraph.text, bold=paragraph.kind == "heading", size=12 if paragraph.kind == "footnote" else None, indent=True
            )
    _foot(document, doc)
    if doc.annex:
        _annex(document, doc.annex)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
