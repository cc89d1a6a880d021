"""The visible stamps of the two signatures, drawn with WeasyPrint as one-page PDFs.

pyHanko's built-in stamp font has no Vietnamese letters, so the appearance of each signature is a
small PDF page rendered here in the document's serif and used by documents.pades as the
stamp's background, at the size of its box.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from .pdf import render_html_pdf


def signing_time_text(moment):
    """'05/03/2025 09:15:02 +07:00': the local time (Asia/Ho_Chi_Minh) with its offset, ISO 8601 style."""
    local = timezone.localtime(moment)
    offset = local.strftime("%z")
    return f"{local:%d/%m/%Y %H:%M:%S} {offset[:3]}:{offset[3:]}"


def signer_stamp(*, name, position, signed_at, width_pt, height_pt):
    html = render_to_string(
        "documents/stamp_signer.html",
        {
            "name": name,
            "position": position,
            "signed_at": signing_time_text(signed_at),
            "width_pt": f"{width_pt:.2f}",  # a string: the template must not localize the decimal point
            "height_pt": f"{height_pt:.2f}",
        },
    )
    return render_html_pdf(html, stylesheet="fonts")[0]


def seal_stamp(*, organization, signed_at, size_pt):
    html = render_to_string(
        "documents/stamp_seal.html",
        {"organization": organization, "signed_at": signing_time_text(signed_at), "size_pt": f"{size_pt:.2f}"},
    )
    return render_html_pdf(html, stylesheet="fonts")[0]
