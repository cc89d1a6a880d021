"""The plan as a document: one layout model that the HTML preview, the PDF and the DOCX all print.

`document_layout(plan)` reads a plan (its parts prefetched by plans.selectors.with_parts) into
plain dataclasses holding every string as it prints, in the layout of Nghị định 30/2020/NĐ-CP
(Appendix I) and the way the seed documents read:

    head        issuing body (a department's parent over it; a UBND or HĐND prints its own name
                alone), Quốc hiệu and Tiêu ngữ, "Số: 15/KH-UBND" (one run of text),
                "Ia H'Drai, ngày 05 tháng 3 năm 2025" — or DỰ THẢO for a draft
    title       KẾ HOẠCH and the subject (trích yếu)
    body        the legal bases (each ending ";", the last "."), the preamble, the sections
    foot        "Nơi nhận:" with the purposes and "- Lưu: VT…", the signature block
    annex       the structured parts the signature also covers: period, targets, tasks (chủ trì,
                phối hợp, schedule in words) and budget (money as "50.000.000 đồng"), as a
                "Phụ lục" after the signature, the way plans attach their assignment tables

Three stages print differently:

    DRAFT   not signed yet: marked DỰ THẢO, no number, "ngày … tháng … năm …"
    SIGNED  the signer signed, the clerk has not issued: no DỰ THẢO, the number and date are
            blanks (`Blank` with an empty value). In the signed PDF each blank is a form field
            that the clerk's issue fills in (see documents.pades).
    ISSUED  the number and date printed.

Renderers never compute a string of their own: they print these.
"""

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from accounts.roles import position_in
from config.text import display_text
from plans.blocks import body_data, legacy_blocks, numbering_warnings
from plans.models import RecipientPurpose

from . import formatting

DRAFT, SIGNED, ISSUED = "draft", "signed", "issued"

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT_MARK = "DỰ THẢO"
TYPE_NAMES = {"KH": "KẾ HOẠCH"}
SIGNED_NOTE = "(Đã ký)"


@dataclass(frozen=True)
class Blank:
    """A value the clerk gives at issue (number, date). `value` is '' until then.

    `name` names the PDF form field that holds it in the signed PDF; `width_mm` is the width of
    its box; `align` is how the value sits in the box ("left", "center", "right"); `font_pt` and
    `italic` repeat the size and style of the line it sits in (the field draws its value so)."""

    name: str
    value: str
    width_mm: float
    align: str = "center"
    font_pt: float = 14
    italic: bool = False
    prefix: str = ""  # text drawn before the value in the same box ("Số: ")
    suffix: str = ""  # … and after it ("/KH-UBND")

    @property
    def text(self):
        """The line as it prints: "Số: 01/KH-UBND" ("Số: /KH-UBND" while blank)."""
        return f"{self.prefix}{self.value}{self.suffix}"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text. kind: "text"; "heading" (a short numbered line: bold); "footnote"."""

    text: str
    kind: str = "text"


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list


@dataclass(frozen=True)
class Run:
    """A piece of a block's text: **bold**, *italic*, or a footnote reference (`note`: the
    footnote's own runs, printed at the foot of the page; `text` is its number)."""

    text: str
    bold: bool = False
    italic: bool = False
    note: list | None = None


@dataclass(frozen=True)
class BodyBlock:
    """A block of the body as written (plans.Block): kind heading (level 1–3), paragraph, target,
    task, table (`rows` of cells, each a list of Runs; the first `header_rows` are its head) or
    footnote (one that no text refers to, printed where it stands)."""

    kind: str
    label: str
    runs: list
    level: int = 0
    rows: list = field(default_factory=list)
    header_rows: int = 0


@dataclass(frozen=True)
class Table:
    columns: list  # header labels
    rows: list  # lists of cell strings
    widths: tuple  # column widths in % of the text width
    numeric: frozenset = frozenset()  # indexes of right-aligned columns
    total: list | None = None  # a last row in bold, or None


@dataclass(frozen=True)
class Annex:
    title: str  # "PHỤ LỤC"
    subject: str
    reference: list  # runs: strings and Blanks ("(Kèm theo Kế hoạch số …)")
    period: str  # "Thời gian thực hiện: …" or ""
    blocks: list  # [(heading, Table, note or "")]


@dataclass(frozen=True)
class SignatureBlock:
    lines: list  # capitals over the name: TM. … / KT. … / position
    signed: bool  # a current main signature exists
    name: str  # the signer's name ('' when no signer is chosen)


@dataclass
class DocumentLayout:
    stage: str
    plan_id: int
    parent_name: str  # '' when the issuing body prints without its superior
    issuer_name: str
    parent_lines: list  # the names as the head breaks them into lines (print)
    issuer_lines: list
    national_name: str
    motto: str
    draft_mark: str  # DỰ THẢO or ''
    number: list  # runs of the "Số:" line; [] for a draft
    date_line: list  # runs of the place and date line
    type_name: str
    subject: str
    legal_bases: list
    preamble: list  # Paragraphs
    sections: list  # Sections
    recipients_title: str
    recipients: list  # "- Thường trực Huyện ủy (b/c);" … "- Lưu: VT."
    signature: SignatureBlock
    annex: Annex | None
    symbol: str = ""  # "15/KH-UBND" once issued
    title: str = ""  # the PDF/DOCX title
    author: str = ""
    blanks: list = field(default_factory=list)  # every Blank, in print order
    body: list = field(default_factory=list)  # BodyBlocks: the text as written, in order
    footnotes: list = field(default_factory=list)  # (number, runs) of the footnotes referred to, in order
    warnings: list = field(default_factory=list)  # numbering that repeats or skips (for the drafter; never printed)

    def text(self, runs):
        """A run list as plain text (blanks print their value)."""
        return "".join(run.text if isinstance(run, Blank) else run for run in runs)


_HEADING = re.compile(r"^([IVXLC]+|\d+(\.\d+)*)\.\s+\S")
_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")


def paragraphs(text):
    """Body text → Paragraphs, one per non-empty line."""
    result = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if _FOOTNOTE.match(line):
            kind = "footnote"
        elif _HEADING.match(line) and len(line) <= 120 and not line.endswith((".", ";", ":", ",")):
            kind = "heading"
        else:
            kind = "text"
        result.append(Paragraph(line, kind))
    return result


def stage_of(plan, main_signature):
    if plan.number is not None:
        return ISSUED
    return SIGNED if main_signature is not None else DRAFT


# An elected or administrative body (Ủy ban nhân dân, Hội đồng nhân dân) heads its documents with its
# own name alone (seed 003: "ỦY BAN NHÂN DÂN / HUYỆN IA H'DRAI"); a department or a board of one
# prints the body it belongs to over its name (Nghị định 30, Appendix I, "tên cơ quan chủ quản").
_NO_PARENT = re.compile(r"^(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)\b")


def prints_parent(organization):
    """Whether the head prints `organization`'s parent over its name."""
    if organization.parent_id is None:
        return False
    name = unicodedata.normalize("NFC", (organization.header_name or organization.name).strip()).upper()
    return not _NO_PARENT.match(name)


def symbol_suffix(plan):
    """What follows the number: "/KH-UBND", "/KH-MTTQ-BTT" (the plan's own once issued, else its body's)."""
    return f"/{plan.doc_type}-{plan.symbol_code}"


def _number_runs(plan, stage):
    if stage == DRAFT:
        return []
    value = f"{plan.number:02d}" if stage == ISSUED else ""
    # The whole line is one blank: it prints "Số: 01/KH-UBND" as one run of text, and in the signed
    # PDF the form field the clerk's number fills covers the line (documents.pades draws "Số: " and
    # the suffix around the value), so the issued line reads with no gap.
    return [Blank("so", value, 60, align="center", font_pt=13, prefix="Số: ", suffix=symbol_suffix(plan))]


def _date_runs(plan, stage):
    place = plan.organization.place_name
    prefix = f"{place}, " if place else ""
    if stage == DRAFT:
        return [f"{prefix}ngày … tháng … năm …"]
    issued_on = plan.issued_on if stage == ISSUED else None
    return [
        f"{prefix}ngày ",
        Blank("ngay", formatting.day_text(issued_on) if issued_on else "", 6.5, italic=True),
        " tháng ",
        Blank("thang", formatting.month_text(issued_on) if issued_on else "", 6.5, italic=True),
        " năm ",
        Blank("nam", str(issued_on.year) if issued_on else "", 11, italic=True),
    ]


def _recipients(plan):
    recipients = list(plan.recipients.all())
    lines = [f"- {r.name}{f' ({r.purpose})' if r.purpose else ''};" for r in recipients if r.purpose != RecipientPurpose.ARCHIVE]
    archive = [r.name for r in recipients if r.purpose == RecipientPurpose.ARCHIVE]
    lines.append(f"- Lưu: {', '.join(archive) if archive else 'VT'}.")
    return lines


def _signature(plan, main_signature):
    if main_signature is not None:
        authority, position, name = main_signature.authority, main_signature.position, main_signature.signer_name
    else:
        authority = plan.signing_authority
        position = position_in(plan.signer, plan.organization) if plan.signer_id else ""
        name = (plan.signer.get_full_name() or plan.signer.get_username()) if plan.signer_id else ""
    lines = formatting.signature_lines(authority, plan.organization.collective_title, position)
    return SignatureBlock(lines=lines, signed=main_signature is not None, name=name)


INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\*(?P<italic>[^*\s](?:[^*]*[^*\s])?)\*|\[\^(?P<note>[^\]\s]+)\]", re.DOTALL)


def inline_runs(text, footnotes=None, referred=None):
    """`text` with **bold**, *italic* and footnote references [^n] as Runs. `footnotes`: {number:
    text} of the body's footnotes (a reference to none prints as written); `referred` collects the
    numbers referred to."""
    result, at = [], 0
    for match in INLINE.finditer(text or ""):
        if match.start() > at:
            result.append(Run(text[at : match.start()]))
        if match.group("bold") is not None:
            result.extend(dataclasses.replace(run, bold=True) for run in inline_runs(match.group("bold"), footnotes, referred))
        elif match.group("italic") is not None:
            result.append(Run(match.group("italic"), italic=True))
        else:
            number = match.group("note")
            if footnotes is not None and number in footnotes:
                if referred is not None:
                    referred.append(number)
                result.append(Run(number, note=inline_runs(footnotes[number])))
            else:
                result.append(Run(match.group(0)))
        at = match.end()
    if at < len(text or ""):
        result.append(Run(text[at:]))
    return result


def body_items(plan):
    """The plan's body as block data: its blocks, or (a plan of sections, targets and tasks only) the
    blocks those make."""
    blocks = list(plan.blocks.all())
    targets, tasks = list(plan.targets.all()), list(plan.tasks.all())
    if blocks:
        return body_data(blocks, {t.pk: t for t in targets}, {t.pk: t for t in tasks})
    return legacy_blocks(plan.sections.all(), targets, tasks)


def _body(items):
    """(BodyBlocks, footnotes referred to) of the body's block data."""
    footnotes = {item["label"].strip(): item["text"] for item in items if item["kind"] == "footnote" and item["label"].strip()}
    referred = []
    blocks = []
    pending = []  # footnotes not referred to (yet): printed in place after the pass
    for item in items:
        kind = item["kind"]
        if kind == "footnote":
            pending.append((len(blocks), item))
            blocks.append(None)
            continue
        rows = [[inline_runs(cell, footnotes, referred) for cell in row] for row in item.get("rows") or []]
        blocks.append(
            BodyBlock(
                kind=kind,
                label=item.get("label") or "",
                runs=inline_runs(item.get("text") or "", footnotes, referred),
                level=item.get("level") or 0,
                rows=rows,
                header_rows=item.get("header_rows") or 0,
            )
        )
    for index, item in pending:
        if item["label"].strip() not in referred:
            blocks[index] = BodyBlock(kind="footnote", label=item["label"], runs=inline_runs(item["text"]))
    seen = []
    notes = []
    for number in referred:
        if number not in seen:
            seen.append(number)
            notes.append((number, inline_runs(footnotes[number])))
    return [block for block in blocks if block is not None], notes


def _annex_blocks(plan):
    """The budget, when the plan has one (its targets and tasks print in the body, where written)."""
    blocks = []
    lines = list(plan.budget_lines.all())
    if lines:
        rows = [
            [str(i), b.item, formatting.so(b.unit_cost), formatting.so(b.quantity), formatting.so(b.unit_cost * b.quantity), b.source]
            for i, b in enumerate(lines, start=1)
        ]
        total = sum(b.unit_cost * b.quantity for b in lines)
        table = Table(
            ["STT", "Nội dung chi", "Đơn giá (đồng)", "Số lượng", "Thành tiền (đồng)", "Nguồn kinh phí"],
            rows,
            (7, 32, 15, 10, 17, 19),
            numeric=frozenset({2, 3, 4}),
            total=["", "Tổng cộng", "", "", formatting.so(total), ""],
        )
        note = f"Tổng kinh phí: {formatting.dong(total)} (Bằng chữ: {formatting.tien_bang_chu(total)})."
        blocks.append(("Kinh phí thực hiện", table, note))
    return blocks


def _period(plan):
    if not (plan.period_start or plan.period_end):
        return ""
    text = "Thời gian thực hiện:"
    if plan.period_start:
        text += f" từ ngày {formatting.ngay_van_ban(plan.period_start)}"
    if plan.period_end:
        text += f" đến ngày {formatting.ngay_van_ban(plan.period_end)}"
    return text + "."


def _annex(plan, stage, type_name):
    blocks = _annex_blocks(plan)
    if not blocks:  # no automatic annex: the body prints as written
        return None
    period = _period(plan)
    of = f" của {plan.organization.name}"
    if stage == DRAFT:
        reference = [f"(Kèm theo dự thảo {type_name.capitalize()}{of})"]
    else:
        number = f"{plan.number:02d}" if stage == ISSUED else ""
        date = formatting.ngay_van_ban(plan.issued_on) if stage == ISSUED else ""
        reference = [
            f"(Kèm theo {type_name.capitalize()} số ",
            Blank("so_phu_luc", number, 10, align="right", italic=True),
            f"{symbol_suffix(plan)} ngày ",
            Blank("ngay_phu_luc", date, 26, italic=True),
            f"{of})",
        ]
    return Annex(title="PHỤ LỤC", subject=plan.subject, reference=reference, period=period, blocks=blocks)


def document_layout(plan, main_signature=None):
    """The layout of `plan`; `main_signature` is the current main approvals.Signature, or None."""
    stage = stage_of(plan, main_signature)
    org = plan.organization
    parent = org.parent
    type_name = TYPE_NAMES.get(plan.doc_type, plan.doc_type)
    symbol = formatting.so_ky_hieu(plan.number, plan.doc_type, plan.symbol_code) if stage == ISSUED else ""
    parent_name = (parent.header_name or parent.name).upper() if prints_parent(org) else ""
    issuer_name = (org.header_name or org.name).upper()
    items = body_items(plan)
    body, footnotes = _body(items)
    layout = DocumentLayout(
        stage=stage,
        plan_id=plan.pk,
        parent_name=parent_name,
        issuer_name=issuer_name,
        parent_lines=formatting.balanced_lines(parent_name),
        issuer_lines=formatting.balanced_lines(issuer_name),
        national_name=NATIONAL_NAME,
        motto=MOTTO,
        draft_mark=DRAFT_MARK if stage == DRAFT else "",
        number=_number_runs(plan, stage),
        date_line=_date_runs(plan, stage),
        type_name=type_name,
        subject=plan.subject,
        legal_bases=formatting.legal_basis_lines(b.text for b in plan.legal_bases.all()),
        preamble=paragraphs(plan.preamble),
        sections=[Section(s.heading, paragraphs(s.body)) for s in plan.sections.all()],
        recipients_title="Nơi nhận:",
        recipients=_recipients(plan),
        signature=_signature(plan, main_signature),
        annex=_annex(plan, stage, type_name),
        symbol=symbol,
        title=f"{type_name.capitalize()}{f' số {symbol}' if symbol else ''}: {plan.subject}",
        author=org.name,
        body=body,
        footnotes=footnotes,
        warnings=numbering_warnings(items),
    )
    layout = printable(layout)
    runs = layout.number + layout.date_line + (layout.annex.reference if layout.annex else [])
    layout.blanks = [run for run in runs if isinstance(run, Blank)]
    return layout


def printable(value):
    """`value` (the layout, or any part of it) with every string as config.text.display_text prints
    it: a character the text rule refuses, in a row stored before the rule, becomes U+FFFD instead of
    breaking the DOCX (XML refuses control characters) or reordering the PDF (bidi overrides).
    What holds no such character is returned as it is, not copied (a 300-block body is ~10,000
    strings, lists and runs, nearly always all clean: copying them was a tenth of its page)."""
    if isinstance(value, str):
        return display_text(value)
    if isinstance(value, (list, tuple)):
        items = [printable(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return items if isinstance(value, list) else tuple(items)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for name in _init_fields(type(value)):
            old = getattr(value, name)
            new = printable(old)
            if new is not old:
                changed[name] = new
        return dataclasses.replace(value, **changed) if changed else value
    return value


@functools.cache
def _init_fields(cls):
    """The names of the dataclass `cls`'s fields that its __init__ takes."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)
