"""Checking an issued plan's stored PDF: both signatures intact and trusted, nothing else changed.

`verify_issued_pdf(plan)` → (ok, problems): problems are Vietnamese sentences naming what is wrong.
It reads the stored file (SignedDocument "issued") and checks, with pyHanko's validation against
the installation's PDF CA (approvals.keys: `pdf_trusted_ca_certificates`, the ECDSA P-256 CA):

- the file's SHA-256 is the one recorded when it was stored;
- it carries exactly two signatures: the signer's certification signature (DocMDP "form filling
  and signing") and the organization's seal;
- each is intact (the signed bytes hash to the signed digest), cryptographically valid, and its
  certificate chains to our CA; the certificates belong to the plan's signer and organization,
  and the signer's is one of their PDF keys;
- what changed after the signer's signature is only form filling and the seal (pyHanko's
  difference analysis), and the seal covers the whole file (nothing appended after it);
- the filled fields hold the plan's number and date, and the content hash written in the PDF is
  the plan's current content hash (the one its main signature signed).
"""

import hashlib
import io

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from approvals.certificates import identity, owner_identity
from approvals.keys import get_keystore, pdf_certificates_of_user, pdf_trusted_ca_certificates
from approvals.models import KeyPair
from plans.content import content_hash

from . import pades
from .layout import document_layout
from .models import SignedDocument
from .services import current_main_signature, load

CONTENT_HASH_KEY = "/planflowcontenthash"  # <meta name="planflow-content-hash"> (templates/documents/document.html)


def _trust_roots():
    der = serialization.Encoding.DER
    return [asn1_x509.Certificate.load(c.public_bytes(der)) for c in pdf_trusted_ca_certificates(get_keystore())]


def _identity(asn1_certificate):
    from cryptography import x509

    return owner_identity(x509.load_der_x509_certificate(asn1_certificate.dump()))


def _pem(asn1_certificate):
    from cryptography import x509

    return x509.load_der_x509_certificate(asn1_certificate.dump()).public_bytes(serialization.Encoding.PEM).decode("ascii").strip()


def _check_signature(embedded, label, roots):
    """(problems, pyHanko status or None) of one embedded signature: validity, trust, what changed after it."""
    try:
        status = validate_pdf_signature(embedded, ValidationContext(trust_roots=roots, allow_fetching=False))
    except (SignatureValidationError, PdfError, ValueError, KeyError) as error:
        return [_("%(who)s: không kiểm tra được chữ ký (%(error)s).") % {"who": label, "error": error}], None
    problems = []
    if not status.intact:
        problems.append(_("%(who)s: dữ liệu được ký đã bị thay đổi (mã băm không khớp).") % {"who": label})
    elif not status.valid:
        problems.append(_("%(who)s: giá trị chữ ký không hợp lệ với chứng thư số.") % {"who": label})
    if not status.trusted:
        problems.append(_("%(who)s: chứng thư số không do CA của hệ thống cấp, hoặc không còn hiệu lực.") % {"who": label})
    if status.modification_level is not None and status.modification_level > ModificationLevel.FORM_FILLING:
        problems.append(
            _("%(who)s: tệp đã bị sửa sau khi ký, ngoài việc điền số, ngày và ký số của cơ quan (%(level)s).")
            % {"who": label, "level": status.modification_level.name}
        )
    elif not status.docmdp_ok:
        problems.append(_("%(who)s: tệp đã bị sửa sau khi ký ngoài phạm vi chữ ký cho phép.") % {"who": label})
    return problems, status


def check_issued_pdf(data, *, signer_identity, organization_identity, signer_certificate_pems, field_values, digest):
    """Problems of issued-PDF bytes against what they must hold (see the module docstring)."""
    roots = _trust_roots()
    if not roots:
        return [_("Chưa có CA của hệ thống để kiểm tra chữ ký số trên tệp PDF.")]
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = {embedded.field_name: embedded for embedded in reader.embedded_signatures}
    except (PdfError, ValueError, KeyError, TypeError) as error:
        return [_("Không đọc được tệp PDF đã ký: %(error)s.") % {"error": error}]
    problems = []
    if set(signatures) != {pades.SIGNER_FIELD, pades.SEAL_FIELD}:
        problems.append(
            _("Tệp PDF phải có đúng hai chữ ký số (người ký và cơ quan); đang có: %(names)s.")
            % {"names": ", ".join(sorted(signatures)) or "—"}
        )
    checks = [
        (pades.SIGNER_FIELD, _("Chữ ký số của người ký"), signer_identity),
        (pades.SEAL_FIELD, _("Chữ ký số của cơ quan"), organization_identity),
    ]
    for field, label, expected_owner in checks:
        embedded = signatures.get(field)
        if embedded is None:
            continue
        found, status = _check_signature(embedded, label, roots)
        problems += found
        if status is None:
            continue
        if _identity(embedded.signer_cert) != expected_owner:
            problems.append(_("%(who)s: chứng thư số không phải của %(owner)s.") % {"who": label, "owner": expected_owner})
        if field == pades.SIGNER_FIELD:
            if embedded.docmdp_level != MDPPerm.FILL_FORMS:
                problems.append(_("%(who)s: không phải chữ ký chứng thực chỉ cho phép điền số, ngày và ký tiếp.") % {"who": label})
            accepted = {pem.strip() for pem in signer_certificate_pems if pem}
            if accepted and _pem(embedded.signer_cert) not in accepted:
                problems.append(_("%(who)s: chứng thư số không phải chứng thư ký số của người ký.") % {"who": label})
        elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            problems.append(_("%(who)s: có dữ liệu được ghi thêm sau chữ ký số của cơ quan.") % {"who": label})
    found_values = pades.field_values(reader)
    for name, value in field_values.items():
        if found_values.get(name) != value:
            problems.append(
                _("Trường “%(name)s” trên tệp PDF là “%(found)s”, kế hoạch ghi “%(value)s”.")
                % {"name": name, "found": found_values.get(name, "—"), "value": value}
            )
    written = str(reader.trailer["/Info"].get(CONTENT_HASH_KEY, "")) if "/Info" in reader.trailer else ""
    if written != digest:
        problems.append(_("Tệp PDF được lập từ một nội dung khác với nội dung hiện tại của kế hoạch."))
    return problems


def verify_issued_pdf(plan):
    """(ok, problems) for the stored issued PDF of `plan` (an issued plan: number given)."""
    if plan.number is None or plan.entered_from_paper:
        return True, []  # nothing issued here, nothing to check (a plan from paper has no signed PDF)
    document = SignedDocument.objects.filter(plan=plan, stage=SignedDocument.Stage.ISSUED).select_related("signature").first()
    if document is None:
        return False, [_("Chưa có bản PDF ban hành có chữ ký số của kế hoạch này.")]
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except OSError as error:
        return False, [_("Không đọc được tệp PDF ban hành đã lưu: %(error)s.") % {"error": error}]
    problems = []
    if hashlib.sha256(data).hexdigest() != document.sha256:
        problems.append(_("Tệp PDF ban hành đã bị thay đổi sau khi lưu (SHA-256 không khớp bản đã ghi)."))
    plan = load(plan)
    digest = content_hash(plan)
    signature = current_main_signature(plan, digest) or document.signature
    layout = document_layout(plan, signature)
    problems += check_issued_pdf(
        data,
        signer_identity=identity(KeyPair.Owner.PERSON, signature.signer_id),
        organization_identity=identity(KeyPair.Owner.ORGANIZATION, plan.organization_id),
        signer_certificate_pems=pdf_certificates_of_user(get_keystore(), signature.signer),
        field_values={blank.name: blank.value for blank in layout.blanks},
        digest=digest,
    )
    return not problems, problems
