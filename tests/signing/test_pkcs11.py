"""Keys in a token, through PKCS#11 (issue 20, point 1): with PLANFLOW_SIGNATURE_KEYSTORE=pkcs11 the
signer's and the organization's keys are generated in a real SoftHSM2 token, never leave it, and
sign the records and both PDF signatures; the issued PDF and the records verify."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from approvals.keys import get_keystore
from approvals.models import KeyPair, Signature
from approvals.pkcs11_keys import Pkcs11KeyStore, token_config
from approvals.verify import verify_signatures
from documents.verify import verify_issued_pdf
from tests.documents.conftest import drive


def _token_objects():
    """What the token holds, read through the key store's own (logged-in) session."""
    from pkcs11 import Attribute, ObjectClass

    from approvals.pkcs11_keys import _session

    session = _session(token_config())
    keys = {
        bytes(key[Attribute.ID]): (key[Attribute.LABEL], key[Attribute.SENSITIVE], key[Attribute.EXTRACTABLE])
        for key in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})
    }
    certs = {bytes(c[Attribute.ID]): bytes(c[Attribute.VALUE]) for c in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})}
    return keys, certs


def test_sign_and_issue_with_keys_generated_in_the_token(world, make_plan, signed_pdfs, token_keystore):
    assert isinstance(get_keystore(), Pkcs11KeyStore)
    plan = drive(make_plan(), world, "submit", "approve", "sign", "issue")

    assert verify_issued_pdf(plan) == (True, [])
    assert verify_signatures(plan) == (True, [])  # the records (ECDSA P-256 from the token) too
    assert {s.algorithm for s in Signature.objects.filter(plan=plan)} == {"ECDSA-P256-SHA256"}
    keys, certs = _token_objects()
    rows = KeyPair.objects.exclude(owner_kind=KeyPair.Owner.CA)
    assert {(row.owner_kind, row.purpose) for row in rows} == {("person", "pdf"), ("organization", "pdf")}
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    for row in rows:  # the database holds where the key is, never the key
        assert row.encrypted_private_key.startswith("pkcs11:")
        key_id = bytes.fromhex(row.encrypted_private_key.removeprefix("pkcs11:"))
        label, sensitive, extractable = keys[key_id]
        assert sensitive and not extractable and label.startswith("planflow-")
        in_token = x509.load_der_x509_certificate(certs[key_id]).public_bytes(serialization.Encoding.PEM).decode()
        assert in_token == row.certificate_pem  # the certificate sits next to its key, as on a CA's token


def test_the_token_is_named_in_the_environment_or_a_file_never_the_database(tmp_path, monkeypatch):
    conf = tmp_path / "pkcs11.conf"
    pin = tmp_path / "pin"
    pin.write_text("9999\n")
    conf.write_text(f"# the token\nmodule = /usr/lib/softhsm/libsofthsm2.so\ntoken = planflow\npin_file = {pin}\n")
    assert token_config(f"pkcs11:{conf}").pin == "9999"
    for name in ("PLANFLOW_PKCS11_MODULE", "PLANFLOW_PKCS11_TOKEN", "PLANFLOW_PKCS11_PIN", "PLANFLOW_PKCS11_PIN_FILE"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ImproperlyConfigured, match="module, token, pin"):
        token_config("pkcs11")
