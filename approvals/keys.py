"""Signing keys and certificates of people and organizations, made on first use.

`get_keystore()` returns the configured key store, an object with these methods:

    signer_for_user(user)                -> Signer   a person's key (ký nháy, ký chính)
    signer_for_organization(org)         -> Signer   the organization's key (its seal at issue)
    trusted_ca_certificates()            -> [x509.Certificate]   the CAs whose certificates verify
    owner_identity(certificate)          -> str | None   'planflow:user:12' / 'planflow:organization:3'

and a `Signer` has `certificate_pem` (str), `algorithm` ("Ed25519" or "ECDSA-P256-SHA256") and
`sign(message: bytes) -> bytes`.

The default, `DatabaseKeyStore`, keeps everything in approvals.KeyPair rows:
- the installation's own CA: an Ed25519 key and a self-signed certificate, made on first use;
- for each signer and each organization: an Ed25519 key with a certificate issued by that CA,
  made the first time they sign (approvals.certificates says what the certificate holds).
Private keys are encrypted at rest with audit.keys' helper (AES-256-GCM under a key derived from
settings.SECRET_KEY with HKDF; the public key is the associated data, so a swapped public key
does not decrypt). Changing SECRET_KEY makes the stored keys unusable: signing then refuses with
a reason (KeyUnavailable), and existing signatures still verify (verification needs no secret).
A key is made once per owner (database constraints), so two concurrent first signatures end
with one key. Rotation (a lost key, a certificate past its 10 years) adds a revocation and a new
row: not built yet.

A hardware token plugs in here instead (an HSM, or the PKCS#11 USB tokens the Ban Cơ yếu Chính
phủ CA issues to officials): write a class with the four methods above and name it in
settings.PLANFLOW_SIGNATURE_KEYSTORE = "package.module.ClassName". Its signers call the token,
e.g. with python-pkcs11:

    key = session.get_key(ObjectClass.PRIVATE_KEY, KeyType.EC, label=...)        # or KeyType.EC_EDWARDS
    signature = key.sign(message, mechanism=Mechanism.ECDSA_SHA256)              # or Mechanism.EDDSA
    # ECDSA on a token gives r|s: convert with
    # cryptography.hazmat.primitives.asymmetric.utils.encode_dss_signature before returning it

and return the certificate stored on the token (CKO_CERTIFICATE, its DER value written as PEM).
`trusted_ca_certificates()` then returns that CA's certificates, and `owner_identity` maps a
token certificate's subject (e.g. its serial number) to 'planflow:user:<id>'. Nothing else
changes: signatures store their certificate, and approvals.verify checks Ed25519 and ECDSA P-256
signatures against it.
"""

from dataclasses import dataclass, field

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from audit.keys import _decrypt as decrypt_private_key
from audit.keys import _encrypt as encrypt_private_key

from . import certificates
from .models import KeyPair

DEFAULT_KEYSTORE = "approvals.keys.DatabaseKeyStore"
ALGORITHM = "Ed25519"
_RAW_PUBLIC = {"encoding": serialization.Encoding.Raw, "format": serialization.PublicFormat.Raw}
_RAW_PRIVATE = {
    "encoding": serialization.Encoding.Raw,
    "format": serialization.PrivateFormat.Raw,
    "encryption_algorithm": serialization.NoEncryption(),
}


class KeyUnavailable(Exception):
    """A stored private key cannot be used (SECRET_KEY changed, or the row was altered)."""


@dataclass
class Signer:
    """Signs with one stored key pair."""

    row: KeyPair
    algorithm: str = ALGORITHM
    certificate_pem: str = field(init=False)

    def __post_init__(self):
        self.certificate_pem = self.row.certificate_pem

    def sign(self, message):
        return _private_key(self.row).sign(message)


def _private_key(row):
    public_raw = bytes.fromhex(row.public_key)
    try:
        return Ed25519PrivateKey.from_private_bytes(decrypt_private_key(row.encrypted_private_key, public_raw))
    except (ImproperlyConfigured, ValueError) as error:
        raise KeyUnavailable(
            _("Không dùng được khóa ký đã lưu (%(owner)s): khóa bí mật của hệ thống đã đổi, hoặc khóa đã bị sửa.")
            % {"owner": certificates.common_name(certificates.load_pem(row.certificate_pem)) if row.certificate_pem else row.pk}
        ) from error


def _new_key():
    """A new Ed25519 key: (private key, public raw bytes, encrypted private key)."""
    private = Ed25519PrivateKey.generate()
    public_raw = private.public_key().public_bytes(**_RAW_PUBLIC)
    return private, public_raw, encrypt_private_key(private.private_bytes(**_RAW_PRIVATE), public_raw)


def _get_or_make(filters, make):
    """The KeyPair matching `filters`, made with `make()` (its other fields) if missing.

    Concurrent first calls: the database constraint lets one insert win; the others read it."""
    row = KeyPair.objects.filter(**filters).first()
    if row is not None:
        return row
    values = make()
    try:
        with transaction.atomic():
            return KeyPair.objects.create(**filters, **values)
    except IntegrityError:
        return KeyPair.objects.get(**filters)


def ca_keypair():
    """The installation's CA (made on first use)."""

    def make():
        private, public_raw, sealed = _new_key()
        name = getattr(settings, "PLANFLOW_INSTALLATION_NAME", "") or ""
        certificate = certificates.self_signed_ca(private, timezone.now(), installation_name=name)
        return {"public_key": public_raw.hex(), "encrypted_private_key": sealed, "certificate_pem": certificates.to_pem(certificate)}

    return _get_or_make({"owner_kind": KeyPair.Owner.CA}, make)


def _issued_keypair(filters, subject):
    def make():
        ca = ca_keypair()
        ca_certificate = certificates.load_pem(ca.certificate_pem)
        private, public_raw, sealed = _new_key()
        certificate = certificates.issue_certificate(_private_key(ca), ca_certificate, private.public_key(), subject, timezone.now())
        return {"public_key": public_raw.hex(), "encrypted_private_key": sealed, "certificate_pem": certificates.to_pem(certificate)}

    return _get_or_make(filters, make)


def person_keypair(user):
    """A signer's key pair and certificate (made the first time they sign)."""
    subject = certificates.subject_name(
        user.get_full_name() or user.get_username(), uid=certificates.identity(KeyPair.Owner.PERSON, user.pk)
    )
    return _issued_keypair({"owner_kind": KeyPair.Owner.PERSON, "user": user}, subject)


def organization_keypair(organization):
    """An issuing body's key pair and certificate: its digital seal (made at its first issue)."""
    subject = certificates.subject_name(
        organization.name,
        uid=certificates.identity(KeyPair.Owner.ORGANIZATION, organization.pk),
        organization_name=organization.name,
    )
    return _issued_keypair({"owner_kind": KeyPair.Owner.ORGANIZATION, "organization": organization}, subject)


class DatabaseKeyStore:
    """Keys in the database, encrypted at rest; certificates from the installation's own CA."""

    def signer_for_user(self, user):
        return Signer(person_keypair(user))

    def signer_for_organization(self, organization):
        return Signer(organization_keypair(organization))

    def trusted_ca_certificates(self):
        row = KeyPair.objects.filter(owner_kind=KeyPair.Owner.CA).first()  # verifying never makes a CA
        certificate = certificates.load_pem(row.certificate_pem) if row else None
        return [certificate] if certificate is not None else []

    def owner_identity(self, certificate):
        return certificates.owner_identity(certificate)


def get_keystore():
    path = getattr(settings, "PLANFLOW_SIGNATURE_KEYSTORE", "") or DEFAULT_KEYSTORE
    return import_string(path)()
