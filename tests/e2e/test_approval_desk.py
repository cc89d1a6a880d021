"""The approval desk in a real browser: four people take a plan from draft to issued.

Headless Debian chromium driven by Playwright against pytest-django's live server. The drafter
submits, the reviewer returns it with a reason, the drafter edits and resubmits (round 2), the
reviewer approves, the signer signs with their password, a clerk takes the issue task from the
queue and issues it. Screenshots of the inboxes and the plan page go to test-output/<database>/e2e/.

`make test` installs Debian's chromium where it is missing; this test never downloads a browser.
"""

import re

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from plans.models import Plan
from tests.conftest import PASSWORD
from tests.e2e.browser import SHOTS
from tests.workflow.flow_helpers import desk_fixture  # noqa: F401 (the `desk` fixture)
from workflow.flow_sync import human_tasks
from workflow.models import PlanApproval

pytestmark = pytest.mark.django_db(transaction=True)


def test_four_people_take_a_plan_through_two_rounds_to_issue(browser, live_server, desk, make_plan):
    from playwright.sync_api import expect

    plan = make_plan(subject="Kế hoạch triển khai phong trào thi đua năm 2025")
    base = live_server.url

    def person(username):
        context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.pf-login button[type=submit]")
        expect(page.locator("[data-open-tasks]")).to_be_attached()
        return page

    def confirm(page, action, **fields):
        """Click the action's button on the plan page, fill the confirmation form, confirm."""
        page.click(f'[data-action="{action}"]')
        expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/actions/{action}/$"))
        submit_confirmation(page, **fields)

    def submit_confirmation(page, comment=None, password=None):
        if comment is not None:
            page.fill("textarea[name=comment]", comment)
        if password is not None:
            page.fill("input[name=password]", password)
        page.click(".pf-actions-bar button[type=submit]")
        expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))

    def open_task(page, step):
        page.goto(f"{base}/plans/tasks/")
        page.click(f'tr[data-step="{step}"] [data-open-task]')

    drafter, reviewer, signer, clerk = (person(name) for name in ("drafter", "reviewer", "signer", "clerk"))

    # Round 1: the drafter submits, the reviewer finds the task in their inbox and returns the plan.
    drafter.goto(f"{base}/plans/{plan.pk}/")
    confirm(drafter, "submit", comment="Kính trình thẩm định.")
    expect(drafter.locator(".pf-message--success")).to_contain_text("Trình thẩm định")

    reviewer.goto(f"{base}/plans/tasks/")
    expect(reviewer.locator('tr[data-step="review"]')).to_have_count(1)
    expect(reviewer.locator("[data-open-tasks]")).to_have_attribute("data-open-tasks", "1")
    reviewer.screenshot(path=SHOTS / "1-reviewer-inbox.png", full_page=True)
    open_task(reviewer, "review")
    expect(reviewer).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))
    expect(reviewer.locator("[data-waiting]")).to_contain_text("Phạm Thẩm Định")
    confirm(reviewer, "return_for_revision", comment="Bổ sung đơn vị phối hợp cho nhiệm vụ 1.")

    # The drafter revises from their inbox (the edit form), saves and resubmits: round 2.
    open_task(drafter, "revise")
    expect(drafter).to_have_url(re.compile(rf"/plans/{plan.pk}/edit/$"))
    drafter.fill("[name=subject]", "Kế hoạch triển khai phong trào thi đua năm 2025 (đã bổ sung)")
    drafter.click(".pf-actions-bar button.pf-button--primary[type=submit]")
    expect(drafter.locator(".pf-message--success")).to_contain_text("Đã lưu kế hoạch.")
    confirm(drafter, "submit", comment="Đã bổ sung theo ý kiến thẩm định.")

    # Round 2: the reviewer approves; the signer signs with their password.
    open_task(reviewer, "review")
    confirm(reviewer, "approve", comment="Đồng ý.")
    expect(reviewer.locator("[data-waiting]")).to_contain_text("Nguyễn Tiên Dũng")

    signer.goto(f"{base}/plans/tasks/")
    signer.screenshot(path=SHOTS / "2-signer-inbox.png", full_page=True)
    open_task(signer, "sign")
    expect(signer).to_have_url(re.compile(rf"/plans/{plan.pk}/actions/sign/$"))
    signer.check("input[name=kind][value=main]")
    submit_confirmation(signer, password=PASSWORD)
    expect(signer.locator(".pf-message--success")).to_contain_text("Ký")

    # A clerk takes the issue task from the queue and issues the plan.
    clerk.goto(f"{base}/plans/tasks/queue/")
    expect(clerk.locator('tr[data-step="issue"]')).to_have_count(1)
    clerk.screenshot(path=SHOTS / "3-clerk-queue.png", full_page=True)
    clerk.click('tr[data-step="issue"] [data-take-task]')
    expect(clerk).to_have_url(re.compile(rf"/plans/{plan.pk}/actions/issue/$"))
    submit_confirmation(clerk)
    expect(clerk.locator(".pf-message--success")).to_contain_text("Đã ban hành kế hoạch, số 01/KH-UBND.")
    expect(clerk.locator("[data-open-tasks]")).to_have_attribute("data-open-tasks", "0")
    clerk.screenshot(path=SHOTS / "4-issued-plan.png", full_page=True)
    clerk.goto(f"{base}/plans/tasks/done/")
    expect(clerk.locator('tr[data-step="issue"]')).to_have_count(1)

    plan = Plan.objects.get(pk=plan.pk)
    assert (plan.state, plan.number, plan.review_round) == ("issued", 1, 2)
    assert plan.subject.endswith("(đã bổ sung)")
    assert PlanApproval.for_plan(plan).get().status == PROCESS.DONE
    assert not human_tasks().filter(status__in=[STATUS.NEW, STATUS.ASSIGNED]).exists()
    done = human_tasks().filter(status=STATUS.DONE).select_related("owner").order_by("id")
    assert [(task.flow_task.name, task.owner.username, task.data["outcome"]) for task in done] == [
        ("review", "reviewer", "return_for_revision"),
        ("revise", "drafter", "submit"),
        ("review", "reviewer", "approve"),
        ("sign", "signer", "sign"),
        ("issue", "clerk", "issue"),
    ]
    assert all((SHOTS / name).stat().st_size > 0 for name in ("1-reviewer-inbox.png", "3-clerk-queue.png", "4-issued-plan.png"))
