"""The dashboards: a plan's "Thống kê" tab and the organization's "Tổng hợp báo cáo" — charts with
their numbers beside them, escaped labels, and query counts that do not grow with the data."""

import re
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.models import ReportSlot
from reporting.services import review_slot, submit_report
from tests.ui.helpers import advance


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def state_count(html, state):
    return int(re.search(rf'<tr data-state="{state}"><td>[^<]*</td><td>(\d+)</td></tr>', html).group(1))


def once_plan(make_plan, world, subject="Kế hoạch một lần", **overrides):
    task = {"text": "Báo cáo một lần", "lead_unit": world["police"], "supporting_units": [], "schedule_kind": "once"}
    task["schedule_date"] = date(2025, 6, 1)
    return advance(make_plan(subject=subject, tasks=[task], **overrides), world, "reporting")


def test_the_plan_dashboard_shows_charts_with_their_numbers(login, world, reporting_plan):
    u = world["users"]
    target = reporting_plan.targets.get()
    january = ReportSlot.objects.get(plan=reporting_plan, due_on=date(2025, 2, 15))
    submit_report(january, u["reporter"], progress=40, target_values=[(target.pk, Decimal("35"))])
    review_slot(january, u["drafter"], decision="accept")
    february = ReportSlot.objects.get(plan=reporting_plan, due_on=date(2025, 3, 15))
    submit_report(february, u["reporter"], progress=80, target_values=[(target.pk, Decimal("77.5"))])

    html = html_of(login("auditor").get(f"/plans/{reporting_plan.pk}/dashboard/"))
    assert html.count('class="pf-bars"') == 4
    assert (state_count(html, "accepted"), state_count(html, "submitted"), state_count(html, "overdue")) == (1, 1, 11)
    assert re.search(r"<td data-total><strong>13</strong></td>", html)
    late = re.search(r'id="chart-late".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    assert re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", late) == [("Công an huyện", "10"), ("Phòng Tài chính - Kế hoạch", "1")]
    targets = re.search(r'id="chart-targets".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    assert "<td>77,5 %</td>" in targets and "100 %</td>" in targets and "<td>77,5%</td>" in targets and 'data-met="no"' in targets
    progress = re.search(r'id="chart-progress".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    # by the period each slot covers; both reports came after their dates (filed now): late
    assert "<tr><td>Tháng 1/2025</td><td>1</td><td>40%</td><td>1</td></tr>" in progress
    assert "<tr><td>Tháng 2/2025</td><td>1</td><td>80%</td><td>1</td></tr>" in progress
    units = re.search(r'id="chart-units".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    assert "<tr><td>Công an huyện</td><td>12</td><td>10%</td><td>2</td></tr>" in units
    assert ">80%<" in html  # the bar's value in the progress chart


def test_labels_are_escaped_in_charts_and_tables(login, world, make_plan):
    plan = once_plan(
        make_plan, world, targets=[{"text": "<script>alert(1)</script>", "unit": "%", "target_value": Decimal("10"), "baseline": None}]
    )
    html = html_of(login("drafter").get(f"/plans/{plan.pk}/dashboard/"))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_plan_dashboard_query_count_does_not_grow(login, world, reporting_plan, make_plan):
    small = once_plan(make_plan, world)
    client = login("drafter")
    client.get(f"/plans/{small.pk}/dashboard/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/plans/{small.pk}/dashboard/")
    target = reporting_plan.targets.get()
    for number, slot in enumerate(ReportSlot.objects.filter(plan=reporting_plan, task__lead_unit=world["police"])[:8], start=1):
        submit_report(slot, world["users"]["reporter"], progress=10 * number, target_values=[(target.pk, Decimal(number))])
    with CaptureQueriesContext(connection) as many:
        client.get(f"/plans/{reporting_plan.pk}/dashboard/")
    assert len(many) == len(few)


def test_the_organization_summary_counts_every_plan_of_the_authority(login, world, reporting_plan, make_plan):
    once_plan(make_plan, world)
    submit_report(ReportSlot.objects.filter(plan=reporting_plan).first(), world["users"]["reporter"], progress=50)
    client = login("reporter")  # a reporter of a unit belongs to its authority
    html = html_of(client.get("/plans/reporting/"))
    assert "Tổng hợp báo cáo — UBND huyện Ia H&#x27;Drai" in html
    assert (state_count(html, "submitted"), state_count(html, "overdue")) == (1, 13)
    assert re.search(r"<td data-total><strong>14</strong></td>", html)
    assert html.count('class="pf-bars"') == 4
    assert f'href="/plans/{reporting_plan.pk}/dashboard/"' in html  # targets name their plan


def test_the_organization_summary_query_count_does_not_grow_and_targets_are_paginated(login, world, make_plan):
    once_plan(make_plan, world)
    client = login("drafter")
    client.get("/plans/reporting/")
    with CaptureQueriesContext(connection) as few:
        client.get("/plans/reporting/")
    targets = [{"text": f"Chỉ tiêu {i}", "unit": "%", "target_value": Decimal("100"), "baseline": None} for i in range(25)]
    for number in range(3):
        once_plan(make_plan, world, subject=f"Kế hoạch {number}", targets=targets)
    with CaptureQueriesContext(connection) as many:
        html = html_of(client.get("/plans/reporting/"))
    assert len(many) == len(few)
    assert "Trang 1/4 · 76 mục" in html
    assert html_of(client.get("/plans/reporting/?page=4")).count("Chỉ tiêu 24") == 2  # chart label and table


def test_a_person_of_several_authorities_chooses_one(client, world, reporting_plan):
    admin = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(admin)
    html = html_of(client.get(f"/plans/reporting/?organization={world['commune'].pk}"))
    assert "Tổng hợp báo cáo — UBND xã Kon Braih" in html and state_count(html, "overdue") == 0
    assert f'<option value="{world["district"].pk}"' in html
    html = html_of(client.get(f"/plans/reporting/?organization={world['district'].pk}"))
    assert state_count(html, "overdue") == 13
    assert client.get("/plans/reporting/?organization=999999").status_code == 404
    assert client.get("/plans/reporting/?organization=abc").status_code == 404
