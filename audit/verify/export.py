"""The audit bundle of one plan: everything needed to verify its trail offline.

Served by GET /api/audit/export/?plan=ID and checked by `python -m audit.verify.bundle FILE`
(standard library + `cryptography`, no Django). Format, version 2 — a JSON object:

    format        "planflow-audit-bundle"
    version       2 (version 1 had no `ca_certificates`: the checker reads it and refuses it)
    exported_at   ISO 8601 time of the export (UTC)
    plan          {"id", "organization", "subject", "state", "review_round", "number", "symbol"}
    content       the plan's content as plans.content.plan_content gives it
    content_hash  SHA-256 hex over the RFC 8785 canonical JSON of `content`
    events        [event], oldest first. An event is its payload exactly as its hash covers it
                  (plan, seq, at, actor, kind, action, from_state, to_state, comment, changes,
                  prev_hash and, when it wrote rows, rows: [{"model", "id", "sha256"}]) plus
                  "hash". hash = SHA-256 hex of the canonical JSON of the payload; the first
                  event's prev_hash is 64 zeros, every other's is the previous event's hash.
    rows          [{"model", "id", "fields"}]: every row an event refers to — django-simple-history
                  rows ("plans.historicalsection" …) and records ("approvals.signature",
                  "approvals.reviewdecision") — with `fields` {column: JSON value}; the event's
                  sha256 for it is SHA-256 hex of the canonical JSON of `fields`.
    signatures    [{"id", "kind", "review_round", "signer", "signer_name", "position", "authority",
                  "signed_at", "content_hash", "algorithm", "certificate_pem"}]: the plan's
                  signatures, for reading; each must agree with its covered row in `rows`. The
                  covered row holds what is verified: signed_payload (the exact signed text),
                  signature_value (base64) and certificate_pem.
    ca_certificates [PEM]: the CA certificates that issued the signers' certificates (the key
                  store's trusted CAs); pin one with the checker's --ca-fingerprint.
    checkpoint    the latest checkpoint as audit.record.checkpoints.for_plan gives it (prev, heads_root,
                  heads_count, public_key, Ed25519 signature, and `proof`: this plan's head
                  with its Merkle path, or the neighbouring heads that show it is absent — no
                  other plan's head), or null if none was written yet.

Canonical JSON is RFC 8785 (audit.record.canonical implements it with the standard library).
"""

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from approvals.certificates import to_pem
from approvals.keys import get_keystore
from approvals.models import Signature
from audit.record.checkpoints import for_plan, latest_checkpoint
from audit.record.rows import attnames, fields_of_values
from audit.record.tracked import RECORDS, history_labels
from audit.verify.trail import iter_payloads, snapshot
from plans.content import content_hash, plan_content
from plans.models import Plan
from plans.selectors import with_parts

FORMAT = "planflow-audit-bundle"
VERSION = 2
ROW_BATCH = 1000


def export_bundle(plan_id):
    """The bundle of plan `plan_id` as a dict (see the module docstring)."""
    with snapshot():
        plan = with_parts(Plan.objects).get(pk=plan_id)
        events, refs = [], defaultdict(set)
        for payload, stored in iter_payloads(plan.pk):
            events.append({**payload, "hash": stored})
            for ref in payload.get("rows") or []:
                if isinstance(ref, dict) and isinstance(ref.get("model"), str) and isinstance(ref.get("id"), int):
                    refs[ref["model"]].add(ref["id"])
        checkpoint = latest_checkpoint()
        return {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": timezone.now().astimezone(dt.UTC).isoformat(),
            "plan": {
                "id": plan.pk,
                "organization": plan.organization.name,
                "subject": plan.subject,
                "state": plan.state,
                "review_round": plan.review_round,
                "number": plan.number,
                "symbol": plan.symbol,
            },
            "content": plan_content(plan),
            "content_hash": content_hash(plan),
            "events": events,
            "rows": list(_rows(refs)),
            "signatures": [_signature(s) for s in Signature.objects.filter(plan=plan).order_by("signed_at", "id")],
            "ca_certificates": [to_pem(ca) for ca in get_keystore().trusted_ca_certificates()],
            "checkpoint": for_plan(checkpoint, plan.pk) if checkpoint is not None else None,
        }


def _rows(refs):
    models = {label: entry.history_model for label, entry in history_labels().items()}
    models.update({entry.label: entry.model for entry in RECORDS})
    for label in sorted(refs):
        model = models.get(label)
        if model is None:
            continue  # an unknown table: the offline verifier reports the event that names it
        names = attnames(model)
        ids = sorted(refs[label])
        for start in range(0, len(ids), ROW_BATCH):
            batch = model._default_manager.filter(pk__in=ids[start : start + ROW_BATCH]).order_by("pk")
            for values in batch.values_list(*names):
                fields = fields_of_values(model, values)
                yield {"model": label, "id": fields[model._meta.pk.attname], "fields": fields}


def _signature(signature):
    return {
        "id": signature.pk,
        "kind": signature.kind,
        "review_round": signature.review_round,
        "signer": signature.signer_id,
        "signer_name": signature.signer_name,
        "position": signature.position,
        "authority": signature.authority,
        "signed_at": signature.signed_at.astimezone(dt.UTC).isoformat(),
        "content_hash": signature.content_hash,
        "algorithm": signature.algorithm,
        "certificate_pem": signature.certificate_pem,
    }
