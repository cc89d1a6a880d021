"""Keys in a hardware token, through PKCS#11 (python-pkcs11): `Pkcs11KeyStore`.

Selected with PLANFLOW_SIGNATURE_KEYSTORE — never from the database:

    PLANFLOW_SIGNATURE_KEYSTORE=pkcs11                 module, token and PIN from the environment:
        PLANFLOW_PKCS11_MODULE=/usr/lib/softhsm/libsofthsm2.so
        PLANFLOW_PKCS11_TOKEN=planflow                 the token's label
        PLANFLOW_PKCS11_PIN=…  or  PLANFLOW_PKCS11_PIN_FILE=/run/secrets/pkcs11-pin
    PLANFLOW_SIGNATURE_KEYSTORE=pkcs11:/etc/planflow/pkcs11.conf
        the same from a file of `module = …`, `token = …`, `pin = …` (or `pin_file = …`) lines

Each signer's and each organization's key is an ECDSA P-256 key generated in the token
(sensitive, never extractable): it signs both the approval desk's signature records and the PDF
(one key per owner; approvals.keys' module functions fall back to it for PDFs). Its certificate is
issued by the installation's PDF CA (approvals.keys, a key in the database, so the CA can
publish its CRL) and written to the token next to the key (CKO_CERTIFICATE, same CKA_ID), as a
token issued by a CA holds it; a KeyPair row (purpose pdf, no private key: `pkcs11:<id>`) records
the certificate for verification, the CRL and revocation, as for database keys.
"""

import hashlib
import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _

from . import certificates, trust
from .keys import (
    ALGORITHMS,
    JSON,
    PDF,
    KeyUnavailable,
    Signer,
    _get_or_make,
    _private_key,
    _stored_ca_certificates,
    _unrevoked,
    ca_crl,
    ca_keypair,
)
from .models import KeyPair

PREFIX = "pkcs11:"
_sessions = {}
_lock = threading.RLock()  # a signature holds it around the session it opens


@dataclass(frozen=True)
class TokenConfig:
    module: str
    token: str
    pin: str


def _read_file(path):
    values = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.lstrip().startswith("#"):
            values[key.strip().lower()] = value.strip()
    return values


def token_config(selector=None):
    """The module, token and PIN PLANFLOW_SIGNATURE_KEYSTORE names (environment or file)."""
    selector = selector if selector is not None else getattr(settings, "PLANFLOW_SIGNATURE_KEYSTORE", "")
    _kind, _sep, path = selector.partition(":")
    if path:
        values = _read_file(path)
    else:
        values = {key: os.environ.get(f"PLANFLOW_PKCS11_{key.upper()}", "") for key in ("module", "token", "pin", "pin_file")}
    if not values.get("pin") and values.get("pin_file"):
        values["pin"] = Path(values["pin_file"]).read_text(encoding="utf-8").strip()
    missing = [key for key in ("module", "token", "pin") if not values.get(key)]
    if missing:
        raise ImproperlyConfigured(f"PKCS#11 key store: missing {', '.join(missing)} (PLANFLOW_PKCS11_* or the file)")
    return TokenConfig(values["module"], values["token"], values["pin"])


def _session(config):
    """One read-write session per token and process, opened on first use."""
    import pkcs11

    with _lock:
        session = _sessions.get(config)
        if session is None:
            token = pkcs11.lib(config.module).get_token(token_label=config.token)
            session = _sessions[config] = token.open(user_pin=config.pin, rw=True)
        return session


def close_sessions():
    with _lock:
        for session in _sessions.values():
            session.close()
        _sessions.clear()


class TokenSigner:
    """Signs with a private key in the token: ECDSA P-256 over SHA-256, the DER (r, s) CMS wants."""

    algorithm = ALGORITHMS[PDF]

    def __init__(self, config, row):
        self.config = config
        self.row = row
        self.certificate_pem = row.certificate_pem
        self.key_id = bytes.fromhex(row.encrypted_private_key.removeprefix(PREFIX))

    def sign(self, message):
        from pkcs11 import KeyType, Mechanism, ObjectClass
        from pkcs11.exceptions import PKCS11Error

        try:
            with _lock:
                key = _session(self.config).get_key(ObjectClass.PRIVATE_KEY, KeyType.EC, id=self.key_id)
                # CKM_ECDSA over the SHA-256 digest: every token has it (SoftHSM2 lacks CKM_ECDSA_SHA256)
                raw = key.sign(hashlib.sha256(message).digest(), mechanism=Mechanism.ECDSA)
        except PKCS11Error as error:
            raise KeyUnavailable(_("Thiết bị ký (PKCS#11) không ký được: %(error)s") % {"error": type(error).__name__}) from error
        half = len(raw) // 2
        return encode_dss_signature(int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big"))


def _generate_in_token(config, label):
    """A new P-256 key pair in the token → (CKA_ID, cryptography public key)."""
    from pkcs11 import Attribute, KeyType
    from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters

    key_id = uuid.uuid4().bytes
    with _lock:
        session = _session(config)
        parameters = session.create_domain_parameters(
            KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True
        )
        public, _private = parameters.generate_keypair(
            id=key_id,
            label=label,
            store=True,
            private_template={Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False, Attribute.SIGN: True},
        )
        der = encode_ec_public_key(public)
    return key_id, serialization.load_der_public_key(der)


def _store_certificate_in_token(config, key_id, label, certificate):
    from pkcs11 import Attribute, CertificateType, ObjectClass

    with _lock:
        _session(config).create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.ID: key_id,
                Attribute.LABEL: label,
                Attribute.SUBJECT: certificate.subject.public_bytes(),
                Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER),
            }
        )


def _token_keypair(config, filters, subject, label):
    def make():
        ca = ca_keypair(PDF)
        key_id, public_key = _generate_in_token(config, label)
        certificate = certificates.issue_certificate(
            _private_key(ca), certificates.load_pem(ca.certificate_pem), public_key, subject, timezone.now(), crl_url=trust.crl_url(PDF)
        )
        _store_certificate_in_token(config, key_id, label, certificate)
        point = public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        return {
            "algorithm": ALGORITHMS[PDF],
            "public_key": point.hex(),
            "encrypted_private_key": PREFIX + key_id.hex(),  # no key material: where it is in the token
            "certificate_pem": certificates.to_pem(certificate),
        }

    return _get_or_make({**filters, "purpose": PDF}, make)


def _signer(config, row):
    """The token's signer; a key made in the database before the token came keeps signing there."""
    row = _unrevoked(row)
    return TokenSigner(config, row) if row.encrypted_private_key.startswith(PREFIX) else Signer(row)


class Pkcs11KeyStore:
    """Signers' and organizations' keys generated in a PKCS#11 token (see the module docstring)."""

    def __init__(self, config=None):
        self.config = config or token_config()

    def signer_for_user(self, user):
        subject = certificates.subject_name(
            user.get_full_name() or user.get_username(), uid=certificates.identity(KeyPair.Owner.PERSON, user.pk)
        )
        row = _token_keypair(self.config, {"owner_kind": KeyPair.Owner.PERSON, "user": user}, subject, f"planflow-user-{user.pk}")
        return _signer(self.config, row)

    def signer_for_organization(self, organization):
        subject = certificates.subject_name(
            organization.name,
            uid=certificates.identity(KeyPair.Owner.ORGANIZATION, organization.pk),
            organization_name=organization.name,
        )
        filters = {"owner_kind": KeyPair.Owner.ORGANIZATION, "organization": organization}
        row = _token_keypair(self.config, filters, subject, f"planflow-organization-{organization.pk}")
        return _signer(self.config, row)

    def trusted_ca_certificates(self):
        return _stored_ca_certificates([JSON, PDF])  # records signed before the token came keep verifying

    def pdf_trusted_ca_certificates(self):
        return _stored_ca_certificates([PDF])

    def owner_identity(self, certificate):
        return certificates.owner_identity(certificate)

    def pdf_certificates_of_user(self, user):
        rows = KeyPair.objects.filter(owner_kind=KeyPair.Owner.PERSON, user=user, purpose=PDF)
        return [row.certificate_pem for row in rows]

    def crl(self, purpose=PDF):
        return ca_crl(purpose)
