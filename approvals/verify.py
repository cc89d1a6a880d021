"""Checking a plan's signatures: the key, the certificate, and what was signed.

`verify_signatures(plan)` → (ok, problems) checks every signature of the plan:

1. it has a signature value, a certificate and the signed text (approvals.signing);
2. the certificate was issued by a trusted CA (the installation's own, approvals.keys) and was
   valid when the signature was made, and it belongs to the record's signer — the person, or for
   a seal the plan's organization (a swapped certificate is caught here or in 3);
3. the signature value verifies over the signed text with the certificate's public key (an
   altered value, text or certificate is caught);
4. the signed text belongs to this record: this plan (a record copied from another plan is
   caught), kind, round, signer, moment and content hash; and the content hash is the hash of
   the signed content;
5. signatures of the current round, and the seal, must be over the plan's *current* content
   (and for the seal its current number and date): a part changed behind the system's back is
   named field by field. Signatures of earlier rounds signed content that has since been revised,
   legitimately: they are checked by 1–4 only.

An issued (reporting, closed) plan must also carry a valid main signature of its signer and a
valid seal of its organization, both of its current round. Each problem is one Vietnamese
sentence naming the signature. `valid_main_signature` (approvals.selectors), which `issue`
requires, uses the same checks.
"""

import json
from collections import defaultdict

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils import timezone

from plans.content import diff, field_label, plan_content
from plans.models import Plan
from plans.selectors import with_content_parts

from . import certificates, trust
from .keys import get_keystore
from .models import KeyPair, Signature
from .signing import hash_of, utc_text

ISSUED_STATES = ("issued", "reporting", "closed")
MAX_FIELDS_NAMED = 6
BOUND_FIELDS = {
    "plan": "kế hoạch",
    "kind": "loại chữ ký",
    "review_round": "vòng thẩm định",
    "signer": "người ký",
    "signed_at": "thời điểm ký",
    "content_hash": "mã băm nội dung",
}


def _when(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _label(signature):
    kind = _KIND_LABELS.get(signature.kind, signature.kind)  # get_kind_display() costs more than the rest of a check
    return f"{kind} #{signature.pk} ({signature.signer_name or signature.signer_id})"


_KIND_LABELS = dict(Signature.Kind.choices)


def _verify_value(public_key, value, message):
    """Raises InvalidSignature unless `value` signs `message` under `public_key` (Ed25519 or ECDSA P-256)."""
    if isinstance(public_key, Ed25519PublicKey):
        public_key.verify(value, message)
    elif isinstance(public_key, ec.EllipticCurvePublicKey) and isinstance(public_key.curve, ec.SECP256R1):
        public_key.verify(value, message, ec.ECDSA(hashes.SHA256()))
    else:
        raise InvalidSignature("unsupported key type")


def _field_names(changes):
    names = []
    for change in changes:
        name = str(field_label(change["field"]))
        if name not in names:
            names.append(name)
    shown = ", ".join(names[:MAX_FIELDS_NAMED])
    return shown + (f" và {len(names) - MAX_FIELDS_NAMED} trường khác" if len(names) > MAX_FIELDS_NAMED else "")


class CertificateCache:
    """Certificates read, and checked against the trusted CAs, once per verification: one
    signer's certificate signs many plans, and audit.verify.trail checks hundreds of plans at a time."""

    def __init__(self, trusted, more_trusted=None):
        self.trusted = trusted
        self._more_trusted = more_trusted  # a callable: the imported CAs, read only when needed
        self._read = {}
        self._trusted_issuer = {}

    def read(self, pem):
        """(certificate, its public key), or (None, None) when `pem` is not a readable certificate."""
        if pem not in self._read:
            certificate = certificates.load_pem(pem)
            self._read[pem] = (certificate, certificate.public_key() if certificate is not None else None)
        return self._read[pem]

    def issued_by_trusted_ca(self, pem, certificate):
        if pem not in self._trusted_issuer:
            found = any(certificates.issued_by(certificate, ca) for ca in self.trusted)
            if not found and self._more_trusted is not None:
                self.trusted, self._more_trusted = [*self.trusted, *self._more_trusted()], None
                found = any(certificates.issued_by(certificate, ca) for ca in self.trusted)
            self._trusted_issuer[pem] = found
        return self._trusted_issuer[pem]


class SignatureChecker:
    """Checks signatures of one plan; the plan's current content is read once."""

    def __init__(self, plan, keystore=None, certificate_cache=None):
        self.plan = plan
        self.keystore = keystore or get_keystore()
        # the key store's CAs, and the imported ones of the trust list (signatures made on a signer's own device)
        self.certificates = certificate_cache or CertificateCache(self.keystore.trusted_ca_certificates(), trust.imported_anchors)
        self._content = None

    @property
    def current_content(self):
        if self._content is None:
            self._content = plan_content(self.plan)
        return self._content

    def expected_identity(self, signature):
        if signature.kind == Signature.Kind.SEAL:
            return certificates.identity(KeyPair.Owner.ORGANIZATION, self.plan.organization_id)
        return certificates.identity(KeyPair.Owner.PERSON, signature.signer_id)

    def problems(self, signature):
        """Every problem of one signature (empty if it is valid), in Vietnamese."""
        label = _label(signature)
        value = bytes(signature.signature_value) if signature.signature_value is not None else b""
        if not value or not signature.certificate_pem or not signature.signed_payload:
            return [f"{label}: không có chữ ký số (thiếu giá trị chữ ký, chứng thư số hoặc dữ liệu đã ký)."]
        certificate, public_key = self.certificates.read(signature.certificate_pem)
        if certificate is None:
            return [f"{label}: chứng thư số không đọc được."]
        problems = self._certificate_problems(label, signature, certificate)
        payload = signature.signed_payload.encode("utf-8")
        try:
            _verify_value(public_key, value, payload)
        except InvalidSignature:
            problems.append(f"{label}: chữ ký số không khớp với chứng thư số và dữ liệu đã ký — bản ghi chữ ký đã bị sửa hoặc bị giả mạo.")
            return problems
        try:
            document = json.loads(payload)
        except ValueError:
            document = None
        if not isinstance(document, dict) or not isinstance(document.get("content"), dict):
            return problems + [f"{label}: dữ liệu đã ký không đúng định dạng."]
        problems += self._binding_problems(label, signature, document)
        if signature.review_round == self.plan.review_round or signature.kind == Signature.Kind.SEAL:
            problems += self._content_problems(label, signature, document)
        return problems

    def _certificate_problems(self, label, signature, certificate):
        problems = []
        if not self.certificates.issued_by_trusted_ca(signature.certificate_pem, certificate):
            problems.append(f"{label}: chứng thư số “{certificates.common_name(certificate)}” không do CA của hệ thống cấp.")
        elif not certificates.valid_at(certificate, signature.signed_at):
            problems.append(
                f"{label}: chứng thư số không có hiệu lực lúc ký ({_when(signature.signed_at)}; hiệu lực từ "
                f"{_when(certificate.not_valid_before_utc)} đến {_when(certificate.not_valid_after_utc)})."
            )
        expected = self.expected_identity(signature)
        if (self.keystore.owner_identity(certificate) or trust.registered_identity(certificate)) != expected:
            owner = "cơ quan ban hành" if signature.kind == Signature.Kind.SEAL else "người ký ghi trong bản ghi"
            problems.append(
                f"{label}: chứng thư số là của “{certificates.common_name(certificate)}”, không phải của {owner} — chứng thư số đã bị thay."
            )
        return problems

    def _binding_problems(self, label, signature, document):
        problems = []
        if document.get("plan") != self.plan.pk:
            problems.append(
                f"{label} được ký cho kế hoạch #{document.get('plan')}, không phải kế hoạch #{self.plan.pk} — "
                "bản ghi chữ ký bị sao chép từ kế hoạch khác."
            )
        recorded = {
            "kind": signature.kind,
            "review_round": signature.review_round,
            "signer": signature.signer_id,
            "signed_at": utc_text(signature.signed_at),
            "content_hash": signature.content_hash,
        }
        differing = [BOUND_FIELDS[name] for name, value in recorded.items() if document.get(name) != value]
        if differing:
            problems.append(f"{label}: bản ghi khác với dữ liệu đã ký ở {', '.join(differing)} — bản ghi chữ ký đã bị sửa.")
        if hash_of(document["content"]) != document.get("content_hash"):
            problems.append(f"{label}: mã băm trong dữ liệu đã ký không phải mã băm của nội dung đã ký.")
        return problems

    def _content_problems(self, label, signature, document):
        problems = []
        changes = diff(document["content"], self.current_content)
        if changes:
            problems.append(
                f"{label}: nội dung kế hoạch đã thay đổi sau khi ký, ở {_field_names(changes)} "
                f"(mã băm đã ký {signature.content_hash[:16]}…, nội dung hiện tại {hash_of(self.current_content)[:16]}…)."
            )
        if signature.kind == Signature.Kind.SEAL:
            issued_on = self.plan.issued_on.isoformat() if self.plan.issued_on else None
            if document.get("number") != self.plan.number or document.get("issued_on") != issued_on:
                problems.append(
                    f"{label}: số và ngày ban hành đã ký ({document.get('number')}, {document.get('issued_on')}) khác với "
                    f"số và ngày hiện tại của kế hoạch ({self.plan.number}, {issued_on})."
                )
        return problems

    def is_valid(self, signature):
        return not self.problems(signature)


def verify_signatures(plan):
    """(ok, problems) for every signature of `plan` (a Plan or its id); see the module docstring."""
    plan_id = plan.pk if isinstance(plan, Plan) else plan
    return verify_signatures_of_plans([plan_id])[plan_id]


def verify_signatures_of_plans(plan_ids):
    """{plan id: (ok, problems)} as verify_signatures gives them, for many plans in a fixed number
    of queries (the plans with their parts, their signatures), each certificate read and checked
    against the CAs once. Raises Plan.DoesNotExist if a plan is missing."""
    if not plan_ids:
        return {}
    plans = {plan.pk: plan for plan in with_content_parts(Plan.objects).filter(pk__in=plan_ids)}
    signatures = defaultdict(list)
    for signature in Signature.objects.filter(plan_id__in=plan_ids).order_by("plan_id", "signed_at", "id"):
        signatures[signature.plan_id].append(signature)
    keystore = get_keystore()
    cache = CertificateCache(keystore.trusted_ca_certificates(), trust.imported_anchors)
    results = {}
    for plan_id in plan_ids:
        if plan_id not in plans:
            raise Plan.DoesNotExist(f"plan {plan_id} does not exist")
        plan = plans[plan_id]
        checker = SignatureChecker(plan, keystore, cache)
        problems = []
        valid = []
        for signature in signatures[plan_id]:
            found = checker.problems(signature)
            problems += found
            if not found:
                valid.append(signature)
        current = [s for s in valid if s.review_round == plan.review_round]
        problems += missing_on_issued("" if plan.entered_from_paper else plan.state, current, plan.signer_id)  # paper: signed on paper
        results[plan_id] = (not problems, problems)
    return results


def missing_on_issued(state, current, signer_id=None):
    """An issued (reporting, closed) plan's missing main signature and seal, given its valid
    signatures of the current round (audit.verify.trail calls it with none for an unsigned plan)."""
    problems = []
    if state in ISSUED_STATES:
        if not any(s.kind == Signature.Kind.MAIN and s.signer_id == signer_id for s in current):
            problems.append("Kế hoạch đã ban hành nhưng không có chữ ký chính hợp lệ của người ký trên nội dung hiện tại.")
        if not any(s.kind == Signature.Kind.SEAL for s in current):
            problems.append("Kế hoạch đã ban hành nhưng không có chữ ký số hợp lệ của cơ quan (đóng dấu) trên nội dung hiện tại.")
    return problems
