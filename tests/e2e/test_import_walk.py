"""Importing a plan in a real browser (issue 17), at a desktop's width and at a 390 px phone's: the
drafter uploads a seed as text, sees the source beside the recognized blocks and the report,
corrects the subject, turns a block into a target and drops another, saves the draft and lands on
the plan. No page error, no CSP violation, nothing scrolls sideways on the phone."""

import re

import pytest

from audit.models import AuditEvent
from planimport.models import ImportedSource
from plans.models import Plan
from tests.e2e.browser import DESKTOP, PHONE, SHOTS, Person, chromium
from tests.planimport import files

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECT = "Thực hiện Chương trình xóa nhà tạm, nhà dột nát (nhập từ văn bản)"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_seed_uploaded_as_text_is_reviewed_corrected_and_saved(live_server, world, monkeypatch, viewport):
    from playwright.sync_api import expect

    data = files.seed_text(2).encode("utf-8")
    with chromium(monkeypatch) as browser:
        drafter = Person(browser, live_server.url, "drafter", locale="vi-VN", viewport=viewport, shots=SHOTS / "import")
        page = drafter.page
        drafter.goto("/plans/")
        page.get_by_role("link", name="Nhập từ văn bản").first.click()
        expect(page.locator("input[type=file][name=file]")).to_be_attached()
        page.set_input_files("input[name=file]", files={"name": "ke-hoach-002.txt", "mimeType": "text/plain", "buffer": data})
        page.get_by_role("button", name="Tải lên và nhận dạng").click()

        expect(page.locator("#import-report")).to_be_visible()
        expect(page.locator(".pf-import-source")).to_contain_text("KẾ HOẠCH")
        blocks = page.locator(".pf-import-block")
        count = blocks.count()
        assert count > 5
        if viewport is PHONE:
            assert drafter.sideways_scroll() == 0
        drafter.shot("review")

        page.fill("[name=subject]", SUBJECT)
        kinds = [page.locator(f'[name="block-{i}-kind"]').input_value() for i in range(count)]
        retyped = next(i for i, kind in enumerate(kinds) if kind == "paragraph")
        dropped = next(i for i, kind in enumerate(kinds) if kind == "paragraph" and i != retyped)
        page.select_option(f'[name="block-{retyped}-kind"]', "target")
        page.check(f'[name="block-{dropped}-drop"]')
        page.get_by_role("button", name="Lưu bản nháp").click()

        expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
        assert page.url == f"{live_server.url}/plans/{Plan.objects.get().pk}/"
        expect(page.locator("body")).to_contain_text(SUBJECT)
        drafter.shot("saved")
        assert not drafter.problems, drafter.problems

    plan = Plan.objects.get()
    assert (plan.subject, plan.state) == (SUBJECT, "draft")
    assert plan.blocks.count() == count - 1
    assert list(AuditEvent.objects.filter(plan=plan).values_list("action", flat=True)) == ["import"]
    assert ImportedSource.objects.get(plan=plan).size == len(data)
