"""The main signature made on the signer's own device (client-side signing), record side.

POST …/sign/prepare/ (workflow.device_api) fixes what is signed — the same canonical JSON a main
signature always signs (approvals.signing), with the moment of preparing — and the device signs
it with the key of a certificate from the trust list, registered to the signer. POST
…/sign/complete/ checks that signature here and records it (`record_from_device`), inside
workflow.services.perform's `sign`: the same checks and audit event as a main signature signed
with planflow's keys. The PDF side is documents.device_signing.
"""

import base64
import datetime as dt

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.utils import timezone
from django.utils.translation import gettext as _

from config.refusals import ConditionsUnmet, InvalidInput
from plans.content import plan_content

from . import certificates, trust
from .models import PendingDeviceSignature, Signature
from .signing import canonical, hash_of, main_signature_fields, signed_document

ALGORITHM = "ECDSA-P256-SHA256"


def _refuse(message):
    return ConditionsUnmet(message, reasons=[message])


def stored_chain(pending):
    """[PEM] of the signer's certificate then the intermediates kept with a prepared signature."""
    return [pending.certificate_pem, *(pem for pem in pending.chain_pem.split("\n\n") if pem.strip())]


def read_certificates(pem_list):
    """[x509.Certificate] of the PEM texts, or InvalidInput naming the unreadable one."""
    found = []
    for index, pem in enumerate(pem_list):
        certificate = certificates.load_pem(pem)
        if certificate is None:
            message = _("Chứng thư số thứ %(n)s không đọc được (cần dạng PEM).") % {"n": index + 1}
            raise InvalidInput(message, errors={"certificate_chain": [message]})
        found.append(certificate)
    if not found:
        message = _("Cần chứng thư số của người ký.")
        raise InvalidInput(message, errors={"certificate_chain": [message]})
    return found


def device_certificate_problems(certificate, chain, user, moment):
    """Why the device's certificate cannot sign for `user` now: [] if it can."""
    if not isinstance(certificate.public_key(), ec.EllipticCurvePublicKey) or certificate.public_key().curve.name != "secp256r1":
        return [_("Khóa của chứng thư số phải là ECDSA P-256.")]
    problems = trust.chain_problems(certificate, chain, moment)
    expected = certificates.identity("person", user.pk)
    if (certificates.owner_identity(certificate) or trust.registered_identity(certificate)) != expected:
        problems.append(_("Chứng thư số này chưa được đăng ký là của bạn (quản trị viên đăng ký chứng thư số của người ký)."))
    return problems


def prepare_record(plan, user, signed_at, position=None):
    """(unsaved Signature without value and certificate, the canonical payload bytes).
    `position`: the line under the authority as a signing grant words it (plans.delegation)."""
    content = plan_content(plan)
    digest = hash_of(content)
    payload = canonical(
        signed_document(
            plan_id=plan.pk,
            kind=Signature.Kind.MAIN,
            review_round=plan.review_round,
            signer_id=user.pk,
            signed_at=signed_at,
            content=content,
            content_hash=digest,
        )
    )
    record = Signature(
        plan=plan,
        review_round=plan.review_round,
        signer=user,
        kind=Signature.Kind.MAIN,
        signed_at=signed_at,
        content_hash=digest,
        algorithm=ALGORITHM,
        signed_payload=payload.decode("utf-8"),
        **{**main_signature_fields(plan, user), **({"position": position} if position else {})},
    )
    return record, payload


def pending_for(plan, user, pending_id):
    """The user's prepared signature `pending_id` on `plan`, fresh, or a refusal."""
    pending = PendingDeviceSignature.objects.filter(pk=pending_id, plan=plan, user=user).first()
    if pending is None:
        raise _refuse(_("Không có chữ ký đang chuẩn bị này (đã hoàn tất, hoặc chưa chuẩn bị)."))
    if pending.created_at < timezone.now() - dt.timedelta(minutes=PendingDeviceSignature.PENDING_MINUTES):
        raise _refuse(_("Chữ ký đã chuẩn bị quá %(n)s phút: hãy chuẩn bị lại.") % {"n": PendingDeviceSignature.PENDING_MINUTES})
    return pending


def decode_signature(text, field):
    try:
        value = base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        value = b""
    if not value:
        message = _("Chữ ký phải là chuỗi base64 không rỗng.")
        raise InvalidInput(message, errors={field: [message]})
    return value


def record_from_device(plan, user, pending, value, position=None):
    """Check the device's signature of the record and save it → Signature (inside perform)."""
    if pending.review_round != plan.review_round or pending.content_hash != hash_of(plan_content(plan)):
        raise _refuse(_("Nội dung kế hoạch đã thay đổi sau khi chuẩn bị chữ ký: hãy chuẩn bị lại."))
    certificate = certificates.load_pem(pending.certificate_pem)
    _certificate, *chain = read_certificates(stored_chain(pending))
    problems = device_certificate_problems(certificate, chain, user, pending.signed_at)
    if problems:
        raise ConditionsUnmet(" ".join(problems), reasons=problems)
    try:
        certificate.public_key().verify(value, pending.signed_payload.encode("utf-8"), ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError) as error:
        message = _("Chữ ký của thiết bị trên bản ghi không khớp với chứng thư số và dữ liệu cần ký.")
        raise InvalidInput(message, errors={"record_signature": [message]}) from error
    record, payload = prepare_record(plan, user, pending.signed_at, position)
    if payload.decode("utf-8") != pending.signed_payload:
        raise _refuse(_("Nội dung kế hoạch đã thay đổi sau khi chuẩn bị chữ ký: hãy chuẩn bị lại."))
    record.signature_value = value
    record.certificate_pem = certificates.to_pem(certificate)
    record.save(force_insert=True)
    return record
