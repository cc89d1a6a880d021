"""Timestamps and long-term validation of the plan's PDF signatures (PAdES B-T, B-LT, B-LTA).

With settings.PLANFLOW_TSA_URL set (an RFC 3161 time-stamping authority):
- every PDF signature carries a signature timestamp from that TSA (B-T): `timestamper()`;
- at issue, the issued PDF gets a DSS holding the certificates and CRLs that validate each of its
  signatures and their timestamps (B-LT), then a document timestamp over all of it (B-LTA):
  `archive(data, context)`. So the signatures still validate after their certificates expire or
  are revoked: the validator reads the CRL of the time of issue from the file.

Without it the signatures stay PAdES B-B, as before. Validation uses planflow's trust list
(approvals.trust: the installation's own PDF CA plus the imported CAs, the TSA's root among
them) and the internal CA's current CRL, never fetching anything.
"""

import io

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.validation import add_validation_info
from pyhanko_certvalidator import ValidationContext

from approvals.keys import pdf_trusted_ca_certificates
from approvals.trust import trust_anchors

TSA_TIMEOUT_SECONDS = 10


def tsa_url():
    return getattr(settings, "PLANFLOW_TSA_URL", "") or ""


def timestamper():
    """The RFC 3161 time stamper of PLANFLOW_TSA_URL, or None (no timestamps)."""
    url = tsa_url()
    return HTTPTimeStamper(url, timeout=TSA_TIMEOUT_SECONDS) if url else None


def asn1(certificate):
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def trusted_roots(keystore):
    """The trust list as asn1crypto certificates (the key store's PDF CAs + the imported ones)."""
    return [asn1(c) for c in trust_anchors(pdf_trusted_ca_certificates(keystore))]


def internal_crls(keystore):
    """The current CRLs of the key store's own CAs (a key store without CRLs: none)."""
    crl = getattr(keystore, "crl", None)
    data = crl() if crl else None
    return [data] if data else []


def validation_context(keystore, *, crls=None, moment=None):
    """A pyHanko validation context on the trust list and the given (or current internal) CRLs."""
    return ValidationContext(
        trust_roots=trusted_roots(keystore),
        crls=internal_crls(keystore) if crls is None else crls,
        allow_fetching=False,
        revocation_mode="hard-fail",
        moment=moment,
    )


def archive(data, context, stamper):
    """B-LT and B-LTA over signed PDF bytes: the DSS with the validation data of every signature
    (one incremental update each), then a document timestamp. → bytes"""
    reader = PdfFileReader(io.BytesIO(data))
    for index in range(len(reader.embedded_regular_signatures)):
        embedded = PdfFileReader(io.BytesIO(data)).embedded_regular_signatures[index]
        data = add_validation_info(embedded, context).getvalue()
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    return PdfTimeStamper(stamper).timestamp_pdf(writer, "sha256", validation_context=context).getvalue()
