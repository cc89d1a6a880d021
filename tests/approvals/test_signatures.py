"""Real signatures: keys and certificates made once, signatures that verify, and every way a
signature record can be forged, replayed or left behind by a change made outside the system."""

import datetime as dt
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from approvals import certificates
from approvals.keys import ca_keypair
from approvals.models import KeyPair, Signature
from approvals.selectors import valid_main_signature
from approvals.signing import canonical
from approvals.verify import verify_signatures
from audit.models import AuditEvent
from config.refusals import ConditionsUnmet, InvalidInput
from plans.models import Section
from tests.approvals.conftest import raw
from tests.conftest import PASSWORD
from workflow.services import perform


def problems_of(plan):
    ok, problems = verify_signatures(plan)
    assert ok is (not problems)
    return problems


def the_signature(plan, kind):
    return Signature.objects.get(plan=plan, kind=kind)


# --- keys and certificates ------------------------------------------------------------------


def test_keys_and_certificates_are_made_once_and_reused(world, make_plan, issued_plan):
    u = world["users"]
    assert KeyPair.objects.filter(owner_kind="ca").count() == 1
    assert KeyPair.objects.filter(owner_kind="person", user=u["signer"]).count() == 1
    assert KeyPair.objects.filter(owner_kind="person", user=u["reviewer"]).count() == 1
    assert KeyPair.objects.filter(owner_kind="organization", organization=world["district"]).count() == 1
    keys_before = set(KeyPair.objects.values_list("pk", "public_key"))

    second = perform(make_plan(), "submit", u["drafter"])
    perform(second, "approve", u["reviewer"])
    perform(second, "sign", u["signer"], kind="main", password=PASSWORD)
    perform(second, "issue", u["clerk"])

    assert set(KeyPair.objects.values_list("pk", "public_key")) == keys_before  # nothing new
    first_main, second_main = the_signature(issued_plan, "main"), the_signature(second, "main")
    assert first_main.certificate_pem == second_main.certificate_pem
    assert the_signature(issued_plan, "seal").certificate_pem == the_signature(second, "seal").certificate_pem


def test_certificates_come_from_the_installation_ca_and_name_their_owner(world, issued_plan):
    ca = certificates.load_pem(ca_keypair().certificate_pem)
    assert certificates.is_ca(ca) and ca.issuer == ca.subject
    main = certificates.load_pem(the_signature(issued_plan, "main").certificate_pem)
    seal = certificates.load_pem(the_signature(issued_plan, "seal").certificate_pem)
    for certificate in (main, seal):
        assert certificates.issued_by(certificate, ca)
        assert not certificates.is_ca(certificate)
    assert certificates.owner_identity(main) == f"planflow:user:{world['users']['signer'].pk}"
    assert certificates.common_name(main) == "Nguyễn Tiên Dũng"
    assert certificates.owner_identity(seal) == f"planflow:organization:{world['district'].pk}"


def test_private_keys_are_encrypted_at_rest(world, signed_plan, settings):
    from cryptography.hazmat.primitives import serialization

    row = KeyPair.objects.get(owner_kind="person", user=world["users"]["signer"])
    assert "PRIVATE" not in row.encrypted_private_key and len(row.encrypted_private_key) > 64
    public = certificates.load_pem(row.certificate_pem).public_key()
    assert public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex() == row.public_key


def test_a_changed_secret_key_refuses_to_sign_and_changes_nothing(world, signing_plan, settings):
    u = world["users"]
    perform(signing_plan, "sign", u["reviewer"], kind="initial")  # the reviewer's key now exists
    settings.SECRET_KEY = "another-secret-key-entirely-" + "x" * 40
    before = (Signature.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ConditionsUnmet) as refused:
        perform(signing_plan, "sign", u["reviewer2"], kind="initial")  # makes a key: the CA's key is needed
    assert "khóa" in refused.value.message
    assert (Signature.objects.count(), AuditEvent.objects.count()) == before


def test_sign_with_kind_seal_is_invalid_input(world, signing_plan):
    with pytest.raises(InvalidInput):
        perform(signing_plan, "sign", world["users"]["signer"], kind="seal", password=PASSWORD)


def test_a_signature_signs_the_canonical_content_and_its_hash(world, signed_plan):
    from plans.content import content_hash, plan_content

    main = the_signature(signed_plan, "main")
    document = json.loads(main.signed_payload)
    assert document["content"] == plan_content(signed_plan)
    assert document["content_hash"] == content_hash(signed_plan) == main.content_hash
    assert document["plan"] == signed_plan.pk and document["kind"] == "main" and document["signer"] == world["users"]["signer"].pk
    assert canonical(document) == main.signed_payload.encode("utf-8")  # RFC 8785 text
    assert main.algorithm == "Ed25519" and len(bytes(main.signature_value)) == 64
    certificates.load_pem(main.certificate_pem).public_key().verify(bytes(main.signature_value), main.signed_payload.encode())


# --- verify ---------------------------------------------------------------------------------


def test_verify_is_true_for_an_untouched_issued_plan(issued_plan):
    assert verify_signatures(issued_plan) == (True, [])
    seal = json.loads(the_signature(issued_plan, "seal").signed_payload)
    assert seal["number"] == issued_plan.number == 1
    assert seal["issued_on"] == issued_plan.issued_on.isoformat()


def test_verify_names_the_section_changed_behind_the_systems_back(issued_plan):
    section = Section.objects.get(plan=issued_plan)
    raw("UPDATE plans_section SET body = %s WHERE id = %s", ["Nội dung bị sửa lén.", section.pk])
    problems = problems_of(issued_plan)
    changed = [p for p in problems if "nội dung kế hoạch đã thay đổi sau khi ký" in p]
    assert len(changed) == 3  # the initials, the main signature and the seal
    assert all("Mục 1: nội dung" in p for p in changed)
    assert any(p.startswith("Ký chính #") for p in changed)
    assert "không có chữ ký chính hợp lệ" in problems[-2] and "đóng dấu" in problems[-1]


def test_verify_reports_a_signature_row_copied_from_another_plan(world, make_plan, issued_plan):
    u = world["users"]
    other = perform(make_plan(), "submit", u["drafter"])
    perform(other, "approve", u["reviewer"])
    main = the_signature(issued_plan, "main")
    raw(
        "INSERT INTO approvals_signature (plan_id, review_round, signer_id, kind, authority, position, signer_name, signed_at, "
        "content_hash, algorithm, signature_value, certificate_pem, signed_payload) "
        "SELECT %s, review_round, signer_id, kind, authority, position, signer_name, signed_at, content_hash, algorithm, "
        "signature_value, certificate_pem, signed_payload FROM approvals_signature WHERE id = %s",
        [other.pk, main.pk],
    )
    problems = problems_of(other)
    assert any(f"được ký cho kế hoạch #{issued_plan.pk}, không phải kế hoạch #{other.pk}" in p and "sao chép" in p for p in problems)
    assert valid_main_signature(other) is None
    with pytest.raises(ConditionsUnmet):  # and the copy does not let the plan be issued
        perform(other, "issue", u["clerk"])


def test_verify_reports_a_swapped_certificate(world, issued_plan):
    main, initial = the_signature(issued_plan, "main"), the_signature(issued_plan, "initial")
    raw("UPDATE approvals_signature SET certificate_pem = %s WHERE id = %s", [initial.certificate_pem, main.pk])
    problems = problems_of(issued_plan)
    assert any(f"Ký chính #{main.pk}" in p and "chứng thư số là của “Phạm Thẩm Định”" in p and "đã bị thay" in p for p in problems)
    assert any(f"Ký chính #{main.pk}" in p and "chữ ký số không khớp" in p for p in problems)


def test_verify_reports_a_changed_content_hash(issued_plan):
    main = the_signature(issued_plan, "main")
    raw("UPDATE approvals_signature SET content_hash = %s WHERE id = %s", ["0" * 64, main.pk])
    problems = problems_of(issued_plan)
    assert any(f"Ký chính #{main.pk}" in p and "mã băm nội dung" in p and "đã bị sửa" in p for p in problems)


def test_verify_reports_a_changed_number_under_the_seal(issued_plan):
    raw("UPDATE plans_plan SET number = %s WHERE id = %s", [7, issued_plan.pk])
    problems = problems_of(issued_plan)
    assert any("số và ngày ban hành đã ký (1," in p and "(7," in p for p in problems)


def _foreign_certificate(owner_uid, private_key):
    """A certificate naming the right owner, but made by someone else's CA."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    ca_key = Ed25519PrivateKey.generate()
    ca = certificates.self_signed_ca(ca_key, now)
    # the forger copies our CA's name too: only the CA's signature on the certificate gives it away
    ours = certificates.load_pem(ca_keypair().certificate_pem)
    subject = certificates.subject_name("Nguyễn Tiên Dũng", uid=owner_uid)
    forged_ca = x509.CertificateBuilder(
        issuer_name=ours.subject,
        subject_name=ours.subject,
        public_key=ca_key.public_key(),
        serial_number=1,
        not_valid_before=ca.not_valid_before_utc,
        not_valid_after=ca.not_valid_after_utc,
    ).sign(ca_key, None)
    return certificates.issue_certificate(ca_key, forged_ca, private_key.public_key(), subject, now)


def test_verify_reports_a_forged_signature_made_with_a_certificate_from_another_ca(world, issued_plan):
    main = the_signature(issued_plan, "main")
    key = Ed25519PrivateKey.generate()
    forged = _foreign_certificate(f"planflow:user:{world['users']['signer'].pk}", key)
    value = key.sign(main.signed_payload.encode("utf-8"))  # a valid signature, but with the forger's key
    raw(
        "UPDATE approvals_signature SET certificate_pem = %s, signature_value = %s WHERE id = %s",
        [certificates.to_pem(forged), value, main.pk],
    )
    problems = problems_of(issued_plan)
    assert any(f"Ký chính #{main.pk}" in p and "không do CA của hệ thống cấp" in p for p in problems)


def test_verify_accepts_signatures_of_earlier_rounds_over_revised_content(world, signed_plan):
    from plans.services import update_plan
    from tests.conftest import plan_data

    u = world["users"]
    perform(signed_plan, "return_for_revision", u["signer"], comment="Sửa mục I")
    update_plan(signed_plan, u["drafter"], {"sections": [{"heading": "I. MỤC ĐÍCH", "body": "Nội dung mới."}]})
    plan = perform(signed_plan, "submit", u["drafter"])
    assert plan_data(world)["sections"][0]["body"] != "Nội dung mới."
    perform(plan, "approve", u["reviewer"])
    perform(plan, "approve", u["reviewer2"])
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    plan = perform(plan, "issue", u["clerk"])
    assert Signature.objects.filter(plan=plan, kind="main").count() == 2
    assert verify_signatures(plan) == (True, [])
    old = Signature.objects.get(plan=plan, kind="main", review_round=1)
    raw("UPDATE approvals_signature SET signed_at = %s WHERE id = %s", [old.signed_at - dt.timedelta(hours=1), old.pk])
    problems = problems_of(plan)  # an old signature is still checked on its own
    assert any(f"Ký chính #{old.pk}" in p and "thời điểm ký" in p for p in problems)


# --- issue needs a main signature that verifies ---------------------------------------------


def test_issue_refuses_a_main_signature_whose_bytes_were_altered(world, signed_plan):
    main = the_signature(signed_plan, "main")
    altered = bytearray(bytes(main.signature_value))
    altered[0] ^= 0xFF
    raw("UPDATE approvals_signature SET signature_value = %s WHERE id = %s", [bytes(altered), main.pk])
    events = AuditEvent.objects.filter(plan=signed_plan).count()
    with pytest.raises(ConditionsUnmet) as refused:
        perform(signed_plan, "issue", world["users"]["clerk"])
    reasons = refused.value.reasons
    assert reasons[0] == "Chưa có chữ ký chính hợp lệ trên nội dung hiện tại của kế hoạch."
    assert any(f"Ký chính #{main.pk}" in r and "chữ ký số không khớp" in r for r in reasons)
    signed_plan.refresh_from_db()
    assert signed_plan.state == "signing" and signed_plan.number is None
    assert not Signature.objects.filter(plan=signed_plan, kind="seal").exists()
    assert AuditEvent.objects.filter(plan=signed_plan).count() == events


def test_issue_refuses_a_main_signature_with_a_swapped_certificate_over_the_api(world, signed_plan, client):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    main, initial = the_signature(signed_plan, "main"), the_signature(signed_plan, "initial")
    raw("UPDATE approvals_signature SET certificate_pem = %s WHERE id = %s", [initial.certificate_pem, main.pk])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world['users']['clerk']).key}")
    response = api.post(f"/api/plans/{signed_plan.pk}/actions/issue/", {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "conditions_unmet"
    assert any("chứng thư số là của “Phạm Thẩm Định”" in reason for reason in body["reasons"])


# --- the plan's whole verification (audit.verify.trail, behind GET /api/plans/{id}/verify/) ---------


def test_the_audit_verification_reports_signature_problems(world, issued_plan):
    from audit.verify.trail import verify_plan

    assert verify_plan(issued_plan.pk).as_dict() == {
        "ok": True,
        "chain_ok": True,
        "signatures_ok": True,
        "anchored": False,
        "problems": [],
        "signatures": [],
    }
    section = Section.objects.get(plan=issued_plan)
    raw("UPDATE plans_section SET body = %s WHERE id = %s", ["Sửa lén.", section.pk])
    report = verify_plan(issued_plan.pk).as_dict()
    assert report["ok"] is False and report["signatures_ok"] is False
    assert any("Ký chính #" in p and "Mục 1: nội dung" in p for p in report["problems"])
