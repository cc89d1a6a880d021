"""The layout as a Word document, with python-docx: the same strings as the PDF, laid out the same way.

Built with documents.word (A4, margins, page numbers, paragraphs, rules, tables — the blocks the
consolidated report uses too): "Times New Roman" 14 pt, justified body with a 1.27 cm first-line
indent and 6 pt after paragraphs. The two-column head and the foot are borderless tables.
"""

import io

from docx.enum.text import WD_BREAK
from docx.shared import Mm, RGBColor

from .docx_body import write_body
from .fonts import text_width_mm
from .layout import Blank
from .word import CENTER, LEFT, RIGHT, cell_text, empty_cell, grid, keep_rows_whole, new_document, no_cell_margins, paragraph, rule

TEXT_WIDTH_MM = 210 - 30 - 15
HEAD_COLUMNS_MM = (66, TEXT_WIDTH_MM - 66)
ISSUER_RULE_SHARE = 0.4  # the rule under the issuing body: 1/3 to 1/2 of its name's line (Nghị định 30)
HEAD_PT = {"issuer": 13, "national": 13, "motto": 14}
FOOT_COLUMNS_MM = (74, TEXT_WIDTH_MM - 74)
RED = RGBColor(0xB7, 0x1C, 0x1C)
NBSP = "\u00a0"


def _text(runs):
    """Runs as plain text: a blank prints its value, or spaces to write the value in by hand."""
    return "".join((run.text if run.value else f"{run.prefix}{NBSP * 6}{run.suffix}") if isinstance(run, Blank) else run for run in runs)


def _rule(container, width_mm, column_mm, after=4):
    return rule(container, Mm(width_mm), Mm(column_mm), after=after)


def _grid(document, widths_mm, style=None):
    return grid(document, [Mm(width) for width in widths_mm], style=style)


def _head(document, doc):
    table = no_cell_margins(_grid(document, HEAD_COLUMNS_MM))
    left, right = (empty_cell(c) for c in table.rows[0].cells)
    for line in doc.parent_lines:
        paragraph(left, line, size=HEAD_PT["issuer"], align=CENTER, after=0)
    for line in doc.issuer_lines:
        paragraph(left, line, size=HEAD_PT["issuer"], bold=True, align=CENTER, after=0)
    name_mm = max((text_width_mm(line, HEAD_PT["issuer"], bold=True) for line in doc.issuer_lines), default=0)
    _rule(left, name_mm * ISSUER_RULE_SHARE, HEAD_COLUMNS_MM[0], after=6)
    if doc.number:
        paragraph(left, _text(doc.number), size=13, align=CENTER, after=0)
    if doc.draft_mark:
        paragraph(left, doc.draft_mark, size=12, bold=True, align=CENTER, after=0, color=RED)
    paragraph(right, doc.national_name, size=HEAD_PT["national"], bold=True, align=CENTER, after=0)
    paragraph(right, doc.motto, size=HEAD_PT["motto"], bold=True, align=CENTER, after=0)
    _rule(right, text_width_mm(doc.motto, HEAD_PT["motto"], bold=True), HEAD_COLUMNS_MM[1], after=8)  # as long as the Tiêu ngữ
    paragraph(right, _text(doc.date_line), size=14, italic=True, align=CENTER, after=0)


def _foot(document, doc):
    """Nơi nhận and the signature block: a borderless table whose one row never splits, kept with
    the body's last paragraph (a signature never stands alone on a page)."""
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    table = keep_rows_whole(no_cell_margins(_grid(document, FOOT_COLUMNS_MM)))
    left, right = (empty_cell(c) for c in table.rows[0].cells)
    paragraph(left, doc.recipients_title, size=12, bold=True, italic=True, align=LEFT, after=0)
    for line in doc.recipients:
        paragraph(left, line, size=11, align=LEFT, after=0)
    for line in doc.signature.lines:
        paragraph(right, line, bold=True, align=CENTER, after=0)
    if doc.signature.signed:
        paragraph(right, "(Đã ký)", italic=True, align=CENTER, before=24, after=24)
    else:
        paragraph(right, "", align=CENTER, before=0, after=64)
    paragraph(right, doc.signature.name, bold=True, align=CENTER, after=0)


def _annex(document, annex):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    paragraph(document, annex.title, bold=True, align=CENTER, after=0)
    paragraph(document, annex.subject, bold=True, align=CENTER, after=0)
    paragraph(document, _text(annex.reference), italic=True, align=CENTER, after=0)
    _rule(document, TEXT_WIDTH_MM * 0.3, TEXT_WIDTH_MM, after=8)
    if annex.period:
        paragraph(document, annex.period, indent=True)
    for number, (heading, table_data, note) in enumerate(annex.blocks, start=1):
        paragraph(document, f"{number}. {heading}", bold=True, align=LEFT, before=6)
        widths = [TEXT_WIDTH_MM * share / 100 for share in table_data.widths]
        table = _grid(document, widths, style="Table Grid")
        rows = [table_data.columns, *table_data.rows] + ([table_data.total] if table_data.total else [])
        for index, values in enumerate(rows):
            cells = table.rows[0].cells if index == 0 else table.add_row().cells
            bold = index == 0 or (table_data.total is not None and index == len(rows) - 1)
            for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
                cell.width = Mm(widths[column])
                align = CENTER if index == 0 else LEFT
                if index and column in table_data.numeric:
                    align = RIGHT
                cell_text(cell, value, bold=bold, align=align)
        if note:
            paragraph(document, note, indent=True, before=6)


def _body_paragraph(document, text):
    """A paragraph of the body (documents.layout.Paragraph): a heading in bold, a footnote in 12 pt."""
    paragraph(document, text.text, bold=text.kind == "heading", size=12 if text.kind == "footnote" else None, indent=True)


def render_docx(doc):
    """The DocumentLayout `doc` as DOCX bytes."""
    document = new_document(size=14, line_spacing=1.1, justify=True)
    core = document.core_properties
    core.title, core.author, core.comments = doc.title[:255], doc.author[:255], "planflow"
    _head(document, doc)
    paragraph(document, doc.type_name, bold=True, align=CENTER, before=12, after=0)
    paragraph(document, doc.subject, bold=True, align=CENTER, after=0)
    _rule(document, TEXT_WIDTH_MM * 0.3, TEXT_WIDTH_MM, after=10)
    for basis in doc.legal_bases:
        paragraph(document, basis, italic=True, indent=True)
    for text in doc.preamble:
        _body_paragraph(document, text)
    write_body(document, doc)  # documents.docx_body: the blocks as written, footnotes at the foot of the page
    _foot(document, doc)
    if doc.annex:
        _annex(document, doc.annex)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
