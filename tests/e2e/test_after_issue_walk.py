"""Issue 19 in a real browser: withdraw and discard with their confirmations, the outgoing register
and a received plan recorded by the recipient's clerk (Văn bản đến). One short walk, desktop width."""

import re

import pytest

from accounts.models import Membership, Role
from plans.models import Delivery, Plan
from tests.conftest import PASSWORD, plan_data
from tests.e2e.browser import DESKTOP, SHOTS, Person, chromium
from tests.register.test_register import issue
from workflow.services import perform

pytestmark = pytest.mark.django_db(transaction=True)


def test_withdraw_discard_register_and_receipt_in_the_browser(monkeypatch, live_server, world, make_plan, django_user_model):
    from playwright.sync_api import expect

    u = world["users"]
    submitted = perform(make_plan(subject="Kế hoạch sẽ rút lại"), "submit", u["drafter"])
    draft = make_plan(subject="Dự thảo soạn nhầm")
    recipients = plan_data(world)["recipients"] + [{"name": "UBND tỉnh Kon Tum", "purpose": "b/c", "organization": world["province"]}]
    issued = issue(world, make_plan(subject="Kế hoạch gửi tỉnh", recipients=recipients))
    province_clerk = django_user_model.objects.create_user("province_clerk", password=PASSWORD, first_name="Văn", last_name="Thư tỉnh")
    Membership.objects.create(user=province_clerk, organization=world["province"], role=Role.CLERK)

    with chromium(monkeypatch) as browser:
        drafter = Person(browser, live_server.url, "drafter", locale="vi-VN", viewport=DESKTOP, shots=SHOTS / "after-issue")
        page = drafter.page
        for plan, action, reason, state_label in (
            (submitted, "withdraw", "Bổ sung số liệu", "Dự thảo"),
            (draft, "discard", "Soạn nhầm, không dùng", "Đã hủy bỏ"),
        ):
            drafter.goto(f"/plans/{plan.pk}/")
            page.click(f'[data-action="{action}"]')
            expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/actions/{action}/$"))
            page.fill("textarea[name=comment]", reason)
            page.click(".pf-actions-bar button[type=submit]")
            expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))
            expect(page.locator(".pf-state").first).to_have_text(state_label)
        assert Plan.objects.get(pk=submitted.pk).state == "draft" and Plan.objects.get(pk=draft.pk).state == "discarded"

        drafter.goto("/plans/register/")
        expect(page.locator('[data-table="register"]')).to_contain_text(issued.symbol)
        expect(page.locator('[data-export="pdf"]')).to_have_attribute("href", re.compile(r"/plans/register/export\.pdf\?organization="))
        drafter.shot("register")

        clerk = Person(browser, live_server.url, "province_clerk", locale="vi-VN", viewport=DESKTOP, shots=SHOTS / "after-issue")
        clerk.page.click('a[href="/plans/received/"]')
        expect(clerk.page.locator('[data-table="received"]')).to_contain_text("Kế hoạch gửi tỉnh")
        clerk.page.click('[data-action="received"]')
        expect(clerk.page.locator('[data-status="received"]')).to_be_visible()
        clerk.shot("received")
        assert Delivery.objects.get(plan=issued).status == "received"
        assert not drafter.problems + clerk.problems, drafter.problems + clerk.problems
