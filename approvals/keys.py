"""Signing keys and certificates of people and organizations, made on first use.

`get_keystore()` returns the configured key store, an object with these methods:

    signer_for_user(user)                -> Signer   a person's key (ký nháy, ký chính)
    signer_for_organization(org)         -> Signer   the organization's key (its seal at issue)
    trusted_ca_certificates()            -> [x509.Certificate]   the CAs whose certificates verify
    owner_identity(certificate)          -> str | None   'planflow:user:12' / 'planflow:organization:3'

and a `Signer` has `certificate_pem` (str), `algorithm` ("Ed25519" or "ECDSA-P256-SHA256") and
`sign(message: bytes) -> bytes` (ECDSA: the DER-encoded (r, s) over SHA-256 of the message).

PDF signatures
--------------
The PAdES signatures of a plan's PDF (documents) are ECDSA P-256 with SHA-256: Adobe
Acrobat and most PDF readers do not validate Ed25519 in a PDF. A key store may therefore keep
other keys for PDFs, with four more methods:

    pdf_signer_for_user(user) / pdf_signer_for_organization(org)   -> Signer (ECDSA P-256)
    pdf_trusted_ca_certificates()        -> [x509.Certificate]   the CAs PDF signatures verify against
    pdf_certificates_of_user(user)       -> [str]                the PEM certificates of a signer's PDF keys

Callers go through the module functions of the same names (bottom of this file), which fall back
to the four methods above for a key store without them (a token whose key is P-256 already).

The default, `DatabaseKeyStore`, keeps everything in approvals.KeyPair rows, one per owner and
purpose ("json": Ed25519, signs the approval desk's signature records; "pdf": ECDSA P-256, signs
the PDF):
- per purpose, the installation's own CA: a key and a self-signed certificate, made on first use;
- for each signer and each organization: a key of the purpose with a certificate issued by that
  purpose's CA, made the first time they sign (approvals.certificates says what it holds).
Private keys are encrypted at rest with audit.record.keys' helper (AES-256-GCM under a key derived from
settings.SECRET_KEY with HKDF; the public key is the associated data, so a swapped public key
does not decrypt): the raw Ed25519 private key, or the P-256 key's PKCS#8 DER. Changing
SECRET_KEY makes the stored keys unusable: signing then refuses with a reason (KeyUnavailable),
and existing signatures still verify (verification needs no secret). A key is made once per
owner and purpose (database constraints), so two concurrent first signatures end with one key.
Rotation (a lost key, a certificate past its 10 years) adds a revocation and a new row: not
built yet.

A hardware token plugs in here instead: PLANFLOW_SIGNATURE_KEYSTORE=pkcs11 selects
approvals.pkcs11_keys.Pkcs11KeyStore (keys generated in a PKCS#11 token: an HSM, SoftHSM2 in the
tests), configured from the environment or a file, never from the database. Another store: write a
class with the four methods above and name it in PLANFLOW_SIGNATURE_KEYSTORE = "package.module.ClassName".
Its signers call the token, e.g. with python-pkcs11:

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

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from audit.record.keys import decrypt_private_key, encrypt_private_key

from . import certificates, trust
from .models import KeyPair

DEFAULT_KEYSTORE = "approvals.keys.DatabaseKeyStore"
JSON, PDF = KeyPair.Purpose.JSON, KeyPair.Purpose.PDF
ALGORITHMS = {JSON: "Ed25519", PDF: "ECDSA-P256-SHA256"}
ALGORITHM = ALGORITHMS[JSON]
CA_NAMES = {JSON: certificates.CA_COMMON_NAME, PDF: certificates.PDF_CA_COMMON_NAME}
_RAW_PUBLIC = {"encoding": serialization.Encoding.Raw, "format": serialization.PublicFormat.Raw}
_RAW_PRIVATE = {
    "encoding": serialization.Encoding.Raw,
    "format": serialization.PrivateFormat.Raw,
    "encryption_algorithm": serialization.NoEncryption(),
}
_POINT = {"encoding": serialization.Encoding.X962, "format": serialization.PublicFormat.UncompressedPoint}
_PKCS8_DER = {
    "encoding": serialization.Encoding.DER,
    "format": serialization.PrivateFormat.PKCS8,
    "encryption_algorithm": serialization.NoEncryption(),
}


class KeyUnavailable(Exception):
    """A stored private key cannot be used (SECRET_KEY changed, or the row was altered)."""


@dataclass
class Signer:
    """Signs with one stored key pair: Ed25519 (purpose json), or ECDSA P-256 over SHA-256 (pdf)."""

    row: KeyPair
    algorithm: str = field(init=False)
    certificate_pem: str = field(init=False)

    def __post_init__(self):
        self.algorithm = ALGORITHMS[self.row.purpose]
        self.certificate_pem = self.row.certificate_pem

    def sign(self, message):
        private = _private_key(self.row)
        if self.row.purpose == PDF:
            return private.sign(message, ec.ECDSA(hashes.SHA256()))  # DER-encoded (r, s), as CMS wants it
        return private.sign(message)


def _private_key(row):
    public_raw = bytes.fromhex(row.public_key)
    try:
        private_bytes = decrypt_private_key(row.encrypted_private_key, public_raw)
        if row.purpose == PDF:
            return serialization.load_der_private_key(private_bytes, password=None)
        return Ed25519PrivateKey.from_private_bytes(private_bytes)
    except (ImproperlyConfigured, ValueError) as error:
        raise KeyUnavailable(
            _("Không dùng được khóa ký đã lưu (%(owner)s): khóa bí mật của hệ thống đã đổi, hoặc khóa đã bị sửa.")
            % {"owner": certificates.common_name(certificates.load_pem(row.certificate_pem)) if row.certificate_pem else row.pk}
        ) from error


def _new_key(purpose):
    """A new key of `purpose`: (private key, public bytes, encrypted private key).

    json: Ed25519, the raw 32-byte public key, the raw private key sealed;
    pdf: ECDSA P-256, the 65-byte uncompressed X9.62 point, the PKCS#8 DER private key sealed."""
    if purpose == PDF:
        private = ec.generate_private_key(ec.SECP256R1())
        public = private.public_key().public_bytes(**_POINT)
        return private, public, encrypt_private_key(private.private_bytes(**_PKCS8_DER), public)
    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(**_RAW_PUBLIC)
    return private, public, encrypt_private_key(private.private_bytes(**_RAW_PRIVATE), public)


def _row_values(purpose, public, sealed, certificate):
    return {
        "algorithm": ALGORITHMS[purpose],
        "public_key": public.hex(),
        "encrypted_private_key": sealed,
        "certificate_pem": certificates.to_pem(certificate),
    }


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


def ca_keypair(purpose=JSON):
    """The installation's CA of `purpose` (made on first use)."""

    def make():
        private, public, sealed = _new_key(purpose)
        name = getattr(settings, "PLANFLOW_INSTALLATION_NAME", "") or ""
        certificate = certificates.self_signed_ca(private, timezone.now(), installation_name=name, common_name=CA_NAMES[purpose])
        return _row_values(purpose, public, sealed, certificate)

    return _get_or_make({"owner_kind": KeyPair.Owner.CA, "purpose": purpose}, make)


def _issued_keypair(filters, subject, purpose):
    def make():
        ca = ca_keypair(purpose)
        ca_certificate = certificates.load_pem(ca.certificate_pem)
        private, public, sealed = _new_key(purpose)
        certificate = certificates.issue_certificate(
            _private_key(ca), ca_certificate, private.public_key(), subject, timezone.now(), crl_url=trust.crl_url(purpose)
        )
        return _row_values(purpose, public, sealed, certificate)

    return _get_or_make({**filters, "purpose": purpose}, make)


def person_keypair(user, purpose=JSON):
    """A signer's key pair and certificate of `purpose` (made the first time they sign)."""
    subject = certificates.subject_name(
        user.get_full_name() or user.get_username(), uid=certificates.identity(KeyPair.Owner.PERSON, user.pk)
    )
    return _issued_keypair({"owner_kind": KeyPair.Owner.PERSON, "user": user}, subject, purpose)


def organization_keypair(organization, purpose=JSON):
    """An issuing body's key pair and certificate of `purpose`: its digital seal (made at its first issue)."""
    subject = certificates.subject_name(
        organization.name,
        uid=certificates.identity(KeyPair.Owner.ORGANIZATION, organization.pk),
        organization_name=organization.name,
    )
    return _issued_keypair({"owner_kind": KeyPair.Owner.ORGANIZATION, "organization": organization}, subject, purpose)


def _stored_ca_certificates(purposes):
    rows = KeyPair.objects.filter(owner_kind=KeyPair.Owner.CA, purpose__in=purposes)  # verifying never makes a CA
    found = {row.purpose: certificates.load_pem(row.certificate_pem) for row in rows}
    return [found[purpose] for purpose in purposes if found.get(purpose) is not None]


def _unrevoked(row):
    """`row`, unless its certificate was revoked: then nothing more is signed with it."""
    revocation = trust.revocation_of(row)
    if revocation is not None:
        raise KeyUnavailable(
            _("Chứng thư số của %(owner)s đã bị thu hồi ngày %(date)s: không ký được bằng chứng thư này nữa.")
            % {
                "owner": certificates.common_name(certificates.load_pem(row.certificate_pem)),
                "date": timezone.localtime(revocation.revoked_at).strftime("%d/%m/%Y"),
            }
        )
    return row


def ca_crl(purpose):
    """The DER CRL of the installation's CA of `purpose`, or None while that CA does not exist."""
    row = KeyPair.objects.filter(owner_kind=KeyPair.Owner.CA, purpose=purpose).first()
    if row is None:
        return None
    return trust.build_crl(_private_key(row), certificates.load_pem(row.certificate_pem), purpose)


class DatabaseKeyStore:
    """Keys in the database, encrypted at rest; certificates from the installation's own CAs."""

    def signer_for_user(self, user):
        return Signer(_unrevoked(person_keypair(user)))

    def signer_for_organization(self, organization):
        return Signer(_unrevoked(organization_keypair(organization)))

    def trusted_ca_certificates(self):
        return _stored_ca_certificates([JSON])

    def owner_identity(self, certificate):
        return certificates.owner_identity(certificate)

    # PDF signatures: ECDSA P-256 keys under the P-256 CA (see "PDF signatures" above).

    def pdf_signer_for_user(self, user):
        return Signer(_unrevoked(person_keypair(user, PDF)))

    def pdf_signer_for_organization(self, organization):
        return Signer(_unrevoked(organization_keypair(organization, PDF)))

    def crl(self, purpose=PDF):
        return ca_crl(purpose)

    def pdf_trusted_ca_certificates(self):
        return _stored_ca_certificates([PDF])

    def pdf_certificates_of_user(self, user):
        rows = KeyPair.objects.filter(owner_kind=KeyPair.Owner.PERSON, user=user, purpose=PDF)  # never makes one
        return [row.certificate_pem for row in rows]


def get_keystore():
    """The key store PLANFLOW_SIGNATURE_KEYSTORE selects: empty or "database" (the default), "pkcs11"
    or "pkcs11:<file>" (approvals.pkcs11_keys), or the dotted path of a class."""
    selector = getattr(settings, "PLANFLOW_SIGNATURE_KEYSTORE", "") or DEFAULT_KEYSTORE
    if selector == "database":
        selector = DEFAULT_KEYSTORE
    if selector == "pkcs11" or selector.startswith("pkcs11:"):
        from .pkcs11_keys import Pkcs11KeyStore, token_config

        return Pkcs11KeyStore(token_config(selector))
    return import_string(selector)()


# --- PDF signatures, with any key store ------------------------------------------------------
# A key store without the pdf_* methods (a token whose key already is ECDSA P-256) signs PDFs
# with its one key per owner and verifies them against its one set of CAs.


def pdf_signer_for_user(keystore, user):
    method = getattr(keystore, "pdf_signer_for_user", None)
    return method(user) if method else keystore.signer_for_user(user)


def pdf_signer_for_organization(keystore, organization):
    method = getattr(keystore, "pdf_signer_for_organization", None)
    return method(organization) if method else keystore.signer_for_organization(organization)


def pdf_trusted_ca_certificates(keystore):
    method = getattr(keystore, "pdf_trusted_ca_certificates", None)
    return method() if method else keystore.trusted_ca_certificates()


def pdf_certificates_of_user(keystore, user):
    """The PEM certificates of `user`'s PDF keys the key store knows, made by none ([] if it keeps none apart)."""
    method = getattr(keystore, "pdf_certificates_of_user", None)
    return list(method(user)) if method else []
