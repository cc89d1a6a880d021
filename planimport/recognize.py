"""PLACEHOLDER recognizer (branch i17b only): replaced by the real one from branch i17a on merge.

Just enough for the readers, the API and the pages to be tested end to end: the subject is the
line after "KẾ HOẠCH", labelled lines are headings, lines with "%" targets, lines with "chủ trì"
tasks, everything else paragraphs.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from config.refusals import InvalidInput

from .source import SourceParagraph


@dataclass
class Recognition:
    plan: dict
    report: dict
    source_reference: dict = field(default_factory=dict)
    marks: list = field(default_factory=list)


_HEADING = re.compile(r"^(?P<label>[IVX]+\.|\d+\.)\s+(?P<text>.+)$")


def recognize(source, organization) -> Recognition:
    lines = [(index, item.text) for index, item in enumerate(source.items) if isinstance(item, SourceParagraph)]
    start = next((n for n, (_i, text) in enumerate(lines) if text.strip().upper() == "KẾ HOẠCH"), None)
    if start is None or start + 2 >= len(lines):
        raise InvalidInput(_("Văn bản này không phải một kế hoạch (không có “KẾ HOẠCH” và nội dung)."))
    subject = lines[start + 1][1]
    body, marks = [], []
    for index, text in lines[start + 2 :]:
        heading = _HEADING.match(text)
        if heading:
            block = {"kind": "heading", "level": 1, "label": heading["label"], "text": heading["text"]}
        elif "%" in text:
            block = {"kind": "target", "label": "", "text": text}
        elif "chủ trì" in text:
            block = {"kind": "task", "label": "", "text": text}
        else:
            block = {"kind": "paragraph", "label": "", "text": text}
        body.append(block)
        marks.append({"items": [index], "kind": block["kind"]})
    counts = {kind: sum(1 for b in body if b["kind"] == kind) for kind in ("target", "task")}
    report = {
        "recognized": {"subject": True, "blocks": len(body), "targets": counts["target"], "tasks": counts["task"]},
        "warnings": list(source.warnings),
    }
    return Recognition(plan={"subject": subject, "body": body}, report=report, source_reference={}, marks=marks)
