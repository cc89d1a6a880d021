"""planflow's trust list and the revocation of its own certificates.

Trust list: the installation's own PDF CA (approvals.keys) plus the CA certificates an admin
imported (TrustedCertificate: e.g. the national root CA, a remote signing service's CA, a
time-stamping authority's root). PDF signatures — a signer's own certificate signed on their own
device included — and timestamps are validated against it (documents.validation).

Revocation: `revoke(keypair, reason)` when a person leaves office (manage.py revoke_certificate).
The key then signs nothing more (approvals.keys refuses it), and the CA's CRL, published at
/pki/crl/<purpose>.crl (the URL every certificate of that CA names), lists it. A PDF signed before
keeps validating: its DSS carries the CRL of the time of issue, which did not list the certificate.
"""

import datetime as dt
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from . import certificates
from .models import CertificateRevocation, KeyPair, TrustedCertificate

CRL_LIFETIME = dt.timedelta(days=7)


def crl_url(purpose):
    """Where the CA of `purpose` publishes its CRL (named in each certificate it issues)."""
    return f"{settings.PLANFLOW_BASE_URL.rstrip('/')}/pki/crl/{purpose}.crl"


def fingerprint(certificate):
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def add_trusted(name, pem, note=""):
    """Put a CA certificate on the trust list (idempotent by fingerprint) → TrustedCertificate."""
    certificate = certificates.load_pem(pem)
    if certificate is None:
        raise ValueError("not a PEM certificate")
    row, _created = TrustedCertificate.objects.get_or_create(
        sha256=fingerprint(certificate), defaults={"name": name, "certificate_pem": certificates.to_pem(certificate), "note": note}
    )
    return row


def imported_anchors():
    """The admin-imported CA certificates that are trusted now."""
    rows = TrustedCertificate.objects.filter(active=True).only("certificate_pem")
    return [c for c in (certificates.load_pem(row.certificate_pem) for row in rows) if c is not None]


def trust_anchors(internal_cas):
    """The whole trust list: the installation's own PDF CA(s) given, then the imported ones."""
    seen, anchors = set(), []
    for certificate in [*internal_cas, *imported_anchors()]:
        if fingerprint(certificate) not in seen:
            seen.add(fingerprint(certificate))
            anchors.append(certificate)
    return anchors


def revocation_of(keypair):
    return CertificateRevocation.objects.filter(keypair=keypair).first()


def revoke(keypair, reason="", at=None):
    """Revoke the certificate of `keypair` (a person's or an organization's) → CertificateRevocation."""
    if keypair.owner_kind == KeyPair.Owner.CA:
        raise ValueError("a CA is not revoked through its own CRL")
    existing = revocation_of(keypair)
    if existing is not None:
        return existing
    certificate = certificates.load_pem(keypair.certificate_pem)
    return CertificateRevocation.objects.create(
        keypair=keypair, serial_number=format(certificate.serial_number, "x"), revoked_at=at or timezone.now(), reason=reason[:200]
    )


def build_crl(ca_key, ca_certificate, purpose, now=None):
    """The DER CRL of the CA of `purpose`: every revocation of its certificates, valid CRL_LIFETIME."""
    now = (now or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    revoked = CertificateRevocation.objects.filter(keypair__purpose=purpose).order_by("revoked_at", "id")
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_certificate.subject)
        .last_update(now)
        .next_update(now + CRL_LIFETIME)
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
    )
    for row in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(int(row.serial_number, 16))
            .revocation_date(row.revoked_at.astimezone(dt.UTC).replace(microsecond=0))
            .build()
        )
    return builder.sign(ca_key, certificates.hash_for(ca_key)).public_bytes(serialization.Encoding.DER)


def registered_identity(certificate):
    """'planflow:user:<id>' of the person an admin registered `certificate` to, or None."""
    from .models import SignerCertificate

    row = SignerCertificate.objects.filter(sha256=fingerprint(certificate)).only("user_id").first()
    return certificates.identity(KeyPair.Owner.PERSON, row.user_id) if row else None


def register_signer_certificate(user, pem):
    from .models import SignerCertificate

    certificate = certificates.load_pem(pem)
    if certificate is None:
        raise ValueError("not a PEM certificate")
    row, _created = SignerCertificate.objects.get_or_create(
        sha256=fingerprint(certificate), defaults={"user": user, "certificate_pem": certificates.to_pem(certificate)}
    )
    return row


def chain_problems(certificate, chain, moment):
    """Why `certificate` (with the intermediate `chain`) does not lead to a trust anchor and is not
    valid at `moment` — [] when it does (Vietnamese)."""
    from .keys import PDF, _stored_ca_certificates

    anchors = trust_anchors(_stored_ca_certificates([PDF]))
    current, path = certificate, [certificate]
    for _step in range(6):
        if any(certificates.issued_by(current, anchor) for anchor in anchors):
            break
        issuer = next((c for c in chain if certificates.issued_by(current, c)), None)
        if issuer is None:
            return [_("Chứng thư số của người ký không nối tới CA nào trong danh sách tin cậy của hệ thống.")]
        current = issuer
        path.append(current)
    else:
        return [_("Chuỗi chứng thư số quá dài.")]
    expired = [c for c in path if not certificates.valid_at(c, moment)]
    if expired:
        return [_("Chứng thư số “%(name)s” không có hiệu lực lúc ký.") % {"name": certificates.common_name(expired[0])}]
    return []
