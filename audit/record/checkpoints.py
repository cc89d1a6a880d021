"""Signed checkpoints: the heads of every plan's chain, signed with the installation key.

A checkpoint is what an auditor keeps outside the database (`audit_checkpoint --export FILE`):
later, any chain whose event at the checkpointed seq no longer has the checkpointed hash — or
that has become shorter — was rewritten after the checkpoint, even if whoever rewrote it also
recomputed every hash. Written on commit of every `issue` and `close` (workflow.services.perform
calls `checkpoint_after_commit`), by `manage.py loaddemo`, and at least hourly by `manage.py
audit_checkpoint` (cron) or the Celery beat task audit.tasks.write_checkpoint. Each one is also
appended to the anchor file outside the database (audit.record.anchors).

Exported form (version 2; `audit_checkpoint --export FILE`):

    {"format": "planflow-audit-checkpoint", "id": 7, "version": 2,
     "created_at": "2025-03-20T01:00:00.123456+00:00",
     "prev": "<sha256 hex of the previous checkpoint's signed message, or 64 zeros>",
     "heads": {"<plan id>": [<seq>, "<event hash hex>"], …},
     "heads_root": "<Merkle root of the heads, hex (audit.record.merkle)>", "heads_count": <number of heads>,
     "algorithm": "Ed25519", "public_key": "<raw 32-byte key, hex>",
     "signature": "<64-byte Ed25519 signature, hex>"}

The signature covers audit.record.canonical.checkpoint_message(): the canonical JSON of version,
created_at, prev, heads_root, heads_count and public_key. The audit bundle of one plan carries the checkpoint
without `heads`, with `proof` instead (`for_plan`): that plan's head and its Merkle path, or the two
neighbouring heads that show it is absent — so a bundle reveals nothing of the other plans.
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from audit.models import AuditEvent, Checkpoint, InstallationKey
from audit.record import anchors, merkle
from audit.record.canonical import GENESIS, CanonicalizationError, checkpoint_digest, checkpoint_message
from audit.record.keys import get_signer, installation_key, signature_valid

FORMAT = "planflow-audit-checkpoint"
logger = logging.getLogger(__name__)


def current_heads():
    """{"<plan id>": [seq, hash]} of every chain now, in one query (two index lookups per plan)."""
    last = AuditEvent.objects.filter(plan_id=OuterRef("pk")).order_by("-seq")
    plans = AuditEvent._meta.get_field("plan").related_model  # the chains' plans, through the event's own key
    rows = (
        plans.objects.annotate(head_seq=Subquery(last.values("seq")[:1]), head_hash=Subquery(last.values("hash")[:1]))
        .filter(head_seq__isnull=False)
        .order_by("pk")
        .values_list("pk", "head_seq", "head_hash")
    )
    return {str(plan_id): [seq, digest] for plan_id, seq, digest in rows.iterator(chunk_size=5000)}


def as_dict(checkpoint):
    data = {
        "format": FORMAT,
        "id": checkpoint.pk,
        "version": checkpoint.version,
        "created_at": checkpoint.created_at.astimezone(dt.UTC).isoformat(),
        "prev": checkpoint.prev,
        "heads": checkpoint.heads,
        "algorithm": checkpoint.algorithm,
        "public_key": checkpoint.public_key,
        "signature": checkpoint.signature,
        "heads_root": checkpoint.heads_root,
        "heads_count": checkpoint.heads_count,
    }
    return data


def for_plan(checkpoint, plan_id):
    """The checkpoint as one plan's audit bundle carries it: no heads of other plans, only the
    plan's own head with its Merkle path (or the proof that it is absent)."""
    data = as_dict(checkpoint)
    heads = data.pop("heads")
    data["proof"] = merkle.Tree(heads if isinstance(heads, dict) else {}).proof(plan_id)
    return data


def write_checkpoint():
    """Sign the heads of all chains now and store them; returns the Checkpoint."""
    installation_key()  # made outside the lock below, if this is the first checkpoint
    signer = get_signer()
    with transaction.atomic():
        # One writer at a time, so each checkpoint's `prev` is the one before it.
        InstallationKey.objects.select_for_update().filter(name="installation").first()
        previous = Checkpoint.objects.order_by("-id").first()
        heads = current_heads()
        checkpoint = Checkpoint(
            created_at=timezone.now(),
            heads=heads,
            heads_root=merkle.root(heads),
            heads_count=len(heads),
            prev=checkpoint_digest(as_dict(previous)) if previous else GENESIS,
            public_key=signer.public_key_hex(),
        )
        checkpoint.signature = signer.sign(checkpoint_message(as_dict(checkpoint))).hex()
        checkpoint.save()
    anchors.append(as_dict(checkpoint))
    return checkpoint


def checkpoint_after_commit():
    """Write a checkpoint once the current transaction commits (issue, close). A failure then is
    logged, never raised: the action is done, and the hourly checkpoint follows anyway."""

    def write():
        try:
            write_checkpoint()
        except Exception:  # the committed action stands; cron/beat write the next checkpoint
            logger.exception("audit checkpoint after commit failed")

    transaction.on_commit(write)


def write_checkpoint_if_heads_changed():
    """A new checkpoint unless the latest one holds exactly the chains' heads now (loaddemo)."""
    latest = latest_checkpoint()
    if latest is not None and latest.heads == current_heads():
        return latest
    return write_checkpoint()


def from_dict(data):
    """An unsaved Checkpoint holding a kept anchor (as_dict form): verify treats both alike."""
    created_at = dt.datetime.fromisoformat(data["created_at"])
    fields = ("version", "prev", "heads", "heads_root", "heads_count", "algorithm", "public_key", "signature")
    return Checkpoint(pk=data["id"], created_at=created_at, **{name: data[name] for name in fields})


def latest_checkpoint():
    return Checkpoint.objects.order_by("-id").first()


def checkpoint_signature_ok(data):
    """True if the exported/dict form `data` carries a valid signature under its own public key,
    and its heads, when it carries them, are those the signed root and count stand for."""
    try:
        message = checkpoint_message(data)
        if "heads" in data:
            heads = data["heads"]
            if len(heads) != data["heads_count"] or merkle.root(heads) != data["heads_root"]:
                return False
    except (CanonicalizationError, KeyError, TypeError, ValueError, AttributeError):
        return False
    return signature_valid(data["public_key"], data["signature"], message)


def stored_checkpoint_ok(checkpoint):
    """checkpoint_signature_ok of a stored Checkpoint, worked out once per instance (verify asks
    for every batch of plans; the root of a province's heads takes a fraction of a second)."""
    if getattr(checkpoint, "_signature_ok", None) is None:
        checkpoint._signature_ok = checkpoint_signature_ok(as_dict(checkpoint))
    return checkpoint._signature_ok
