"""The signed PDFs: the signer certifies a PDF without number; issue fills number and date in and adds
the organization's seal; both signatures validate against our P-256 PDF CA; any other change is caught."""

import io

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from approvals.certificates import identity, owner_identity
from approvals.keys import PDF, ca_keypair, get_keystore, pdf_trusted_ca_certificates
from approvals.models import KeyPair, Signature
from config.refusals import ConditionsUnmet
from documents import pades
from documents.models import SignedDocument
from documents.verify import verify_issued_pdf
from tests.documents.conftest import drive, overwrite_stored, pdf_text, squeeze


def stored(plan, stage):
    document = SignedDocument.objects.get(plan=plan, stage=stage)
    with document.file.open("rb") as handle:
        return document, handle.read()


def as_asn1(certificates):
    der = serialization.Encoding.DER
    return [asn1_x509.Certificate.load(c.public_bytes(der)) for c in certificates]


def our_pdf_ca():
    """The installation's ECDSA P-256 CA alone (not the Ed25519 CA also trusted for older PDFs)."""
    return as_asn1([x509.load_pem_x509_certificate(ca_keypair(PDF).certificate_pem.encode())])


def validate_all(data, roots=None):
    reader = PdfFileReader(io.BytesIO(data))
    trust = roots or our_pdf_ca()
    return {s.field_name: (s, validate_pdf_signature(s, ValidationContext(trust_roots=trust))) for s in reader.embedded_signatures}


def test_the_signer_certifies_a_pdf_without_number(world, make_plan, signed_pdfs, tmp_path):
    plan = drive(make_plan(), world, "submit", "approve", "sign")
    document, data = stored(plan, "signed")
    assert document.signature == Signature.objects.get(plan=plan, kind="main")
    [(embedded, status)] = validate_all(data).values()
    assert embedded.field_name == pades.SIGNER_FIELD
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert embedded.docmdp_level == MDPPerm.FILL_FORMS  # certified: only form filling and signing may follow
    fields = pades.field_values(PdfFileReader(io.BytesIO(data)))
    assert fields == {"so": "", "ngay": "", "thang": "", "nam": "", "so_phu_luc": "", "ngay_phu_luc": ""}
    text = squeeze(pdf_text(data, tmp_path))
    assert squeeze("Số: /KH-UBND") in text and "DỰTHẢO" not in text
    assert squeeze("Nguyễn Tiên Dũng") in text and squeeze("ĐÃ KÝ SỐ") in text  # the stamp, in Vietnamese


def test_issue_fills_the_number_and_adds_the_seal_both_valid(issued_plan, tmp_path, api):
    plan = issued_plan
    signed, signed_bytes = stored(plan, "signed")
    issued, data = stored(plan, "issued")
    assert data.startswith(signed_bytes)  # incremental: the signer's bytes are untouched
    results = validate_all(data)
    assert set(results) == {pades.SIGNER_FIELD, pades.SEAL_FIELD}
    signer, signer_status = results[pades.SIGNER_FIELD]
    seal, seal_status = results[pades.SEAL_FIELD]
    for status in (signer_status, seal_status):
        assert status.intact and status.valid and status.trusted and status.docmdp_ok and status.bottom_line
    assert signer_status.modification_level == ModificationLevel.FORM_FILLING  # number, date and seal: nothing else
    assert seal_status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    owners = {name: owner_identity(x509.load_der_x509_certificate(s.signer_cert.dump())) for name, (s, _) in results.items()}
    assert owners == {
        pades.SIGNER_FIELD: identity(KeyPair.Owner.PERSON, plan.signer_id),
        pades.SEAL_FIELD: identity(KeyPair.Owner.ORGANIZATION, plan.organization_id),
    }

    issued_on = plan.issued_on
    month = f"{issued_on.month:02d}" if issued_on.month < 3 else str(issued_on.month)
    assert squeeze("Số: 01/KH-UBND") in squeeze(pdf_text(data, tmp_path, 1, 1, layout=True))
    text = squeeze(pdf_text(data, tmp_path))
    for expected in [
        f"Ia H'Drai, ngày {issued_on.day:02d} tháng {month} năm {issued_on.year}",
        "Triển khai thực hiện Phong trào thi đua “Chung tay xóa nhà tạm, nhà dột nát” năm 2025",
        "Căn cứ Kế hoạch số 4754/KH-UBND ngày 31 tháng 12 năm 2024 của Ủy ban nhân dân tỉnh Kon Tum.",
        "Ủy ban nhân dân huyện Ia H'Drai ban hành Kế hoạch, cụ thể như sau:",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Tạo khí thế thi đua sôi nổi.",
        "- Thường trực Huyện ủy (b/c);",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "Tổng kinh phí: 50.000.000 đồng (Bằng chữ: Năm mươi triệu đồng chẵn).",
        "Chủ trì, phối hợp đôn đốc, kiểm tra.",  # the task, in the body where written (no annex)
    ]:
        assert squeeze(expected) in text, expected
    assert verify_issued_pdf(plan) == (True, [])

    response = api("auditor").get(f"/api/plans/{plan.pk}/document.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == data  # the stored file, as it is
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-01-KH-UBND.pdf"'


def _replace_stored(plan, data):
    document = SignedDocument.objects.get(plan=plan, stage="issued")
    overwrite_stored(document.file.name, data)


def test_a_byte_changed_in_the_stored_pdf_fails_verify_with_the_reason(issued_plan):
    _, signed_part = stored(issued_plan, "signed")
    _, data = stored(issued_plan, "issued")
    first_revision_end = signed_part.index(b"%%EOF")  # WeasyPrint's PDF, before the signer's update
    position = first_revision_end // 2  # inside the first revision: covered by both signatures
    changed = bytearray(data)
    changed[position] ^= 0x01
    _replace_stored(issued_plan, bytes(changed))
    ok, problems = verify_issued_pdf(issued_plan)
    assert not ok
    assert any("SHA-256 không khớp" in p for p in problems), problems
    assert any("Chữ ký số của người ký" in p for p in problems), problems  # pyHanko: the signed bytes changed
    assert any("Chữ ký số của cơ quan" in p for p in problems), problems


def test_content_drawn_after_the_seal_fails_verify(issued_plan):
    """An incremental update after the seal (here: an annotation over the number) breaks it."""
    _, data = stored(issued_plan, "issued")
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name, pdf_string

    note = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/FreeText"),
            pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (100, 700, 200, 720)]),
            pdf_name("/Contents"): pdf_string("99"),
            pdf_name("/DA"): pdf_string("/Helv 12 Tf 0 g"),
        }
    )
    page_ref = writer.find_page_for_modification(0)[0]
    page = page_ref.get_object()
    page[pdf_name("/Annots")] = generic.ArrayObject([*page.get("/Annots", []), writer.add_object(note)])
    writer.mark_update(page_ref)
    output = io.BytesIO()
    writer.write(output)
    _replace_stored(issued_plan, output.getvalue())
    ok, problems = verify_issued_pdf(issued_plan)
    assert not ok
    assert any("ghi thêm sau chữ ký số của cơ quan" in p for p in problems), problems


def test_a_pdf_that_cannot_be_made_refuses_the_signature(world, make_plan, signed_pdfs, monkeypatch):
    plan = drive(make_plan(), world, "submit", "approve")

    def broken(*args, **kwargs):
        raise OSError("phông chữ không đọc được")

    monkeypatch.setattr("documents.services.render_pdf", broken)
    with pytest.raises(ConditionsUnmet, match="Không tạo được bản PDF ký số"):
        drive(plan, world, "sign")
    assert not Signature.objects.filter(plan=plan).exists()
    assert not SignedDocument.objects.filter(plan=plan).exists()


def test_verify_of_an_issued_plan_without_its_pdf_says_so(world, make_plan):
    plan = drive(make_plan(), world, "submit", "approve", "sign", "issue")  # signed PDFs off
    ok, problems = verify_issued_pdf(plan)
    assert not ok and problems == ["Chưa có bản PDF ban hành có chữ ký số của kế hoạch này."]


def test_ecdsa_keys_from_a_token_keystore_sign_and_verify(world, make_plan, signed_pdfs, settings):
    """A key store whose signers only sign messages (an HSM, a USB token) with ECDSA P-256 — the
    algorithm every PDF reader validates — signs both signatures, and they verify."""
    settings.PLANFLOW_SIGNATURE_KEYSTORE = "tests.documents.ecdsa_keystore.EcdsaKeyStore"
    plan = drive(make_plan(), world, "submit", "approve", "sign", "issue")
    _, data = stored(plan, "issued")
    results = validate_all(data, roots=as_asn1(pdf_trusted_ca_certificates(get_keystore())))  # the token's CA
    assert set(results) == {pades.SIGNER_FIELD, pades.SEAL_FIELD}
    for embedded, status in results.values():
        assert status.bottom_line, status.pretty_print_details()
        assert embedded.signer_info["signature_algorithm"]["algorithm"].native == "sha256_ecdsa"
    assert verify_issued_pdf(plan) == (True, [])


def test_the_plan_verify_api_and_command_check_the_stored_pdf(issued_plan, api):
    """verify (API, page, audit_verify --plan) takes in the issued PDF's signatures: a changed byte
    makes signatures_ok false with pyHanko's reason, while the trail in the database stays intact."""
    from django.core.management import CommandError, call_command

    from documents.models import SignedDocument

    client = api("auditor")
    result = client.get(f"/api/plans/{issued_plan.pk}/verify/").json()
    assert {key: result[key] for key in ("ok", "chain_ok", "signatures_ok", "anchored", "problems")} == {
        "ok": True,
        "chain_ok": True,
        "signatures_ok": True,
        "anchored": False,
        "problems": [],
    }
    reports = {report["field"]: report for report in result["signatures"]}
    assert set(reports) == {"ChuKyNguoiKy", "ChuKyCoQuan"}  # no TSA here: no document timestamp
    for report in reports.values():  # PAdES B-B: no timestamp, the internal CA's current CRL
        assert report["ok"] and report["trusted"] and report["level"] == "B-B" and report["time_source"] == "claimed"
        assert report["revocation"] == "good" and report["chain"][-1] == "planflow — CA nội bộ (ký số PDF)"
    assert reports["ChuKyNguoiKy"]["coverage"] == "revision_then_form_filling"
    assert reports["ChuKyCoQuan"]["coverage"] == "whole_document"
    document = SignedDocument.objects.get(plan=issued_plan, stage=SignedDocument.Stage.ISSUED)
    data = bytearray(document.file.read())
    data[len(data) // 2] ^= 0x01
    overwrite_stored(document.file.name, bytes(data))

    result = client.get(f"/api/plans/{issued_plan.pk}/verify/").json()
    assert result["chain_ok"] and not result["signatures_ok"] and not result["ok"]
    assert "Tệp PDF ban hành đã bị thay đổi sau khi lưu (SHA-256 không khớp bản đã ghi)." in result["problems"]
    with pytest.raises(CommandError):
        call_command("audit_verify", plan=[issued_plan.pk])
    call_command("audit_verify")  # the full run without --documents checks the database trail only
    with pytest.raises(CommandError):
        call_command("audit_verify", documents=True)


def test_the_pre_encoded_signed_attributes_are_pyhankos_own(world):
    """KeystoreSigner hands pyHanko the signing-certificate-v2 attribute encoded once per process
    (building it with asn1crypto was a third of a signature's time): the signed attributes are the
    very bytes pyHanko's default PAdES attributes give, for the signer's and the seal's keys."""
    import asyncio

    from approvals.keys import pdf_signer_for_organization, pdf_signer_for_user

    keystore = get_keystore()
    digest = bytes(range(32))
    for key_signer in (pdf_signer_for_user(keystore, world["users"]["signer"]), pdf_signer_for_organization(keystore, world["district"])):
        signer = pades.KeystoreSigner(key_signer, pdf_trusted_ca_certificates(keystore))
        ours = asyncio.run(signer.signed_attrs(digest, "sha256", use_pades=True)).dump()
        signer.signed_attr_prov_spec = None  # pyHanko's CAdES/PAdES default
        assert asyncio.run(signer.signed_attrs(digest, "sha256", use_pades=True)).dump() == ours
