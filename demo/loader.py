"""Enter the seed plans the way people would: create through plans.services, then each step
through workflow.services.perform (or plans.services.update_plan for an edit), so every plan's
history and audit timeline are real. Nothing here sets a state directly.
"""

from django.db import transaction

from plans.models import Plan, schedule_data
from plans.services import create_plan, update_plan
from workflow.services import perform

from .seeds import SEEDS


def load_seed_plans(orgs, users, password, seeds=SEEDS):
    """Create each seed plan that does not exist yet (same organization and subject) and drive it
    to its state. Returns [(seed, plan, created)]."""
    results = []
    for seed in seeds:
        authority = orgs[seed["organization"]]["self"]
        existing = Plan.objects.filter(organization=authority, subject=seed["data"]["subject"]).first()
        if existing is not None:
            results.append((seed, existing, False))
            continue
        with transaction.atomic():  # a seed plan is there completely, or not at all
            plan = create_plan(users[seed["drafter"]], authority, plan_data(seed["data"], orgs, seed["organization"], users))
            for action, username, extra in seed["steps"]:
                plan = _step(plan, action, users[username], extra, orgs, seed["organization"], users, password)
            if plan.state != seed["state"]:
                raise RuntimeError(f"seed {seed['key']}: ended in {plan.state}, expected {seed['state']}")
        results.append((seed, plan, True))
    return results


def _step(plan, action, user, extra, orgs, authority_name, users, password):
    if action == "edit":
        return update_plan(plan, user, plan_data(extra, orgs, authority_name, users))
    if action == "sign" and extra.get("kind") == "main":
        extra = {**extra, "password": password}  # the step-up password of a main signature
    return perform(plan, action, user, **extra)


def plan_data(data, orgs, authority_name, users):
    """Seed data (names) → the Python values plans.services takes (organizations, users)."""
    units = orgs[authority_name]
    converted = {}
    for key, value in data.items():
        if key == "signer":
            value = users[value]
        elif key == "reviewers":
            value = [users[name] for name in value]
        elif key == "legal_bases":
            value = [{"text": text} for text in value]
        elif key == "sections":
            value = [{"heading": heading, "body": body} for heading, body in value]
        elif key == "targets":
            value = [{"unit": "", "target_value": None, "baseline": None, **target} for target in value]
        elif key == "tasks":
            value = [_task(task, units) for task in value]
        elif key == "body":
            value = [_block(block, units, orgs) for block in value]
        elif key == "recipients":
            value = [{"name": name, "purpose": purpose, "organization": _organization(org, units, orgs)} for name, purpose, org in value]
        converted[key] = value
    return converted


def _schedule_fields(item):
    """A seed's `schedule` (or `schedules`, the first first) as the Task fields plans.services writes."""
    listed = item.get("schedules") or ([item["schedule"]] if item.get("schedule") else [])
    first = listed[0] if listed else {}
    return {
        "schedule_kind": first.get("kind", ""),
        "schedule_date": first.get("date"),
        "schedule_day": first.get("day"),
        "schedule_month": first.get("month"),
        "more_schedules": [schedule_data(s["kind"], s.get("date"), s.get("day"), s.get("month")) for s in listed[1:]],
    }


def _task(task, units):
    return {
        "text": task["text"],
        "lead_unit": units[task["lead"]],
        "supporting_units": [units[name] for name in task.get("supporting", [])],
        **_schedule_fields(task),
    }


TIMING = {"ongoing": (), "by": ("date",), "between": ("from", "to"), "quarter": ("year", "quarter"), "month": ("year", "month")}


def _party(name, units, orgs):
    """A party by name: a unit of the plan's authority, an authority, or else a post or group named in words."""
    if name in units:
        return (units[name], "")
    if name in orgs:
        return (orgs[name]["self"], "")
    return (None, name)


def _block(block, units, orgs):
    """A block of demo.blocks.seed_body → the item plans.services.write_body stores."""
    item = {key: value for key, value in block.items() if key not in ("lead", "supporting", "schedule", "schedules", "timing")}
    if block["kind"] != "task":
        return item
    timing = block.get("timing") or {}
    kind = timing.get("kind", "")
    item.update(
        lead=_party(block["lead"], units, orgs) if block.get("lead") else None,
        supporting=[_party(name, units, orgs) for name in block.get("supporting") or []],
        **_schedule_fields(block),
        timing_kind=kind,
        timing_from=timing.get("from"),
        timing_to=timing.get("to") or timing.get("date"),
        timing_year=timing.get("year"),
        timing_part=timing.get("quarter") or timing.get("month"),
    )
    return item


def _organization(name, units, orgs):
    """A recipient's organization: a unit of the plan's authority, or an authority; None when not ours."""
    if name is None:
        return None
    return units[name] if name in units else orgs[name]["self"]
