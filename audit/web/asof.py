"""A plan as it stood at a point of its timeline, rebuilt from django-simple-history rows, and the
field-level difference between two such points.

`version_at(plan, at)` reads the plan's historical row and those of its parts with simple-history's
`as_of` (the latest row of each object written at or before `at`, dropping deleted ones). The parts
are handed to `plans.content.editable_snapshot` as if prefetched, so a past version has exactly the
shape of the snapshots the edit history diffs, and `compare` reuses `plans.content.diff`.

A point of the timeline is an audit event: every row an event covers is written before the event
(audit.record.chain.append_event stamps `at` after them), so "as of event N" is "as of N's time".
"""

from dataclasses import dataclass

from audit.models import AuditEvent
from plans.content import PARTS, diff, editable_snapshot  # PARTS: related name on Plan -> the part's model
from plans.models import Block, Plan, PlanReviewer, TaskParty, TaskSupportingUnit


@dataclass(frozen=True)
class Version:
    """The plan at `at`: its historical instance (state, number, issue date …) and its content."""

    at: object
    plan: Plan
    content: dict

    @property
    def state(self):
        return self.plan.state


def _as_of(model, at, **filters):
    return list(model.history.as_of(at).filter(**filters).order_by(*model._meta.ordering or ["pk"], "pk"))


def _prefetched(instance, name, model, items):
    """Attach `items` as the prefetched rows of `instance.<name>` (what prefetch_related does)."""
    queryset = model._default_manager.none()
    queryset._result_cache = list(items)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def version_at(plan, at):
    """The plan as it stood at `at` (a datetime), or None when it did not exist yet.

    A fixed number of queries (one per tracked model), however long the plan's history."""
    try:
        past = plan.history.as_of(at)
    except Plan.DoesNotExist:
        return None
    for name, model in PARTS.items():
        _prefetched(past, name, model, _as_of(model, at, plan_id=plan.pk))
    _prefetched(past, "reviewer_links", PlanReviewer, _as_of(PlanReviewer, at, plan_id=plan.pk))
    blocks = _as_of(Block, at, plan_id=plan.pk)
    _prefetched(past, "blocks", Block, blocks)
    tasks_blocks = [block.pk for block in blocks if block.kind == "task"]
    parties = _as_of(TaskParty, at, block_id__in=tasks_blocks) if tasks_blocks else []
    for block in blocks:
        _prefetched(block, "parties", TaskParty, [party for party in parties if party.block_id == block.pk])
    tasks = past._prefetched_objects_cache["tasks"]._result_cache
    links = _as_of(TaskSupportingUnit, at, task_id__in=[task.pk for task in tasks]) if tasks else []
    for task in tasks:
        _prefetched(task, "supporting_links", TaskSupportingUnit, [link for link in links if link.task_id == task.pk])
    return Version(at=at, plan=past, content=editable_snapshot(past))


def version_after_event(plan, event):
    """The plan as it stood just after `event` (an AuditEvent of `plan`)."""
    return version_at(plan, event.at)


def event_of(plan, seq):
    """The plan's event number `seq`, or None."""
    return AuditEvent.objects.filter(plan=plan, seq=seq).select_related("actor").first()


def compare(older, newer):
    """Field-level changes from `older` to `newer` (Versions): [{"field", "old", "new"}]."""
    return diff(older.content, newer.content)
