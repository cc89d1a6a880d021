"""A SourceDocument's items as the document's paragraphs: for a PDF or text copied from one
(`hard_wrapped`), layout lines are rejoined into paragraphs; a DOCX's paragraphs stay as they are.

A line starts a new paragraph when it carries a label ("I.", "1.", "a)", "-", "+", "*"), opens a
known part ("Căn cứ", "Nơi nhận", "TM." …), is in capitals or follows a line in capitals, or follows
a line that ended a sentence or stopped well short of the page's width. A line that starts in lower
case or with a digit continues the paragraph, whatever the line before it ended with.
"""

import re
from dataclasses import dataclass, field

from plans.blocks import split_label

from .patterns.names import squeeze
from .source import SourceParagraph, SourceTable

OPENS_A_PART = re.compile(r"^(?:Căn cứ|Thực hiện|Nơi nhận|Lưu\s*:|Số\s*:|(?:TM|KT|TL|TUQ|Q)\.\s|KẾ HOẠCH\b|\(\d+\)\s|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s)")
SEPARATOR = re.compile(r"^[\s_\-–—=.*]{3,}$")
ROMAN_LABEL = re.compile(r"^[IVXL]+\.$")
ENDS_A_SENTENCE = (".", ":", ";", "!", "?", "./.")


@dataclass
class Paragraph:
    text: str
    items: list = field(default_factory=list)
    """The indexes of the source items it was made of."""
    bold: bool = False
    centered: bool = False
    separator: bool = False


@dataclass
class Table:
    rows: list
    items: list = field(default_factory=list)


def is_upper(text):
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _starts_lower(text):
    first = text[:1]
    return first.islower() or first.isdigit()


def _width(lines):
    """The width of a full line: the 80th percentile of the lines' lengths."""
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.8))]


def _starts_new(previous, line, width):
    if re.search(r"\w[-/]$", previous) and not split_label(line)[0]:  # "3244/KH-" then "UBND": one word
        return False
    label, _text = split_label(line)
    if label in ("-", "+", "*", "•") or OPENS_A_PART.match(line) or is_upper(line) or is_upper(previous):
        return True
    if label and not ROMAN_LABEL.match(label):  # "12) hoặc …" in the middle of a sentence is no label
        return previous.endswith(ENDS_A_SENTENCE) or len(previous) < 0.75 * width
    if label:
        return True
    if _starts_lower(line):
        return False
    if previous.endswith(ENDS_A_SENTENCE):
        return True
    return len(previous) < 0.75 * width


def _join(text, line):
    if re.search(r"\S[-/]$", text):
        return text + line
    return f"{text} {line}"


def paragraphs(source):
    """The source's items as Paragraph and Table entries, in order."""
    entries = []
    wrapped = source.hard_wrapped
    width = _width([squeeze(item.text) for item in source.items if isinstance(item, SourceParagraph)]) if wrapped else 0
    previous_line = ""
    for index, item in enumerate(source.items):
        if isinstance(item, SourceTable):
            entries.append(Table(rows=[[cell.strip() for cell in row] for row in item.rows], items=[index]))
            previous_line = ""
            continue
        for line in (item.text or "").split("\n") if not wrapped else [item.text or ""]:
            line = squeeze(line)
            if not line:
                continue
            if SEPARATOR.match(line):
                entries.append(Paragraph(text=line, items=[index], separator=True))
                previous_line = ""
                continue
            last = entries[-1] if entries else None
            if (
                wrapped
                and isinstance(last, Paragraph)
                and not last.separator
                and previous_line
                and not _starts_new(previous_line, line, width)
            ):
                last.text = _join(last.text, line)
                if index not in last.items:
                    last.items.append(index)
            else:
                entries.append(Paragraph(text=line, items=[index], bold=item.bold, centered=item.centered))
            previous_line = line
    return entries


def text_lines(entries):
    """The lines of `entries` in reading order: a table column by column (a head table's left
    column, the issuing body, before its right one), a cell's paragraphs one by one."""
    lines = []
    for entry in entries:
        if isinstance(entry, Table):
            for column in range(max((len(row) for row in entry.rows), default=0)):
                for row in entry.rows:
                    if column < len(row):
                        lines.extend(row[column].split("\n"))
        elif not entry.separator:
            lines.append(entry.text)
    return lines
