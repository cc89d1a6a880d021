"""The keys behind the PDF signatures: ECDSA P-256 under a P-256 CA (what PDF readers validate),
kept apart from the Ed25519 keys of the approval desk's signature records, which stay Ed25519."""

import io

from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.reader import PdfFileReader

from approvals import certificates
from approvals.keys import JSON, PDF, DatabaseKeyStore, ca_keypair, get_keystore
from approvals.models import KeyPair, Signature
from audit.record.keys import decrypt_private_key
from documents import pades
from documents.verify import verify_issued_pdf
from tests.documents.conftest import drive
from tests.documents.test_pades import as_asn1, stored, validate_all


def embedded_cms(data):
    """{field name: (digest algorithm, signature algorithm, signer certificate)} read from each
    signature's own CMS SignedData in /Contents (not from pyHanko's validation)."""
    found = {}
    for embedded in PdfFileReader(io.BytesIO(data)).embedded_signatures:
        signed_data = cms.ContentInfo.load(bytes(embedded.sig_object["/Contents"]))["content"]
        [signer_info] = signed_data["signer_infos"]
        sid = signer_info["sid"].chosen  # issuer and serial number of the signer's certificate
        [certificate] = [
            c.chosen
            for c in signed_data["certificates"]
            if c.chosen.issuer == sid["issuer"] and c.chosen.serial_number == sid["serial_number"].native
        ]
        found[embedded.field_name] = (
            signer_info["digest_algorithm"]["algorithm"].native,
            signer_info["signature_algorithm"]["algorithm"].native,
            certificate,
        )
    return found


def test_both_pdf_signatures_are_ecdsa_p256_sha256_trusted_by_the_p256_ca(issued_plan):
    _, data = stored(issued_plan, "issued")
    mechanisms = embedded_cms(data)
    assert set(mechanisms) == {pades.SIGNER_FIELD, pades.SEAL_FIELD}
    pdf_ca = x509.load_pem_x509_certificate(ca_keypair(PDF).certificate_pem.encode())
    for digest, mechanism, signer_cert in mechanisms.values():
        assert (digest, mechanism) == ("sha256", "sha256_ecdsa")
        certificate = x509.load_der_x509_certificate(signer_cert.dump())
        assert isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)
        assert certificate.public_key().curve.name == "secp256r1"
        assert certificate.signature_algorithm_oid == x509.oid.SignatureAlgorithmOID.ECDSA_WITH_SHA256
        assert certificates.issued_by(certificate, pdf_ca)
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    for _, status in validate_all(data).values():  # against the P-256 CA alone
        assert status.intact and status.valid and status.trusted and status.bottom_line
    assert verify_issued_pdf(issued_plan) == (True, [])


def test_the_pdf_ca_is_a_p256_ca_apart_from_the_ed25519_one(issued_plan):
    pdf_ca = x509.load_pem_x509_certificate(ca_keypair(PDF).certificate_pem.encode())
    json_ca = x509.load_pem_x509_certificate(ca_keypair(JSON).certificate_pem.encode())
    assert pdf_ca.public_key().curve.name == "secp256r1"
    assert pdf_ca.signature_algorithm_oid == x509.oid.SignatureAlgorithmOID.ECDSA_WITH_SHA256
    constraints = pdf_ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca
    usage = pdf_ca.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign and usage.crl_sign and not usage.digital_signature
    assert pdf_ca.subject != json_ca.subject
    _, data = stored(issued_plan, "issued")
    for _, status in validate_all(data, roots=as_asn1([json_ca])).values():  # the Ed25519 CA did not issue them
        assert not status.trusted


def test_the_signature_records_stay_ed25519_and_the_pdf_carries_the_p256_certificate(world, issued_plan):
    _, data = stored(issued_plan, "issued")
    main, seal = Signature.objects.get(plan=issued_plan, kind="main"), Signature.objects.get(plan=issued_plan, kind="seal")
    for record in (main, seal):
        assert record.algorithm == "Ed25519" and len(bytes(record.signature_value)) == 64
        assert certificates.issued_by(
            certificates.load_pem(record.certificate_pem), certificates.load_pem(ca_keypair(JSON).certificate_pem)
        )
    in_pdf = {name: cert for name, (_, _, cert) in embedded_cms(data).items()}
    pdf_row = KeyPair.objects.get(owner_kind="person", user=world["users"]["signer"], purpose=PDF)
    as_pem = x509.load_der_x509_certificate(in_pdf[pades.SIGNER_FIELD].dump()).public_bytes(serialization.Encoding.PEM).decode()
    assert as_pem.strip() == pdf_row.certificate_pem.strip() != main.certificate_pem.strip()


def test_one_key_per_owner_and_purpose_stored_encrypted(world, issued_plan, make_plan):
    signer, district = world["users"]["signer"], world["district"]
    assert KeyPair.objects.filter(owner_kind="ca").count() == 2
    for filters in ({"owner_kind": "person", "user": signer}, {"owner_kind": "organization", "organization": district}):
        assert sorted(KeyPair.objects.filter(**filters).values_list("purpose", "algorithm")) == [
            ("json", "Ed25519"),
            ("pdf", "ECDSA-P256-SHA256"),
        ]
    row = KeyPair.objects.get(owner_kind="person", user=signer, purpose=PDF)
    public = certificates.load_pem(row.certificate_pem).public_key()
    point = public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    assert row.public_key == point.hex() and len(row.public_key) == 130
    assert "PRIVATE" not in row.encrypted_private_key
    private = serialization.load_der_private_key(decrypt_private_key(row.encrypted_private_key, point), password=None)  # PKCS#8 DER
    assert private.public_key().public_numbers() == public.public_numbers()

    keys_before = set(KeyPair.objects.values_list("pk", "public_key"))
    drive(make_plan(), world, "submit", "approve", "sign", "issue")  # the same signer and organization again
    assert set(KeyPair.objects.values_list("pk", "public_key")) == keys_before


class Ed25519PdfKeyStore(DatabaseKeyStore):
    """A key store that signs PDFs with the json (Ed25519) keys instead of the PDF keys."""

    def pdf_signer_for_user(self, user):
        return self.signer_for_user(user)

    def pdf_signer_for_organization(self, organization):
        return self.signer_for_organization(organization)


def test_a_pdf_signed_with_the_ed25519_keys_is_not_trusted(world, make_plan, signed_pdfs, settings):
    """Only the PDF keys under the P-256 CA sign PDFs: a PDF signed with the signature records'
    Ed25519 keys does not verify (a format never released, with no compatibility kept for it)."""
    settings.PLANFLOW_SIGNATURE_KEYSTORE = "tests.documents.test_pdf_keys.Ed25519PdfKeyStore"
    plan = drive(make_plan(), world, "submit", "approve", "sign", "issue")
    _, data = stored(plan, "issued")
    assert {mechanism for _, mechanism, _ in embedded_cms(data).values()} == {"ed25519"}
    settings.PLANFLOW_SIGNATURE_KEYSTORE = ""  # today's key store checks it
    assert get_keystore().__class__ is DatabaseKeyStore
    ok, problems = verify_issued_pdf(plan)
    assert not ok and problems


def test_the_pdf_ca_certificate_command_prints_the_ca_that_issued_the_pdf_certificates(issued_plan):
    from django.core.management import call_command

    output = io.StringIO()
    call_command("pdf_ca_certificate", stdout=output)
    printed = x509.load_pem_x509_certificate(output.getvalue().encode())
    _, data = stored(issued_plan, "issued")
    for status in [status for _, status in validate_all(data, roots=as_asn1([printed])).values()]:
        assert status.trusted and status.bottom_line


def test_another_reader_shows_both_signatures_valid_and_trusted(issued_plan, tmp_path):
    """poppler's pdfsig (NSS, not pyHanko) with the P-256 CA as its one trusted root: both
    signatures valid and trusted; a byte changed in the signed part: both digests mismatch."""
    import subprocess

    (tmp_path / "ca.pem").write_text(ca_keypair(PDF).certificate_pem)
    store = f"sql:{tmp_path / 'nss'}"
    (tmp_path / "nss").mkdir()
    subprocess.run(["certutil", "-N", "-d", store, "--empty-password"], check=True, capture_output=True)
    subprocess.run(["certutil", "-A", "-d", store, "-n", "planflow-pdf-ca", "-t", "CT,C,C", "-i", tmp_path / "ca.pem"], check=True)
    _, signed_part = stored(issued_plan, "signed")
    _, data = stored(issued_plan, "issued")

    def pdfsig(pdf_bytes, name):
        path = tmp_path / name
        path.write_bytes(pdf_bytes)
        return subprocess.run(["pdfsig", "-nssdir", store, path], capture_output=True, text=True).stdout

    report = pdfsig(data, "issued.pdf")
    assert report.count("Signature Validation: Signature is Valid.") == 2, report
    assert report.count("Certificate Validation: Certificate is Trusted.") == 2, report
    assert report.count("Signing Hash Algorithm: SHA-256") == 2, report
    changed = bytearray(data)
    changed[signed_part.index(b"%%EOF") // 2] ^= 0x01  # in WeasyPrint's revision: covered by both signatures
    assert pdfsig(bytes(changed), "changed.pdf").count("Signature Validation: Digest Mismatch.") == 2
