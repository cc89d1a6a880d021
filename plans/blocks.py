"""The plan's body as blocks (docs/API.md "The body"): plain data in and out, and the body that
the older parts (sections, targets, tasks) make.

- `block_data(block)` is a stored Block as JSON values (what the API returns without ids, what
  the signature covers). It reads the block's parties (`parties_of`), Target and Task as
  prefetched by `plans.selectors.with_parts`.
- `legacy_blocks(sections, targets, tasks)` is the body a plan written as sections, targets and
  tasks has: each section's heading (level 1) and its lines as paragraphs, then the targets, then
  the tasks. The data migration and a write of `sections`/`targets`/`tasks` store exactly this.
- `numbering_warnings(body)` names numbering that repeats or skips ("II." twice): a warning for
  the drafter, never a change.
"""

import re

from django.utils.translation import gettext as _

from .models import BlockKind, PartyRole
from .numbers import NumberError, parse_decimal

LABELLED = re.compile(r"^(?P<label>(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]|[-+*•])\s+(?P<text>\S.*)$", re.DOTALL)


def split_label(line):
    """'I. MỤC ĐÍCH' -> ('I.', 'MỤC ĐÍCH'); '- Tổ chức …' -> ('-', 'Tổ chức …'); no label -> ('', line)."""
    match = LABELLED.match(line)
    if not match:
        return "", line
    return match.group("label"), match.group("text")


def plain_decimal(value):
    """A stored Decimal as plain text ("77.17", "100"), or '' for none."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def decimal_of(text):
    """The Decimal a value written either way reads as ("77,17" and "77.17" -> 77.17), None for ''."""
    if text in (None, ""):
        return None
    return parse_decimal(text)


def value_problem(text):
    """Why `text` is not a decimal written either way (Vietnamese), or None."""
    if text in (None, ""):
        return None
    try:
        parse_decimal(text)
    except NumberError as error:
        return error.message
    return None


def _schedule(task):
    return task.schedule if task is not None else None


def add_more_schedules(data, task):
    """A task's `schedules` in its data when it has more than one: a plan with one schedule a task
    keeps the content, the hash and the signatures it had."""
    if task is not None and task.more_schedules:
        data["schedules"] = task.schedules
    return data


def party_data(party):
    return {"unit": party.organization_id} if party.organization_id else {"name": party.name}


def timing_data(block):
    kind = block.timing_kind
    if kind == "ongoing":
        return {"kind": kind}
    if kind == "by":
        return {"kind": kind, "date": _iso(block.timing_to)}
    if kind == "between":
        return {"kind": kind, "from": _iso(block.timing_from), "to": _iso(block.timing_to)}
    if kind == "quarter":
        return {"kind": kind, "year": block.timing_year, "quarter": block.timing_part}
    if kind == "month":
        return {"kind": kind, "year": block.timing_year, "month": block.timing_part}
    return None


def _iso(value):
    return value.isoformat() if value else None


PREFETCHED_PARTIES = "prefetched_parties"


def parties_of(block):
    """The block's TaskParty rows in order: the list plans.selectors.with_parts prefetched onto it
    (PREFETCHED_PARTIES), else its relation (prefetched or read)."""
    prefetched = getattr(block, PREFETCHED_PARTIES, None)
    return prefetched if prefetched is not None else list(block.parties.all())


def block_data(block, targets=None, tasks=None):
    """A stored block as JSON values, without ids. `targets`/`tasks`: the plan's Target and Task
    rows by id, when at hand (a past version of the plan has them, not its blocks' relations)."""
    data = {"kind": block.kind, "label": block.label, "text": block.text}
    if block.kind == BlockKind.HEADING:
        data["level"] = block.level
    elif block.kind == BlockKind.TABLE:
        data["header_rows"] = block.header_rows
        data["rows"] = block.rows
    elif block.kind == BlockKind.TARGET:
        target = targets.get(block.target_id) if targets is not None else block.target
        data["measure"] = {
            "comparator": block.comparator or None,
            "value": block.value or None,
            "value_max": block.value_max or None,
            "unit": target.unit if target is not None else "",
            "baseline": block.baseline or None,
        }
    elif block.kind == BlockKind.TASK:
        parties = parties_of(block)
        lead = [p for p in parties if p.role == PartyRole.LEAD]
        data["lead"] = party_data(lead[0]) if lead else None
        data["supporting"] = [party_data(p) for p in parties if p.role == PartyRole.SUPPORTING]
        data["timing"] = timing_data(block)
        task = tasks.get(block.task_id) if tasks is not None else block.task
        data["schedule"] = _schedule(task)
        add_more_schedules(data, task)
    return data


def body_data(blocks, targets=None, tasks=None):
    return [block_data(block, targets, tasks) for block in blocks]


def section_blocks(heading, body):
    label, text = split_label(heading)
    blocks = [{"kind": BlockKind.HEADING.value, "label": label, "text": text, "level": 1}]
    for line in (body or "").splitlines():
        line = line.strip()
        if line:
            label, text = split_label(line)
            blocks.append({"kind": BlockKind.PARAGRAPH.value, "label": label, "text": text})
    return blocks


def legacy_target(target):
    return {
        "kind": BlockKind.TARGET.value,
        "label": "",
        "text": target.text,
        "measure": {
            "comparator": None,
            "value": plain_decimal(target.target_value) or None,
            "value_max": None,
            "unit": target.unit,
            "baseline": plain_decimal(target.baseline) or None,
        },
    }


def legacy_task(task, supporting_ids):
    data = {
        "kind": BlockKind.TASK.value,
        "label": "",
        "text": task.text,
        "lead": {"unit": task.lead_unit_id} if task.lead_unit_id else None,
        "supporting": [{"unit": unit_id} for unit_id in sorted(supporting_ids)],
        "timing": None,
        "schedule": task.schedule,
    }
    return add_more_schedules(data, task)


def legacy_blocks(sections, targets, tasks):
    """The body of a plan written as sections, targets and tasks (tasks' supporting_links prefetched)."""
    blocks = []
    for section in sections:
        blocks.extend(section_blocks(section.heading, section.body))
    blocks.extend(legacy_target(target) for target in targets)
    blocks.extend(legacy_task(task, [link.unit_id for link in task.supporting_links.all()]) for task in tasks)
    return blocks


def legacy_blocks_of_content(content):
    """legacy_blocks from plans.content.plan_content's own lists (no query)."""
    blocks = []
    for section in content["sections"]:
        blocks.extend(section_blocks(section["heading"], section["body"]))
    for target in content["targets"]:
        measure = {"comparator": None, "value": target["target_value"], "value_max": None, "unit": target["unit"]}
        blocks.append(
            {"kind": BlockKind.TARGET.value, "label": "", "text": target["text"], "measure": {**measure, "baseline": target["baseline"]}}
        )
    for task in content["tasks"]:
        block = {
            "kind": BlockKind.TASK.value,
            "label": "",
            "text": task["text"],
            "lead": {"unit": task["lead_unit"]} if task["lead_unit"] else None,
            "supporting": [{"unit": unit_id} for unit_id in task["supporting_units"]],
            "timing": None,
            "schedule": task["schedule"],
        }
        if "schedules" in task:
            block["schedules"] = task["schedules"]
        blocks.append(block)
    return blocks


# --- numbering warnings ---------------------------------------------------------------------------

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(text):
    total = 0
    for i, char in enumerate(text):
        value = ROMAN[char]
        total += -value if i + 1 < len(text) and ROMAN[text[i + 1]] > value else value
    return total


def _numbered(label):
    """(style, number) of a counting label ('II.' -> ('roman', 2), '3.' -> ('arabic', 3), 'b)' -> ('letter', 2)), or None."""
    match = re.fullmatch(r"([IVXLC]+)\.", label)
    if match:
        return "roman", _roman(match.group(1))
    match = re.fullmatch(r"(\d+)[.)]", label)
    if match:
        return "arabic", int(match.group(1))
    match = re.fullmatch(r"([a-z])\)", label)
    if match:
        return "letter", ord(match.group(1)) - ord("a") + 1
    return None


def numbering_warnings(body):
    """Messages (Vietnamese) for labels that repeat or skip within their level, in body order.
    `body`: block dicts (kind, label, level). Never changes anything."""
    warnings = []
    last = {}  # style -> (number, label)
    for block in body:
        if block.get("kind") in (BlockKind.FOOTNOTE, BlockKind.TABLE):
            continue
        numbered = _numbered(block.get("label") or "")
        if numbered is None:
            continue
        style, number = numbered
        if style == "roman":
            last = {k: v for k, v in last.items() if k == "roman"}  # a new part restarts 1., a)
        elif style == "arabic":
            last.pop("letter", None)
        previous = last.get(style)
        expected = previous[0] + 1 if previous else 1
        if number != expected:
            if previous and number == previous[0]:
                warnings.append(_("Số thứ tự “%(label)s” lặp lại.") % {"label": block["label"]})
            elif previous or style == "roman":
                warnings.append(
                    _("Số thứ tự “%(label)s” không liền sau “%(previous)s”.")
                    % {"label": block["label"], "previous": previous[1] if previous else "—"}
                )
        last[style] = (number, block["label"])
    return warnings


def as_decimal(text):
    """The Decimal of a stored value text, or None (a value stored before validation: None)."""
    try:
        return decimal_of(text)
    except NumberError:
        return None
