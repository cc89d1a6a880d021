"""The one helper for every write to a plan's rows: `audited_write`.

    with audited_write(plan, user, AuditEvent.Action.EDIT, kind=AuditEvent.Kind.EDIT) as event:
        ...                                  # refuse (raise a Refusal) or write rows
        event.changes = [{"field", "old", "new"}, ...]

In one transaction it locks the plan's row (`select_for_update`), runs the block under
`audit.record.context.acting(user, reason)` — so every django-simple-history row written inside
carries the user and the reason, and every row written is collected — and, when the block ends
normally, appends one event to the plan's chain (`audit.record.chain.append_event`) that covers
those rows. A refusal raised inside rolls everything back and appends nothing.

Every writer of plan-related rows goes through it: plans.services (content), approvals.comments,
reporting.services and workflow.services.perform (state changes).
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction

from audit.record.chain import append_event
from audit.record.context import acting, rows_pending
from config.compiled_queries import CompiledQuery, drop_answers

from .models import Plan


@dataclass
class PlanEvent:
    """The event the block will append: the block may set `kind`, `action`, `comment`, `changes`
    (and the states, which default to the plan's before and after)."""

    plan: Plan | None
    kind: str
    action: str
    from_state: str = ""
    to_state: str | None = None  # None: the plan's state when the block ends
    comment: str = ""
    changes: list = field(default_factory=list)
    skipped: bool = False
    chain_head: tuple | None = None  # (seq, hash) of the chain's last event, when the block read it after the lock

    def skip(self):
        """Append no event: the block decided to write nothing after all."""
        self.skipped = True


@contextmanager
def audited_write(plan, user, action, *, kind, reason=None, queryset=None, only_if_written=False, read_after_lock=()):
    """Lock `plan`, act as `user` for `reason` (default: the action), append the event on exit.

    `plan`: the plan or its id. None: the block creates the plan and puts it in `event.plan` (nothing to lock yet).
    `queryset`: how to read the locked plan (its select_related; `select_for_update` is added), or a
    `config.compiled_queries.CompiledQuery` that locks it itself, given the plan's id as `pk`.
    `read_after_lock`: with a CompiledQuery, reads ([(CompiledQuery, {values})]) sent in the same
    round trip as the lock and run right after it, so they see the plan as its lock's earlier
    holders left it; their answers are kept on the locked plan for the block's calls that ask them
    (`kept_on=plan`), and what the block did not take is dropped when it ends.
    `only_if_written`: no event when the block recorded no change and wrote no row (an edit that
    changed nothing)."""
    with transaction.atomic():
        locked = None
        if plan is not None:
            plan_id = plan.pk if isinstance(plan, Plan) else plan
            if isinstance(queryset, CompiledQuery):
                locked = queryset.one(pk=plan_id, read_with=list(read_after_lock))
            else:
                locked = (Plan.objects if queryset is None else queryset).select_for_update(of=("self",)).get(pk=plan_id)
        event = PlanEvent(plan=locked, kind=kind, action=action, from_state=locked.state if locked is not None else "")
        try:
            with acting(user, str(reason or action)):
                yield event
                _append(event, user, only_if_written)
        finally:
            if locked is not None:
                drop_answers(locked)


def _append(event, user, only_if_written):
    """Append the block's event to the plan's chain, unless the block skipped it or wrote nothing."""
    if event.skipped or (only_if_written and not event.changes and not rows_pending()):
        return
    append_event(
        event.plan,
        kind=str(event.kind),  # an enumeration member: its value
        action=str(event.action),
        actor=user,
        from_state=event.from_state,
        to_state=event.plan.state if event.to_state is None else event.to_state,
        comment=event.comment,
        changes=event.changes,
        head=event.chain_head,
    )
