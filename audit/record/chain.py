"""Appending to a plan's hash chain. The caller holds the plan row locked (select_for_update).

Each event's `hash` is SHA-256 over the RFC 8785 canonical JSON of `event_payload(event)`, which
includes the previous event's hash (`prev_hash`) and the digests of the history rows and records
written with the event (`rows`, collected by audit.record.context.acting). One chain per plan: concurrent
plans never wait on each other's chain.
"""

import datetime as dt

from django.utils import timezone

from audit.models import AuditEvent
from audit.record.canonical import GENESIS, event_digest
from audit.record.context import take_rows
from audit.record.rows import instance_digest, label

__all__ = ["GENESIS", "append_event", "event_hash", "event_payload", "payload_of"]


def payload_of(plan, seq, at, actor, kind, action, from_state, to_state, comment, changes, rows, prev_hash):
    """What an event's hash covers (everything but the hash itself).

    `at` is the ISO 8601 text of the event time in UTC. `rows` is left out when empty, so events
    written before rows were covered keep their hashes."""
    payload = {
        "plan": plan,
        "seq": seq,
        "at": at,
        "actor": actor,
        "kind": kind,
        "action": action,
        "from_state": from_state,
        "to_state": to_state,
        "comment": comment,
        "changes": changes,
        "prev_hash": prev_hash,
    }
    if rows:
        payload["rows"] = rows
    return payload


def event_payload(event):
    return payload_of(
        event.plan_id,
        event.seq,
        event.at.astimezone(dt.UTC).isoformat(),
        event.actor_id,
        event.kind,
        event.action,
        event.from_state,
        event.to_state,
        event.comment,
        event.changes,
        event.rows,
        event.prev_hash,
    )


def event_hash(event):
    return event_digest(event_payload(event))


def append_event(plan, *, kind, action, actor, from_state="", to_state="", comment="", changes=None, head=None):
    """Append one event to `plan`'s chain, covering the rows written so far in the `acting` block.

    `head`: (seq, hash) of the chain's last event ((0, GENESIS) for none) when the caller read it
    already, under the plan's row lock and after taking it (plans.rules.chain_head_columns); else
    it is read here. A head gone stale would reuse a seq, which the database refuses
    (audit_event_seq_unique): never a silent fork."""
    if head is None:
        last = AuditEvent.objects.filter(plan=plan).order_by("-seq").values("seq", "hash").first()
    else:
        last = {"seq": head[0], "hash": head[1]} if head[0] else None
    rows = [{"model": label(type(row)), "id": row.pk, "sha256": instance_digest(row)} for row in take_rows()]
    event = AuditEvent(
        plan=plan,
        seq=(last["seq"] + 1) if last else 1,
        at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment or "",
        changes=changes or [],
        rows=rows,
        prev_hash=last["hash"] if last else GENESIS,
    )
    event.hash = event_hash(event)
    event.save()
    return event
