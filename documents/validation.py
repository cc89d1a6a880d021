"""A validation report per signature of a signed PDF, checked with pyHanko's validator against
planflow's trust list (approvals.trust): what the plan page and GET /api/plans/{id}/verify/ show.

For each signature and document timestamp, `validate_pdf(data, keystore)` gives:
- signer: the certificate's common name; chain: common names from the signer up to the trusted
  root (or as far as the file's certificates reach);
- time: the signature timestamp's time when there is one (`"time_source": "timestamp"`), else
  the time the signer's software claimed (`"claimed"`);
- coverage: `whole_document`, or `revision_then_form_filling` (a later revision only filled in
  fields, signed, added validation data or timestamps — what the signer's certification
  allows), or `modified` (anything else);
- revocation: the signer's certificate at the time of signing: `good` (its CA's CRL did not list
  it), `revoked`, or `unknown` (no revocation data for it);
- level: the PAdES baseline level reached: B-B, B-T (signature timestamp), B-LT (validation
  data in the DSS), B-LTA (and a document timestamp over them); "" for a document timestamp.

Validation happens as at the time of signing (the timestamp's, or the claimed time) with the
revocation data the file carries in its DSS — or, when it has none yet, the internal CA's
current CRL — so a certificate revoked after the signature leaves it valid, and one revoked
before fails it.
"""

import io
from dataclasses import asdict, dataclass, field

from asn1crypto import crl as asn1_crl
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from . import ltv

COVERAGE_LABELS = {
    "whole_document": "Toàn bộ tệp",
    "revision_then_form_filling": "Một phiên bản của tệp; sau đó chỉ điền biểu mẫu, ký tiếp, thêm dữ liệu kiểm tra hoặc dấu thời gian",
    "modified": "Tệp đã bị sửa sau khi ký ngoài phạm vi cho phép",
}
REVOCATION_LABELS = {
    "good": "Chưa bị thu hồi khi ký",
    "revoked": "Đã bị thu hồi khi ký",
    "unknown": "Không có dữ liệu thu hồi",
}
TIME_SOURCE_LABELS = {"timestamp": "Dấu thời gian (RFC 3161)", "claimed": "Thời điểm máy người ký ghi (không được chứng thực)"}


@dataclass
class SignatureReport:
    field: str
    kind: str  # "signature" | "document_timestamp"
    signer: str
    chain: list
    time: str
    time_source: str
    coverage: str
    revocation: str
    level: str
    intact: bool
    valid: bool
    trusted: bool
    problems: list = field(default_factory=list)
    status: object = field(default=None, repr=False, compare=False)  # pyHanko's status (not serialized)
    embedded: object = field(default=None, repr=False, compare=False)

    def as_dict(self):
        data = asdict(self)
        data.pop("status"), data.pop("embedded")
        data["ok"] = not self.problems
        data["coverage_label"] = COVERAGE_LABELS.get(self.coverage, "")
        data["revocation_label"] = REVOCATION_LABELS.get(self.revocation, "")
        data["time_source_label"] = TIME_SOURCE_LABELS.get(self.time_source, "")
        return data


def _common_name(certificate):
    try:
        return certificate.subject.native.get("common_name") or certificate.subject.human_friendly
    except (ValueError, KeyError):
        return "?"


def _dss_crls(reader):
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except (KeyError, ValueError, PdfError):
        return None
    crls = [crl_ref.get_object().data for crl_ref in dss.crls]
    return dss, crls


def _signature_timestamp_time(embedded):
    """The time of the signature's RFC 3161 timestamp token (unverified here), or None."""
    try:
        for token in extract_tst_data_iter(embedded.signer_info, signed=False):
            return token["encap_content_info"]["content"].parsed["gen_time"].native
    except (KeyError, ValueError, TypeError):
        return None
    return None


def _context(roots, other_certs, crls, moment):
    return ValidationContext(
        trust_roots=roots,
        other_certs=other_certs,
        crls=crls,
        allow_fetching=False,
        revocation_mode="hard-fail",
        moment=moment,
        retroactive_revinfo=True,
    )


def _chain(status, embedded):
    path = getattr(status, "validation_path", None) if status is not None else None
    if path is not None:
        return [_common_name(c) for c in reversed(list(path))]
    return [_common_name(embedded.signer_cert)]


def _coverage(status):
    level = status.modification_level
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return "whole_document"
    if status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and level is not None and level <= ModificationLevel.FORM_FILLING:
        if status.docmdp_ok is not False:
            return "revision_then_form_filling"
    return "modified"


def _revocation(status, certificate, crls):
    if status is not None and status.revocation_details is not None:
        return "revoked"
    issuer = certificate.issuer
    for data in crls:
        try:
            if asn1_crl.CertificateList.load(data).issuer == issuer:
                return "good" if status is not None and status.trusted else "unknown"
        except ValueError:
            continue
    return "unknown"


def _in_dss(certificate, dss):
    if dss is None:
        return False
    der = certificate.dump()
    return any(c.dump() == der for c in dss.load_certs())


def _level(embedded, status, dss, crls, later_doc_timestamp):
    if status is None or status.timestamp_validity is None:
        return "B-B"
    leaf = embedded.signer_cert
    declares_crl = any(ext["extn_id"].native == "crl_distribution_points" for ext in leaf["tbs_certificate"]["extensions"])
    has_crl = any(asn1_crl.CertificateList.load(d).issuer == leaf.issuer for d in crls) if crls else False
    if not _in_dss(leaf, dss) or (declares_crl and not has_crl):
        return "B-T"
    return "B-LTA" if later_doc_timestamp else "B-LT"


def _signature_problems(label, status):
    problems = []
    if not status.intact:
        problems.append(_("%(who)s: dữ liệu được ký đã bị thay đổi (mã băm không khớp).") % {"who": label})
    elif not status.valid:
        problems.append(_("%(who)s: giá trị chữ ký không hợp lệ với chứng thư số.") % {"who": label})
    if status.revoked:
        problems.append(_("%(who)s: chứng thư số đã bị thu hồi trước khi ký.") % {"who": label})
    elif not status.trusted:
        problems.append(_("%(who)s: chứng thư số không thuộc danh sách CA tin cậy, hoặc không còn hiệu lực khi ký.") % {"who": label})
    return problems


def validate_pdf(data, keystore, labels=None):
    """[SignatureReport] of every signature and document timestamp of PDF bytes, in file order.
    `labels`: {field name: how to name it in a problem}. Raises PdfError/ValueError on a PDF it cannot read."""
    labels = labels or {}
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    roots = ltv.trusted_roots(keystore)
    found = _dss_crls(reader)
    dss, dss_crls = found if found else (None, [])
    crls = dss_crls if dss is not None else ltv.internal_crls(keystore)
    other_certs = list(dss.load_certs()) if dss is not None else []
    embedded_all = reader.embedded_signatures
    reports = []
    for index, embedded in enumerate(embedded_all):
        label = labels.get(embedded.field_name, embedded.field_name)
        is_timestamp = embedded.sig_object_type == "/DocTimeStamp"
        claimed = embedded.self_reported_timestamp
        try:
            if is_timestamp:
                context = _context(roots, other_certs, crls, None)
                status = validate_pdf_timestamp(embedded, validation_context=context)
            else:
                moment = _signature_timestamp_time(embedded) or claimed
                context = _context(roots, other_certs, crls, moment)
                status = validate_pdf_signature(embedded, signer_validation_context=context, ts_validation_context=context)
        except (SignatureValidationError, PdfError, ValueError, KeyError) as error:
            problem = _("%(who)s: không kiểm tra được chữ ký (%(error)s).") % {"who": label, "error": error}
            reports.append(
                SignatureReport(
                    embedded.field_name,
                    "document_timestamp" if is_timestamp else "signature",
                    _common_name(embedded.signer_cert),
                    [_common_name(embedded.signer_cert)],
                    claimed.isoformat() if claimed else "",
                    "claimed",
                    "modified",
                    "unknown",
                    "",
                    False,
                    False,
                    False,
                    [problem],
                    None,
                    embedded,
                )
            )
            continue
        problems = _signature_problems(label, status)
        coverage = _coverage(status)
        if coverage == "modified":
            problems.append(
                _("%(who)s: tệp đã bị sửa sau khi ký, ngoài việc điền biểu mẫu, ký tiếp và thêm dữ liệu kiểm tra (%(level)s).")
                % {"who": label, "level": getattr(status.modification_level, "name", "?")}
            )
        if is_timestamp:
            time, source, level = status.timestamp, "timestamp", ""
        else:
            ts = status.timestamp_validity
            if ts is not None and not (ts.intact and ts.valid and ts.trusted):
                problems.append(_("%(who)s: dấu thời gian của chữ ký không hợp lệ hoặc không do TSA tin cậy cấp.") % {"who": label})
            time, source = (ts.timestamp, "timestamp") if ts is not None else (claimed, "claimed")
            later = any(e.sig_object_type == "/DocTimeStamp" for e in embedded_all[index + 1 :])
            level = _level(embedded, status, dss, dss_crls, later)
        reports.append(
            SignatureReport(
                field=embedded.field_name,
                kind="document_timestamp" if is_timestamp else "signature",
                signer=_common_name(embedded.signer_cert),
                chain=_chain(status, embedded),
                time=time.isoformat() if time else "",
                time_source=source,
                coverage=coverage,
                revocation=_revocation(status, embedded.signer_cert, crls),
                level=level,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                problems=problems,
                status=status,
                embedded=embedded,
            )
        )
    return reports
