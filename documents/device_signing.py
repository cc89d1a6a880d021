"""The main signature made on the signer's own device (client-side signing), PDF side: pyHanko's
interrupted signing. `prepare` renders and prepares the signer's certification exactly as
documents.services does with planflow's keys, and gives the CMS signed attributes the device must
sign; `finish` embeds the device's signature (and the TSA's timestamp, with PLANFLOW_TSA_URL) and
stores the file, inside workflow.services.perform's `sign` (the record side: approvals.device_signing).
"""

from asn1crypto import x509 as asn1_x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.utils.translation import gettext as _
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest

from config.refusals import InvalidInput
from plans.content import content_hash

from . import ltv, pades
from .services import PDF_FAILURES, SIGNER_REASON, _refuse, load, render_for_signer, signed_pdfs_enabled, store_signed


def _asn1(certificate):
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def prepare(plan, record, certificate, chain):
    """The fields of a PendingDeviceSignature for the unsaved main signature `record`, or {} when
    signed PDFs are off."""
    if not signed_pdfs_enabled():
        return {}
    plan = load(plan)
    digest = content_hash(plan)
    try:
        layout, rendered, stamp = render_for_signer(plan, record, digest)
        data, prepared, attributes = pades.prepare_certification(
            rendered,
            layout.blanks,
            _asn1(certificate),
            [_asn1(c) for c in chain],
            stamp_pdf=stamp,
            name=record.signer_name,
            location=plan.organization.place_name,
            reason=SIGNER_REASON,
            timestamper=ltv.timestamper(),
        )
    except PDF_FAILURES as error:
        raise _refuse(error) from error
    return {
        "prepared_pdf": data,
        "document_digest": prepared.document_digest.hex(),
        "reserved_region_start": prepared.reserved_region_start,
        "reserved_region_end": prepared.reserved_region_end,
        "signed_attributes": attributes,
    }


def finish(plan, signature, pending, certificate, chain, value):
    """Embed the device's PDF signature `value` and store the signer's PDF → SignedDocument or None."""
    if not signed_pdfs_enabled() or not pending.prepared_pdf:
        return None
    _check_value(certificate, bytes(pending.signed_attributes), value)
    prepared = PreparedByteRangeDigest(
        document_digest=bytes.fromhex(pending.document_digest),
        reserved_region_start=pending.reserved_region_start,
        reserved_region_end=pending.reserved_region_end,
    )
    try:
        data = pades.finish_certification(
            bytes(pending.prepared_pdf),
            prepared,
            bytes(pending.signed_attributes),
            _asn1(certificate),
            [_asn1(c) for c in chain],
            value,
            timestamper=ltv.timestamper(),
        )
    except PDF_FAILURES as error:
        raise _refuse(error) from error
    return store_signed(plan, signature, data, signature.content_hash)


def _check_value(certificate, signed_attributes, value):
    """The device's signature must verify over what it was given (the CMS signed attributes, which
    hold the digest of the prepared PDF's byte range)."""
    try:
        certificate.public_key().verify(value, signed_attributes, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, TypeError) as error:
        message = _("Chữ ký của thiết bị trên tệp PDF không khớp với chứng thư số và dữ liệu cần ký.")
        raise InvalidInput(message, errors={"pdf_signature": [message]}) from error
