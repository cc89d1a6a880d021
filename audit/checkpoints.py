"""Signed checkpoints: the heads of every plan's chain, signed with the installation key.

A checkpoint is what an auditor keeps outside the database (`audit_checkpoint --export FILE`):
later, any chain whose event at the checkpointed seq no longer has the checkpointed hash — or
that has become shorter — was rewritten after the checkpoint, even if whoever rewrote it also
recomputed every hash. Written by `manage.py audit_checkpoint` (cron) or the Celery beat task
audit.tasks.write_checkpoint.

Exported form (also the `checkpoint` of an export bundle):

    {"format": "planflow-audit-checkpoint", "id": 7, "version": 1,
     "created_at": "2025-03-20T01:00:00.123456+00:00",
     "prev": "<sha256 hex of the previous checkpoint's signed message, or 64 zeros>",
     "heads": {"<plan id>": [<seq>, "<event hash hex>"], …},
     "algorithm": "Ed25519", "public_key": "<raw 32-byte key, hex>",
     "signature": "<64-byte Ed25519 signature, hex>"}

The signature covers audit.canonical.checkpoint_message(): the canonical JSON of version,
created_at, prev, heads and public_key.
"""

import datetime as dt

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from plans.models import Plan

from .canonical import GENESIS, CanonicalizationError, checkpoint_digest, checkpoint_message
from .keys import get_signer, installation_key, signature_valid
from .models import AuditEvent, Checkpoint, InstallationKey

FORMAT = "planflow-audit-checkpoint"


def current_heads():
    """{"<plan id>": [seq, hash]} of every chain now, in one query (two index lookups per plan)."""
    last = AuditEvent.objects.filter(plan_id=OuterRef("pk")).order_by("-seq")
    rows = (
        Plan.objects.annotate(head_seq=Subquery(last.values("seq")[:1]), head_hash=Subquery(last.values("hash")[:1]))
        .filter(head_seq__isnull=False)
        .order_by("pk")
        .values_list("pk", "head_seq", "head_hash")
    )
    return {str(plan_id): [seq, digest] for plan_id, seq, digest in rows.iterator(chunk_size=5000)}


def as_dict(checkpoint):
    return {
        "format": FORMAT,
        "id": checkpoint.pk,
        "version": checkpoint.version,
        "created_at": checkpoint.created_at.astimezone(dt.UTC).isoformat(),
        "prev": checkpoint.prev,
        "heads": checkpoint.heads,
        "algorithm": checkpoint.algorithm,
        "public_key": checkpoint.public_key,
        "signature": checkpoint.signature,
    }


def write_checkpoint():
    """Sign the heads of all chains now and store them; returns the Checkpoint."""
    installation_key()  # made outside the lock below, if this is the first checkpoint
    signer = get_signer()
    with transaction.atomic():
        # One writer at a time, so each checkpoint's `prev` is the one before it.
        InstallationKey.objects.select_for_update().filter(name="installation").first()
        previous = Checkpoint.objects.order_by("-id").first()
        checkpoint = Checkpoint(
            created_at=timezone.now(),
            heads=current_heads(),
            prev=checkpoint_digest(as_dict(previous)) if previous else GENESIS,
            public_key=signer.public_key_hex(),
        )
        checkpoint.signature = signer.sign(checkpoint_message(as_dict(checkpoint))).hex()
        checkpoint.save()
    return checkpoint


def latest_checkpoint():
    return Checkpoint.objects.order_by("-id").first()


def checkpoint_signature_ok(data):
    """True if the exported/dict form `data` carries a valid signature under its own public key."""
    try:
        message = checkpoint_message(data)
    except (CanonicalizationError, KeyError, TypeError):
        return False
    return signature_valid(data["public_key"], data["signature"], message)
