"""The head of a plan: the issuing body, its "Số" and the place and date (kept as the source's
reference, never as the new plan's number), the title "KẾ HOẠCH", the trích yếu over several
lines, the Căn cứ / Thực hiện lines and the preamble."""

import re
from dataclasses import dataclass, field

from plans.blocks import split_label

from .lines import Paragraph, Table, is_upper, text_lines
from .patterns.names import squeeze

TITLE = re.compile(r"^KẾ\s*HOẠCH\b\s*(?P<rest>.*)$")
NATIONAL = re.compile(r"^(?:CỘNG HÒA|CỘNG HOÀ)\s+XÃ HỘI CHỦ NGHĨA VIỆT NAM|^Độc lập\s*[-–]\s*Tự do", re.IGNORECASE)
NUMBER = re.compile(r"Số\s*:\s*(?P<number>[\w\s.]*?/\s*[\w.\-]+)(?P<rest>.*)$")
PLACE_DATE = re.compile(r"(?P<place>[^,]*?)\s*,\s*(?P<date>ngày\b.*?năm\s+\d{4})")
LEGAL_BASIS = re.compile(r"^(?:Căn cứ|Thực hiện|Xét)\b")
BODY_START = re.compile(r"^(?:[IVX]+\.|[IVX]+\s*[-–]|1\.)\s")
PERIOD_SPAN = re.compile(r"giai đoạn\s+(?P<a>\d{4})\s*[-–]\s*(?P<b>\d{4})", re.IGNORECASE)
PERIOD_YEAR = re.compile(r"(?<!tháng)(?<!tháng \d)(?<!tháng \d\d)\s+năm\s+(?P<y>\d{4})\b", re.IGNORECASE)


@dataclass
class Head:
    issuing_body: str = ""
    number: str = ""
    place: str = ""
    date: str = ""
    title_index: int | None = None
    subject: str = ""
    subject_entries: list = field(default_factory=list)
    legal_bases: list = field(default_factory=list)
    preamble: list = field(default_factory=list)
    body_start: int | None = None


def find_title(entries):
    """The index of the title "KẾ HOẠCH" (alone, or followed by words that are not in capitals)."""
    for i, entry in enumerate(entries):
        if isinstance(entry, Paragraph) and not entry.separator and TITLE.match(entry.text):
            rest = TITLE.match(entry.text).group("rest")
            if not rest or not is_upper(rest):
                return i
    return None


def _header_lines(entries):
    return [squeeze(line) for line in text_lines(entries) if squeeze(line) and len(line) <= 1000]  # a head line is short


def read_reference(entries):
    """(issuing body, number, place, date) from the lines before the title."""
    body, number, place, date = [], "", "", ""
    for line in _header_lines(entries):
        if NATIONAL.match(line):
            continue
        found = NUMBER.search(line)
        if found:
            number = squeeze(found.group("number"))
            line = found.group("rest").strip()
        when = PLACE_DATE.search(line)
        if when:
            place, date = squeeze(when.group("place")), squeeze(when.group("date"))
            continue
        if line and is_upper(line) and not number:
            body.append(line)
    return " ".join(body), number, place, date


def _ends_subject(text):
    label, _rest = split_label(text)
    return bool(label) or bool(LEGAL_BASIS.match(text)) or text.endswith((":", ";")) or len(text) > 400


def read_head(entries):
    """The Head of `entries` (from planimport.lines), or a Head with title_index None."""
    head = Head()
    head.title_index = find_title(entries)
    if head.title_index is None:
        return head
    head.issuing_body, head.number, head.place, head.date = read_reference(entries[: head.title_index])
    i = head.title_index + 1
    title_rest = TITLE.match(entries[head.title_index].text).group("rest").strip()
    subject = [title_rest] if title_rest else []
    while i < len(entries):
        entry = entries[i]
        if isinstance(entry, Table):
            break
        if entry.separator:
            i += 1
            if subject:
                break
            continue
        if subject and _ends_subject(entry.text):
            break
        subject.append(entry.text)
        head.subject_entries.append(i)
        i += 1
    head.subject = squeeze(" ".join(subject))
    while i < len(entries) and isinstance(entries[i], Paragraph) and entries[i].separator:
        i += 1
    while i < len(entries) and isinstance(entries[i], Paragraph) and LEGAL_BASIS.match(entries[i].text):
        head.legal_bases.append((entries[i].text, entries[i].items))
        i += 1
    body_follows = i < len(entries) and _is_body_start(entries[i])
    if head.legal_bases and body_follows:  # "… (gọi tắt là …). Ủy ban nhân dân huyện ban hành kế hoạch …, như sau:" in one paragraph
        text, items = head.legal_bases[-1]
        split = _trailing_preamble(text)
        if split:
            head.legal_bases[-1] = (split[0], items)
            head.preamble.append(split[1])
    while i < len(entries) and not _is_body_start(entries[i]):
        if isinstance(entries[i], Paragraph) and not entries[i].separator:
            head.preamble.append(entries[i].text)
        i += 1
    head.body_start = i
    return head


def _is_body_start(entry):
    return isinstance(entry, Table) or bool(BODY_START.match(entry.text))


def _trailing_preamble(text):
    """(the legal basis, the preamble) when a legal basis paragraph ends with the sentence that
    introduces the plan ("… ban hành kế hoạch …, cụ thể như sau:"), else None."""
    if not text.endswith(":"):
        return None
    for match in reversed(list(re.finditer(r"[.;]\s+(?=[A-ZĐÀ-Ỹ])", text))):
        rest = text[match.end() :]
        if re.search(r"\b(?:ban hành|xây dựng)\b.*\bkế hoạch\b", rest, re.IGNORECASE):
            return text[: match.start() + 1], rest
    return None


def period_of(subject):
    """(start, end) ISO dates of the period the subject states ("giai đoạn 2025-2030", "năm 2023"), or None."""
    match = PERIOD_SPAN.search(subject)
    if match and match.group("a") <= match.group("b"):
        return f"{match.group('a')}-01-01", f"{match.group('b')}-12-31"
    years = [m.group("y") for m in PERIOD_YEAR.finditer(subject) if not re.search(r"tháng\s+\d{1,2}\s*$", subject[: m.start()])]
    if years:
        return f"{years[-1]}-01-01", f"{years[-1]}-12-31"
    return None
