"""The plan's content as plain data: what a signature covers and what history diffs.

`plan_content` reads a plan (with its parts prefetched by `plans.selectors.with_parts`) into a dict
of JSON values. `content_hash` is SHA-256 over its RFC 8785 canonical JSON. `diff` lists the
field-level changes between two such dicts, with paths like `tasks[2].text`.
"""

import hashlib

from audit.record.canonical import canonical_json as canonical_bytes


def _decimal(value):
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def _date(value):
    return value.isoformat() if value else None


def target_data(t):
    return {"id": t.pk, "text": t.text, "unit": t.unit, "target_value": _decimal(t.target_value), "baseline": _decimal(t.baseline)}


def task_data(t):
    return {
        "id": t.pk,
        "text": t.text,
        "lead_unit": t.lead_unit_id,
        "supporting_units": sorted(link.unit_id for link in t.supporting_links.all()),
        "schedule": t.schedule,
    }


def budget_line_data(b):
    return {"item": b.item, "unit_cost": b.unit_cost, "quantity": b.quantity, "amount": b.unit_cost * b.quantity, "source": b.source}


def plan_content(plan):
    """Everything that prints in the document, except its number and date (given at issue)."""
    return {
        "organization": plan.organization_id,
        "doc_type": plan.doc_type,
        "subject": plan.subject,
        "preamble": plan.preamble,
        "period_start": _date(plan.period_start),
        "period_end": _date(plan.period_end),
        "signing_authority": plan.signing_authority,
        "signer": plan.signer_id,
        "legal_bases": [{"text": b.text} for b in plan.legal_bases.all()],
        "sections": [{"heading": s.heading, "body": s.body} for s in plan.sections.all()],
        "targets": [target_data(t) for t in plan.targets.all()],
        "tasks": [task_data(t) for t in plan.tasks.all()],
        "budget_lines": [budget_line_data(b) for b in plan.budget_lines.all()],
        "recipients": [{"name": r.name, "purpose": r.purpose} for r in plan.recipients.all()],
    }


def editable_snapshot(plan):
    """The content plus who reviews it: what an edit can change, for the history diff."""
    data = plan_content(plan)
    data["reviewers"] = sorted(link.user_id for link in plan.reviewer_links.all())
    return data


def canonical_json(data):
    """RFC 8785 bytes (audit.record.canonical: byte-identical to the rfc8785 package, and faster)."""
    return canonical_bytes(data)


def content_hash(plan):
    return hashlib.sha256(canonical_json(plan_content(plan))).hexdigest()


def _without_ids(value):
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k != "id"}
    return value


def diff(old, new, prefix=""):
    """Field-level changes between two snapshots: [{"field", "old", "new"}]."""
    changes = []
    for key in list(new) + [k for k in old if k not in new]:
        before, after = old.get(key), new.get(key)
        path = f"{prefix}{key}"
        if isinstance(before, list) and isinstance(after, list) and key not in ("reviewers", "supporting_units"):
            for i in range(max(len(before), len(after))):
                b = _without_ids(before[i]) if i < len(before) else None
                a = _without_ids(after[i]) if i < len(after) else None
                if isinstance(a, dict) and isinstance(b, dict):
                    changes.extend(diff(b, a, prefix=f"{path}[{i}]."))
                elif a != b:
                    changes.append({"field": f"{path}[{i}]", "old": b, "new": a})
        elif before != after:
            changes.append({"field": path, "old": before, "new": after})
    return changes
