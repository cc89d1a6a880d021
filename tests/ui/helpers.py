"""Helpers of the UI tests: form data as a browser posts it, and moving a plan along its lifecycle."""

import re

from plans.models import Plan
from tests.conftest import PASSWORD
from workflow.services import perform

PART_PREFIXES = ("legal_bases", "budget_lines", "recipients")
BODY_PARTS = ("sections", "targets", "tasks")  # given as before, posted as the editor's blocks


def formset_data(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "200",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def blocks_data(blocks):
    """The block editor's fields (plans.block_editor) for `blocks`: flat dicts of a block's fields."""
    data = {"body-TOTAL_FORMS": str(len(blocks))}
    for i, block in enumerate(blocks):
        for key, value in block.items():
            data[f"body-{i}-{key}"] = value
    return data


def blocks_from_parts(sections=(), targets=(), tasks=()):
    """Sections, targets and tasks as the old form's rows, as the block editor's blocks."""
    blocks = []
    for section in sections:
        if section.get("heading") or section.get("body"):
            blocks.append({"kind": "heading", "level": "1", "text": section.get("heading", "")})
        if section.get("body"):
            blocks.append({"kind": "paragraph", "level": "1", "text": section["body"]})
    for target in targets:
        block = {"kind": "target", "level": "1", "text": target.get("text", ""), "comparator": "exactly"}
        block.update(unit=target.get("unit", ""), value=target.get("target_value", ""), baseline=target.get("baseline", ""))
        blocks.append(block if any(block[k] for k in ("text", "unit", "value", "baseline")) else {"kind": "paragraph"})
    for task in tasks:
        block = {"kind": "task", "level": "1", **task}
        blocks.append(block)
    return blocks


def plan_form_data(world, parts=None, blocks=None, **fields):
    """A complete plan as the create/edit form posts it (parts: {prefix: [row, …]} override)."""
    u = world["users"]
    data = {
        "subject": "Triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát” năm 2025",
        "preamble": "Ủy ban nhân dân huyện Ia H'Drai ban hành Kế hoạch, cụ thể như sau:",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "signing_authority": "KT.",
        "signer": str(u["signer"].pk),
        "reviewers": [str(u["reviewer"].pk)],
    }
    data.update(fields)
    rows = {
        "legal_bases": [{"text": "Căn cứ Kế hoạch số 4754/KH-UBND ngày 31 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh Kon Tum;"}],
        "sections": [{"heading": "I. MỤC ĐÍCH, YÊU CẦU", "body": "Tạo khí thế thi đua sôi nổi."}],
        "targets": [{"text": "Xóa nhà tạm", "unit": "%", "target_value": "77,17", "baseline": ""}],
        "tasks": [
            {
                "text": "Chủ trì, phối hợp đôn đốc, kiểm tra.",
                "lead_unit": str(world["police"].pk),
                "supporting_units": [str(world["finance"].pk)],
                "schedule_kind": "monthly",
                "schedule_day": "15",
            }
        ],
        "budget_lines": [{"item": "Hỗ trợ xây nhà", "unit_cost": "5000000", "quantity": "10", "source": "Ngân sách huyện"}],
        "recipients": [{"name": "Thường trực Huyện ủy", "purpose": "b/c"}, {"name": "VT", "purpose": "lưu"}],
    }
    rows.update(parts or {})
    for prefix in PART_PREFIXES:
        data.update(formset_data(prefix, rows[prefix]))
    if blocks is None:
        blocks = blocks_from_parts(*(rows[name] for name in BODY_PARTS))
    data.update(blocks_data(blocks))
    return data


def action_buttons(html):
    """Names of the action buttons on a plan page (the edit link aside)."""
    return set(re.findall(r'data-action="([a-z_]+)"', html)) - {"edit"}


def advance(plan, world, state):
    """Move `plan` through the service until it is in `state` (review, signing, issued, reporting)."""
    u = world["users"]
    while plan.state != state:
        if plan.state == "draft":
            perform(plan, "submit", u["drafter"])
        elif plan.state == "review":
            perform(plan, "approve", u["reviewer"], comment="Đồng ý")
        elif plan.state == "signing":
            perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
            perform(plan, "issue", u["clerk"])
        elif plan.state == "issued":
            perform(plan, "start_reporting", u["clerk"])
        else:
            raise ValueError(f"cannot advance from {plan.state} to {state}")
        plan = Plan.objects.get(pk=plan.pk)
    return plan
