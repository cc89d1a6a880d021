"""Issue 18 point 5: the slots and reports of a plan and of an organization as XLSX (openpyxl)."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from reporting.models import ReportSlot
from reporting.services import review_slot, submit_report


def sheets(content):
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {name: [list(row) for row in book[name].iter_rows(values_only=True)] for name in book.sheetnames}


def test_the_plan_export_has_every_slot_with_its_period_state_late_mark_and_the_reports(login, world, reporting_plan):
    u = world["users"]
    slot = ReportSlot.objects.filter(plan=reporting_plan, task__lead_unit=world["police"]).order_by("due_on").first()
    submit_report(slot, u["reporter"], progress=40, text='=HYPERLINK("http://x")')
    review_slot(slot, u["drafter"], decision="accept")
    response = login("auditor").get(f"/plans/{reporting_plan.pk}/slots.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = sheets(response.content)
    slots, reports = book["Kỳ báo cáo"], book["Báo cáo"]
    assert len(slots) == 1 + 13
    first = slots[1]
    assert first[5:] == ["Tháng 1/2025", "01/01/2025", "31/01/2025", "15/02/2025", "Đã chấp nhận", "x", 40]
    assert len(reports) == 2 and reports[1][1] == "Tháng 1/2025" and reports[1][-2] == 40
    assert reports[1][-1].startswith("'=")  # a formula stays text


def test_the_organization_export_and_its_query_count_is_flat(login, world, reporting_plan, make_plan):
    client = login("auditor")

    def run():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/plans/reporting/slots.xlsx", {"organization": world["district"].pk})
        return response, len(captured)

    response, few = run()
    assert response.status_code == 200 and len(sheets(response.content)["Kỳ báo cáo"]) == 14
    slot = ReportSlot.objects.filter(plan=reporting_plan, task__lead_unit=world["police"]).order_by("due_on").first()
    submit_report(slot, world["users"]["reporter"], progress=10)
    _response, more = run()
    assert more == few


def test_another_organization_gets_nothing(login, world, reporting_plan):
    client = login("xa_drafter")
    assert client.get(f"/plans/{reporting_plan.pk}/slots.xlsx").status_code == 404
    assert client.get("/plans/reporting/slots.xlsx", {"organization": world["district"].pk}).status_code == 404
