"""Timestamps and long-term validation (issue 20, points 3 and 4): with PLANFLOW_TSA_URL both PDF
signatures carry an RFC 3161 timestamp from the loopback TSA, the issued PDF embeds its validation
data (DSS) and a document timestamp — PAdES B-LTA under pyHanko's own validator with the trust list,
read by pdfsig — and revoking the signer afterwards refuses their later signatures while the issued
PDF still validates from its embedded data."""

import asyncio
import io
import subprocess

import pytest
from django.core.management import call_command
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESPassed
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.policy_decl import PdfSignatureValidationSpec, SignatureValidationSpec
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy, RevocationCheckingRule
from pyhanko_certvalidator.registry import SimpleTrustManager

from approvals.keys import get_keystore
from documents import ltv
from documents.models import SignedDocument
from tests.conftest import PASSWORD
from tests.documents.conftest import drive

REQUIRED_IF_DECLARED = CertRevTrustPolicy(
    RevocationCheckingPolicy(RevocationCheckingRule.CHECK_IF_DECLARED, RevocationCheckingRule.CHECK_IF_DECLARED)
)


def issued_pdf(plan):
    return SignedDocument.objects.get(plan=plan, stage=SignedDocument.Stage.ISSUED).file.read()


@pytest.fixture
def issued_with_timestamps(world, make_plan, timestamps):
    return drive(make_plan(), world, "submit", "approve", "sign", "issue")


def test_the_issued_pdf_is_pades_b_lta_under_pyhankos_validator_with_the_trust_list(issued_with_timestamps, timestamps, api):
    data = issued_pdf(issued_with_timestamps)
    reader = PdfFileReader(io.BytesIO(data))
    assert [s.sig_object_type for s in reader.embedded_signatures] == ["/Sig", "/Sig", "/DocTimeStamp"]
    spec = PdfSignatureValidationSpec(
        SignatureValidationSpec(
            cert_validation_policy=CertValidationPolicySpec(
                trust_manager=SimpleTrustManager.build(trust_roots=ltv.trusted_roots(get_keystore())),
                revinfo_policy=REQUIRED_IF_DECLARED,  # planflow's certificates name their CRL: it must be in the file
            )
        )
    )
    for embedded in reader.embedded_regular_signatures:
        result = asyncio.run(ades_lta_validation(embedded, spec))
        assert result.ades_subindic == AdESPassed.OK, (embedded.field_name, result.ades_subindic)
        assert result.api_status.timestamp_validity.trusted  # the signature timestamp, from the TSA on the trust list

    body = api("auditor").get(f"/api/plans/{issued_with_timestamps.pk}/verify/").json()
    assert body["ok"], body["problems"]
    reports = body["signatures"]
    assert [(r["kind"], r["level"]) for r in reports] == [("signature", "B-LTA"), ("signature", "B-LTA"), ("document_timestamp", "")]
    signer, seal, stamp = reports
    assert signer["signer"] == "Nguyễn Tiên Dũng" and signer["chain"] == ["Nguyễn Tiên Dũng", "planflow — CA nội bộ (ký số PDF)"]
    assert signer["time_source"] == "timestamp" and signer["revocation"] == "good"
    assert signer["coverage"] == "revision_then_form_filling" and seal["coverage"] == "revision_then_form_filling"
    assert stamp["signer"] == "Test TSA" and stamp["chain"] == ["Test TSA", "Test TSA Root"] and stamp["trusted"]


def test_pdfsig_reads_every_signature_of_the_b_lta_pdf(issued_with_timestamps, tmp_path):
    path = tmp_path / "issued.pdf"
    path.write_bytes(issued_pdf(issued_with_timestamps))
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=True).stdout
    # poppler lists the document timestamp too, but verifies only the two CAdES signatures
    assert report.count("Signature #") == 3 and "Signer Certificate Common Name: Test TSA" in report, report
    assert report.count("Signature Type: ETSI.CAdES.detached") == 2, report
    assert report.count("Signature Validation: Signature is Valid.") == 2, report


def test_without_a_trusted_tsa_root_the_timestamps_do_not_validate(issued_with_timestamps, api):
    from approvals.models import TrustedCertificate

    TrustedCertificate.objects.get().delete()  # the admin takes the TSA's root off the trust list
    body = api("auditor").get(f"/api/plans/{issued_with_timestamps.pk}/verify/").json()
    assert not body["signatures_ok"]
    stamp = body["signatures"][-1]
    assert stamp["kind"] == "document_timestamp" and not stamp["trusted"] and stamp["problems"]


def test_revoking_the_signer_refuses_later_signatures_and_earlier_ones_still_validate(world, make_plan, timestamps, api, client):
    earlier = drive(make_plan(), world, "submit", "approve", "sign", "issue")
    later = drive(make_plan(), world, "submit", "approve")

    call_command("revoke_certificate", user="signer", reason="Thôi giữ chức vụ", stdout=io.StringIO())

    refused = api("signer").post(f"/api/plans/{later.pk}/actions/sign/", {"kind": "main", "password": PASSWORD}, format="json")
    assert refused.status_code == 400 and "đã bị thu hồi" in refused.json()["detail"]
    assert later.signatures.count() == 0
    crl = client.get("/pki/crl/pdf.crl")
    assert crl.status_code == 200 and crl["Content-Type"] == "application/pkix-crl"
    from cryptography import x509

    from approvals.models import CertificateRevocation

    listed = {format(entry.serial_number, "x") for entry in x509.load_der_x509_crl(crl.content)}
    assert {row.serial_number for row in CertificateRevocation.objects.filter(keypair__purpose="pdf")} <= listed and listed

    body = api("auditor").get(f"/api/plans/{earlier.pk}/verify/").json()
    assert body["ok"], body["problems"]  # validated as at signing, from the CRL embedded at issue
    assert [r["revocation"] for r in body["signatures"][:2]] == ["good", "good"]


def test_the_plan_page_shows_the_validation_report_of_each_signature(issued_with_timestamps, client, world):
    client.force_login(world["users"]["auditor"])
    page = client.get(f"/plans/{issued_with_timestamps.pk}/").content.decode()
    section = page[page.index('id="pdf-signatures"') :]
    assert section.count("PAdES B-LTA") == 2 and "Dấu thời gian của tệp" in section
    assert "Nguyễn Tiên Dũng → planflow — CA nội bộ (ký số PDF)" in section and "Dấu thời gian (RFC 3161)" in section
    assert "Chưa bị thu hồi khi ký" in section and "không hợp lệ" not in section
