"""The reporting pages: filing a report with files, return / resubmission / acceptance, refusals
that store nothing, other organizations, a closed plan, and the close page."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from reporting.models import Report, ReportAttachment, ReportSlot, SlotDecision
from reporting.services import review_slot, submit_report
from tests.ui.helpers import advance
from tests.uploads import PDF
from workflow.services import perform


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def slot_due(plan, day):
    return ReportSlot.objects.get(plan=plan, due_on=day)


def html_of(response):
    return response.content.decode()


def actions_on(html):
    return set(re.findall(r'data-action="([a-z_]+)"', html))


def stored(slot):
    """What a refused request must leave as it was."""
    fresh = ReportSlot.objects.get(pk=slot.pk)
    return (
        fresh.state,
        Report.objects.filter(slot=slot).count(),
        ReportAttachment.objects.filter(report__slot=slot).count(),
        SlotDecision.objects.filter(slot=slot).count(),
        AuditEvent.objects.filter(plan=slot.plan_id).count(),
    )


def test_a_reporter_files_a_report_with_a_file_through_the_form(login, world, reporting_plan, media):
    slot = slot_due(reporting_plan, date(2025, 2, 15))
    target = reporting_plan.targets.get()
    client = login("reporter")

    tab = html_of(client.get(f"/plans/{reporting_plan.pk}/reports/"))
    assert f'href="/plans/slots/{slot.pk}/report/"' in tab and "Quá hạn" in tab

    form = client.get(f"/plans/slots/{slot.pk}/report/")
    assert form.status_code == 200
    page = html_of(form)
    assert f'name="target_{target.pk}"' in page and 'enctype="multipart/form-data"' in page and "Xác nhận: Nộp báo cáo" in page

    upload = SimpleUploadedFile("ket-qua-thang-1.pdf", PDF, content_type="application/pdf")
    data = {"progress": "40", "text": "Đã rà soát <b>12</b> tổ.", f"target_{target.pk}": "35,5", "attachments": [upload]}
    response = client.post(f"/plans/slots/{slot.pk}/report/", data, follow=True)
    page = html_of(response)
    assert response.request["PATH_INFO"] == f"/plans/slots/{slot.pk}/"
    assert "Đã nộp báo cáo kỳ hạn 15/02/2025." in page
    assert "Đã nộp" in page and "40%" in page
    assert "Đã rà soát &lt;b&gt;12&lt;/b&gt; tổ." in page  # user text escaped

    report = Report.objects.get(slot=slot)
    assert (report.progress, report.author.username, [str(v.value) for v in report.target_values.all()]) == (40, "reporter", ["35.5000"])
    attachment = report.attachments.get()
    assert attachment.original_name == "ket-qua-thang-1.pdf"
    assert f'href="/plans/attachments/{attachment.pk}/"' in page

    download = client.get(f"/plans/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;") and "ket-qua-thang-1.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF

    # The plan's drafter (not a reporter) may download it too: everyone who sees the plan.
    assert login("auditor").get(f"/plans/attachments/{attachment.pk}/").status_code == 200


def test_return_resubmission_and_acceptance_show_on_the_plan_page_history_and_dashboard(login, world, reporting_plan, media):
    slot = slot_due(reporting_plan, date(2025, 3, 15))
    url = f"/plans/slots/{slot.pk}/"
    login("reporter").post(url + "report/", {"progress": "30", "text": "Lần đầu"})
    assert ReportSlot.objects.get(pk=slot.pk).state == "submitted"

    drafter = login("drafter")
    assert {"accept", "return", "waive"} <= actions_on(html_of(drafter.get(url)))
    confirm = drafter.get(url + "review/return/")
    assert confirm.status_code == 200 and "Lý do" in html_of(confirm) and "Xác nhận: Trả lại báo cáo" in html_of(confirm)
    before = stored(slot)
    refused = drafter.post(url + "review/return/", {"comment": "   "})
    assert refused.status_code == 200 and "Cần ghi lý do." in html_of(refused)
    assert stored(slot) == before
    page = html_of(drafter.post(url + "review/return/", {"comment": "Thiếu số liệu tháng 2"}, follow=True))
    assert "Đã thực hiện “Trả lại báo cáo”." in page and "Thiếu số liệu tháng 2" in page
    assert ReportSlot.objects.get(pk=slot.pk).state == "returned"

    reporter = login("reporter")
    assert "report" in actions_on(html_of(reporter.get(url)))
    reporter.post(url + "report/", {"progress": "100", "text": "Bổ sung đủ số liệu"})
    page = html_of(login("signer").post(url + "review/accept/", {"comment": ""}, follow=True))
    assert "Đã thực hiện “Chấp nhận báo cáo”." in page
    assert ReportSlot.objects.get(pk=slot.pk).state == "accepted"
    assert "Lần đầu" in page and "Bổ sung đủ số liệu" in page and "Trả lại" in page and "Chấp nhận" in page

    client = login("auditor")
    tab = html_of(client.get(f"/plans/{reporting_plan.pk}/reports/"))
    row = re.search(rf'<tr data-slot="{slot.pk}">(.*?)</tr>', tab, re.S).group(1)
    assert "Đã chấp nhận" in row and "100%" in row

    plan_page = html_of(client.get(f"/plans/{reporting_plan.pk}/"))
    assert re.search(r'data-state="accepted">Đã chấp nhận: <strong>1</strong>', plan_page)

    history = html_of(client.get(f"/plans/{reporting_plan.pk}/history/?page=1"))
    events = list(AuditEvent.objects.filter(plan=reporting_plan, kind="report").values_list("action", flat=True))
    assert events == ["report_submitted", "report_returned", "report_submitted", "report_accepted"]
    assert "Nộp báo cáo" in history and "Trả lại báo cáo" in history and "Chấp nhận báo cáo" in history
    assert "Thiếu số liệu tháng 2" in history

    dashboard = html_of(client.get(f"/plans/{reporting_plan.pk}/dashboard/"))
    assert re.search(r'<tr data-state="accepted"><td>Đã chấp nhận</td><td>1</td></tr>', dashboard)
    assert re.search(r'<tr data-state="overdue"><td>Quá hạn</td><td>12</td></tr>', dashboard)
    assert 'class="pf-bars"' in dashboard and "Tháng 1/2025" in dashboard


def test_a_drafter_cannot_file_a_report(login, world, reporting_plan, media):
    slot = slot_due(reporting_plan, date(2025, 2, 15))
    client = login("drafter")
    assert "report" not in actions_on(html_of(client.get(f"/plans/{reporting_plan.pk}/reports/")))
    page = html_of(client.get(f"/plans/slots/{slot.pk}/report/", follow=True))
    assert "Chỉ đơn vị chủ trì nhiệm vụ này được báo cáo." in page
    before = stored(slot)
    upload = SimpleUploadedFile("x.pdf", PDF)
    page = html_of(client.post(f"/plans/slots/{slot.pk}/report/", {"progress": "50", "attachments": [upload]}, follow=True))
    assert "Chỉ đơn vị chủ trì nhiệm vụ này được báo cáo." in page
    assert stored(slot) == before
    assert not any(media.rglob("*.pdf"))


def test_a_reporter_of_another_unit_cannot_file(login, world, reporting_plan, media):
    yearly = ReportSlot.objects.get(plan=reporting_plan, task__lead_unit=world["finance"])  # 15/12/2025
    before = stored(yearly)
    page = html_of(login("reporter").post(f"/plans/slots/{yearly.pk}/report/", {"progress": "50"}, follow=True))
    assert "Chỉ đơn vị chủ trì nhiệm vụ này được báo cáo." in page
    assert stored(yearly) == before


def test_a_reporter_cannot_accept(login, world, reporting_plan):
    slot = slot_due(reporting_plan, date(2025, 3, 15))
    submit_report(slot, world["users"]["reporter"], progress=60)
    client = login("reporter")
    assert not {"accept", "return", "waive"} & actions_on(html_of(client.get(f"/plans/slots/{slot.pk}/")))
    page = html_of(client.get(f"/plans/slots/{slot.pk}/review/accept/", follow=True))
    assert "Bạn không thể “Chấp nhận báo cáo” với kỳ báo cáo này lúc này." in page
    before = stored(slot)
    page = html_of(client.post(f"/plans/slots/{slot.pk}/review/accept/", {"comment": ""}, follow=True))
    assert "Chỉ người soạn thảo hoặc người ký kế hoạch được xét báo cáo." in page
    assert stored(slot) == before and before[0] == "submitted"


def test_waiving_needs_a_reason_and_an_unknown_decision_is_404(login, world, reporting_plan):
    slot = slot_due(reporting_plan, date(2025, 4, 15))
    client = login("signer")
    assert client.get(f"/plans/slots/{slot.pk}/review/approve/").status_code == 404
    before = stored(slot)
    assert "Cần ghi lý do." in html_of(client.post(f"/plans/slots/{slot.pk}/review/waive/", {"comment": ""}))
    assert stored(slot) == before
    client.post(f"/plans/slots/{slot.pk}/review/waive/", {"comment": "Đã gộp vào báo cáo quý"})
    assert ReportSlot.objects.get(pk=slot.pk).state == "waived"
    page = html_of(client.get(f"/plans/slots/{slot.pk}/"))
    assert "Miễn báo cáo" in page and "Đã gộp vào báo cáo quý" in page
    # Accepting a waived slot is not offered, and refused when posted.
    page = html_of(client.post(f"/plans/slots/{slot.pk}/review/accept/", {"comment": ""}, follow=True))
    assert "Không thể “Chấp nhận”" in page and ReportSlot.objects.get(pk=slot.pk).state == "waived"


@pytest.mark.parametrize(
    ("fields", "files", "message"),
    [
        ({"progress": "abc"}, [], "“abc” không phải là số nguyên."),
        ({"progress": "50,5"}, [], "“50,5” không phải là số nguyên"),
        ({"progress": "101"}, [], "Tiến độ phải là số nguyên từ 0 đến 100."),
        ({"progress": "-1"}, [], "Tiến độ phải là số nguyên từ 0 đến 100."),
        ({"progress": ""}, [], "Nhập tiến độ (0–100)."),
        ({"progress": "50", "target": "nhiều"}, [], "“nhiều” không phải là một số."),
        ({"progress": "50", "target": "1.500"}, [], "“1.500” có thể hiểu là 1,5 hoặc 1.500"),
        ({"progress": "50", "target": "1" * 30}, [], "Số quá lớn."),
        ({"progress": "50"}, [("lon.pdf", b"%PDF-" + b"0" * 4096)], "quá lớn (tối đa"),
        ({"progress": "50"}, [("bao-cao.pdf", b"MZ\x90\x00 not a pdf")], "không đúng định dạng mà tên của nó cho biết."),
        ({"progress": "50"}, [("bang.xlsx", b"PK\x03\x04 broken zip")], "không đúng định dạng mà tên của nó cho biết."),
        ({"progress": "50"}, [("chay.exe", b"MZ")], "chỉ nhận PDF, DOCX, XLSX, PNG, JPEG."),
        ({"progress": "50"}, [(f"{i}.pdf", PDF) for i in range(11)], "Tối đa 10 tệp cho một báo cáo."),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_stores_nothing(login, world, reporting_plan, media, settings, fields, files, message):
    settings.PLANFLOW_ATTACHMENT_MAX_BYTES = 1024
    slot = slot_due(reporting_plan, date(2025, 5, 15))
    target = reporting_plan.targets.get()
    data = {key: value for key, value in fields.items() if key != "target"}
    if "target" in fields:
        data[f"target_{target.pk}"] = fields["target"]
    data["attachments"] = [SimpleUploadedFile(name, content) for name, content in files]
    before = stored(slot)
    response = login("reporter").post(f"/plans/slots/{slot.pk}/report/", data)
    assert response.status_code == 200
    page = html_of(response)
    assert message in page and "Chưa nộp được báo cáo." in page
    assert stored(slot) == before
    assert not any(path.is_file() for path in media.rglob("*"))


def test_another_organizations_user_gets_404(login, world, reporting_plan, media):
    slot = slot_due(reporting_plan, date(2025, 2, 15))
    report = submit_report(slot, world["users"]["reporter"], progress=10, attachments=[SimpleUploadedFile("a.pdf", PDF)])
    attachment = report.attachments.get()
    client = login("xa_drafter")
    for url in [
        f"/plans/{reporting_plan.pk}/reports/",
        f"/plans/{reporting_plan.pk}/dashboard/",
        f"/plans/{reporting_plan.pk}/consolidated.docx",
        f"/plans/slots/{slot.pk}/",
        f"/plans/slots/{slot.pk}/report/",
        f"/plans/slots/{slot.pk}/review/accept/",
        f"/plans/attachments/{attachment.pk}/",
        f"/plans/reporting/?organization={world['district'].pk}",
    ]:
        assert client.get(url).status_code == 404, url
    before = stored(slot)
    assert client.post(f"/plans/slots/{slot.pk}/review/accept/", {}).status_code == 404
    assert client.post(f"/plans/slots/{slot.pk}/report/", {"progress": "5"}).status_code == 404
    assert stored(slot) == before


def test_anonymous_users_are_sent_to_log_in(client, world, reporting_plan):
    slot = ReportSlot.objects.filter(plan=reporting_plan).first()
    for url in [f"/plans/{reporting_plan.pk}/reports/", f"/plans/slots/{slot.pk}/", "/plans/reporting/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def resolve_and_close(plan, world):
    u = world["users"]
    for slot in ReportSlot.objects.filter(plan=plan):
        review_slot(slot, u["drafter"], decision="waive", comment="Không phát sinh")
    return perform(plan, "close", u["drafter"], comment="Hoàn thành kế hoạch")


def test_the_close_page_lists_the_unresolved_slots(login, world, reporting_plan):
    client = login("drafter")
    page = html_of(client.get(f"/plans/{reporting_plan.pk}/actions/close/"))
    assert "Còn 13 kỳ báo cáo chưa được chấp nhận hoặc miễn" in page
    assert "15/02/2025" in page and "Công an huyện" in page and "Phòng Tài chính - Kế hoạch" in page
    refused = html_of(client.post(f"/plans/{reporting_plan.pk}/actions/close/", {"comment": "Xong"}, follow=True))
    assert "Còn 13 kỳ báo cáo chưa được chấp nhận hoặc miễn." in refused
    yearly = ReportSlot.objects.get(plan=reporting_plan, task__lead_unit=world["finance"])  # 15/12/2025
    for slot in ReportSlot.objects.filter(plan=reporting_plan).exclude(pk=yearly.pk):
        review_slot(slot, world["users"]["drafter"], decision="waive", comment="Không phát sinh")
    page = html_of(client.get(f"/plans/{reporting_plan.pk}/actions/close/"))
    assert "Còn 1 kỳ báo cáo" in page and "15/12/2025" in page and "15/02/2025" not in page
    review_slot(yearly, world["users"]["drafter"], decision="waive", comment="Không phát sinh")
    page = html_of(client.get(f"/plans/{reporting_plan.pk}/actions/close/"))
    assert "Mọi kỳ báo cáo đã được chấp nhận hoặc miễn." in page


def test_a_closed_plan_shows_no_forms(login, world, reporting_plan):
    slot = slot_due(reporting_plan, date(2025, 2, 15))
    resolve_and_close(reporting_plan, world)
    for name in ("reporter", "drafter", "signer"):
        client = login(name)
        for url in [f"/plans/{reporting_plan.pk}/reports/", f"/plans/slots/{slot.pk}/"]:
            page = html_of(client.get(url))
            assert "Kế hoạch đã kết thúc: chỉ được xem, không được thay đổi." in page, (name, url)
            assert not actions_on(page) & {"report", "accept", "return", "waive"}, (name, url)
            assert 'enctype="multipart/form-data"' not in page and "Xác nhận:" not in page
    client = login("reporter")
    assert "Kế hoạch đã kết thúc" in html_of(client.get(f"/plans/slots/{slot.pk}/report/", follow=True))
    before = stored(slot)
    page = html_of(client.post(f"/plans/slots/{slot.pk}/report/", {"progress": "10"}, follow=True))
    assert "Kế hoạch đã kết thúc: chỉ được xem, không được thay đổi." in page
    assert stored(slot) == before


def test_the_reports_tab_is_paginated_with_a_flat_query_count(login, world, reporting_plan, make_plan):
    u = world["users"]
    for slot in ReportSlot.objects.filter(plan=reporting_plan)[:5]:
        submit_report(slot, u["reporter"], progress=20)
    small = advance(
        make_plan(
            subject="Kế hoạch nhỏ",
            tasks=[
                {
                    "text": "Một lần",
                    "lead_unit": world["police"],
                    "supporting_units": [],
                    "schedule_kind": "once",
                    "schedule_date": date(2025, 6, 1),
                }
            ],
        ),
        world,
        "reporting",
    )
    client = login("drafter")
    client.get(f"/plans/{small.pk}/reports/")  # warm up per-session caches
    with CaptureQueriesContext(connection) as one:
        response = client.get(f"/plans/{small.pk}/reports/")
    assert html_of(response).count("<tr data-slot=") == 1
    with CaptureQueriesContext(connection) as thirteen:
        response = client.get(f"/plans/{reporting_plan.pk}/reports/")
    assert html_of(response).count("<tr data-slot=") == 13
    assert len(thirteen) == len(one)

    long_plan = advance(
        make_plan(
            subject="Kế hoạch ba năm",
            period_start=date(2024, 1, 1),
            period_end=date(2026, 12, 31),
            tasks=[
                {"text": "Hằng tháng", "lead_unit": world["police"], "supporting_units": [], "schedule_kind": "monthly", "schedule_day": 10}
            ],
        ),
        world,
        "reporting",
    )
    first = html_of(client.get(f"/plans/{long_plan.pk}/reports/"))
    assert first.count("<tr data-slot=") == 20 and "Trang 1/2 · 36 mục" in first
    assert html_of(client.get(f"/plans/{long_plan.pk}/reports/?page=2")).count("<tr data-slot=") == 16
    overdue = html_of(client.get(f"/plans/{reporting_plan.pk}/reports/?state=submitted"))
    assert overdue.count("<tr data-slot=") == 5
    assert html_of(client.get(f"/plans/{reporting_plan.pk}/reports/?state=nonsense&page=abc")).count("<tr data-slot=") == 13


def test_the_reporting_tabs_and_menu_entry(login, world, reporting_plan, make_plan):
    draft = make_plan()
    client = login("drafter")
    assert f"/plans/{draft.pk}/reports/" not in html_of(client.get(f"/plans/{draft.pk}/"))
    page = html_of(client.get(f"/plans/{reporting_plan.pk}/"))
    assert f'href="/plans/{reporting_plan.pk}/reports/"' in page and f'href="/plans/{reporting_plan.pk}/dashboard/"' in page
    assert 'href="/plans/reporting/"' in page and "Tổng hợp báo cáo" in page

    nobody = get_user_model().objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert "Tổng hợp báo cáo" not in html_of(client.get("/plans/"))
    assert client.get("/plans/reporting/").status_code == 403


def test_the_history_names_report_slots_and_targets_as_people_do(login, world, reporting_plan):
    """Reporting events name a slot and a target by id: the history shows the slot's period and due date, the
    target's wording, the state's label and the value as Vietnamese write it."""
    from decimal import Decimal

    target = reporting_plan.targets.get()
    slot = slot_due(reporting_plan, date(2025, 2, 15))
    submit_report(slot, world["users"]["reporter"], progress=40, target_values=[(target.pk, Decimal("35.5"))])
    html = login("auditor").get(f"/plans/{reporting_plan.pk}/history/").content.decode()
    rows = re.findall(r"<tr><td>(.*?)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", html)
    assert ("Kỳ báo cáo Tháng 1/2025 (hạn 15/02/2025): trạng thái", "Quá hạn", "Đã nộp") in rows
    assert ("Kỳ báo cáo Tháng 1/2025 (hạn 15/02/2025): tiến độ (%)", "—", "40") in rows
    assert ("Kỳ báo cáo Tháng 1/2025 (hạn 15/02/2025): nộp muộn", "Không", "Có") in rows
    assert (f"Chỉ tiêu “{target.text}”: giá trị báo cáo", "—", "35,5") in rows
