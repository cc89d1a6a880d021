"""The Word (DOCX) building blocks of planflow's documents, with python-docx: the plan
(documents.docx) and the consolidated report (reporting.consolidated) are both laid out with these.

A4, margins 20/20/30/15 mm (Nghị định 30, Appendix I), "Times New Roman" (Word has it; LibreOffice
substitutes the metric-compatible Liberation Serif), page numbers top centre from page 2. Short
rules are paragraph bottom borders narrowed by indents; the head and the foot are borderless
tables; data tables use "Table Grid".
"""

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from config.text import display_text

from .fonts import DOCX_FAMILY

TEXT_WIDTH = Mm(210 - 30 - 15)  # A4 less the side margins
CENTER, LEFT, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY
FIRST_LINE_INDENT = Cm(1.27)
# Successors of w:pBdr inside w:pPr (the schema fixes the order of its children).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def new_document(*, size, line_spacing, justify=False):
    """An empty A4 document: margins, page numbers from page 2, the Normal style in `size` pt."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True  # no number on page 1
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    page_number_field(number)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = DOCX_FAMILY, Pt(size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_FAMILY)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = line_spacing
    if justify:
        normal.paragraph_format.alignment = JUSTIFY
    return document


def page_number_field(paragraph):
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


def paragraph(
    container, text="", *, size=None, bold=False, italic=False, align=None, indent=False, after=6, before=0, color=None, into=None
):
    """One paragraph of one run (or the empty paragraph `into`, e.g. a cell's first one, filled)."""
    added = into if into is not None else container.add_paragraph()
    fmt = added.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    if align is not None:
        added.alignment = align
    if indent:
        fmt.first_line_indent = FIRST_LINE_INDENT
    if text:
        run = added.add_run(display_text(text))  # a row stored before config.text's rule still prints
        run.bold = bold or None  # None: inherit, instead of an explicit "off"
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    return added


def rule(container, width, column, after=4):
    """A centred horizontal rule `width` long in a column `column` wide (lengths): an empty
    paragraph's bottom border, narrowed by indents."""
    added = paragraph(container, after=after)
    added.paragraph_format.line_spacing = Pt(2)
    side = int(max(column - width, 0) / 2)
    added.paragraph_format.left_indent = side
    added.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    added._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)
    return added


def grid(document, widths, *, style=None, header=None):
    """A table with fixed column `widths` (lengths), centred. `header`: its texts as a bold first row
    that repeats on every page; otherwise one empty row."""
    table = document.add_table(rows=1, cols=len(widths))
    if style:
        table.style = document.styles[style]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if header is not None:
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell_text(cell, text, bold=True, align=CENTER)
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
    set_widths(table, widths)
    return table


def no_cell_margins(table):
    """No inner margins in the cells of `table` (the borderless head and foot): a line's width is
    the column's, so a centred rule is exactly as long as it is drawn."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.append(margins)
    return table


def keep_rows_whole(table):
    """Rows of `table` never split over two pages (w:cantSplit): the foot (Nơi nhận and the
    signature) stays on one page."""
    for row in table.rows:
        split = OxmlElement("w:cantSplit")
        split.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(split)
    return table


def set_widths(table, widths):
    """Column widths on the grid (LibreOffice reads these) and on every cell (Word reads those)."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def empty_cell(cell):
    """`cell` without its first (empty) paragraph, ready for paragraphs."""
    for existing in list(cell.paragraphs):
        existing._p.getparent().remove(existing._p)
    return cell


def cell_text(cell, text, *, size=12, bold=False, align=LEFT):
    """`text` (12 pt) in a table cell's first paragraph; each line of a text with line breaks its own paragraph."""
    lines = (text or "").split("\n")
    paragraph(cell, lines[0], size=size, bold=bold, align=align, after=0, into=cell.paragraphs[0])
    for line in lines[1:]:
        paragraph(cell, line, size=size, bold=bold, align=align, after=0)
    return cell
