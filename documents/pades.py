"""PAdES signatures on the plan's PDF, with pyHanko: the signer's, then the organization's seal.

How the number gets into a PDF the signer signed without it
-----------------------------------------------------------
Nghị định 30 (Art. 15) numbers an electronic document after the competent person signed it, and
the clerk applies the organization's signature to that signed document. So the signer cannot sign
the final bytes, and must not sign again. We use the PDF mechanism made for exactly this, form
fields plus a certification signature:

1. When the signer's main signature is recorded, the document is rendered without number and
   date; where they belong (the "Số:" line, the date line and the Phụ lục reference) it leaves
   blank boxes. In one incremental update we add a read-only text field over each box (empty),
   an empty signature field for the seal, and the signer's signature as a *certification*
   signature (DocMDP, P=2: "only filling in forms and signing are allowed afterwards"), with a
   visible stamp. That file is stored (SignedDocument, stage "signed").
2. When the clerk issues, a second incremental update fills the number and date fields (their
   values and new appearance streams, drawn in the document's own serif, embedded: only digits and
   "/" are values; the "Số: " and "/KH-UBND" around the number are drawn in the same run)
   and signs the seal field with the organization's key (an approval signature, visible seal
   over the left third of the signer's stamp). That file is stored once (stage "issued") and
   served as it is.

Both signatures stay valid in any conforming reader: the changes after the certification are
exactly what P=2 permits (form filling and signing into a field that already existed when the
signer certified), and the seal covers the whole final file. pyHanko's difference analysis
checks the same thing when we verify (`validate`): anything else appended after a signature
(a changed page, a new annotation, text drawn over the number) makes it fail. Drawing the
number into the page content in an incremental update instead would break the signer's
signature in every reader; a number field the signer never saw would not be covered by the
certification's rules.
"""

import asyncio
import io
import re
import uuid
from functools import lru_cache

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import content, generic
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.attributes import CMSAttributeProvider, SignedAttributeProviderSpec
from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from . import field_fonts

SIGNER_FIELD = "ChuKyNguoiKy"
SEAL_FIELD = "ChuKyCoQuan"
MM = 72 / 25.4
SEAL_SIZE_PT = 30 * MM

# The resource names of the fonts the number and date fields draw in: the document's own serif,
# regular and italic, embedded (documents.field_fonts). Values are digits and "/" only.
FIELD_FONTS = {False: "/DocSerif", True: "/DocSerifIt"}
FIELD_VALUE = re.compile(r"^[0-9/]*$")
READ_ONLY, PRINT = 1, 4
ALIGN_Q = {"left": 0, "center": 1, "right": 2}
OPEN_PT = 10 * 72 / 25.4  # the room left for the number between "Số: " and "/KH-UBND" before issue
TIMESTAMP_TOKEN_BYTES = 6144  # an RFC 3161 token with the TSA's certificates (a few kB)


@lru_cache(maxsize=256)
def _signing_certificate_attribute(certificate_der):
    """The DER of the CMS signing-certificate-v2 attribute naming this certificate, as pyHanko makes
    it, encoded once per process: asn1crypto takes ~8 ms to build it and encode it again (three
    times) in every signature, a third of a signature's cost; loaded from DER it costs nothing."""
    attribute = simple_cms_attribute("signing_certificate_v2", as_signing_certificate_v2(asn1_x509.Certificate.load(certificate_der)))
    return attribute.dump()


class _EncodedAttribute(CMSAttributeProvider):
    def __init__(self, attribute_type, der):
        self.attribute_type = attribute_type
        self.der = der

    async def get_attribute(self, dry_run=False):
        return cms.CMSAttribute.load(self.der)


class _PadesSignedAttributes(SignedAttributeProviderSpec):
    """The signed attributes pyHanko's CAdES spec gives a PAdES signature without CAdES extras
    (commitment type, signer attributes, content timestamp; no signing-time: PAdES keeps the time in
    the signature dictionary's /M): the signing-certificate-v2 attribute, here pre-encoded.
    pyHanko adds content-type and message-digest itself. Only for PAdES (SigSeedSubFilter.PADES)."""

    def __init__(self, signing_cert):
        self.der = _signing_certificate_attribute(signing_cert.dump())

    def signed_attr_providers(self, data_digest, digest_algorithm):
        yield _EncodedAttribute("signing_certificate_v2", self.der)


class KeystoreSigner(signers.Signer):
    """A pyHanko signer over a key of approvals.keys (`signer_for_user` / `signer_for_organization`).

    The key store only signs messages (`sign(bytes)`), so a hardware token plugged in there signs
    PDFs too. pyHanko picks the mechanism from the certificate: Ed25519 (pure EdDSA over the CMS
    signed attributes), or ECDSA P-256 over their SHA-256."""

    PLACEHOLDER_LENGTH = {"Ed25519": 64}  # bytes of a signature, for pyHanko's size estimate

    def __init__(self, key_signer, ca_certificates):
        der = serialization.Encoding.DER
        certificate = asn1_x509.Certificate.load(
            x509.load_pem_x509_certificate(key_signer.certificate_pem.encode("ascii")).public_bytes(der)
        )
        chain = [asn1_x509.Certificate.load(c.public_bytes(der)) for c in ca_certificates]
        super().__init__(signing_cert=certificate, cert_registry=SimpleCertificateStore.from_certs(chain))
        self.key_signer = key_signer
        # Room for the CMS container in /Contents, so pyHanko need not sign a dry run first to
        # measure it (that doubled the signing time): the certificates it embeds plus the signed
        # attributes and the signature, with a wide margin.
        embedded = len(certificate.dump()) + sum(len(c.dump()) for c in chain)
        self.bytes_reserved = 2 * (2048 + embedded)  # pyHanko counts hex digits: an even number
        self.signed_attr_prov_spec = _PadesSignedAttributes(certificate)

    async def async_sign_raw(self, data, digest_algorithm, dry_run=False):
        if dry_run:
            return bytes(self.PLACEHOLDER_LENGTH.get(self.key_signer.algorithm, 72))
        return self.key_signer.sign(data)


class _PdfPage(content.PdfContent):
    """The first page of a PDF given as bytes, as stamp content (pyHanko's ImportedPdfPage reads a file)."""

    def __init__(self, data):
        super().__init__()
        self.data = data

    def render(self):
        xobject = self._ensure_writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
        name = "/Stamp" + uuid.uuid4().hex
        self.resources.xobject[name] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
        return name.encode("ascii") + b" Do"


def _stamp_style(stamp_pdf):
    return StaticStampStyle(background=_PdfPage(stamp_pdf), border_width=0, background_opacity=1.0)


def _rect(box):
    return (box.x1, box.y1, box.x2, box.y2)


def seal_box(signer_box):
    """Where the seal goes: a square over the left third of the signer's stamp (Nghị định 30, App. I)."""
    from .pdf import Box

    right = signer_box.x1 + signer_box.width / 3
    middle = (signer_box.y1 + signer_box.y2) / 2
    return Box(signer_box.page, right - SEAL_SIZE_PT, middle - SEAL_SIZE_PT / 2, right, middle + SEAL_SIZE_PT / 2)


# --- text fields -------------------------------------------------------------------------------


def _appearance(writer, width, height, blank, value, *, font_ref, font):
    """A form XObject drawing the blank's prefix, `value` and suffix in its box, as one run of text
    (the baseline a quarter em over the bottom, as the HTML box sits: templates/documents/print.css
    .pf-doc__blank). Empty, it draws the prefix and the suffix with room for the value between."""
    if not FIELD_VALUE.match(value):
        raise ValueError(f"field value {value!r}: only digits and '/'")
    size = blank.font_pt
    baseline = 0.25 * size
    runs = []  # (x, text)
    if value:
        text = f"{blank.prefix}{value}{blank.suffix}"
        text_width = font.width(text, size)
        if text_width > width:  # never clipped: a value wider than its box prints smaller
            size, text_width = size * width / text_width, width
        runs.append(({"left": 0, "center": (width - text_width) / 2, "right": width - text_width}[blank.align], text))
    elif blank.prefix or blank.suffix:
        gap = OPEN_PT
        before, after = font.width(blank.prefix, size), font.width(blank.suffix, size)
        x = {"left": 0, "center": (width - before - gap - after) / 2, "right": width - before - gap - after}[blank.align]
        runs += [(x, blank.prefix), (x + before + gap, blank.suffix)]
    commands = b"/Tx BMC EMC"
    runs = [(x, text) for x, text in runs if text]
    if runs:
        shown = b" ".join(b"1 0 0 1 %.3f %.3f Tm %s Tj" % (x, baseline, font.encode(text)) for x, text in runs)
        commands = b"/Tx BMC q BT %s %g Tf 0 g %s ET Q EMC" % (FIELD_FONTS[blank.italic].encode(), size, shown)
    stream = generic.StreamObject(
        {
            pdf_name("/Type"): pdf_name("/XObject"),
            pdf_name("/Subtype"): pdf_name("/Form"),
            pdf_name("/BBox"): generic.ArrayObject(
                [generic.FloatObject(0), generic.FloatObject(0), generic.FloatObject(width), generic.FloatObject(height)]
            ),
            pdf_name("/Resources"): generic.DictionaryObject(
                {pdf_name("/Font"): generic.DictionaryObject({pdf_name(FIELD_FONTS[blank.italic]): font_ref})}
            ),
        },
        stream_data=commands,
    )
    return writer.add_object(stream)


def _acroform(writer, blanks):
    """The document's AcroForm dictionary, made (with the field fonts in /DR) when missing."""
    root = writer.root
    if "/AcroForm" in root:
        return root["/AcroForm"]
    fonts = generic.DictionaryObject()
    for italic in (False, True):
        text = "".join(blank.prefix + blank.suffix for blank in blanks if blank.italic == italic)
        fonts[pdf_name(FIELD_FONTS[italic])] = field_fonts.embed(writer, italic, text)
    form = generic.DictionaryObject(
        {
            pdf_name("/Fields"): generic.ArrayObject(),
            pdf_name("/DR"): generic.DictionaryObject({pdf_name("/Font"): fonts}),
            pdf_name("/DA"): pdf_string(f"{FIELD_FONTS[False]} 13 Tf 0 g"),
        }
    )
    root[pdf_name("/AcroForm")] = writer.add_object(form)
    writer.update_root()
    return root["/AcroForm"]


def _add_to_page(writer, page_index, annotation_ref):
    page_ref = writer.find_page_for_modification(page_index)[0]
    page = page_ref.get_object()
    raw = page.raw_get("/Annots") if "/Annots" in page else None
    if raw is None:
        page[pdf_name("/Annots")] = generic.ArrayObject([annotation_ref])
        writer.mark_update(page_ref)
    elif isinstance(raw, generic.IndirectObject):
        raw.get_object().append(annotation_ref)
        writer.mark_update(raw)
    else:
        raw.append(annotation_ref)
        writer.mark_update(page_ref)
    return page_ref


def _add_text_fields(writer, blanks, boxes):
    """An empty, read-only text field over the box of each blank (the number and date)."""
    form = _acroform(writer, blanks)
    font_refs = form["/DR"]["/Font"]
    fonts = {italic: field_fonts.FieldFont.read(font_refs.raw_get(FIELD_FONTS[italic])) for italic in (False, True)}
    for blank in blanks:
        box = boxes[f"field-{blank.name}"]
        resource = FIELD_FONTS[blank.italic]
        annotation = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): pdf_string(blank.name),
                pdf_name("/Ff"): generic.NumberObject(READ_ONLY),
                pdf_name("/F"): generic.NumberObject(PRINT),
                pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in _rect(box)),
                pdf_name("/DA"): pdf_string(f"{resource} {blank.font_pt:g} Tf 0 g"),
                pdf_name("/Q"): generic.NumberObject(ALIGN_Q[blank.align]),
                pdf_name("/V"): pdf_string(""),
                pdf_name("/Border"): generic.ArrayObject([generic.NumberObject(0)] * 3),
            }
        )
        appearance = _appearance(writer, box.width, box.height, blank, "", font_ref=font_refs.raw_get(resource), font=fonts[blank.italic])
        annotation[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): appearance})
        reference = writer.add_object(annotation)
        annotation[pdf_name("/P")] = _add_to_page(writer, box.page, reference)
        form["/Fields"].append(reference)
    writer.update_container(form["/Fields"])


# --- the two signatures ------------------------------------------------------------------------


def _certification(rendered, blanks, signer, *, stamp_pdf, name, location, reason, timestamper):
    """The writer with the empty number/date and seal fields, and the signer's certifying PdfSigner."""
    writer = IncrementalPdfFileWriter(io.BytesIO(rendered.data))
    _add_text_fields(writer, blanks, rendered.boxes)
    signer_box = rendered.boxes["stamp-signer"]
    seal = seal_box(signer_box)
    fields.append_signature_field(writer, SigFieldSpec(SEAL_FIELD, on_page=seal.page, box=_rect(seal)))
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNER_FIELD,
        certify=True,
        docmdp_permissions=MDPPerm.FILL_FORMS,
        subfilter=SigSeedSubFilter.PADES,
        name=name,
        location=location or None,
        reason=reason or None,
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer,
        timestamper=timestamper,
        stamp_style=_stamp_style(stamp_pdf),
        new_field_spec=SigFieldSpec(SIGNER_FIELD, on_page=signer_box.page, box=_rect(signer_box)),
    )
    return writer, pdf_signer


def certify_as_signer(rendered, blanks, signer, *, stamp_pdf, name, location="", reason="", timestamper=None):
    """The signer's certification signature over the rendered PDF (no number yet), in one
    incremental update with the empty number/date fields and the empty seal field. → bytes"""
    writer, pdf_signer = _certification(
        rendered, blanks, signer, stamp_pdf=stamp_pdf, name=name, location=location, reason=reason, timestamper=timestamper
    )
    return pdf_signer.sign_pdf(writer, bytes_reserved=_reserved(signer, timestamper)).getvalue()


def prepare_certification(rendered, blanks, certificate, chain, *, stamp_pdf, name, location="", reason="", timestamper=None):
    """The same certification, interrupted for a signature made elsewhere (the signer's device):
    → (prepared PDF bytes, PreparedByteRangeDigest, DER of the CMS signed attributes to sign)."""
    external = signers.ExternalSigner(
        signing_cert=certificate, cert_registry=SimpleCertificateStore.from_certs(chain), signature_value=bytes(72)
    )
    writer, pdf_signer = _certification(
        rendered, blanks, external, stamp_pdf=stamp_pdf, name=name, location=location, reason=reason, timestamper=timestamper
    )
    reserved = 2 * (2048 + len(certificate.dump()) + sum(len(c.dump()) for c in chain)) + (2 * TIMESTAMP_TOKEN_BYTES if timestamper else 0)

    async def prepare():
        prepared, _tbs, output = await pdf_signer.async_digest_doc_for_signing(writer, bytes_reserved=reserved)
        attributes = await external.signed_attrs(prepared.document_digest, "sha256", use_pades=True)
        return output.getvalue(), prepared, attributes.dump()

    return asyncio.run(prepare())


def finish_certification(prepared_pdf, prepared, signed_attributes, certificate, chain, signature_value, timestamper=None):
    """Embed the device's signature over `signed_attributes` into the prepared PDF → bytes."""
    external = signers.ExternalSigner(
        signing_cert=certificate, cert_registry=SimpleCertificateStore.from_certs(chain), signature_value=signature_value
    )
    signature_cms = asyncio.run(
        external.async_sign_prescribed_attributes("sha256", signed_attrs=cms.CMSAttributes.load(signed_attributes), timestamper=timestamper)
    )
    output = io.BytesIO(prepared_pdf)
    PdfTBSDocument.finish_signing(output, prepared, signature_cms)
    return output.getvalue()


def _reserved(signer, timestamper):
    """Room for the CMS container: the signer's estimate, plus a timestamp token when there is one."""
    return signer.bytes_reserved + (2 * TIMESTAMP_TOKEN_BYTES if timestamper else 0)


def _fill_text_fields(writer, values, blanks):
    """Put the values in the text fields, with new appearance streams (what P=2 allows)."""
    form = writer.root["/AcroForm"]
    font_refs = form["/DR"]["/Font"]
    fonts = {italic: field_fonts.FieldFont.read(font_refs.raw_get(FIELD_FONTS[italic])) for italic in (False, True)}
    by_name = {blank.name: blank for blank in blanks}
    for reference in form["/Fields"]:
        field = reference.get_object()
        name = str(field.get("/T", ""))
        if field.get("/FT") != "/Tx" or name not in values:
            continue
        blank = by_name[name]
        x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
        resource = FIELD_FONTS[blank.italic]
        appearance = _appearance(
            writer, x2 - x1, y2 - y1, blank, values[name], font_ref=font_refs.raw_get(resource), font=fonts[blank.italic]
        )
        field[pdf_name("/V")] = pdf_string(values[name])
        field[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): appearance})
        writer.mark_update(reference)
    missing = set(values) - {str(r.get_object().get("/T", "")) for r in form["/Fields"]}
    if missing:
        raise ValueError(f"the signed PDF has no field {', '.join(sorted(missing))}")


def seal_issued(signed_pdf, blanks, signer, *, stamp_pdf, name, location="", reason="", timestamper=None):
    """Fill the number and date into the signer's PDF and apply the organization's seal signature,
    in one incremental update. `blanks`: the layout's Blanks with their values. → bytes"""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    _fill_text_fields(writer, {blank.name: blank.value for blank in blanks}, blanks)
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD, subfilter=SigSeedSubFilter.PADES, name=name, location=location or None, reason=reason or None
    )
    pdf_signer = signers.PdfSigner(metadata, signer=signer, timestamper=timestamper, stamp_style=_stamp_style(stamp_pdf))
    return pdf_signer.sign_pdf(writer, existing_fields_only=True, bytes_reserved=_reserved(signer, timestamper)).getvalue()


def seal_field_size(signed_pdf):
    """(width, height) in points of the empty seal field of a signer-signed PDF."""
    reader = PdfFileReader(io.BytesIO(signed_pdf))
    for reference in reader.root["/AcroForm"]["/Fields"]:
        field = reference.get_object()
        if str(field.get("/T", "")) == SEAL_FIELD:
            x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
            return abs(x2 - x1), abs(y2 - y1)
    raise ValueError("the signed PDF has no seal field")


def field_values(reader):
    """{name: value} of the text fields of a PDF (a pyHanko PdfFileReader)."""
    values = {}
    if "/AcroForm" not in reader.root:
        return values
    for reference in reader.root["/AcroForm"]["/Fields"]:
        field = reference.get_object()
        if field.get("/FT") == "/Tx":
            values[str(field.get("/T", ""))] = str(field.get("/V", ""))
    return values
