"""The verify page in a real browser, at desktop width and at 390 px: the stored result says when it
was made, and "Kiểm tra lại ngay" finds a row edited in the database behind the chain's back.

Headless Debian chromium driven by Playwright against pytest-django's live server (tests/e2e/browser.py).
"""

import pytest

from tests.audit.conftest import tamper
from tests.e2e.browser import DESKTOP, PHONE, Person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_auditor_sees_the_stored_result_and_checks_again(browser, live_server, make_plan, viewport):
    from playwright.sync_api import expect

    plan = make_plan(subject="Kế hoạch kiểm tra toàn vẹn năm 2026")
    auditor = Person(browser, live_server.url, "auditor", locale="vi-VN", viewport=viewport)
    page = auditor.page
    auditor.goto(f"/plans/{plan.pk}/verify/")
    expect(page.locator('[data-verify="ok"]')).to_be_visible()
    expect(page.locator("[data-verify-fresh]")).to_be_visible()
    auditor.goto(f"/plans/{plan.pk}/verify/")
    expect(page.locator("[data-verify-stored]")).to_contain_text("Đây là kết quả đã lưu")
    expect(page.locator(".pf-verify-when")).to_contain_text("Kết quả kiểm tra lúc")
    assert auditor.sideways_scroll() == 0, "the verify page scrolls sideways"
    auditor.shot("verify-stored")

    tamper('UPDATE plans_plan SET "subject" = %s WHERE id = %s', ["Trích yếu đã bị sửa lén", plan.pk])
    auditor.goto(f"/plans/{plan.pk}/verify/")
    expect(page.locator('[data-verify="ok"]')).to_be_visible()  # the chain did not grow: still the stored result
    page.click("[data-verify-again]")
    expect(page.locator('[data-verify="problems"]')).to_be_visible()
    expect(page.locator(".pf-message--info")).to_contain_text("Đã kiểm tra lại toàn bộ")
    expect(page.locator(".pf-problems")).to_contain_text("Kế hoạch")
    assert page.url.endswith(f"/plans/{plan.pk}/verify/")
    assert auditor.sideways_scroll() == 0
    auditor.shot("verify-rechecked")
    assert auditor.problems == []
