"""Who is acting and why, and which rows they wrote, for the audit event that follows.

`with acting(user, reason):` does two things for the code inside it:

1. every django-simple-history row created inside it carries that user and change reason, so
   services need not set `_history_user` on each instance they save;
2. every such historical row, and every new row of an append-only record model (review
   decisions, signatures: audit.record.tracked.RECORDS), is collected. The next
   `audit.record.chain.append_event` inside the same `acting` block takes them and stores a digest of
   each in the event, under the event's own hash — so the rows are covered by the chain.

Blocks nest (workflow.services.perform wraps each action, and its transition opens an inner
block with a more precise reason): rows left in an inner block when it ends pass to the outer
one. Rows still uncollected when the outermost block ends normally mean a service wrote history
without appending its event: that is a programming error and raises `UncoveredRows`, which rolls
the surrounding transaction back instead of leaving rows no event vouches for.
"""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db.models.signals import post_save
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record, pre_create_historical_record

from audit.record.tracked import RECORD_LABELS


class UncoveredRows(RuntimeError):
    """History rows were written inside `acting` but no audit event was appended to cover them."""


@dataclass
class _Acting:
    user: object
    reason: str
    parent: "_Acting | None"
    rows: list = field(default_factory=list)  # model instances, in the order they were written


_current = contextvars.ContextVar("planflow_acting", default=None)


@contextmanager
def acting(user, reason):
    frame = _Acting(user, reason, parent=_current.get())
    token = _current.set(frame)
    try:
        yield
    except BaseException:
        _current.reset(token)
        raise
    _current.reset(token)
    if frame.rows:
        if frame.parent is None:
            described = ", ".join(f"{row._meta.label_lower}#{row.pk}" for row in frame.rows[:5])
            raise UncoveredRows(f"rows written without an audit event (call append_event inside acting): {described}")
        frame.parent.rows.extend(frame.rows)


def take_rows():
    """The rows collected so far in the current block and the blocks around it (then forgotten)."""
    collected = []
    frame = _current.get()
    while frame is not None:
        collected[:0] = frame.rows
        frame.rows = []
        frame = frame.parent
    return collected


def rows_pending():
    """True if rows were written in the current blocks and no event has taken them yet."""
    frame = _current.get()
    while frame is not None:
        if frame.rows:
            return True
        frame = frame.parent
    return False


@receiver(pre_create_historical_record)
def _fill_actor_and_reason(sender, history_instance, **kwargs):
    current = _current.get()
    if current is None:
        return
    if current.user is not None and getattr(current.user, "is_authenticated", False):
        history_instance.history_user = current.user
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = current.reason


@receiver(post_create_historical_record)
def _collect_history_row(sender, history_instance, **kwargs):
    current = _current.get()
    if current is not None:
        current.rows.append(history_instance)


@receiver(post_save)
def _collect_record(sender, instance, created, raw=False, **kwargs):
    if not created or raw or sender._meta.label_lower not in RECORD_LABELS:
        return
    current = _current.get()
    if current is not None:
        current.rows.append(instance)
