"""The signature records of an audit bundle, checked offline (part of `python -m audit.verify.bundle`).

Standard library and `cryptography` only, like audit.verify.bundle. A record is the covered row of
approvals.signature (its digest is in an event, so it is what the chain vouches for). It holds:
the exact signed text (`signed_payload`, approvals.signing), the signature value (base64) and the
signer's certificate (PEM). A record verifies when

1. its certificate was issued by one of the bundle's CA certificates (each self-signed, a CA,
   and matching the pinned fingerprint when one is given), was valid when it signed, and names the
   record's signer (`planflow:user:<id>`; a seal: `planflow:organization:<id>`);
2. the value verifies over the signed text with the certificate's key (Ed25519, or ECDSA P-256
   with SHA-256);
3. the signed text is this record's: plan, kind, round, signer, moment and content hash, and the
   content it carries hashes to that content hash.

So a bundle whose content was changed and every hash recomputed is refused: the signed text
still names the old content, and a rewritten one no longer verifies.
"""

import base64
import binascii
import datetime as dt
import hashlib
import json

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.x509.oid import NameOID

from audit.record.canonical import CanonicalizationError, canonical_json, sha256_hex

BOUND = {"kind": "kind", "review_round": "review_round", "signer": "signer_id", "content_hash": "content_hash"}


class SignatureProblem(Exception):
    """A signature record or CA certificate that does not verify; the message says which, in Vietnamese."""


def fingerprint(certificate):
    """SHA-256 of the certificate's DER bytes, lower-case hex (what --ca-fingerprint pins)."""
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def normalised_fingerprint(text):
    return text.replace(":", "").replace(" ", "").lower()


def trusted_cas(pems, pinned=None):
    """The bundle's CA certificates that may be trusted: self-signed CAs, the pinned one only when
    `pinned` (a SHA-256 fingerprint, hex, colons allowed) is given. Raises SignatureProblem."""
    if not isinstance(pems, list) or not pems:
        raise SignatureProblem("Gói không mang chứng thư CA nào: không kiểm tra được chữ ký.")
    cas = []
    for position, pem in enumerate(pems, start=1):
        certificate = _load(pem)
        if certificate is None or not _is_ca(certificate) or not _issued_by(certificate, certificate):
            raise SignatureProblem(f"Chứng thư CA thứ {position} trong gói không hợp lệ (không đọc được, không phải CA tự ký).")
        cas.append(certificate)
    if pinned:
        wanted = normalised_fingerprint(pinned)
        cas = [ca for ca in cas if fingerprint(ca) == wanted]
        if not cas:
            raise SignatureProblem(f"Không chứng thư CA nào trong gói có dấu vân tay {wanted[:16]}… đã ghim (--ca-fingerprint).")
    return cas


def check_record(row, plan_id, organization_id, cas):
    """The signed document of one approvals.signature row (dict), or SignatureProblem."""
    name = f"Chữ ký #{row.get('id')}"
    try:
        value = base64.b64decode(row.get("signature_value") or "", validate=True)
    except (binascii.Error, ValueError, TypeError) as error:
        raise SignatureProblem(f"{name}: giá trị chữ ký không đọc được.") from error
    text = row.get("signed_payload")
    if not value or not isinstance(text, str) or not text:
        raise SignatureProblem(f"{name}: không có chữ ký số (thiếu giá trị chữ ký hoặc dữ liệu đã ký).")
    certificate = _load(row.get("certificate_pem"))
    if certificate is None:
        raise SignatureProblem(f"{name}: chứng thư số không đọc được.")
    if not any(_issued_by(certificate, ca) for ca in cas):
        raise SignatureProblem(f"{name}: chứng thư số không do CA trong gói cấp.")
    signed_at = _moment(row.get("signed_at"))
    if signed_at is None or not certificate.not_valid_before_utc <= signed_at <= certificate.not_valid_after_utc:
        raise SignatureProblem(f"{name}: chứng thư số không còn hiệu lực vào thời điểm ký.")
    expected = f"planflow:organization:{organization_id}" if row.get("kind") == "seal" else f"planflow:user:{row.get('signer_id')}"
    if _uid(certificate) != expected:
        raise SignatureProblem(f"{name}: chứng thư số không phải của người ký ghi trong bản ghi.")
    payload = text.encode("utf-8")
    try:
        _verify_value(certificate.public_key(), value, payload)
    except InvalidSignature as error:
        raise SignatureProblem(f"{name}: chữ ký số không khớp với chứng thư số và dữ liệu đã ký — bản ghi chữ ký đã bị sửa.") from error
    return _bound_document(name, payload, row, plan_id, signed_at)


def _bound_document(name, payload, row, plan_id, signed_at):
    try:
        document = json.loads(payload)
    except ValueError:
        document = None
    if not isinstance(document, dict) or not isinstance(document.get("content"), dict):
        raise SignatureProblem(f"{name}: dữ liệu đã ký không đúng định dạng.")
    differing = [key for key, column in BOUND.items() if document.get(key) != row.get(column)]
    if document.get("plan") != plan_id or row.get("plan_id") != plan_id:
        differing.insert(0, "plan")
    if _moment(document.get("signed_at")) != signed_at:
        differing.append("signed_at")
    if differing:
        raise SignatureProblem(f"{name}: dữ liệu đã ký khác với bản ghi ở trường {', '.join(differing)}.")
    try:
        digest = sha256_hex(canonical_json(document["content"]))
    except CanonicalizationError as error:
        raise SignatureProblem(f"{name}: nội dung đã ký không chuẩn hóa được ({error}).") from error
    if digest != document.get("content_hash"):
        raise SignatureProblem(f"{name}: mã băm nội dung đã ký không khớp nội dung đã ký.")
    return document


def _load(pem):
    try:
        return x509.load_pem_x509_certificate(pem.encode("ascii"))
    except (ValueError, TypeError, AttributeError, UnicodeEncodeError):
        return None


def _is_ca(certificate):
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except (x509.ExtensionNotFound, ValueError):
        return False


def _issued_by(certificate, ca):
    try:
        certificate.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _uid(certificate):
    values = certificate.subject.get_attributes_for_oid(NameOID.USER_ID)
    return values[0].value if values else None


def _moment(text):
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def _verify_value(public_key, value, message):
    if isinstance(public_key, Ed25519PublicKey):
        public_key.verify(value, message)
    elif isinstance(public_key, ec.EllipticCurvePublicKey) and isinstance(public_key.curve, ec.SECP256R1):
        public_key.verify(value, message, ec.ECDSA(hashes.SHA256()))
    else:
        raise InvalidSignature("unsupported key type")
