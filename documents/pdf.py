"""The layout as a PDF, with WeasyPrint.

`render_pdf(layout)` returns the bytes and where the blanks (number, date) and the signer's stamp
space landed: documents.pades puts form fields and the signature there. The stylesheet
(templates/documents/print.css plus the @font-face rules of documents.fonts) is parsed once
per thread and reused, with its font configuration. WeasyPrint's user-agent stylesheet is
replaced by its rules for the elements the documents use (user_agent.css, UA_ELEMENTS): the same
PDF, without matching the rest against every element.

WeasyPrint needs Debian's Pango (libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0) and a
font with Vietnamese glyphs (fonts-liberation2).
"""

import atexit
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.template.loader import render_to_string

from .fonts import font_face_css
from .html import document_html

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px (1/96 in); PDF user space is in points (1/72 in)

# The elements templates/documents/{document,_body,stamp_signer,stamp_seal}.html (and the `runs`
# filter, `linebreaksbr`) make, for which user_agent.css carries WeasyPrint's user-agent rules.
# tests/documents/test_pdf_user_agent.py fails when a template uses another one.
UA_ELEMENTS = frozenset(
    "html head meta title style body article section div span p br h3 h4 hr table colgroup col thead tbody tr th td em strong sup".split()
)

_local = threading.local()


@atexit.register
def _drop_stylesheets():
    """Free the cached font configuration while the interpreter still can (its finalizer needs cffi)."""
    getattr(_local, "stylesheets", {}).clear()


@dataclass(frozen=True)
class Box:
    """A rectangle on a page, in PDF points from the bottom-left corner (what pyHanko takes)."""

    page: int  # 0-based
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def width(self):
        return self.x2 - self.x1

    @property
    def height(self):
        return self.y2 - self.y1


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    boxes: dict  # element id ("field-so", "stamp-signer", …) → Box
    page_count: int


def _stylesheet(name):
    """(CSS, FontConfiguration) for this thread, made once: "document" (fonts and print.css) or "fonts"."""
    cache = getattr(_local, "stylesheets", None)
    if cache is None:
        cache = _local.stylesheets = {}
    if name not in cache:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        text = font_face_css()
        if name == "document":
            text += "\n" + render_to_string("documents/print.css")
        cache[name] = (CSS(string=text, font_config=font_config), font_config)
    return cache[name]


@cache
def _document_html_class():
    """weasyprint.HTML with user_agent.css as its user-agent stylesheet (parsed once per process)."""
    from weasyprint import CSS, HTML

    user_agent = CSS(string=Path(__file__).with_name("user_agent.css").read_text(encoding="utf-8"))

    class DocumentHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return super()._ua_stylesheets(forms) if forms else [user_agent]

    return DocumentHTML


def render_html_pdf(html, wanted=(), stylesheet="document"):
    """An HTML page (the document, a stamp) as (bytes, {id: Box}, page_count).

    `wanted`: element ids whose boxes to return; an entry ending in "-" is a prefix."""
    css, font_config = _stylesheet(stylesheet)
    document = _document_html_class()(string=html, base_url=None).render(stylesheets=[css], font_config=font_config)
    boxes = {}
    for index, page in enumerate(document.pages):
        height_pt = page.height * PX_TO_PT
        for name, (x1, y1, x2, y2) in page.anchors.items():
            if name in wanted or any(name.startswith(prefix) for prefix in wanted if prefix.endswith("-")):
                boxes[name] = Box(index, x1 * PX_TO_PT, height_pt - y2 * PX_TO_PT, x2 * PX_TO_PT, height_pt - y1 * PX_TO_PT)
    data = document.write_pdf(custom_metadata=True)
    return data, boxes, len(document.pages)


def render_pdf(layout, *, content_hash="", for_signing=False):
    """The document as a PDF. `for_signing`: the signature space stays empty for the signer's stamp."""
    html = document_html(layout, content_hash=content_hash, for_signing=for_signing)
    data, boxes, pages = render_html_pdf(html, wanted=("field-", "stamp-signer"))
    return RenderedPdf(data=data, boxes=boxes, page_count=pages)


VIETNAMESE = "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY aăâbcdđeêghiklmnoôơpqrstuưvxy àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ 0123456789 “”–"
WARM_UP_HTML = f"""<html lang="vi"><body><article class="pf-doc">
<table class="pf-doc__head"><tr><td class="pf-doc__body-col"><div class="pf-doc__issuer">{VIETNAMESE}</div>
<hr class="pf-doc__rule pf-doc__rule--short"></td><td class="pf-doc__nation-col"><div class="pf-doc__date">{VIETNAMESE}</div></td></tr></table>
<h3>{VIETNAMESE}</h3><p>{VIETNAMESE} <span style="font-weight: bold">{VIETNAMESE}</span>
<span style="font-style: italic">{VIETNAMESE}</span> <span style="font-weight: bold; font-style: italic">{VIETNAMESE}</span></p>
<section class="pf-doc__annex"><table class="pf-doc__table"><thead><tr><th>{VIETNAMESE}</th></tr></thead>
<tbody><tr><td>{VIETNAMESE}<br>{VIETNAMESE}</td></tr></tbody></table></section></article></body></html>"""
STAMP_WARM_UP_HTML = f"""<html lang="vi"><body><div style="border: 1pt solid #0d3fa6; border-radius: 3pt; letter-spacing: 0.3pt">
<span style="font-weight: bold">{VIETNAMESE}</span> {VIETNAMESE}</div></body></html>"""


def warm_up():
    """Do once, before a process's first request, what its first PDF would otherwise pay for on the
    signing path: a fresh process's first render + sign of a 7-page plan took 0.74-1.16 s of CPU, the
    next ones ~0.21 s (imports, Pango and fontconfig loading the document fonts, cffi's types, the
    stylesheets, first shaping of each face); after warm_up (~0.65 s) the first one takes ~0.26 s.
    Renders the document's parts in each face (the elements of UA_ELEMENTS only) and a stamp.
    config/gunicorn.conf.py calls it in each worker (post_worker_init)."""
    from . import pades  # noqa: F401  (pyHanko and asn1crypto imported)

    render_html_pdf(WARM_UP_HTML)
    render_html_pdf(STAMP_WARM_UP_HTML, stylesheet="fonts")
