"""Issue 18 in a real browser: a reporter of a unit with overdue slots finds their duty from the
header badge, opens it from "Việc cần làm" and files the report; the badge then counts one less.

Headless Debian chromium driven by Playwright against pytest-django's live server (tests/e2e/browser.py).
"""

import re
from datetime import date

import pytest

from tests.e2e.browser import DESKTOP, SHOTS, Person
from tests.ui.helpers import advance

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reporter_finds_their_duty_from_the_badge(browser, live_server, world, make_plan):
    from playwright.sync_api import expect

    plan = make_plan(
        subject="Kế hoạch báo cáo hằng quý năm 2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        tasks=[
            {
                "text": "Báo cáo tình hình xóa nhà tạm",
                "lead_unit": world["police"],
                "supporting_units": [],
                "schedule_kind": "quarterly",
                "schedule_day": 5,
            }
        ],
    )
    advance(plan, world, "reporting")  # 2025 is past: the four quarters' slots are overdue

    reporter = Person(browser, live_server.url, "reporter", locale="vi-VN", viewport=DESKTOP)
    page = reporter.page
    badge = page.locator("[data-open-tasks]")
    expect(badge).to_have_attribute("data-open-tasks", "4")
    badge.click()
    expect(page).to_have_url(re.compile(r"/plans/tasks/$"))
    rows = page.locator('tr[data-kind="report_due"]')
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Quý I/2025")
    expect(rows.first).to_contain_text("05/04/2025")
    expect(rows.first).to_contain_text("quá hạn")
    page.screenshot(path=SHOTS / "reporter-inbox.png", full_page=True)

    rows.first.locator("[data-open-duty]").click()
    expect(page).to_have_url(re.compile(r"/plans/slots/\d+/report/$"))
    expect(page.locator("body")).to_contain_text("Quý I/2025")
    page.fill("input[name=progress]", "60")
    page.click("form button[type=submit].pf-button--primary")
    expect(page).to_have_url(re.compile(r"/plans/slots/\d+/$"))
    expect(page.locator(".pf-message--success")).to_contain_text("Đã nộp báo cáo")
    expect(page.locator("[data-late]").first).to_be_visible()  # filed after 05/04/2025: late
    expect(page.locator("[data-open-tasks]")).to_have_attribute("data-open-tasks", "3")
    assert reporter.problems == []
