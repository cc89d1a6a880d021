"""Reporting endpoints of docs/API.md: slots, reports (JSON and multipart), review; bad input stores nothing."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from audit.models import AuditEvent
from reporting.models import Report, ReportAttachment, ReportSlot
from tests.uploads import PDF


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def first_slot(plan, text="Báo cáo hằng tháng"):
    return ReportSlot.objects.filter(plan=plan, task__text=text).order_by("due_on").first()


def stored():
    return (
        Report.objects.count(),
        ReportAttachment.objects.count(),
        AuditEvent.objects.count(),
        list(ReportSlot.objects.order_by("pk").values_list("state", flat=True)),
    )


def test_slots_list_as_api_md(world, reporting_plan):
    response = client_for(world["users"]["auditor"]).get(f"/api/plans/{reporting_plan.pk}/slots/")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 13
    assert set(body[0]) == {"id", "task", "schedule", "due_on", "period", "state", "late"}
    assert body[0]["schedule"] == "monthly"
    # January's report is due on 15 February (the month after); the plan's last month, on 15/01/2026
    assert body[0]["due_on"] == "2025-02-15" and body[0]["state"] == "overdue" and body[0]["late"] is False
    assert body[0]["period"] == {"from": "2025-01-01", "to": "2025-01-31", "label": "Tháng 1/2025"}
    assert body[-1]["due_on"] == "2026-01-15" and body[-1]["period"]["label"] == "Tháng 12/2025"
    yearly = [slot for slot in body if slot["period"]["label"] == "Năm 2025"]
    assert [(slot["due_on"], slot["schedule"]) for slot in yearly] == [("2025-12-15", "yearly")]


def test_slots_come_in_pages_of_a_plain_list_with_the_count_and_links_in_headers(world, reporting_plan, monkeypatch):
    from config.api_pages import ListInHeadersPagination

    monkeypatch.setattr(ListInHeadersPagination, "page_size", 5)
    auditor = client_for(world["users"]["auditor"])
    url = f"/api/plans/{reporting_plan.pk}/slots/"
    first = auditor.get(url)
    assert first.status_code == 200 and len(first.json()) == 5 and first["X-Total-Count"] == "13"
    assert first["Link"] == f'<http://testserver{url}?page=2>; rel="next"'
    last = auditor.get(url, {"page": 3})
    assert len(last.json()) == 3 and 'rel="prev"' in last["Link"] and 'rel="next"' not in last["Link"]
    every = [slot["id"] for page in (1, 2, 3) for slot in auditor.get(url, {"page": page}).json()]
    assert len(set(every)) == 13
    assert auditor.get(url, {"page": 4}).status_code == 404


def test_the_reports_of_a_slot_come_in_pages_oldest_first(world, reporting_plan, monkeypatch):
    from config.api_pages import ListInHeadersPagination

    u = world["users"]
    slot = first_slot(reporting_plan)
    reporter, drafter = client_for(u["reporter"]), client_for(u["drafter"])
    for attempt in (1, 2):
        assert reporter.post(f"/api/slots/{slot.pk}/reports/", {"progress": 10 * attempt}, format="json").status_code == 201
        assert drafter.post(f"/api/slots/{slot.pk}/review/", {"decision": "return", "comment": "Bổ sung"}, format="json").status_code == 200
    monkeypatch.setattr(ListInHeadersPagination, "page_size", 1)
    url = f"/api/slots/{slot.pk}/reports/"
    first, second = reporter.get(url), reporter.get(url, {"page": 2})
    assert first["X-Total-Count"] == "2" and 'rel="next"' in first["Link"]
    assert [first.json()[0]["progress"], second.json()[0]["progress"]] == [10, 20]


def test_report_return_resubmit_accept_through_the_api(world, reporting_plan):
    u = world["users"]
    slot = first_slot(reporting_plan)
    target = reporting_plan.targets.get().block  # reported values name the target block
    reporter = client_for(u["reporter"])
    response = reporter.post(
        f"/api/slots/{slot.pk}/reports/",
        {"progress": 30, "text": "Đã tuyên truyền “Luật”", "target_values": [{"target": target.pk, "value": "30"}]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["text"] == "Đã tuyên truyền “Luật”"
    assert response.json()["target_values"] == [{"target": target.pk, "value": "30"}]  # no trailing zeros, as a target value
    drafter = client_for(u["drafter"])
    assert drafter.post(f"/api/slots/{slot.pk}/review/", {"decision": "return"}, format="json").status_code == 400
    assert (
        drafter.post(f"/api/slots/{slot.pk}/review/", {"decision": "return", "comment": "Thiếu số liệu"}, format="json").json()["state"]
        == "returned"
    )
    upload = SimpleUploadedFile("ket-qua.pdf", PDF, content_type="application/pdf")
    response = reporter.post(
        f"/api/slots/{slot.pk}/reports/", {"progress": "100", "text": "Xong", "attachments": [upload]}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    attachment = response.json()["attachments"][0]
    assert attachment["name"] == "ket-qua.pdf"
    signer = client_for(u["signer"])
    assert signer.post(f"/api/slots/{slot.pk}/review/", {"decision": "accept"}, format="json").json()["state"] == "accepted"

    download = client_for(u["auditor"]).get(f"/api/attachments/{attachment['id']}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_for(u["xa_drafter"]).get(f"/api/attachments/{attachment['id']}/").status_code == 404

    history = client_for(u["auditor"]).get(f"/api/plans/{reporting_plan.pk}/history/").json()["results"]
    assert [e["action"] for e in history if e["kind"] == "report"] == [
        "report_submitted",
        "report_returned",
        "report_submitted",
        "report_accepted",
    ]


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"progress": 101}, 400),
        ({"progress": -5}, 400),
        ({"progress": "nhiều"}, 400),
        ({"progress": 10, "target_values": [{"target": 999999, "value": "1"}]}, 400),
        ({"progress": 10, "target_values": [{"target": 1, "value": "không phải số"}]}, 400),
        ([1, 2, 3], 400),
    ],
)
def test_bad_reports_give_400_and_store_nothing(world, reporting_plan, payload, status):
    slot = first_slot(reporting_plan)
    before = stored()
    response = client_for(world["users"]["reporter"]).post(f"/api/slots/{slot.pk}/reports/", payload, format="json")
    assert response.status_code == status
    assert response.json()["code"]
    assert stored() == before


def test_attachment_that_lies_about_its_type_or_is_too_large(world, reporting_plan, settings):
    settings.PLANFLOW_ATTACHMENT_MAX_BYTES = 1024
    slot = first_slot(reporting_plan)
    client = client_for(world["users"]["reporter"])
    before = stored()
    fake = SimpleUploadedFile("bao-cao.docx", b"%PDF-1.4 not a docx")
    response = client.post(f"/api/slots/{slot.pk}/reports/", {"progress": 5, "attachments": [fake]}, format="multipart")
    assert response.status_code == 400 and "attachments" in response.json()["errors"]
    big = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * 2048)
    response = client.post(f"/api/slots/{slot.pk}/reports/", {"progress": 5, "attachments": [big]}, format="multipart")
    assert response.status_code == 400 and "quá lớn" in response.json()["errors"]["attachments"][0]
    assert stored() == before


def test_other_unit_other_organization_and_anonymous(world, reporting_plan):
    yearly = first_slot(reporting_plan, "Báo cáo hằng năm")  # led by finance
    before = stored()
    assert (
        client_for(world["users"]["reporter"]).post(f"/api/slots/{yearly.pk}/reports/", {"progress": 5}, format="json").status_code == 403
    )
    assert (
        client_for(world["users"]["xa_drafter"]).post(f"/api/slots/{yearly.pk}/reports/", {"progress": 5}, format="json").status_code == 404
    )
    assert client_for(world["users"]["xa_drafter"]).get(f"/api/plans/{reporting_plan.pk}/slots/").status_code == 404
    assert APIClient().get(f"/api/plans/{reporting_plan.pk}/slots/").status_code == 401
    assert (
        client_for(world["users"]["reporter"])
        .post(f"/api/slots/{yearly.pk}/review/", {"decision": "waive", "comment": "x"}, format="json")
        .status_code
        == 403
    )
    assert stored() == before


def test_closed_plan_takes_no_report(world, reporting_plan):
    from workflow.services import perform

    u = world["users"]
    for slot in ReportSlot.objects.filter(plan=reporting_plan):
        client_for(u["drafter"]).post(f"/api/slots/{slot.pk}/review/", {"decision": "waive", "comment": "Không phát sinh"}, format="json")
    perform(reporting_plan, "close", u["drafter"], comment="Tổng kết")
    before = stored()
    response = client_for(u["reporter"]).post(f"/api/slots/{first_slot(reporting_plan).pk}/reports/", {"progress": 5}, format="json")
    assert response.status_code == 403
    assert "kết thúc" in response.json()["detail"]
    assert stored() == before


def test_slot_dates_follow_the_period(world, reporting_plan):
    assert first_slot(reporting_plan, "Báo cáo hằng năm").due_on == date(2025, 12, 15)
