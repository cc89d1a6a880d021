"""Checking an issued plan's stored PDF: both signatures intact and trusted, nothing else changed.

`verify_issued_pdf(plan)` → (ok, problems): problems are Vietnamese sentences naming what is wrong.
It reads the stored file (SignedDocument "issued") and checks, with pyHanko's validation against
the trust list (the installation's PDF CA plus the imported CAs; documents.validation gives the
report of each signature):

- the file's SHA-256 is the one recorded when it was stored;
- it carries exactly two signatures: the signer's certification signature (DocMDP "form filling
  and signing") and the organization's seal, and possibly document timestamps (B-LTA);
- each is intact (the signed bytes hash to the signed digest), cryptographically valid, and its
  certificate chains to our CA; the certificates belong to the plan's signer and organization,
  and the signer's is one of their PDF keys;
- what changed after the signer's signature is only form filling and the seal (pyHanko's
  difference analysis), and after the seal only validation data (DSS) and document timestamps;
- the filled fields hold the plan's number and date, and the content hash written in the PDF is
  the plan's current content hash (the one its main signature signed).
"""

import hashlib
import io

from cryptography.hazmat.primitives import serialization
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation.status import SignatureCoverageLevel

from approvals.certificates import identity, owner_identity
from approvals.keys import get_keystore, pdf_certificates_of_user
from approvals.models import KeyPair
from approvals.trust import registered_identity
from plans.content import content_hash

from . import ltv, pades
from .layout import document_layout
from .models import SignedDocument
from .services import current_main_signature, load
from .validation import validate_pdf

CONTENT_HASH_KEY = "/planflowcontenthash"  # <meta name="planflow-content-hash"> (templates/documents/document.html)


def _identity(asn1_certificate):
    """planflow's identity in the certificate, or the person an admin registered it to (a device's)."""
    from cryptography import x509

    certificate = x509.load_der_x509_certificate(asn1_certificate.dump())
    return owner_identity(certificate) or registered_identity(certificate)


def _pem(asn1_certificate):
    from cryptography import x509

    return x509.load_der_x509_certificate(asn1_certificate.dump()).public_bytes(serialization.Encoding.PEM).decode("ascii").strip()


def check_issued_pdf(data, *, signer_identity, organization_identity, signer_certificate_pems, field_values, digest):
    """(problems, [documents.validation.SignatureReport]) of issued-PDF bytes against what they must
    hold (see the module docstring)."""
    keystore = get_keystore()
    if not ltv.trusted_roots(keystore):
        return [_("Chưa có CA của hệ thống để kiểm tra chữ ký số trên tệp PDF.")], []
    labels = {pades.SIGNER_FIELD: _("Chữ ký số của người ký"), pades.SEAL_FIELD: _("Chữ ký số của cơ quan")}
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        reports = validate_pdf(data, keystore, labels)
    except (PdfError, ValueError, KeyError, TypeError) as error:
        return [_("Không đọc được tệp PDF đã ký: %(error)s.") % {"error": error}], []
    signatures = {report.field: report for report in reports if report.kind == "signature"}
    problems = []
    if set(signatures) != {pades.SIGNER_FIELD, pades.SEAL_FIELD}:
        problems.append(
            _("Tệp PDF phải có đúng hai chữ ký số (người ký và cơ quan); đang có: %(names)s.")
            % {"names": ", ".join(sorted(signatures)) or "—"}
        )
    for report in reports:
        problems += report.problems
    checks = [(pades.SIGNER_FIELD, signer_identity), (pades.SEAL_FIELD, organization_identity)]
    for field, expected_owner in checks:
        report = signatures.get(field)
        if report is None or report.status is None:
            continue
        label, embedded, status = labels[field], report.embedded, report.status
        if _identity(embedded.signer_cert) != expected_owner:
            problems.append(_("%(who)s: chứng thư số không phải của %(owner)s.") % {"who": label, "owner": expected_owner})
        if field == pades.SIGNER_FIELD:
            if embedded.docmdp_level != MDPPerm.FILL_FORMS:
                problems.append(_("%(who)s: không phải chữ ký chứng thực chỉ cho phép điền số, ngày và ký tiếp.") % {"who": label})
            accepted = {pem.strip() for pem in signer_certificate_pems if pem}
            if accepted and _pem(embedded.signer_cert) not in accepted:
                problems.append(_("%(who)s: chứng thư số không phải chứng thư ký số của người ký.") % {"who": label})
        elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE and not (
            status.modification_level is not None and status.modification_level <= ModificationLevel.LTA_UPDATES
        ):
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
    return problems, reports


def verify_issued_pdf(plan):
    """(ok, problems) for the stored issued PDF of `plan` (an issued plan: number given)."""
    ok, problems, _reports = verify_issued_pdf_with_reports(plan)
    return ok, problems


def verify_issued_pdf_with_reports(plan):
    """(ok, problems, [SignatureReport]) for the stored issued PDF of `plan`."""
    if plan.number is None or plan.entered_from_paper:
        return True, [], []  # nothing issued here, nothing to check (a plan from paper has no signed PDF)
    document = SignedDocument.objects.filter(plan=plan, stage=SignedDocument.Stage.ISSUED).select_related("signature").first()
    if document is None:
        return False, [_("Chưa có bản PDF ban hành có chữ ký số của kế hoạch này.")], []
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
    except OSError as error:
        return False, [_("Không đọc được tệp PDF ban hành đã lưu: %(error)s.") % {"error": error}], []
    problems = []
    if hashlib.sha256(data).hexdigest() != document.sha256:
        problems.append(_("Tệp PDF ban hành đã bị thay đổi sau khi lưu (SHA-256 không khớp bản đã ghi)."))
    plan = load(plan)
    digest = content_hash(plan)
    signature = current_main_signature(plan, digest) or document.signature
    layout = document_layout(plan, signature)
    found, reports = check_issued_pdf(
        data,
        signer_identity=identity(KeyPair.Owner.PERSON, signature.signer_id),
        organization_identity=identity(KeyPair.Owner.ORGANIZATION, plan.organization_id),
        signer_certificate_pems=pdf_certificates_of_user(get_keystore(), signature.signer),
        field_values={blank.name: blank.value for blank in layout.blanks},
        digest=digest,
    )
    problems += found
    return not problems, problems, reports


def issued_pdf_reports(plan):
    """The validation report of each signature of `plan`'s issued PDF (dicts, for the plan page),
    or None when there is no issued PDF; [] when it cannot be read."""
    if plan.number is None:
        return None
    document = SignedDocument.objects.filter(plan=plan, stage=SignedDocument.Stage.ISSUED).first()
    if document is None:
        return None
    labels = {pades.SIGNER_FIELD: _("Chữ ký số của người ký"), pades.SEAL_FIELD: _("Chữ ký số của cơ quan")}
    try:
        return [report.as_dict() for report in validate_pdf(document.file.read(), get_keystore(), labels)]
    except (OSError, PdfError, ValueError, KeyError, TypeError):
        return []
