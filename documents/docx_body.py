"""The body as written (documents.layout.BodyBlock) in a Word document: each block with its label,
bold and indent by heading level, inline bold and italic, real tables, and real footnotes (a
footnotes part, each footnote at the foot of the page of its reference)."""

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from config.text import display_text

from .word import CENTER, FIRST_LINE_INDENT, LEFT, TEXT_WIDTH, set_widths

FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)
FOOTNOTE_PT = 11


class Footnotes:
    """The document's footnotes part, made at the first footnote."""

    def __init__(self, document):
        self.document = document
        self.part = None
        self.count = 0

    def add(self, runs):
        """A new footnote holding `runs`; returns its id."""
        if self.part is None:
            document_part = self.document.part
            self.part = XmlPart(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, parse_xml(FOOTNOTES_XML), document_part.package)
            document_part.relate_to(self.part, RT.FOOTNOTES)
        self.count += 1
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(self.count))
        paragraph = OxmlElement("w:p")
        marker = _run_element(None, size=FOOTNOTE_PT, superscript=True)
        marker.append(OxmlElement("w:footnoteRef"))
        paragraph.append(marker)
        paragraph.append(_run_element(" ", size=FOOTNOTE_PT))
        for run in runs:
            paragraph.append(_run_element(run.text, size=FOOTNOTE_PT, bold=run.bold, italic=run.italic))
        note.append(paragraph)
        self.part.element.append(note)
        return self.count


def _run_element(text, *, size=None, bold=False, italic=False, superscript=False):
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    if bold:
        properties.append(OxmlElement("w:b"))
    if italic:
        properties.append(OxmlElement("w:i"))
    if size:
        for name in ("w:sz", "w:szCs"):
            element = OxmlElement(name)
            element.set(qn("w:val"), str(int(size * 2)))
            properties.append(element)
    if superscript:
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        properties.append(align)
    if len(properties):
        run.append(properties)
    if text is not None:
        element = OxmlElement("w:t")
        element.set(qn("xml:space"), "preserve")
        element.text = display_text(text)
        run.append(element)
    return run


def _runs(paragraph, runs, footnotes, *, size=None, bold=False, italic=False):
    for run in runs:
        if run.note is not None:
            reference = _run_element(None, superscript=True, size=size)
            element = OxmlElement("w:footnoteReference")
            element.set(qn("w:id"), str(footnotes.add(run.note)))
            reference.append(element)
            paragraph._p.append(reference)
            continue
        added = paragraph.add_run(display_text(run.text))
        added.bold = (bold or run.bold) or None
        added.italic = (italic or run.italic) or None
        if size:
            added.font.size = Pt(size)


def _block_paragraph(document, block, footnotes):
    added = document.add_paragraph()
    fmt = added.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    heading = block.kind == "heading"
    fmt.first_line_indent = Pt(0) if heading and block.level == 1 else FIRST_LINE_INDENT  # "I." bold, no indent (ND30 plans)
    size = 12 if block.kind == "footnote" else None
    if heading:
        fmt.keep_with_next = True
    italic = heading and block.level >= 3
    if block.label:
        label = added.add_run(display_text(block.label) + " ")
        label.bold = heading or None
        label.italic = italic or None
        if size:
            label.font.size = Pt(size)
    _runs(added, block.runs, footnotes, size=size, bold=heading, italic=italic)


def _table(document, block, footnotes):
    columns = max((len(row) for row in block.rows), default=0)
    if not columns:
        return
    width = TEXT_WIDTH // columns
    table = document.add_table(rows=len(block.rows), cols=columns)
    table.style = document.styles["Table Grid"]
    table.alignment = 1  # centred
    table.autofit = False
    set_widths(table, [width] * columns)
    for index, (row, values) in enumerate(zip(table.rows, block.rows, strict=True)):
        head = index < block.header_rows
        if head:
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(repeat)
        for cell, runs in zip(row.cells, values, strict=False):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.alignment = CENTER if head else LEFT
            _runs(paragraph, runs, footnotes, size=12, bold=head)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def write_body(document, doc):
    """The body blocks of the layout `doc` into `document`."""
    footnotes = Footnotes(document)
    for block in doc.body:
        if block.kind == "table":
            _table(document, block, footnotes)
        else:
            _block_paragraph(document, block, footnotes)
    return footnotes.count
