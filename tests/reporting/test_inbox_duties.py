"""Issue 18 point 2: one inbox for everything a person must do — approval steps, report duties of
their unit, reports to decide, received plans to acknowledge — ordered by due date, overdue marked,
on the page, in the header badge and at GET /api/inbox/; nobody of another organization sees them;
a flat query count."""

import re
from datetime import date

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Membership, Role
from plans.models import Delivery
from reporting.models import ReportSlot
from reporting.services import submit_report
from tests.conftest import PASSWORD
from workflow.services import perform


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def inbox_of(user, **params):
    response = api(user).get("/api/inbox/", params)
    assert response.status_code == 200
    return response.json()


def person(username, org, role):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, organization=org, role=role)
    return user


def test_a_reporting_unit_finds_its_overdue_slots_by_due_date_with_their_periods(world, reporting_plan):
    body = inbox_of(world["users"]["reporter"])
    assert body["count"] == 12  # the police's monthly duty; the yearly one is the finance office's
    items = body["results"]
    assert {item["kind"] for item in items} == {"report_due"}
    assert [item["due_on"] for item in items] == sorted(item["due_on"] for item in items)
    first = items[0]
    assert set(first) == {"kind", "plan", "slot", "title", "period", "due_on", "overdue", "url"}
    assert (first["plan"], first["due_on"], first["overdue"], first["period"]) == (reporting_plan.pk, "2025-02-15", True, "Tháng 1/2025")
    assert first["url"].endswith(f"/plans/slots/{first['slot']}/report/")

    finance = person("bc_taichinh", world["finance"], Role.REPORTER)
    assert [(i["kind"], i["period"]) for i in inbox_of(finance)["results"]] == [("report_due", "Năm 2025")]


def test_a_filed_report_leaves_the_reporter_and_waits_for_the_drafter_and_the_signer(world, reporting_plan):
    u = world["users"]
    slot = ReportSlot.objects.filter(plan=reporting_plan, task__lead_unit=world["police"]).order_by("due_on").first()
    submit_report(slot, u["reporter"], progress=50)
    assert inbox_of(u["reporter"])["count"] == 11
    for name in ("drafter", "signer"):
        assert [(i["kind"], i["slot"]) for i in inbox_of(u[name])["results"]] == [("report_review", slot.pk)]
    for name in ("clerk", "reviewer", "auditor", "drafter2"):
        assert inbox_of(u[name])["count"] == 0


def test_nobody_of_another_organization_sees_the_items(world, reporting_plan):
    u = world["users"]
    slot = ReportSlot.objects.filter(plan=reporting_plan, task__lead_unit=world["police"]).order_by("due_on").first()
    submit_report(slot, u["reporter"], progress=50)
    commune_reporter = person("bc_congan_xa", world["commune_unit"], Role.REPORTER)
    commune_signer = person("ky_xa", world["commune"], Role.SIGNER)
    for user in (commune_reporter, commune_signer, u["xa_drafter"]):
        assert inbox_of(user) == {"count": 0, "next": None, "previous": None, "results": []}


def test_the_page_and_the_badge_show_the_duties(client, world, reporting_plan):
    client.force_login(world["users"]["reporter"])
    html = client.get("/plans/tasks/").content.decode()
    assert re.search(r'data-open-tasks="12"', html)
    assert html.count('data-kind="report_due"') == 12 and html.count("data-overdue") == 12
    assert "Tháng 1/2025" in html and "Bạn không có việc nào đang chờ." not in html


def test_approval_steps_and_received_plans_are_in_the_inbox(world, make_plan):
    u = world["users"]
    plan = perform(make_plan(), "submit", u["drafter"])
    assert [i["kind"] for i in inbox_of(u["reviewer"])["results"]] == ["review"]
    perform(plan, "return_for_revision", u["reviewer"], comment="Bổ sung số liệu.")
    assert [i["kind"] for i in inbox_of(u["drafter"])["results"]] == ["revise"]

    commune_clerk = person("vt_xa", world["commune"], Role.CLERK)
    commune_leader = person("ld_xa", world["commune"], Role.SIGNER)
    delivery = Delivery.objects.create(plan=plan, organization=world["commune"], sent_at=timezone.now())
    assert [(i["kind"], i["plan"], i["due_on"]) for i in inbox_of(commune_clerk)["results"]] == [("acknowledge", plan.pk, None)]
    assert inbox_of(commune_leader)["count"] == 0  # the clerk records it first
    delivery.received_at, delivery.received_by = timezone.now(), commune_clerk
    delivery.save()
    assert inbox_of(commune_clerk)["count"] == 0
    assert [i["kind"] for i in inbox_of(commune_leader)["results"]] == ["acknowledge"]


def test_sign_and_issue_steps(world, make_plan):
    u = world["users"]
    plan = perform(perform(make_plan(), "submit", u["drafter"]), "approve", u["reviewer"])
    assert [i["kind"] for i in inbox_of(u["signer"])["results"]] == ["sign"]
    perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    from workflow.flow_sync import human_tasks, take

    task = human_tasks().filter(process__artifact_object_id=plan.pk, flow_task_type="HUMAN", status="NEW").first()
    take(task.pk, u["clerk"])
    assert [i["kind"] for i in inbox_of(u["clerk"])["results"]] == ["issue"]


def test_the_inbox_costs_the_same_queries_for_one_item_or_a_full_page(world, make_plan, reporting_plan):
    reporter = world["users"]["reporter"]
    finance = person("bc_tc", world["finance"], Role.REPORTER)

    def queries(user):
        client = api(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/inbox/").status_code == 200
        return len(captured)

    assert inbox_of(finance)["count"] == 1 and inbox_of(reporter)["count"] == 12
    assert queries(finance) == queries(reporter)


def test_the_inbox_is_paginated(world, reporting_plan, monkeypatch):
    from rest_framework.pagination import PageNumberPagination

    monkeypatch.setattr(PageNumberPagination, "page_size", 5)
    reporter = world["users"]["reporter"]
    first, third = inbox_of(reporter), inbox_of(reporter, page=3)
    assert first["count"] == 12 and len(first["results"]) == 5 and len(third["results"]) == 2
    assert first["results"][0]["due_on"] <= third["results"][-1]["due_on"]


def test_a_slot_far_ahead_is_not_yet_a_duty(world, make_plan):
    u = world["users"]
    year = timezone.localdate().year + 1
    plan = make_plan(period_start=date(year, 1, 1), period_end=date(year, 3, 31))
    for action, name, extra in [
        ("submit", "drafter", {}),
        ("approve", "reviewer", {}),
        ("sign", "signer", {"kind": "main", "password": PASSWORD}),
        ("issue", "clerk", {}),
        ("start_reporting", "clerk", {}),
    ]:
        perform(plan, action, u[name], **extra)
    assert ReportSlot.objects.filter(plan=plan).count() == 3
    assert inbox_of(u["reporter"])["count"] == 0


def test_the_daily_digest_lists_the_inbox(world, reporting_plan, make_plan):
    from django.core import mail
    from django.core.management import call_command

    u = world["users"]
    u["reporter"].email = "congan@example.vn"
    u["reporter"].save()
    u["drafter"].email = "soanthao@example.vn"
    u["drafter"].save()
    slot = ReportSlot.objects.filter(plan=reporting_plan, task__lead_unit=world["police"]).order_by("due_on").first()
    submit_report(slot, u["reporter"], progress=50)
    call_command("send_task_digest")
    by_person = {m.to[0]: m for m in mail.outbox}
    reporter_mail = by_person["congan@example.vn"]
    assert "11 việc đang chờ bạn xử lý" in reporter_mail.subject
    assert "Nộp báo cáo — Tháng 2/2025" in reporter_mail.body and "QUÁ HẠN" in reporter_mail.body
    assert "Xét báo cáo — Tháng 1/2025" in by_person["soanthao@example.vn"].body
    call_command("send_task_digest")  # once a day
    assert len(mail.outbox) == len(by_person)


def test_the_inbox_costs_the_same_queries_for_10_or_200_open_slots(world, make_plan, client):
    """Issue 18, speed: a unit's open slots across plans; the API and the page, a flat query count."""
    u = world["users"]

    def started(tasks, end):
        plan = make_plan(period_start=date(2025, 1, 1), period_end=end, tasks=tasks)
        for action, user, kw in (
            ("submit", "drafter", {}),
            ("approve", "reviewer", {}),
            ("sign", "signer", {"kind": "main", "password": PASSWORD}),
        ):
            plan = perform(plan, action, u[user], **kw)
        return perform(perform(plan, "issue", u["clerk"]), "start_reporting", u["clerk"])

    def monthly(n):
        return {
            "text": f"Báo cáo {n}",
            "lead_unit": world["police"],
            "supporting_units": [],
            "schedule_kind": "monthly",
            "schedule_day": 15,
        }

    def queries():
        client.force_login(u["reporter"])
        counts = []
        for url in ("/api/inbox/", "/plans/tasks/"):
            client.get(url)  # warm-up
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    started([monthly(0)], date(2025, 10, 31))
    assert inbox_of(u["reporter"])["count"] == 10
    few = queries()
    started([monthly(n) for n in range(1, 17)], date(2025, 12, 31))
    started([monthly(17)], date(2025, 12, 31))
    assert inbox_of(u["reporter"])["count"] == 10 + 16 * 12 + 12 >= 200
    assert queries() == few


def test_a_slot_carries_its_tasks_lead_unit(world, reporting_plan):
    """The inbox finds a unit's waiting slots by the slot's own copy of the lead unit (its index)."""
    slots = list(ReportSlot.objects.filter(plan=reporting_plan).select_related("task"))
    assert {slot.lead_unit_id for slot in slots} == {world["police"].pk, world["finance"].pk}
    assert all(slot.lead_unit_id == slot.task.lead_unit_id for slot in slots)


def _unions(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    # the duties' UNION (its sources annotate i_kind), not the plan list's visibility UNION
    return response.content.decode(), [q["sql"] for q in captured.captured_queries if " UNION " in q["sql"] and "i_kind" in q["sql"]]


def test_the_inbox_page_counts_the_duties_once_for_the_page_and_the_badge(client, world, reporting_plan):
    """The UNION of the sources runs twice on the inbox page (its count, which the header badge shows
    too, and its rows), once for the badge on any other page, and at GET /api/inbox/ twice."""
    client.force_login(world["users"]["reporter"])
    client.get("/plans/tasks/")  # warm-up
    html, unions = _unions(client, "/plans/tasks/")
    assert 'data-open-tasks="12"' in html and len(unions) == 2
    html, unions = _unions(client, "/plans/")
    assert 'data-open-tasks="12"' in html and len(unions) == 1
    _body, unions = _unions(api(world["users"]["reporter"]), "/api/inbox/")
    assert len(unions) == 2
    nobody = person("bc_khong", world["finance"], Role.DRAFTER)
    client.force_login(nobody)
    _html, unions = _unions(client, "/plans/tasks/")
    assert len(unions) == 1  # nothing to do: the count, and no page to read


def test_every_page_holds_what_the_whole_ordered_list_holds_there(world, reporting_plan, make_plan):
    """Each source is ordered and cut at the page's end inside the UNION (PostgreSQL): the pages,
    put together, are the whole list in its order, for a person with duties of several kinds."""
    from django.core.paginator import Paginator

    from workflow.inbox import DUTY_ORDER, duties, duty_sources

    u = world["users"]
    drafter = u["drafter"]
    Membership.objects.create(user=drafter, organization=world["police"], role=Role.REPORTER)
    slots = ReportSlot.objects.filter(plan=reporting_plan, task__lead_unit=world["police"]).order_by("due_on")
    for slot in slots[:3]:
        submit_report(slot, u["reporter"], progress=40)  # to decide, as the plan's drafter
    returned = perform(make_plan(), "submit", drafter)
    perform(returned, "return_for_revision", u["reviewer"], comment="Sửa lại.")  # a task to revise
    drafter = get_user_model().objects.get(pk=drafter.pk)  # (memberships read afresh)
    whole = [(row["i_kind"], row["i_ref"]) for row in duty_sources(drafter).order_by(*DUTY_ORDER)]
    assert {kind for kind, _ref in whole} == {"task", "report_due", "report_review"} and len(whole) == 9 + 3 + 1
    for size in (1, 2, 5, 20):
        paginator = Paginator(duties(drafter), size)
        pages = [(row["i_kind"], row["i_ref"]) for n in paginator.page_range for row in paginator.page(n).object_list]
        assert paginator.count == len(whole) and pages == whole


def test_a_recalled_plans_slots_leave_the_inbox(world, reporting_plan):
    """The report duties read a unit's waiting slots without their plan: a plan that stops reporting
    takes its waiting slots with it (recall waives them), so they leave the inbox all the same."""
    u = world["users"]
    assert inbox_of(u["reporter"])["count"] == 12
    perform(reporting_plan, "recall", u["signer"], comment="Ban hành sai thẩm quyền")
    assert inbox_of(u["reporter"])["count"] == 0
    assert not ReportSlot.objects.filter(plan=reporting_plan, state__in=["open", "returned", "overdue", "submitted"]).exists()
