"""A seed's text as the blocks of its body (plans.blocks): each section's heading, then each of its
lines as written, with its label; a line that is a target or a task is that block, in place.

The seed modules keep their text as sections (the seed's own words) and name their targets and
tasks by the line they are: `"at"`, the start of that line (or, for a target, words inside it).
A task's range of lines (`text` quoting several) is its first line that is not a heading; the
other lines print as paragraphs. Headings: a section's heading is level 1; a short numbered line
without closing punctuation is level 2 ("1. Mục đích") or 3 ("1.1. Ban Phong trào", "a) …").
Footnotes (`footnotes=True`): a line "(1) …" is footnote 1 and a "(1)" after a word refers to it.
"""

import re

from plans.blocks import split_label

LEVEL_3 = re.compile(r"^(\d+\.\d+\.|[a-zđ]\))$")
LEVEL_2 = re.compile(r"^(\d+\.|[IVX]+\.)$")
FOOTNOTE_LINE = re.compile(r"^\((?P<n>\d+)\)\s+(?P<text>.+)$")
FOOTNOTE_REF = re.compile(r"(?<=\S)\((?P<n>\d+)\)")


def _is_heading(label, text):
    return (
        bool(label)
        and len(text) <= 100
        and not text.rstrip().endswith((".", ";", ","))
        and bool(LEVEL_2.match(label) or LEVEL_3.match(label))
    )


def seed_body(sections, *, targets=(), tasks=(), footnotes=False):
    """The body (block dicts in the seed's names: a task's `lead`/`supporting` are names) of the seed."""
    blocks = []
    for heading, body in sections:
        label, text = split_label(heading)
        blocks.append({"kind": "heading", "level": 1, "label": label, "text": text})
        for line in body.split("\n"):
            line = line.strip()
            if not line:
                continue
            note = FOOTNOTE_LINE.match(line) if footnotes else None
            if note:
                blocks.append({"kind": "footnote", "label": note.group("n"), "text": note.group("text")})
                continue
            if footnotes:
                line = FOOTNOTE_REF.sub(lambda m: f"[^{m.group('n')}]", line)
            label, text = split_label(line)
            if _is_heading(label, text):
                blocks.append({"kind": "heading", "level": 3 if LEVEL_3.match(label) else 2, "label": label, "text": text})
            else:
                blocks.append({"kind": "paragraph", "label": label, "text": text})
    for target in targets:
        block = _find(blocks, target["at"], inside=True)
        block.pop("level", None)  # a numbered line that carries a figure: the target, printed as written
        block.update(kind="target", **{k: target.get(k, "") for k in ("comparator", "value", "value_max", "unit", "baseline")})
    for task in tasks:
        first = task["text"].split("\n")
        lines = [line for line in first if not _is_heading(*split_label(line.strip()))] or first
        block = _find(blocks, lines[0].strip(), inside=False)
        block.update(kind="task", lead=task.get("lead"), supporting=task.get("supporting", []))
        block.update(schedules=task.get("schedules") or ([task["schedule"]] if task.get("schedule") else []))
        block.update(timing=task.get("timing"))
    return blocks


def _find(blocks, words, *, inside):
    found = []
    for block in blocks:
        if block["kind"] == "footnote" or (block["kind"] == "heading" and (not inside or block.get("level") == 1)):
            continue
        line = f"{block['label']} {block['text']}" if block["label"] else block["text"]
        plain = re.sub(r"\[\^(\d+)\]", r"(\1)", line)
        if (words in plain) if inside else plain.startswith(words) or block["text"].startswith(words):
            found.append(block)
    if not found:
        raise ValueError(f"no line of the seed reads “{words}”")
    return found[0]
