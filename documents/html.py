"""The layout as HTML: the page WeasyPrint turns into the PDF (the plan page includes the same body)."""

from django.template.loader import render_to_string


def document_html(layout, *, content_hash="", for_signing=False):
    """A whole HTML page of the document (styles come separately: documents.pdf)."""
    context = {"doc": layout, "content_hash": content_hash, "for_print": True, "for_signing": for_signing}
    return render_to_string("documents/document.html", context)
