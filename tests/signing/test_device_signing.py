"""The signer's own device (issue 20, point 2): POST …/sign/prepare/ and …/sign/complete/ with a
SoftHSM2 key certified by a test CA that is not planflow's own, on the trust list and registered
to the signer; the main signature then issues, timestamped, and validates as PAdES B-LTA with that
CA as the root; a wrong signature, an unregistered certificate or another person are refused
and change nothing."""

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from approvals.models import PendingDeviceSignature, Signature
from approvals.trust import add_trusted, register_signer_certificate
from documents.models import SignedDocument
from tests.conftest import PASSWORD
from tests.documents.conftest import drive, pdf_text

from .pki import CertificateAuthority, name


class DeviceKey:
    """A P-256 key generated in the SoftHSM2 token, as on a signer's USB token."""

    def __init__(self, softhsm):
        import uuid

        from pkcs11 import Attribute, KeyType
        from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters

        from approvals.pkcs11_keys import TokenConfig, _session

        self.session = _session(TokenConfig(**{k: softhsm.env[f"PLANFLOW_PKCS11_{k.upper()}"] for k in ("module", "token", "pin")}))
        parameters = self.session.create_domain_parameters(
            KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True
        )
        public, self.private = parameters.generate_keypair(id=uuid.uuid4().bytes, label="device-signer", store=True)
        self.public_key = serialization.load_der_public_key(encode_ec_public_key(public))

    def sign(self, data):
        from pkcs11 import Mechanism

        raw = self.private.sign(hashlib.sha256(data).digest(), mechanism=Mechanism.ECDSA)
        return encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))


@pytest.fixture(scope="module")
def outside_ca():
    return CertificateAuthority("Test National Root CA")


@pytest.fixture
def device(world, softhsm, outside_ca):
    """The signer's device: a token key, its certificate from the outside CA (on the trust list,
    registered by the admin to the signer)."""
    key = DeviceKey(softhsm)
    certificate = outside_ca.issue(key.public_key, name("Nguyễn Tiên Dũng", "Test signing service"))
    key.pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    add_trusted("Test National Root CA", outside_ca.pem)
    register_signer_certificate(world["users"]["signer"], key.pem)
    return key


def _sign_on_device(api, plan, device, user="signer"):
    client = api(user)
    prepared = client.post(f"/api/plans/{plan.pk}/sign/prepare/", {"certificate_chain": [device.pem]}, format="json")
    assert prepared.status_code == 201, prepared.json()
    body = prepared.json()
    answer = {
        "id": body["id"],
        "record_signature": base64.b64encode(device.sign(base64.b64decode(body["record"]))).decode(),
        "pdf_signature": base64.b64encode(device.sign(base64.b64decode(body["pdf"]))).decode(),
        "password": PASSWORD,
    }
    return client, answer


def test_prepare_and_complete_then_issue_validates_to_the_outside_root(world, make_plan, timestamps, device, api):
    plan = drive(make_plan(), world, "submit", "approve")
    client, answer = _sign_on_device(api, plan, device)
    completed = client.post(f"/api/plans/{plan.pk}/sign/complete/", answer, format="json")
    assert completed.status_code == 200, completed.json()
    main = Signature.objects.get(plan=plan, kind="main")
    assert main.certificate_pem == device.pem and main.algorithm == "ECDSA-P256-SHA256"
    assert not PendingDeviceSignature.objects.exists()
    history = api("auditor").get(f"/api/plans/{plan.pk}/history/").json()["results"]
    assert history[-1]["action"] == "sign_main" and history[-1]["kind"] == "signature"  # the same audit event as `sign`

    issued = api("clerk").post(f"/api/plans/{plan.pk}/actions/issue/", {}, format="json")
    assert issued.status_code == 200, issued.json()
    body = api("auditor").get(f"/api/plans/{plan.pk}/verify/").json()
    assert body["ok"], body["problems"]
    signer = body["signatures"][0]
    assert signer["chain"] == ["Nguyễn Tiên Dũng", "Test National Root CA"] and signer["level"] == "B-LTA"
    assert signer["time_source"] == "timestamp"


def test_a_wrong_device_signature_is_refused_and_changes_nothing(world, make_plan, signed_pdfs, device, api, unchanged):
    plan = drive(make_plan(), world, "submit", "approve")
    client, answer = _sign_on_device(api, plan, device)
    forged = {**answer, "record_signature": answer["pdf_signature"]}  # a signature of the other data
    with unchanged():
        refused = client.post(f"/api/plans/{plan.pk}/sign/complete/", forged, format="json")
    assert refused.status_code == 400 and "record_signature" in refused.json()["errors"]
    assert not Signature.objects.filter(plan=plan).exists() and not SignedDocument.objects.filter(plan=plan).exists()


def test_an_unregistered_certificate_or_another_person_is_refused_at_prepare(
    world, make_plan, signed_pdfs, device, outside_ca, api, softhsm
):
    plan = drive(make_plan(), world, "submit", "approve")
    stranger = DeviceKey(softhsm)
    pem = outside_ca.issue(stranger.public_key, name("Người lạ")).public_bytes(serialization.Encoding.PEM).decode()
    refused = api("signer").post(f"/api/plans/{plan.pk}/sign/prepare/", {"certificate_chain": [pem]}, format="json")
    assert refused.status_code == 400 and "chưa được đăng ký" in refused.json()["detail"]
    not_signer = api("reviewer").post(f"/api/plans/{plan.pk}/sign/prepare/", {"certificate_chain": [device.pem]}, format="json")
    assert not_signer.status_code == 403
    garbage = api("signer").post(f"/api/plans/{plan.pk}/sign/prepare/", {"certificate_chain": ["not a certificate"]}, format="json")
    assert garbage.status_code == 400 and "certificate_chain" in garbage.json()["errors"]
    assert not PendingDeviceSignature.objects.exists()


def test_a_wrong_pdf_signature_is_refused_and_changes_nothing(world, make_plan, signed_pdfs, device, api, unchanged):
    plan = drive(make_plan(), world, "submit", "approve")
    client, answer = _sign_on_device(api, plan, device)
    forged = {**answer, "pdf_signature": answer["record_signature"]}
    with unchanged():
        refused = client.post(f"/api/plans/{plan.pk}/sign/complete/", forged, format="json")
    assert refused.status_code == 400 and "pdf_signature" in refused.json()["errors"]
    assert not Signature.objects.filter(plan=plan).exists() and not SignedDocument.objects.filter(plan=plan).exists()


def test_a_tuq_plan_signed_on_the_device_needs_a_grant_and_prints_its_position(world, make_plan, signed_pdfs, device, api, head, tmp_path):
    """The device path checks the signing grant as `sign` does (already at prepare), and the record
    and the PDF print the position the grant words."""
    import datetime

    from plans.delegation import grant

    plan = drive(make_plan(signing_authority="TUQ."), world, "submit", "approve")
    refused = api("signer").post(f"/api/plans/{plan.pk}/sign/prepare/", {"certificate_chain": [device.pem]}, format="json")
    assert refused.status_code == 403 and "không có ủy quyền ký" in refused.json()["detail"]
    assert not PendingDeviceSignature.objects.exists()

    today = datetime.date.today()
    grant(
        head,
        world["district"],
        kind="TUQ.",
        grantee=world["users"]["signer"],
        plan=plan,
        position="CHÁNH VĂN PHÒNG",
        valid_from=today,
        valid_until=today,
    )
    client, answer = _sign_on_device(api, plan, device)
    completed = client.post(f"/api/plans/{plan.pk}/sign/complete/", answer, format="json")
    assert completed.status_code == 200, completed.json()
    assert Signature.objects.get(plan=plan, kind="main").position == "CHÁNH VĂN PHÒNG"
    signed = SignedDocument.objects.get(plan=plan, stage=SignedDocument.Stage.SIGNED)
    assert "CHÁNH VĂN PHÒNG" in pdf_text(signed.file.read(), tmp_path)
