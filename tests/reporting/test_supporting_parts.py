"""Issue 18 point 3: a supporting unit files its part against the same slot; the lead unit sees the
parts and its report consolidates them. The part does not move the slot."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from accounts.models import Membership, Role
from config.refusals import NotPermitted, WrongState
from reporting.models import Report, ReportSlot
from reporting.services import submit_report
from tests.conftest import PASSWORD
from tests.ui.helpers import advance


def person(username, org, role=Role.REPORTER):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def shared(world, make_plan):
    """A 2025 plan whose quarterly task is led by the police and supported by the finance office."""
    plan = make_plan(
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        tasks=[
            {
                "text": "Rà soát nhà tạm",
                "lead_unit": world["police"],
                "supporting_units": [world["finance"]],
                "schedule_kind": "quarterly",
                "schedule_day": 5,
            }
        ],
    )
    plan = advance(plan, world, "reporting")
    return plan, ReportSlot.objects.filter(plan=plan).order_by("due_on").first()


def test_a_supporting_unit_files_its_part_on_the_same_slot_through_the_api(world, shared):
    plan, slot = shared
    finance = person("bc_tc", world["finance"])
    client = APIClient()
    client.force_authenticate(finance)
    response = client.post(f"/api/slots/{slot.pk}/reports/", {"progress": 60, "text": "Đã rà soát 12 hộ."}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["is_part"], body["unit"], body["late"]) == (True, world["finance"].pk, True)
    slot.refresh_from_db()
    assert slot.state == "overdue"  # a part does not move the slot: the lead unit still owes the report


def test_the_lead_unit_sees_the_parts_and_its_report_consolidates_them(world, shared, client):
    plan, slot = shared
    submit_report(slot, person("bc_tc", world["finance"]), progress=60, text="Phần của Phòng Tài chính.", as_part=True)
    client.force_login(world["users"]["reporter"])
    form = client.get(f"/plans/slots/{slot.pk}/report/").content.decode()
    assert 'data-parts="1"' in form and "Phần của Phòng Tài chính." in form
    submit_report(slot, world["users"]["reporter"], progress=70, text="Tổng hợp cả phần của Phòng Tài chính.")
    slot.refresh_from_db()
    assert slot.state == "submitted"
    page = client.get(f"/plans/slots/{slot.pk}/").content.decode()
    assert page.count("data-part") >= 1 and "Phòng Tài chính - Kế hoạch" in page
    # the slot's progress is the lead unit's report, not the part
    from reporting.dashboard import plan_dashboard

    periods = {row["period"]: row["progress"] for row in plan_dashboard(plan)["progress_by_period"]}
    assert periods["Quý I/2025"] == 70


def test_the_supporting_reporter_finds_the_part_in_the_inbox_until_filed(world, shared):
    plan, slot = shared
    finance = person("bc_tc", world["finance"])
    client = APIClient()
    client.force_authenticate(finance)
    before = client.get("/api/inbox/").json()
    assert before["count"] == 4 and {i["kind"] for i in before["results"]} == {"report_due"}
    submit_report(slot, finance, progress=10, as_part=True)
    assert client.get("/api/inbox/").json()["count"] == 3


def test_only_the_supporting_units_file_parts_and_only_while_the_slot_waits(world, shared):
    plan, slot = shared
    with pytest.raises(NotPermitted):
        submit_report(slot, person("bc_xa", world["commune_unit"]), progress=10, as_part=True)
    submit_report(slot, world["users"]["reporter"], progress=100)
    with pytest.raises(WrongState):
        submit_report(slot, person("bc_tc", world["finance"]), progress=10, as_part=True)
    assert not Report.objects.filter(slot=slot, is_part=True).exists()
