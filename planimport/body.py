"""The body of a plan as blocks (docs/API.md "The body"), from its first heading to "Nơi nhận".

Headings by their labels: "I." with a title in capitals is level 1 (its words after a colon, when
not in capitals, are a paragraph of their own); a short numbered line without closing punctuation
is level 2 ("1.", "II.") or 3 ("1.1.", "a)") — the rule the demo seeds follow (demo/blocks.py).
Every other line is a paragraph with its label ("-", "+", "*", "1." …), or:
- a target, when it states a figure (planimport.patterns.measures);
- a task, when it names its lead ("Giao X chủ trì", "X chủ trì", "X: …"), or, in a part that
  assigns duties (TỔ CHỨC THỰC HIỆN, PHÂN CÔNG NHIỆM VỤ, TRÁCH NHIỆM), it is the first line under
  a heading that names a body, or a later one there that leads, coordinates or reports;
- a footnote, "(1) …" or "¹ …" at the start of a line, once its call "…(1)" or "…¹" was seen (or
  the footnote before it): its calls become "[^1]".
"""

import re
from dataclasses import dataclass, field

from plans.blocks import split_label

from .lines import Paragraph, Table, is_upper
from .patterns.measures import LOOKS_LIKE_TARGET, measure_of
from .patterns.parties import LOOKS_LIKE_TASK, heading_party, lead_name, named_at_start, supporting_parties
from .patterns.timing import heading_timing, schedules, task_timing

LEVEL_3 = re.compile(r"^(\d+\.\d+\.?|[a-zđ]\))$")
LEVEL_2 = re.compile(r"^(\d+\.|[IVX]+\.)$")
ROMAN = re.compile(r"^[IVXL]+\.$")
ASSIGNS_DUTIES = re.compile(r"TỔ CHỨC THỰC HIỆN|PHÂN CÔNG|TRÁCH NHIỆM|NHIỆM VỤ CỤ THỂ", re.IGNORECASE)
FOOTNOTE_LINE = re.compile(r"^(?:\((?P<n>\d{1,3})\)|(?P<sup>[¹²³⁴⁵⁶⁷⁸⁹⁰]+))\s+(?P<text>\S.*)$", re.DOTALL)
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
CLOSING = re.compile(r"^(?:Trên đây|Quá trình (?:tổ chức )?thực hiện|Trong quá trình thực hiện)", re.IGNORECASE)
ACTS = re.compile(r"\b(?:chủ trì|phối hợp|báo cáo|tham mưu)\b", re.IGNORECASE)


@dataclass
class Body:
    blocks: list = field(default_factory=list)
    marks: list = field(default_factory=list)
    not_recognized: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def is_short_heading(label, text):
    return (
        bool(label)
        and len(text) <= 100
        and not text.rstrip().endswith((".", ";", ","))
        and bool(LEVEL_2.match(label) or LEVEL_3.match(label))
    )


def _footnotes(entries):
    """{entry index: (label, text)} of the entries that are footnotes."""
    found, seen_text = {}, ""
    last = 0
    for i, entry in enumerate(entries):
        if isinstance(entry, Paragraph):
            match = FOOTNOTE_LINE.match(entry.text)
            if match:
                label = match.group("n") or match.group("sup").translate(SUPERSCRIPTS)
                called = re.search(rf"\S\({label}\)", seen_text) or (match.group("sup") and match.group("sup") in seen_text)
                if called or (last and int(label) == last + 1):
                    found[i] = (label, match.group("text"))
                    last = int(label)
                    continue
            seen_text += "\n" + entry.text
    return found


def _with_calls(text, labels):
    for label in labels:
        text = re.sub(rf"(?<=[^\s(])\({label}\)", f"[^{label}]", text)
        sup = label.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
        text = re.sub(rf"(?<=\w){sup}(?!\d)", f"[^{label}]", text)
    return text


def _layout(entries):
    """[(block, items)] of the entries: headings, paragraphs, tables, footnotes, before targets and tasks."""
    notes = _footnotes(entries)
    labels = [label for label, _text in notes.values()]
    laid = []
    for i, entry in enumerate(entries):
        if isinstance(entry, Table):
            rows = entry.rows
            header_rows = 1 if len(rows) > 1 else 0
            laid.append(({"kind": "table", "label": "", "text": "", "header_rows": header_rows, "rows": rows}, entry.items))
            continue
        if entry.separator:
            continue
        if i in notes:
            label, text = notes[i]
            laid.append(({"kind": "footnote", "label": label, "text": text}, entry.items))
            continue
        label, text = split_label(_with_calls(entry.text, labels))
        if ROMAN.match(label) and (is_upper(text) or is_upper(text.split(":", 1)[0])):
            title, _colon, rest = text.partition(":") if not is_upper(text) else (text, "", "")
            laid.append(({"kind": "heading", "level": 1, "label": label, "text": title.strip() + (":" if rest else "")}, entry.items))
            if rest.strip():
                laid.append(({"kind": "paragraph", "label": "", "text": rest.strip()}, entry.items))
        elif is_short_heading(label, text):
            laid.append(({"kind": "heading", "level": 3 if LEVEL_3.match(label) else 2, "label": label, "text": text}, entry.items))
        else:
            laid.append(({"kind": "paragraph", "label": label, "text": text}, entry.items))
    return laid


def read_body(entries, directory, source_footnotes=()):
    body = Body()
    laid = _layout(entries)
    assigns = False
    party_by_level, timing_by_level = {}, {}
    used_party = set()
    for block, items in laid:
        mark = {"block": len(body.blocks), "items": list(items), "became": block["kind"]}
        if block["kind"] == "heading":
            level = block["level"]
            if level == 1:
                assigns = bool(ASSIGNS_DUTIES.search(block["text"]))
            for deeper in [lv for lv in party_by_level if lv >= level]:
                del party_by_level[deeper]
            for deeper in [lv for lv in timing_by_level if lv >= level]:
                del timing_by_level[deeper]
            party = heading_party(block["text"]) if assigns and level > 1 else None
            if party:
                party_by_level[level] = party
                mark["became"] = "party"
                mark["party"] = directory.party(party)
            timing = heading_timing(block["text"])
            if timing:
                timing_by_level[level] = timing
            measure = measure_of(block["text"]) if level > 1 else None
            if measure is None:
                body.blocks.append(block)
                body.marks.append(mark)
                continue
        if block["kind"] in ("table", "footnote"):
            body.blocks.append(block)
            body.marks.append(mark)
            continue
        text = block["text"]
        if CLOSING.match(text):
            party_by_level.clear()
            assigns = False
        label_level = 3 if LEVEL_3.match(block["label"]) else 2 if LEVEL_2.match(block["label"]) else None
        if label_level is not None and assigns:  # "f) Phòng Nội vụ: …" ends the part of "đ) Phòng Lao động …:"
            for deeper in [lv for lv in party_by_level if lv >= label_level]:
                del party_by_level[deeper]
            party = heading_party(text) if text.endswith(":") else None
            if party:
                party_by_level[label_level] = party
                mark["became"] = "party"
                mark["party"] = directory.party(party)
                body.blocks.append(block)
                body.marks.append(mark)
                continue
        measure = measure_of(text)
        if measure is not None:
            block = {"kind": "target", "label": block["label"], "text": text, "measure": measure.as_json()}
            mark.update(became="target", phrase=measure.phrase)
            body.blocks.append(block)
            body.marks.append(mark)
            continue
        task = _task(text, assigns, party_by_level, timing_by_level, used_party, directory, body, labelled=label_level is not None)
        if task is not None:
            block = {"kind": "task", "label": block["label"], "text": text, **task}
            mark.update(
                became="task",
                parties=[{"role": "lead", **(task["lead"] or {})}] + [{"role": "supporting", **p} for p in task["supporting"]],
            )
        else:
            if LOOKS_LIKE_TARGET.search(text) and re.search(r"\d", text):
                body.not_recognized.append({"block": len(body.blocks), "looked_like": "target", "text": text[:120]})
            elif LOOKS_LIKE_TASK.search(text) and re.search(r"\bchủ trì\b", text, re.IGNORECASE):
                body.not_recognized.append({"block": len(body.blocks), "looked_like": "task", "text": text[:120]})
        body.blocks.append(block)
        body.marks.append(mark)
    _place_footnotes(body, source_footnotes)
    return body


def _task(text, assigns, party_by_level, timing_by_level, used_party, directory, body, labelled=False):
    """The task data (lead, supporting, timing, schedule and schedules) of a line, or None when it is no task."""
    found = schedules(text)
    lead = lead_name(text)
    if lead is None and assigns and labelled:
        lead = named_at_start(text)
    if lead is None and assigns and party_by_level:
        level = max(party_by_level)
        party = party_by_level[level]
        if (level, party) not in used_party or ACTS.search(text) or found:
            lead = party
            used_party.add((level, party))
    if lead is None and directory.units_in(text[:80]):
        first = directory.units_in(text[:80])[0]
        if directory.key_at_start(text, first):
            lead = first.name
    if lead is None and not found:
        return None
    lead_party = directory.party(lead) if lead else None
    kept = []  # every schedule the sentence states ("hằng tháng (trước ngày 15) và hằng năm (…)"): one task, its duties
    for schedule in found:
        if schedule["kind"] == "quarterly" and schedule["day"] is None:
            body.warnings.append(f"“{text[:60]}…”: báo cáo quý không ghi ngày; hãy chọn ngày báo cáo.")
        elif any(other["kind"] == schedule["kind"] and schedule["kind"] != "once" for other in kept):
            body.warnings.append(
                f"“{text[:60]}…”: còn một lịch báo cáo cùng loại ({schedule['kind']}); mỗi loại một lịch, hãy tách nhiệm vụ nếu cần."
            )
        else:
            kept.append(schedule)
    timing = task_timing(text)
    if timing is None and timing_by_level:
        timing = timing_by_level[max(timing_by_level)]
    if lead_party is None:
        body.warnings.append(f"“{text[:60]}…”: nhiệm vụ chưa rõ đơn vị chủ trì.")
    return {
        "lead": lead_party,
        "supporting": supporting_parties(text, directory, lead_party),
        "timing": timing,
        "schedule": kept[0] if kept else None,
        "schedules": kept,
    }


def _place_footnotes(body, footnotes):
    """The reader's footnotes (a DOCX's), each after the first block that calls it, else at the end."""
    for note in footnotes:
        block = {"kind": "footnote", "label": note.label, "text": note.text}
        call = f"[^{note.label}]"
        at = next((i + 1 for i, b in enumerate(body.blocks) if call in b.get("text", "")), len(body.blocks))
        for mark in body.marks[at:]:
            mark["block"] += 1
        body.blocks.insert(at, block)
        body.marks.insert(at, {"block": at, "items": [], "became": "footnote"})
