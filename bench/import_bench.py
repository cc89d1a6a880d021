"""How long importing a plan takes (issue 17; goals: a 15-page DOCX ≤ 1 s, a 15-page PDF with a
text layer ≤ 2 s).

    python bench/import_bench.py [--runs N] [--pages 15]

It builds the files from seed 003 (../shared/seeds) with the tests' builders
(tests/planimport/files.py): the body repeated until the PDF (WeasyPrint, 13 pt Liberation Serif on
A4) has `--pages` pages, and a DOCX of the same text at the same size and margins (LibreOffice, when
installed, counts its pages). In a scratch test database (SQLite in memory; PostgreSQL:
bench_<name>) it then times, best and median of N runs, each rolled back, the whole import as the
API does it — planimport.services.import_plan: read, recognize, create the draft with its blocks,
the audit event and the stored source — and its parts (read; recognize). It prints the figures and
a last line `RESULTS key=value …` for bench/run.py; nothing asserts them.
"""

import argparse
import io
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PLANFLOW_TESTING", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402


class Rollback(Exception):
    pass


def timed(function, runs):
    """Wall seconds of `runs` calls of function(), each in a transaction rolled back afterwards."""
    timings = []
    for _run in range(runs):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                function()
                timings.append(time.perf_counter() - started)
                raise Rollback
        except Rollback:
            pass
    return timings


def show(label, timings):
    best, median = min(timings) * 1000, statistics.median(timings) * 1000
    print(f"{label:<52} best {best:7.1f} ms   median {median:7.1f} ms   ({len(timings)} runs)")
    return median


def pdf_pages(pdf):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def docx_pages(docx):
    """The DOCX's pages as LibreOffice prints it, or None without LibreOffice."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return None
    with tempfile.TemporaryDirectory(prefix="planflow-import-bench-") as folder:
        source = Path(folder) / "plan.docx"
        source.write_bytes(docx)
        command = [
            office,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            folder,
            str(source),
        ]
        subprocess.run(command, capture_output=True, timeout=180, check=False)
        printed = Path(folder) / "plan.pdf"
        return pdf_pages(printed.read_bytes()) if printed.exists() else None


def fifteen_pages(pages):
    """(docx bytes, pdf bytes, repeats, pdf pages): seed 003's body repeated until the PDF has `pages` pages."""
    from tests.planimport import files

    lines = files.seed_lines(3)
    repeats, pdf = 1, files.pdf_of(lines)
    per_copy = max(pdf_pages(pdf), 1)
    repeats = max(1, round(pages / per_copy))
    while True:
        pdf = files.pdf_of(lines, pages=repeats)
        count = pdf_pages(pdf)
        if count >= pages or repeats > 50:
            break
        repeats += 1
    docx = docx_of_size(lines, repeats)
    printed = docx_pages(docx)
    if printed and printed != pages:  # Word's layout differs from WeasyPrint's: the fewest copies that make at least `pages` pages
        docx = docx_of_size(lines, max(1, math.ceil(repeats * pages / printed)))
    return docx, pdf, repeats, count


def docx_of_size(lines, repeats):
    """The tests' DOCX builder's file, in 13 pt Times New Roman on A4 with the PDF's margins."""
    from docx import Document
    from docx.shared import Mm, Pt

    from tests.planimport import files

    document = Document(io.BytesIO(files.docx_of(lines, pages=repeats)))
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    style.paragraph_format.space_after = Pt(4)
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def world():
    from django.contrib.auth import get_user_model

    from accounts.models import Membership, Organization, Role

    district = Organization.objects.create(name="UBND huyện Ia H'Drai", code="UBND", place_name="Ia H'Drai")
    Organization.objects.create(name="Công an huyện", kind="unit", parent=district)
    drafter = get_user_model().objects.create_user("drafter", password="bench-password-123")
    Membership.objects.create(user=drafter, organization=district, role=Role.DRAFTER)
    return district, drafter


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=15)
    args = parser.parse_args()

    from planimport.readers import read_upload
    from planimport.recognize import recognize
    from planimport.services import import_plan

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    docx, pdf, repeats, pages = fifteen_pages(args.pages)
    print(
        f"files: seed 003 × {repeats}: PDF {pages} pages ({len(pdf) // 1024} KB), DOCX {docx_pages(docx) or '?'} pages ({len(docx) // 1024} KB)"
    )
    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        database.setdefault("TEST", {})["NAME"] = f"bench_{database['NAME']}"
    original_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    results = {}
    try:
        with transaction.atomic():
            district, drafter = world()
            for kind, data in (("docx", docx), ("pdf", pdf)):
                import_plan(drafter, district, data, f"plan.{kind}")  # warm up: imports, fonts, caches
                source = read_upload(data)
                show(f"{kind}: read (planimport.readers)", timed(lambda data=data: read_upload(data), args.runs))
                show(f"{kind}: recognize", timed(lambda source=source: recognize(source, district), args.runs))
                results[f"{kind}_ms"] = show(
                    f"{kind}: whole import (import_plan)",
                    timed(lambda data=data, kind=kind: import_plan(drafter, district, data, f"plan.{kind}"), args.runs),
                )
            raise Rollback
    except Rollback:
        pass
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    results.update(pdf_pages=pages, docx_bytes=len(docx), pdf_bytes=len(pdf))
    print("RESULTS " + " ".join(f"{key}={value:.1f}" if isinstance(value, float) else f"{key}={value}" for key, value in results.items()))


if __name__ == "__main__":
    main()
