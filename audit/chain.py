"""Appending to a plan's hash chain. The caller holds the plan row locked (select_for_update)."""

import hashlib

from django.utils import timezone

from plans.content import canonical_json

from .models import AuditEvent

GENESIS = "0" * 64


def event_payload(event):
    """What an event's hash covers (everything but the hash itself)."""
    return {
        "plan": event.plan_id,
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "kind": event.kind,
        "action": event.action,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "comment": event.comment,
        "changes": event.changes,
        "prev_hash": event.prev_hash,
    }


def event_hash(event):
    return hashlib.sha256(canonical_json(event_payload(event))).hexdigest()


def append_event(plan, *, kind, action, actor, from_state="", to_state="", comment="", changes=None):
    last = AuditEvent.objects.filter(plan=plan).order_by("-seq").values("seq", "hash").first()
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
        prev_hash=last["hash"] if last else GENESIS,
    )
    event.hash = event_hash(event)
    event.save()
    return event
