"""X.509 certificates: the installation's own CA, the certificates it issues, and checking them.

A certificate names its owner in its subject: the common name (a person's full name, or the
organization's name) and a USER_ID attribute `planflow:user:<id>` or `planflow:organization:<id>`.
approvals.verify compares that identity with the signature record, so a certificate of someone
else put in a record is caught even though our CA issued it.

There are two CAs, one per key purpose (approvals.keys): the "json" CA and the keys it certifies
are Ed25519 (fast to make and to check, 64-byte signatures) and sign the approval desk's signature
records; the "pdf" CA and its keys are ECDSA P-256, and its certificates are signed with
ECDSA-with-SHA-256, because that is what PDF readers (Adobe Acrobat among them) validate in a PAdES
signature, and Ed25519 they do not. A certificate is signed with its CA's key: pure Ed25519, or
ECDSA over SHA-256. Lifetimes are long (CA 20 years, others 10) because a key is made once per
owner and purpose; approvals.keys explains rotation.
"""

import datetime as dt

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID

CA_LIFETIME = dt.timedelta(days=20 * 365)
CERTIFICATE_LIFETIME = dt.timedelta(days=10 * 365)
CA_COMMON_NAME = "planflow — CA nội bộ"
PDF_CA_COMMON_NAME = "planflow — CA nội bộ (ký số PDF)"  # another name than the json CA's: chains never mix them


def identity(owner_kind, owner_id):
    """The USER_ID a certificate of this owner carries: 'planflow:user:12', 'planflow:organization:3'."""
    return f"planflow:{'user' if owner_kind == 'person' else owner_kind}:{owner_id}"


def subject_name(common_name, uid=None, organization_name=None):
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, (common_name or "?")[:64])]
    if organization_name:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization_name[:64]))
    if uid:
        attributes.append(x509.NameAttribute(NameOID.USER_ID, uid))
    return x509.Name(attributes)


def _start(now):
    return now.astimezone(dt.UTC).replace(microsecond=0)  # X.509 times have whole seconds


def hash_for(signing_key):
    """The digest a certificate signed by `signing_key` uses: none for Ed25519, SHA-256 for ECDSA."""
    return None if isinstance(signing_key, Ed25519PrivateKey) else hashes.SHA256()


def self_signed_ca(private_key, now, installation_name="", common_name=CA_COMMON_NAME):
    """The CA certificate: self-signed, may sign certificates (and nothing below them)."""
    name = subject_name(common_name, organization_name=installation_name or None)
    start = _start(now)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + CA_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(private_key.public_key()), critical=False)
        .sign(private_key, algorithm=hash_for(private_key))
    )


def issue_certificate(ca_key, ca_certificate, public_key, subject, now, crl_url=None):
    """A certificate for `public_key` (a person or an organization), signed by the CA; `crl_url`:
    where the CA publishes its CRL (a CRL distribution point in the certificate)."""
    start = _start(now)
    builder = x509.CertificateBuilder()
    if crl_url:
        point = x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(crl_url)], relative_name=None, reasons=None, crl_issuer=None
        )
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    return (
        builder.subject_name(subject)
        .issuer_name(ca_certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(min(start + CERTIFICATE_LIFETIME, ca_certificate.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, algorithm=hash_for(ca_key))
    )


def _key_usage(cert_sign):
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,  # non-repudiation: the signer stands by the signed content
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def to_pem(certificate):
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def load_pem(text):
    """The certificate in `text`, or None if it is not a readable PEM certificate."""
    try:
        return x509.load_pem_x509_certificate((text or "").encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return None


def owner_identity(certificate):
    """The USER_ID of the certificate's subject ('planflow:user:12'), or None."""
    values = certificate.subject.get_attributes_for_oid(NameOID.USER_ID)
    return values[0].value if values else None


def common_name(certificate):
    values = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return values[0].value if values else "?"


def issued_by(certificate, ca_certificate):
    """True if `ca_certificate` issued `certificate` (issuer name and the CA's signature on it)."""
    try:
        certificate.verify_directly_issued_by(ca_certificate)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def valid_at(certificate, moment):
    return certificate.not_valid_before_utc <= moment <= certificate.not_valid_after_utc


def is_ca(certificate):
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False
