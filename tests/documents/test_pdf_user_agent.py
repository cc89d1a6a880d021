"""The PDFs are rendered with a cut-down copy of WeasyPrint's user-agent stylesheet
(documents/user_agent.css, for the elements in documents.pdf.UA_ELEMENTS): the output
must be byte for byte what WeasyPrint's own stylesheet gives, and the templates must not use an
element the copy has no rules for."""

import io
import re
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings as django_settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from documents import pdf, stamps
from documents.html import document_html
from documents.layout import document_layout
from documents.services import load
from plans.models import Plan

TEMPLATES = ["document.html", "_body.html", "stamp_signer.html", "stamp_seal.html"]
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")


def test_the_templates_use_only_elements_the_user_agent_copy_covers():
    used = set()
    for name in TEMPLATES:
        used |= {tag.lower() for tag in TAG.findall((Path(django_settings.BASE_DIR) / "templates" / "documents" / name).read_text())}
    used |= {"span", "br", "tbody"}  # the `runs` filter's blanks, `linebreaksbr`, the parser's implicit row groups
    assert used <= pdf.UA_ELEMENTS, f"add the user-agent rules of {sorted(used - pdf.UA_ELEMENTS)} to documents/user_agent.css"


def _signed(plan):
    signer = plan.signer
    return SimpleNamespace(
        authority=plan.signing_authority, position="PHÓ CHỦ TỊCH", signer_name=signer.get_full_name(), signed_at=timezone.now()
    )


def test_the_pdfs_are_the_same_as_with_weasyprints_own_user_agent_stylesheet(db, make_plan, monkeypatch, settings):
    settings.PLANFLOW_DEMO_PASSWORD = "mat-khau-trinh-dien"
    make_plan()
    call_command("loaddemo", stdout=io.StringIO())
    pages = []
    for plan in Plan.objects.select_related("signer").order_by("pk"):
        plan = load(plan)
        signature = _signed(plan)
        pages.append(document_html(document_layout(plan, signature), for_signing=True))
        pages.append(document_html(document_layout(plan, None)))  # a draft, with its mark
    moment = timezone.now()
    stamp_pages = [
        render_to_string(
            "documents/stamp_signer.html",
            {"name": "Nguyễn Tiên Dũng", "position": "PHÓ CHỦ TỊCH", "signed_at": stamps.signing_time_text(moment)}
            | {"width_pt": "198.43", "height_pt": "68.03"},
        ),
        render_to_string(
            "documents/stamp_seal.html",
            {"organization": "ỦY BAN NHÂN DÂN HUYỆN IA H'DRAI", "signed_at": stamps.signing_time_text(moment), "size_pt": "85.04"},
        ),
    ]
    ours = [pdf.render_html_pdf(page, wanted=("field-", "stamp-signer")) for page in pages]
    ours += [pdf.render_html_pdf(page, stylesheet="fonts") for page in stamp_pages]
    monkeypatch.setattr(pdf, "_document_html_class", lambda: HTML)
    theirs = [pdf.render_html_pdf(page, wanted=("field-", "stamp-signer")) for page in pages]
    theirs += [pdf.render_html_pdf(page, stylesheet="fonts") for page in stamp_pages]
    assert len(ours) == 2 * 5 + 2
    for index, (mine, weasyprints) in enumerate(zip(ours, theirs, strict=True)):
        assert mine == weasyprints, index


def test_the_warm_up_renders_with_the_document_stylesheets():
    """warm_up (gunicorn's post_worker_init) renders the document and stamp stylesheets' faces."""
    pdf.warm_up()
    assert set(pdf._local.stylesheets) == {"document", "fonts"}
    data, _boxes, pages = pdf.render_html_pdf(pdf.WARM_UP_HTML)
    assert data.startswith(b"%PDF") and pages == 2  # the annex starts a page, as in a plan
