"""The stored issued PDF as part of a plan's verification.

audit.verify.trail checks the trail in the database (chains, history rows, records, signatures,
checkpoint) at tens of thousands of events a second. The issued PDF's two PAdES signatures are
checked by pyHanko (documents.verify), at about a tenth of a second a plan, so they are
added where one plan is verified — the verify page, GET /api/plans/{id}/verify/, `audit_verify
--plan ID` — and to a full `audit_verify` only with `--documents`. Their problems count as
signature problems (signatures_ok false), with pyHanko's reason, and each signature's validation
report (documents.validation) comes with the result.
"""

from django.conf import settings

from audit.verify.trail import verify_plans
from documents.verify import verify_issued_pdf_with_reports
from plans.models import Plan


def checks_documents():
    """Issued PDFs are only made when signed PDFs are on (off in the test suite's default set-up)."""
    return getattr(settings, "PLANFLOW_SIGNED_PDFS", True)


def add_document_problems(report, plan):
    """Append the problems of `plan`'s stored issued PDF to `report` (an audit.verify.trail report)."""
    if plan is None or plan.number is None or not checks_documents():
        return report
    _ok, problems, signatures = verify_issued_pdf_with_reports(plan)
    for problem in problems:
        report.signature(problem)
    report.signatures = [signature.as_dict() for signature in signatures]
    return report


def verify_plans_and_documents(plan_ids, with_documents=True, workers=1):
    """audit.verify.trail.verify_plans, each report with its plan's issued PDF checked as well."""
    for report in verify_plans(plan_ids, workers=workers):
        if with_documents:
            add_document_problems(report, Plan.objects.filter(pk=report.plan_id).first())
        yield report


def verify_plan_and_document(plan):
    return next(verify_plans_and_documents([plan.pk]))
