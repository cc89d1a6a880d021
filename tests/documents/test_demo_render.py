"""The four demo plans (`manage.py loaddemo`, demo/) as PDF and PNG pages under
test-output/<database>/documents/, for a person to compare with the seeds; the issued ones verify."""

import io
import subprocess

from django.core.management import call_command

from documents.services import document_pdf
from documents.verify import verify_issued_pdf
from plans.models import Plan
from tests.documents.conftest import pdf_text, squeeze
from tests.output import OUTPUT_ROOT

OUTPUT = OUTPUT_ROOT / "documents"


def test_the_demo_plans_render_and_the_issued_ones_verify(db, settings, signed_pdfs, tmp_path):
    settings.PLANFLOW_DEMO_PASSWORD = "mat-khau-trinh-dien"
    call_command("loaddemo", stdout=io.StringIO())
    OUTPUT.mkdir(parents=True, exist_ok=True)
    plans = list(Plan.objects.select_related("organization").order_by("pk"))
    assert len(plans) == 4
    for plan in plans:
        data, name = document_pdf(plan)
        stem = f"demo-{plan.pk}-{plan.state}"
        (OUTPUT / f"{stem}.pdf").write_bytes(data)
        for old in OUTPUT.glob(f"{stem}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "72", "-png", str(OUTPUT / f"{stem}.pdf"), str(OUTPUT / stem)], check=True)
        pages = sorted(OUTPUT.glob(f"{stem}-*.png"))
        assert pages and all(page.stat().st_size > 5000 for page in pages), stem
        text = squeeze(pdf_text(data, tmp_path))
        assert squeeze(plan.subject) in text, stem
        if plan.number is not None:
            assert squeeze(f"Số: {plan.symbol}") in squeeze(pdf_text(data, tmp_path, 1, 1, layout=True)), stem
            assert verify_issued_pdf(plan) == (True, []), stem
        else:
            assert "DỰTHẢO" in text, stem
