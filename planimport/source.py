"""What a reader makes of an uploaded file, and what the recognizer reads (issue 17).

A reader (planimport.readers) turns a DOCX, a PDF (text layer or OCR) or UTF-8 text into a
`SourceDocument`: the document's items in reading order. The recognizer (planimport.recognize)
turns a `SourceDocument` into a draft plan's data and an import report. Neither knows the other's
file formats or the plan's models.
"""

from dataclasses import dataclass, field


@dataclass
class SourceParagraph:
    """One paragraph of a DOCX, or one line of a PDF or a text file (see `SourceDocument.hard_wrapped`)."""

    text: str
    bold: bool = False
    """The whole paragraph is bold (a DOCX run property; headings often are)."""
    centered: bool = False
    """The paragraph is centered (DOCX alignment, or a PDF line far from both margins)."""


@dataclass
class SourceTable:
    """A table as rows of cell texts; a cell's paragraphs are joined with newlines."""

    rows: list[list[str]]


@dataclass
class SourceFootnote:
    label: str
    text: str


@dataclass
class SourceDocument:
    kind: str
    """"docx", "pdf" or "text"."""
    items: list[SourceParagraph | SourceTable] = field(default_factory=list)
    footnotes: list[SourceFootnote] = field(default_factory=list)
    hard_wrapped: bool = False
    """The items are layout lines (a PDF, or text copied from one): paragraphs must be rejoined."""
    ocr: bool = False
    """The text was read from page images with Tesseract."""
    sha256: str = ""
    """Of the uploaded file's bytes."""
    warnings: list[str] = field(default_factory=list)
    """What the reader noticed (pages without text, a skipped image…), in Vietnamese."""
