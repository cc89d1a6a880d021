"""The installation's signing key for checkpoints (Ed25519, from `cryptography`).

`get_signer()` returns an object with two methods:

    public_key_hex() -> str          the raw 32-byte public key, in hex
    sign(message: bytes) -> bytes    a 64-byte Ed25519 signature

By default that is `DatabaseSigner`: the key is made on first use and kept in
audit.models.InstallationKey, its private half encrypted at rest with AES-256-GCM under a key
derived from settings.SECRET_KEY (HKDF-SHA256 with a random salt); the public key is the
authenticated data, so a swapped public key fails to decrypt. Changing SECRET_KEY therefore makes
the key unusable: rotate by adding a new key, never by editing the row (it is append-only).

A hardware token (HSM, or a PKCS#11 USB token issued by the Ban Cơ yếu Chính phủ CA) plugs in
here instead: write a class with the same two methods — e.g. with python-pkcs11,
`session.get_key(ObjectClass.PRIVATE_KEY, KeyType.EC_EDWARDS, label=…).sign(message,
mechanism=Mechanism.EDDSA)` and the matching public key's EC_POINT — and name it in
settings.PLANFLOW_AUDIT_SIGNER ("package.module.ClassName"). Nothing else changes: checkpoints
store the public key they were signed with, and verifiers check against it.
"""

import base64
import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from audit.models import InstallationKey

HKDF_INFO = b"planflow audit checkpoint signing key v1"
_RAW = {"encoding": serialization.Encoding.Raw, "format": serialization.PublicFormat.Raw}


def _wrapping_key(salt):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=HKDF_INFO).derive(settings.SECRET_KEY.encode("utf-8"))


def encrypt_private_key(private_raw, public_raw):
    """AES-256-GCM of a private key under a key derived from SECRET_KEY (HKDF, random salt), the public
    key as authenticated data: base64 of salt | nonce | ciphertext. approvals.keys keeps its keys so too."""
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_wrapping_key(salt)).encrypt(nonce, private_raw, public_raw)
    return base64.b64encode(salt + nonce + sealed).decode("ascii")


def decrypt_private_key(blob, public_raw):
    """The private key `encrypt_private_key` sealed; ImproperlyConfigured when SECRET_KEY changed."""
    data = base64.b64decode(blob)
    salt, nonce, sealed = data[:16], data[16:28], data[28:]
    try:
        return AESGCM(_wrapping_key(salt)).decrypt(nonce, sealed, public_raw)
    except InvalidTag as error:
        raise ImproperlyConfigured("Không giải mã được khóa ký của hệ thống: SECRET_KEY đã đổi, hoặc khóa đã bị sửa.") from error


def installation_key():
    """The InstallationKey row, made (once, even under concurrent first calls) if missing."""
    key = InstallationKey.objects.filter(name="installation").first()
    if key is not None:
        return key
    private = Ed25519PrivateKey.generate()
    public_raw = private.public_key().public_bytes(**_RAW)
    private_raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    try:
        with transaction.atomic():
            return InstallationKey.objects.create(
                name="installation", public_key=public_raw.hex(), encrypted_private_key=encrypt_private_key(private_raw, public_raw)
            )
    except IntegrityError:  # another process made it first
        return InstallationKey.objects.get(name="installation")


class DatabaseSigner:
    """Signs with the installation key kept (encrypted) in the database."""

    def __init__(self):
        self._row = installation_key()

    def public_key_hex(self):
        return self._row.public_key

    def sign(self, message):
        public_raw = bytes.fromhex(self._row.public_key)
        private = Ed25519PrivateKey.from_private_bytes(decrypt_private_key(self._row.encrypted_private_key, public_raw))
        return private.sign(message)


def get_signer():
    path = getattr(settings, "PLANFLOW_AUDIT_SIGNER", "") or "audit.record.keys.DatabaseSigner"
    return import_string(path)()


def signature_valid(public_key_hex, signature_hex, message):
    """True if `signature_hex` is a valid Ed25519 signature of `message` under `public_key_hex`."""
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def trusted_public_key_hex():
    """The public key checkpoints must be signed with: the configured signer's (no private key use)."""
    path = getattr(settings, "PLANFLOW_AUDIT_SIGNER", "") or "audit.record.keys.DatabaseSigner"
    if path == "audit.record.keys.DatabaseSigner":
        row = InstallationKey.objects.filter(name="installation").first()
        return row.public_key if row else None
    return import_string(path)().public_key_hex()
