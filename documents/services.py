"""What the lifecycle calls, and what the downloads serve.

workflow.services.perform calls, inside its transaction (so a PDF that cannot be made refuses
the action, and a refused action leaves no file row behind):

    sign_main_pdf(plan)     after the signer's main signature is recorded: render the PDF of the
                            current content (no number), certify it with the signer's PDF key
                            (documents.pades), store it (SignedDocument "signed")
    seal_issued_pdf(plan)   after `issue` gave the number and date: fill them into that PDF and
                            add the organization's seal signature; store it once ("issued")

Both do nothing when settings.PLANFLOW_SIGNED_PDFS is off (the test suite's default: rendering
costs a few hundred milliseconds and most tests do not look at PDFs; tests/documents turn it on).

The downloads (`document_pdf`, `document_docx`) serve an issued plan's stored PDF as it is, a
signed plan's stored signer PDF while it matches the content, and otherwise render the layout.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign.general import SigningError
from pyhanko_certvalidator.errors import PathError, ValidationError

from approvals.certificates import identity, load_pem
from approvals.keys import KeyUnavailable, get_keystore, pdf_signer_for_organization, pdf_signer_for_user, pdf_trusted_ca_certificates
from approvals.models import KeyPair, Signature
from config.refusals import ConditionsUnmet
from plans.content import content_hash
from plans.models import Plan
from plans.selectors import with_parts

from . import ltv, pades, stamps
from .docx import render_docx
from .formatting import ngay_van_ban
from .layout import document_layout
from .models import SignedDocument
from .pdf import render_pdf

# Failures that mean "this PDF cannot be made now" (a missing font, an unusable key, a PDF error):
# the action is refused with the reason instead of going ahead without its signed document.
PDF_FAILURES = (OSError, ValueError, ImproperlyConfigured, KeyUnavailable, PdfError, SigningError, PathError, ValidationError)


def signed_pdfs_enabled():
    return getattr(settings, "PLANFLOW_SIGNED_PDFS", True)


def load(plan):
    """The plan again with every part prefetched (what the layout reads)."""
    return with_parts(Plan.objects).get(pk=plan.pk)


def current_main_signature(plan, digest=None):
    """The plan's signer's main signature over its current content in this round, or None."""
    if not plan.signer_id:
        return None
    return (
        Signature.objects.filter(
            plan=plan,
            kind=Signature.Kind.MAIN,
            signer_id=plan.signer_id,
            review_round=plan.review_round,
            content_hash=digest or content_hash(plan),
        )
        .select_related("signer")
        .order_by("-signed_at", "-id")
        .first()
    )


def _refuse(error):
    message = _("Không tạo được bản PDF ký số của kế hoạch: %(reason)s") % {"reason": error}
    return ConditionsUnmet(message, reasons=[message])


def _store(plan, stage, signature, data, digest):
    document = SignedDocument(plan=plan, stage=stage, signature=signature, sha256=hashlib.sha256(data).hexdigest(), content_hash=digest)
    document.file.save(f"{stage}.pdf", ContentFile(data), save=False)
    document.save()
    return document


def _keystore_signer(key_signer, keystore):
    return pades.KeystoreSigner(key_signer, pdf_trusted_ca_certificates(keystore))


def render_for_signer(plan, signature, digest):
    """(layout, rendered PDF without number, the signer's stamp) for `signature` (saved or not)."""
    layout = document_layout(plan, signature)
    rendered = render_pdf(layout, content_hash=digest, for_signing=True)
    box = rendered.boxes["stamp-signer"]
    stamp = stamps.signer_stamp(
        name=signature.signer_name, position=signature.position, signed_at=signature.signed_at, width_pt=box.width, height_pt=box.height
    )
    return layout, rendered, stamp


SIGNER_REASON = "Ký ban hành kế hoạch"  # written into the signed PDF: stays Vietnamese


def store_signed(plan, signature, data, digest):
    return _store(plan, SignedDocument.Stage.SIGNED, signature, data, digest)


def _make_signer_pdf(plan, signature, digest):
    """Render the content without number and certify it with the signer's PDF key (ECDSA P-256,
    approvals.keys) → SignedDocument."""
    keystore = get_keystore()
    key_signer = pdf_signer_for_user(keystore, signature.signer)
    certificate = load_pem(key_signer.certificate_pem)
    if certificate is None or keystore.owner_identity(certificate) != identity(KeyPair.Owner.PERSON, signature.signer_id):
        raise ValueError(_("chứng thư số ký tệp PDF không phải của người đã ký chính"))
    layout, rendered, stamp = render_for_signer(plan, signature, digest)
    data = pades.certify_as_signer(
        rendered,
        layout.blanks,
        _keystore_signer(key_signer, keystore),
        stamp_pdf=stamp,
        name=signature.signer_name,
        location=plan.organization.place_name,
        reason=SIGNER_REASON,
        timestamper=ltv.timestamper(),
    )
    return _store(plan, SignedDocument.Stage.SIGNED, signature, data, digest)


def sign_main_pdf(plan):
    """The signer's PAdES signature on the PDF of the current content (after the main signature row)."""
    if not signed_pdfs_enabled():
        return None
    plan = load(plan)
    digest = content_hash(plan)
    signature = current_main_signature(plan, digest)
    if signature is None:
        raise _refuse(_("không có chữ ký chính của người ký trên nội dung hiện tại"))
    try:
        return _make_signer_pdf(plan, signature, digest)
    except PDF_FAILURES as error:
        raise _refuse(error) from error


def _seal_time(plan):
    seal = Signature.objects.filter(plan=plan, kind="seal").order_by("-signed_at", "-id").first()
    return seal.signed_at if seal else timezone.now()


def seal_issued_pdf(plan):
    """Fill the number and date into the signer's PDF and add the organization's seal (after `issue`)."""
    if not signed_pdfs_enabled():
        return None
    plan = load(plan)
    digest = content_hash(plan)
    signature = current_main_signature(plan, digest)
    if signature is None:
        raise _refuse(_("không có chữ ký chính của người ký trên nội dung hiện tại"))
    try:
        signed = SignedDocument.objects.filter(plan=plan, stage=SignedDocument.Stage.SIGNED, signature=signature).first()
        if signed is None:  # signed while signed PDFs were off: the recorded signature is certified now
            signed = _make_signer_pdf(plan, signature, digest)
        with signed.file.open("rb") as handle:
            signed_bytes = handle.read()
        layout = document_layout(plan, signature)
        organization = plan.organization
        width, _height = pades.seal_field_size(signed_bytes)
        stamp = stamps.seal_stamp(organization=layout.issuer_name, signed_at=_seal_time(plan), size_pt=width)
        keystore = get_keystore()
        data = pades.seal_issued(
            signed_bytes,
            layout.blanks,
            _keystore_signer(pdf_signer_for_organization(keystore, organization), keystore),
            stamp_pdf=stamp,
            name=organization.name,
            location=organization.place_name,
            reason=f"Ban hành: số {layout.symbol} ngày {ngay_van_ban(plan.issued_on)}",
            timestamper=ltv.timestamper(),
        )
        stamper = ltv.timestamper()
        if stamper is not None:  # PAdES B-LT (DSS) and B-LTA (document timestamp)
            data = ltv.archive(data, ltv.validation_context(keystore), stamper)
        return _store(plan, SignedDocument.Stage.ISSUED, signature, data, digest)
    except PDF_FAILURES as error:
        raise _refuse(error) from error


# --- downloads ---------------------------------------------------------------------------------


def file_name(plan, extension):
    """An ASCII file name: ke-hoach-15-KH-UBND.pdf, or du-thao-ke-hoach-7.pdf before issue."""
    if plan.number is not None:
        return f"ke-hoach-{plan.number:02d}-{plan.doc_type}-{plan.symbol_code}.{extension}".replace(" ", "")
    return f"du-thao-ke-hoach-{plan.pk}.{extension}"


def stored_pdf(plan, signature=None):
    """The stored signed PDF to serve for `plan` as it is (issued, or signed for this main
    signature), or None."""
    documents = SignedDocument.objects.filter(plan=plan)
    if plan.number is not None:
        document = documents.filter(stage=SignedDocument.Stage.ISSUED).first()
    elif signature is not None:
        document = documents.filter(stage=SignedDocument.Stage.SIGNED, signature=signature).order_by("-id").first()
    else:
        document = None
    if document is None:
        return None
    with document.file.open("rb") as handle:
        return handle.read()


def document_pdf(plan):
    """(bytes, file name) of the plan's PDF: the stored signed file when there is one, else rendered."""
    plan = load(plan)
    digest = content_hash(plan)
    signature = current_main_signature(plan, digest)
    data = stored_pdf(plan, signature)
    if data is None:
        data = render_pdf(document_layout(plan, signature), content_hash=digest).data
    return data, file_name(plan, "pdf")


def document_docx(plan):
    """(bytes, file name) of the plan as a Word document, from the same layout."""
    plan = load(plan)
    return render_docx(document_layout(plan, current_main_signature(plan))), file_name(plan, "docx")
