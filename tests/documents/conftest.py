"""Fixtures of the document tests: signed PDFs switched on (files in a temporary media root), an
issued plan with its stored PDF, and reading PDFs and DOCX back as text."""

import io
import re
import subprocess
import unicodedata

import pytest
from docx import Document

from plans.models import Plan
from tests.api.conftest import api  # noqa: F401  (the API clients of the API tests)
from tests.conftest import PASSWORD
from workflow.services import perform


@pytest.fixture
def signed_pdfs(settings, tmp_path):
    """PAdES-signed PDFs at the main signature and at issue (off elsewhere in the suite)."""
    settings.PLANFLOW_SIGNED_PDFS = True
    settings.MEDIA_ROOT = str(tmp_path / "media")


def overwrite_stored(name, data):
    """Change a stored file behind planflow's back (as someone with access to the database could)."""
    from filestore.models import StoredFile

    assert StoredFile.objects.filter(name=name).update(content=data, size=len(data)) == 1


def drive(plan, world, *steps):
    """Take `plan` through the named steps with the `world` users: submit, approve, sign, issue."""
    u = world["users"]
    actions = {
        "submit": lambda p: perform(p, "submit", u["drafter"]),
        "approve": lambda p: perform(p, "approve", u["reviewer"], comment="Đồng ý"),
        "sign": lambda p: perform(p, "sign", u["signer"], kind="main", password=PASSWORD),
        "issue": lambda p: perform(p, "issue", u["clerk"]),
    }
    for step in steps:
        actions[step](plan)
        plan = Plan.objects.get(pk=plan.pk)
    return plan


@pytest.fixture
def issued_plan(world, make_plan, signed_pdfs):
    """A plan of the district taken to `issued` with signed PDFs on (its PDF carries both signatures)."""
    return drive(make_plan(), world, "submit", "approve", "sign", "issue")


def squeeze(text):
    """Text compared without its layout: NFC, no whitespace, no hyphens (PDF text extraction joins
    a line broken after a hyphen and drops the hyphen)."""
    return re.sub(r"[\s\-\u00ad]+", "", unicodedata.normalize("NFC", text))


def pdf_text(data, tmp_path, first=None, last=None, layout=False):
    """The text of PDF bytes as poppler's pdftotext (Debian poppler-utils) extracts it: in reading
    order, or with `layout` as the lines stand on the page (the head's two columns side by side)."""
    path = tmp_path / f"extract-{len(data)}.pdf"
    path.write_bytes(data)
    options = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else []) + (["-layout"] if layout else [])
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(path), "-"], check=True, capture_output=True).stdout.decode("utf-8")


def docx_text(data):
    """Every paragraph of a DOCX (body, tables, header) as text, one per line."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from (p.text for p in cell.paragraphs)
                    yield from cells(cell.tables)

    lines += list(cells(document.tables))
    return "\n".join(lines)
