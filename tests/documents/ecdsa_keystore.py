"""A key store like a hardware token's (approvals.keys interface) with ECDSA P-256 keys, for tests:
its signers only `sign(message)`; the CA and the keys live in memory for the test run."""

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from approvals import certificates
from approvals.models import KeyPair

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _certificate(subject, issuer, public_key, signing_key, ca):
    usage = x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(usage, critical=True)
        .sign(signing_key, hashes.SHA256())
    )


CA_KEY = ec.generate_private_key(ec.SECP256R1())
CA_NAME = certificates.subject_name("Token CA (test)")
CA_CERTIFICATE = _certificate(CA_NAME, CA_NAME, CA_KEY.public_key(), CA_KEY, ca=True)
_KEYS = {}


@dataclass
class TokenSigner:
    key: object
    certificate_pem: str
    algorithm: str = "ECDSA-P256-SHA256"

    def sign(self, message):
        return self.key.sign(message, ec.ECDSA(hashes.SHA256()))


def _signer(owner_kind, owner_id, name):
    if (owner_kind, owner_id) not in _KEYS:
        key = ec.generate_private_key(ec.SECP256R1())
        subject = certificates.subject_name(name, uid=certificates.identity(owner_kind, owner_id))
        certificate = _certificate(subject, CA_NAME, key.public_key(), CA_KEY, ca=False)
        _KEYS[owner_kind, owner_id] = TokenSigner(key, certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"))
    return _KEYS[owner_kind, owner_id]


class EcdsaKeyStore:
    def signer_for_user(self, user):
        return _signer(KeyPair.Owner.PERSON, user.pk, user.get_full_name())

    def signer_for_organization(self, organization):
        return _signer(KeyPair.Owner.ORGANIZATION, organization.pk, organization.name)

    def trusted_ca_certificates(self):
        return [CA_CERTIFICATE]

    def owner_identity(self, certificate):
        return certificates.owner_identity(certificate)
