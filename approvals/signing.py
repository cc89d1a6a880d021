"""What a signature signs, and making one. Called only by workflow.services (`sign`, `issue`).

A signature signs the RFC 8785 canonical JSON text of this document:

    {"content": plans.content.plan_content(plan), "content_hash": SHA-256 of its canonical JSON,
     "plan": id, "kind": "initial" | "main" | "seal", "review_round": n, "signer": user id,
     "signed_at": ISO 8601 in UTC}

and, for the organization's seal given at `issue`, also {"number": n, "issued_on": "YYYY-MM-DD"}.
The content and its hash are what the signer approves; the other keys bind the signature to this
plan, round, person and moment, so a record copied to another plan, or edited, no longer
verifies (approvals.verify). The exact text signed is kept in Signature.signed_payload, so every
signature — of earlier rounds too — can be checked on its own, and a change to the plan can be
named field by field.
"""

import datetime as dt
import hashlib
from contextlib import contextmanager

from django.utils import timezone

from accounts.roles import position_in
from audit.record.canonical import canonical_json
from config.refusals import ConditionsUnmet
from plans.content import plan_content

from .keys import KeyUnavailable, get_keystore
from .models import Signature


def canonical(document):
    """RFC 8785 bytes (audit.record.canonical: byte-identical to the rfc8785 package, and faster)."""
    return canonical_json(document)


def hash_of(content):
    """SHA-256 of the canonical JSON of a plan's content (as plans.content.content_hash)."""
    return hashlib.sha256(canonical(content)).hexdigest()


def utc_text(moment):
    return moment.astimezone(dt.UTC).isoformat()


def signed_document(*, plan_id, kind, review_round, signer_id, signed_at, content, content_hash, number=None, issued_on=None):
    document = {
        "plan": plan_id,
        "kind": kind,
        "review_round": review_round,
        "signer": signer_id,
        "signed_at": utc_text(signed_at),
        "content": content,
        "content_hash": content_hash,
    }
    if kind == Signature.Kind.SEAL:
        document["number"] = number
        document["issued_on"] = issued_on.isoformat() if issued_on else None
    return document


@contextmanager
def _refusing_unusable_keys():
    """A stored key that cannot be decrypted refuses the action (400, with the reason) instead of failing."""
    try:
        yield
    except KeyUnavailable as error:
        raise ConditionsUnmet(str(error), reasons=[str(error)]) from error


def _sign_with(signer, plan, user, kind, number=None, issued_on=None, **fields):
    record = signature_record(signer, plan, user, kind, plan_content(plan), timezone.now(), number, issued_on, **fields)
    record.save(force_insert=True)
    return record


def signature_record(signer, plan, user, kind, content, signed_at, number=None, issued_on=None, **fields):
    """An unsaved Signature: `signer` signs `content` (plan_content of `plan`) as `user` at `signed_at`."""
    digest = hash_of(content)
    payload = canonical(
        signed_document(
            plan_id=plan.pk,
            kind=kind,
            review_round=plan.review_round,
            signer_id=user.pk,
            signed_at=signed_at,
            content=content,
            content_hash=digest,
            number=number,
            issued_on=issued_on,
        )
    )
    with _refusing_unusable_keys():
        value = signer.sign(payload)
    return Signature(
        plan=plan,
        review_round=plan.review_round,
        signer=user,
        kind=kind,
        signed_at=signed_at,
        content_hash=digest,
        algorithm=signer.algorithm,
        signature_value=value,
        certificate_pem=signer.certificate_pem,
        signed_payload=payload.decode("utf-8"),
        **fields,
    )


def main_signature_fields(plan, user):
    """What a main signature (or initials) records besides the signed text: the block it prints in."""
    return {
        "authority": plan.signing_authority,
        "position": position_in(user, plan.organization),
        "signer_name": user.get_full_name() or user.get_username(),
    }


def sign_content(plan, user, kind, position=None):
    """`user` signs the plan's current content (initials or the main signature) with their key.
    `position`: the line under the authority as a signing grant words it (plans.delegation)."""
    with _refusing_unusable_keys():
        signer = get_keystore().signer_for_user(user)
    fields = main_signature_fields(plan, user)
    if position:
        fields["position"] = position
    if kind != Signature.Kind.MAIN:
        fields["authority"] = ""
    return _sign_with(signer, plan, user, kind, **fields)


def apply_seal(plan, clerk, number, issued_on):
    """The organization's digital signature over the content with its number and date (at issue)."""
    organization = plan.organization
    with _refusing_unusable_keys():
        signer = get_keystore().signer_for_organization(organization)
    return _sign_with(signer, plan, clerk, Signature.Kind.SEAL, number=number, issued_on=issued_on, signer_name=organization.name)
