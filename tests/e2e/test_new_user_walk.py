"""What a new user trips over (issue 14), walked in a real browser: a realistic plan from its first
draft to its closing, with every person at their own window width (desktop 1366 px or a 390 px
phone) and browser locale (en-US or vi-VN), asserting at each step what used to go wrong:

- money typed the Vietnamese way is stored at its value ("5.000.000" is 5 million đồng, under en-US
  too); text that could mean two values is refused, naming why, and the cursor goes to it;
- "Thêm …" adds a row where the person is (no reload, no jump to the top) with the cursor in it,
  and a review comment is sent without reloading the page;
- no button promises what cannot be done ("Ký" is gone once the current content is signed) and
  each badge counts what its page lists (the clerk's queue);
- the reason of a return is at the top of the plan and in the drafter's inbox row;
- history values read Có/Không, dd/mm/yyyy, 5.000.000, a section's heading before its body;
- the dashboard's labels are whole, a waived slot does not pull the monthly average down;
- at 390 px the plan list and the plan page do not scroll sideways, the head's names stay whole;
- who sees what: the implementing unit and other organizations see nothing before the issue.

One walk, both widths: the long path runs once per `make test` database. Screenshots of each step
go to test-output/<database>/e2e/walk/ (look at them after a change of the pages).
"""

import re

import pytest

from plans.models import BudgetLine, Plan
from reporting.models import ReportSlot
from tests.conftest import PASSWORD
from tests.e2e.browser import DESKTOP, PHONE, SHOTS, Person, chromium

pytestmark = pytest.mark.django_db(transaction=True)

WALK_SHOTS = SHOTS / "walk"

SUBJECT = "Triển khai thực hiện Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” trên địa bàn huyện năm 2025"
LEGAL_BASES = [
    "Căn cứ Chương trình công tác Mặt trận năm 2025 của Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Kon Tum;",
    "Căn cứ Kế hoạch số 358/KH-MTTQ-BTT ngày 08 tháng 02 năm 2025 của Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Kon Tum.",
]
SECTIONS = [
    (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Đẩy mạnh công tác tuyên truyền, vận động Nhân dân hiểu biết và chấp hành pháp luật.\n2. Bảo đảm thiết thực, tiết kiệm, hiệu quả.",
    ),
    ("II. NỘI DUNG THỰC HIỆN", "Duy trì các mô hình điểm; tuyên truyền, vận động đoàn viên, hội viên và các tầng lớp Nhân dân."),
]
# (text, unit, target value as typed) — long wordings on purpose: the dashboard must print them whole.
TARGETS = [
    ("Có trên 77,17% hộ gia đình trên địa bàn huyện đạt danh hiệu “Gia đình văn hóa” trong năm 2025", "%", "77,17"),
    ("Có trên 30,71% hộ đồng bào dân tộc thiểu số được hỗ trợ phát triển sản xuất, chuyển đổi nghề", "%", "30,71"),
    ("Tỷ lệ hộ nghèo trên địa bàn huyện giảm bình quân 25,20% so với đầu năm theo chuẩn nghèo đa chiều", "%", "25,20"),
    ("Số mô hình điểm “Khu dân cư văn minh” được duy trì", "mô hình", "10"),
    ("Số hộ được hỗ trợ xây mới, sửa chữa nhà ở", "hộ", "1200"),
]
# (text, lead unit key, schedule: {field: value})
TASKS = [
    (
        "Chủ trì tuyên truyền, vận động Nhân dân tham gia Cuộc vận động; báo cáo kết quả hằng tháng.",
        "police",
        {"schedule_kind": "monthly", "schedule_day": "15"},
    ),
    (
        "Tham mưu bố trí kinh phí duy trì các mô hình điểm; báo cáo một lần trước ngày 20/3/2025.",
        "finance",
        {"schedule_kind": "once", "schedule_date": "2025-03-20"},
    ),
    ("Phối hợp rà soát, lập danh sách hộ nghèo, hộ cận nghèo trên địa bàn.", "finance", {}),
    ("Hướng dẫn xây dựng khu dân cư văn minh, gia đình văn hóa.", "police", {}),
    ("Kiểm tra, đôn đốc việc thực hiện ở cơ sở.", "police", {}),
    ("Tổng hợp kết quả, đề xuất khen thưởng tập thể, cá nhân tiêu biểu.", "finance", {}),
]
PERIOD = ("2025-01-01", "2025-03-31")
RETURN_REASON = "Đề nghị bổ sung dòng kinh phí tuyên truyền và nêu rõ nguồn kinh phí."
FIRST_FIELD = {
    "legal_bases": "text",
    "budget_lines": "item",
    "recipients": "name",
}


def test_a_new_user_walks_a_realistic_plan_from_draft_to_closing(live_server, world, monkeypatch):
    from playwright.sync_api import expect

    u = world["users"]
    base = live_server.url
    with chromium(monkeypatch) as browser:
        people = []

        def person(username, locale, viewport):
            someone = Person(browser, base, username, locale=locale, viewport=viewport, shots=WALK_SHOTS)
            people.append(someone)
            return someone

        drafter = person("drafter", "en-US", DESKTOP)  # en-US: the locale that read "5.000.000" as 5
        drafter_phone = person("drafter", "vi-VN", PHONE)
        reviewer = person("reviewer", "vi-VN", PHONE)
        signer = person("signer", "vi-VN", DESKTOP)
        clerk = person("clerk", "en-US", PHONE)
        reporter = person("reporter", "en-US", DESKTOP)
        outsider = person("xa_drafter", "vi-VN", PHONE)  # another authority
        auditor = person("auditor", "vi-VN", PHONE)
        auditor_desktop = person("auditor", "en-US", DESKTOP)

        # --- 1. The drafter writes the plan (desktop, en-US): every part through "Thêm …" -------
        page = drafter.page
        drafter.goto("/plans/new/")
        page.fill("[name=subject]", SUBJECT)
        page.fill("[name=preamble]", "Ủy ban nhân dân huyện ban hành Kế hoạch triển khai thực hiện Cuộc vận động năm 2025 như sau:")
        page.fill("[name=period_start]", PERIOD[0])
        page.fill("[name=period_end]", PERIOD[1])
        page.select_option("[name=signing_authority]", "KT.")
        page.select_option("[name=signer]", str(u["signer"].pk))
        page.check(f"[name=reviewers][value='{u['reviewer'].pk}']")
        page.evaluate("window.sameDocument = true")  # gone if the page reloads

        scrolled_to = []  # where the page was at each "Thêm": far down the 6-part form, not at the top

        def rows(prefix, count, fill_row):
            for index in range(count):
                if index:
                    added, where = add_row(drafter, prefix)
                    assert added == index
                    scrolled_to.append(where)
                fill_row(index)

        rows("legal_bases", 2, lambda i: page.fill(f"[name=legal_bases-{i}-text]", LEGAL_BASES[i]))

        # The body as blocks (issue 16): headings typed, their paragraphs pasted and split on
        # their labels, targets and tasks turned from paragraphs in place (tests/e2e/test_block_editor.py
        # walks the editor itself).
        enter_body(page, world)
        assert_block_count = int(page.input_value('[name="body-TOTAL_FORMS"]'))
        paragraphs = sum(1 + len(body.split("\n")) for _title, body in SECTIONS)
        assert assert_block_count == paragraphs + 1 + len(TARGETS) + 1 + len(TASKS), assert_block_count

        # Money typed the Vietnamese way under en-US; a quantity that is not a whole number.
        page.fill("[name=budget_lines-0-item]", "Hỗ trợ duy trì mô hình điểm “Khu dân cư văn minh”")
        page.locator("[name=budget_lines-0-unit_cost]").press_sequentially("5.000.000")
        page.fill("[name=budget_lines-0-quantity]", "1,5")
        page.fill("[name=budget_lines-0-source]", "Ngân sách huyện")

        def recipient(i):
            page.fill(f"[name=recipients-{i}-name]", ["Thường trực Huyện ủy", "VT"][i])
            page.select_option(f"[name=recipients-{i}-purpose]", ["b/c", "lưu"][i])

        rows("recipients", 2, recipient)
        assert page.evaluate("window.sameDocument === true"), "a “Thêm” button reloaded the page"
        assert len(scrolled_to) == 2 and max(scrolled_to) > 2000, scrolled_to
        drafter.shot("01-plan-form-filled")

        page.click(".pf-actions-bar button.pf-button--primary")
        # The banner names the field and its row; the cursor is in it, the value typed is still there.
        banner = page.locator("[data-error-summary]")
        expect(banner).to_contain_text("Kinh phí, dòng 1 — Số lượng")
        expect(banner).to_contain_text("“1,5” không phải là số nguyên")
        expect(page.locator("[name=budget_lines-0-quantity]")).to_be_focused()
        expect(page.locator("[name=budget_lines-0-unit_cost]")).to_have_value("5.000.000")
        assert not Plan.objects.exists()
        drafter.shot("02-plan-form-error")
        page.fill("[name=budget_lines-0-quantity]", "10")
        page.click(".pf-actions-bar button.pf-button--primary")
        expect(page.locator(".pf-message--success")).to_contain_text("Đã tạo kế hoạch dự thảo.")
        plan = Plan.objects.get()
        [line] = BudgetLine.objects.filter(plan=plan)
        assert (line.unit_cost, line.quantity, line.amount) == (5_000_000, 10, 50_000_000)  # not 5 đồng
        assert [str(t.target_value.normalize()) for t in plan.targets.all()] == ["77.17", "30.71", "25.2", "1E+1", "1.2E+3"]
        assert (plan.legal_bases.count(), plan.tasks.count(), plan.recipients.count()) == (2, 6, 2)
        kinds = list(plan.blocks.values_list("kind", flat=True))
        assert (kinds.count("heading"), kinds.count("paragraph"), kinds.count("target"), kinds.count("task")) == (4, 3, 5, 6), kinds
        expect(page.locator(".pf-doc")).to_contain_text("50.000.000")
        expect(page.locator(".pf-doc")).to_contain_text("Bằng chữ: Năm mươi triệu đồng chẵn")
        head_lines_whole(drafter)
        confirm(drafter, "submit", comment="Kính trình thẩm định.")

        # --- 2. Nobody outside the issuing body's people sees it before its issue ------------------
        assert_unseen(reporter, plan)
        assert_unseen(outsider, plan)

        # --- 3. The reviewer (phone, vi-VN): badge = inbox, a comment without reload, a return --------
        page = reviewer.page
        reviewer.goto("/plans/")
        badges_match_pages(reviewer, mine=1, queued=0)
        assert reviewer.sideways_scroll() == 0
        page.click('tr[data-step="review"] [data-open-task]')
        expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))
        assert reviewer.sideways_scroll() == 0, "the plan page scrolls sideways at 390 px"
        head_lines_whole(reviewer)
        reviewer.shot("03-plan-page-in-review")
        page.fill("#comment-text", "Dòng kinh phí chưa ghi nguồn cho phần tuyên truyền.")
        page.evaluate("window.sameDocument = true")
        before = reviewer.scroll_top()
        page.click('[data-comment-action="comment"]')
        expect(page.locator("[data-inline-messages]")).to_contain_text("Đã gửi ý kiến.")
        assert page.evaluate("window.sameDocument === true"), "sending a comment reloaded the page"
        assert reviewer.scroll_top() >= before - 50 and before > 1000, (before, reviewer.scroll_top())
        confirm(reviewer, "return_for_revision", comment=RETURN_REASON)

        # --- 4. The drafter finds the reason where they look, revises on the phone, resubmits ------
        page = drafter.page
        drafter.goto("/plans/tasks/")
        badges_match_pages(drafter, mine=1, queued=0)
        row = page.locator('tr[data-step="revise"]')
        expect(row.locator("[data-return-reason]")).to_contain_text(f"Trả lại để sửa — {u['reviewer'].get_full_name()}: {RETURN_REASON}")
        xu_ly = page.locator('tr[data-step="revise"] [data-open-task]')
        assert xu_ly.evaluate("button => button.getBoundingClientRect().height") < 40, "the “Xử lý” button wraps"
        drafter.shot("04-drafter-inbox-with-reason")
        for someone in (drafter, drafter_phone):
            someone.goto(f"/plans/{plan.pk}/")
            reason = someone.page.locator("[data-return-reason]")
            expect(reason).to_contain_text(RETURN_REASON)
            expect(reason).to_contain_text(u["reviewer"].get_full_name())
            assert reason.bounding_box()["y"] < someone.viewport["height"], "the reason is not at the top of the plan"
        drafter_phone.shot("05-returned-plan-top")

        page = drafter_phone.page
        page.click('[data-comment-action="resolve"]')
        expect(page.locator("[data-inline-messages]")).to_contain_text("Đã đánh dấu ý kiến là đã giải quyết.")
        drafter_phone.goto("/plans/tasks/")
        page.click('tr[data-step="revise"] [data-open-task]')
        expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/edit/$"))
        expect(page.locator("[name=budget_lines-0-unit_cost]")).to_have_value("5.000.000")  # shown as written
        page.evaluate("window.sameDocument = true")
        row, where = add_row(drafter_phone, "budget_lines")  # the line and a spare blank row are there
        assert row == 2 and where > 2000, (row, where)
        page.fill(f"[name=budget_lines-{row}-item]", "Tuyên truyền trên hệ thống truyền thanh cơ sở")
        page.fill(f"[name=budget_lines-{row}-unit_cost]", "1.500.000")
        page.fill(f"[name=budget_lines-{row}-quantity]", "2")
        page.fill(f"[name=budget_lines-{row}-source]", "Ngân sách huyện")
        assert page.evaluate("window.sameDocument === true")
        assert drafter_phone.sideways_scroll() == 0
        drafter_phone.shot("06-edit-on-the-phone")
        page.click(".pf-actions-bar button.pf-button--primary")
        expect(page.locator(".pf-message--success")).to_contain_text("Đã lưu kế hoạch.")
        assert list(BudgetLine.objects.filter(plan=plan).values_list("unit_cost", "quantity", "amount")) == [
            (5_000_000, 10, 50_000_000),
            (1_500_000, 2, 3_000_000),
        ]
        confirm(drafter_phone, "submit", comment="Đã bổ sung theo ý kiến thẩm định.")

        # --- 5. Approve, sign: "Ký" goes once the current content is signed ------------------------
        reviewer.goto(f"/plans/{plan.pk}/")
        confirm(reviewer, "approve", comment="Đồng ý, trình ký.")
        page = signer.page
        signer.goto("/plans/")
        badges_match_pages(signer, mine=1, queued=0)
        page.click('tr[data-step="sign"] [data-open-task]')
        expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/actions/sign/$"))
        page.check("input[name=kind][value=main]")
        page.fill("input[name=password]", "sai mật khẩu")
        page.click(".pf-actions-bar button[type=submit]")
        expect(page.locator("[data-error-summary]")).to_contain_text("Mật khẩu xác nhận chữ ký không đúng.")
        expect(page.locator("input[name=password]")).to_be_focused()
        page.fill("input[name=password]", PASSWORD)
        page.click(".pf-actions-bar button[type=submit]")
        expect(page.locator(".pf-message--success")).to_contain_text("Ký")
        expect(page.locator('[data-action="sign"]')).to_have_count(0)
        expect(page.locator('[data-action="return_for_revision"]')).to_have_count(1)
        badges_match_pages(signer, mine=0, queued=0)
        signer.goto(f"/plans/{plan.pk}/")
        signer.shot("07-signed-no-ky")

        # --- 6. The clerk (phone, en-US): the queue badge leads to the queue; issue; reporting -----
        page = clerk.page
        clerk.goto("/plans/")
        badges_match_pages(clerk, mine=0, queued=1)
        page.click("[data-queued-tasks]")
        expect(page).to_have_url(re.compile(r"/plans/tasks/queue/$"))
        assert clerk.sideways_scroll() == 0
        clerk.shot("08-clerk-queue")
        page.click('tr[data-step="issue"] [data-take-task]')
        expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/actions/issue/$"))
        page.click(".pf-actions-bar button[type=submit]")
        expect(page.locator(".pf-message--success")).to_contain_text("Đã ban hành kế hoạch, số 01/KH-UBND.")
        badges_match_pages(clerk, mine=0, queued=0)
        clerk.goto(f"/plans/{plan.pk}/")
        confirm(clerk, "start_reporting")
        assert clerk.sideways_scroll() == 0
        clerk.shot("09-plan-in-reporting")

        # --- 7. From its issue the implementing unit sees the plan and reports (desktop, en-US) ----
        assert reporter.goto(f"/plans/{plan.pk}/").status == 200
        reporter.goto("/plans/")
        expect(reporter.page.locator(f'a[href="/plans/{plan.pk}/"]')).to_have_count(1)
        assert outsider.goto(f"/plans/{plan.pk}/").status == 404
        slots = list(ReportSlot.objects.filter(plan=plan).select_related("task").order_by("due_on", "task__position"))
        monthly = [slot for slot in slots if slot.task.schedule_kind == "monthly"]
        once = [slot for slot in slots if slot.task.schedule_kind == "once"]
        # each month reported on day D of the month after it (issue 18)
        assert [slot.due_on.month for slot in monthly] == [2, 3, 4] and len(once) == 1 and once[0].due_on.month == 3
        targets = list(plan.targets.all())
        page = reporter.page
        reporter.goto(f"/plans/slots/{monthly[0].pk}/report/")
        page.fill("[name=progress]", "60")
        page.fill(f"[name=target_{targets[0].pk}]", "77.17")  # plain
        page.fill(f"[name=target_{targets[1].pk}]", "30,71")  # Vietnamese
        page.fill(f"[name=target_{targets[4].pk}]", "1.500")  # 1500 or 1,5?
        page.click(".pf-actions-bar button[type=submit]")
        expect(page.locator("[data-error-summary]")).to_contain_text("“1.500” có thể hiểu là 1,5 hoặc 1.500")
        expect(page.locator(f"[name=target_{targets[4].pk}]")).to_be_focused()
        reporter.shot("10-report-form-ambiguous")
        page.fill(f"[name=target_{targets[4].pk}]", "1500")
        page.click(".pf-actions-bar button[type=submit]")
        expect(page.locator(".pf-message--success")).to_contain_text("Đã nộp báo cáo")
        report = monthly[0].reports.get()
        assert report.progress == 60
        assert {v.target_id: str(v.value.normalize()) for v in report.target_values.all()} == {
            targets[0].pk: "77.17",
            targets[1].pk: "30.71",
            targets[4].pk: "1.5E+3",
        }
        reporter.goto(f"/plans/slots/{monthly[2].pk}/report/")
        page.fill("[name=progress]", "80 %")
        page.click(".pf-actions-bar button[type=submit]")
        expect(page.locator(".pf-message--success")).to_contain_text("Đã nộp báo cáo")

        # --- 8. Decisions; the dashboard: whole labels, a waived slot out of the average ----------
        decide(signer, monthly[0], "accept")
        decide(signer, monthly[2], "accept")
        decide(signer, monthly[1], "waive", comment="Tháng 02 nghỉ Tết Nguyên đán, gộp vào báo cáo tháng 3.")
        decide(signer, once[0], "waive", comment="Đã báo cáo bằng văn bản riêng.")
        for someone in (signer, auditor):
            someone.goto(f"/plans/{plan.pk}/dashboard/")
            labels = someone.page.locator("#chart-targets .pf-bars__label")
            assert labels.all_inner_texts() == [text for text, _unit, _value in TARGETS]
            clipped = someone.page.evaluate(
                """() => [...document.querySelectorAll('.pf-bars__label, .pf-bars__value')].filter(el => {
                     const box = el.getBoundingClientRect(), card = el.closest('.pf-card').getBoundingClientRect();
                     return el.scrollWidth > el.clientWidth + 1 || box.left < card.left || box.right > card.right + 1;
                   }).map(el => el.textContent)"""
            )
            assert clipped == [], f"chart labels cut at {someone.name}: {clipped}"
            progress = dict(
                row.split("\t")[0:3:2] for row in someone.page.locator("#chart-progress tbody tr").all_inner_texts()
            )  # month -> average
            assert progress == {"Tháng 1/2025": "60%", "Tháng 3/2025": "80%"}, progress  # by period; March: 80 %, not (80 + 0) / 2
            assert someone.sideways_scroll() == 0
            someone.shot("11-dashboard")

        # --- 9. Closing ------------------------------------------------------------------------
        signer.goto(f"/plans/{plan.pk}/")
        confirm(signer, "close", comment="Hoàn thành các chỉ tiêu của Cuộc vận động năm 2025.")
        assert Plan.objects.get(pk=plan.pk).state == "closed"

        # --- 10. The auditor's pages: history values as people write them, as-of, compare, verify ---
        page = auditor.page
        auditor.goto("/plans/")
        assert auditor.sideways_scroll() == 0, "the plan list scrolls sideways at 390 px"
        auditor.shot("12-plan-list")
        auditor.goto(f"/plans/{plan.pk}/")
        assert auditor.sideways_scroll() == 0
        head_lines_whole(auditor)
        auditor.shot("13-closed-plan")
        text = all_history(auditor, plan)
        for written in (
            "Thực hiện từ ngày",
            "01/01/2025",
            "31/03/2025",
            "đơn giá (đồng): 5.000.000; số lượng: 10; thành tiền (đồng): 50.000.000",
            "77,17",
        ):
            assert written in text, written
        assert re.search(r"Đã giải quyết\s+Không\s+Có", text), "a resolved comment reads Không → Có"
        for raw in ("2025-01-01", "5000000", "77.17", "True", "False"):
            assert raw not in text, raw
        assert text.index("MỤC ĐÍCH, YÊU CẦU") < text.index("Đẩy mạnh công tác tuyên truyền")  # the body's blocks in order
        assert auditor.sideways_scroll() == 0
        auditor.shot("14-history")
        for path in ("reports/", "history/compare/?a=1&b=2", "history/as-of/", "verify/"):
            assert auditor.goto(f"/plans/{plan.pk}/{path}").status == 200, path
            assert auditor.sideways_scroll() == 0, f"/plans/{plan.pk}/{path} scrolls sideways at 390 px"

        page = auditor_desktop.page
        auditor_desktop.goto(f"/plans/{plan.pk}/history/")
        page.locator("text=Xem kế hoạch sau sự kiện này").first.click()
        expect(page.locator("h1")).to_contain_text("Kế hoạch tại một thời điểm")
        auditor_desktop.goto(f"/plans/{plan.pk}/history/")
        page.click("button:has-text('So sánh A và B')")
        expect(page.locator("h1")).to_contain_text("So sánh hai phiên bản")
        expect(page.locator("main")).to_contain_text("đơn giá (đồng): 1.500.000; số lượng: 2")  # the line added in round 2
        auditor_desktop.shot("15-compare")
        auditor_desktop.goto(f"/plans/{plan.pk}/verify/")
        expect(page.locator('[data-verify="ok"]')).to_be_visible()
        bundle = page.request.get(f"{base}/plans/{plan.pk}/audit-bundle.json")
        assert bundle.status == 200 and bundle.json()

        problems = [problem for someone in people for problem in someone.problems]
        assert not problems, "\n".join(problems)


# --- steps ------------------------------------------------------------------------------------


def enter_body(page, world):
    """The plan's body typed into the block editor: each section's heading, then its body pasted
    (split into blocks on its labels); "II. MỘT SỐ CHỈ TIÊU" with the targets, "III. NHIỆM VỤ" with
    the tasks, each typed as a paragraph and turned into a target or a task in place."""
    from playwright.sync_api import expect

    def block(index):
        return page.locator(f'[name="body-{index}-text"]')

    def next_block(index):
        block(index).press("End")
        block(index).press("Enter")
        expect(block(index + 1)).to_be_focused()
        return index + 1

    def heading(index, label, text):
        page.select_option(f'[name="body-{index}-kind"]', "heading")
        page.fill(f'[name="body-{index}-label"]', label)
        block(index).fill(text)
        block(index).press("Alt+ArrowLeft")  # level 1

    def paste(index, text):
        if "\n" not in text:  # one paragraph: typed
            block(index).fill(text)
            return index
        block(index).focus()
        page.evaluate(
            """text => { const data = new DataTransfer(); data.setData('text/plain', text);
                 document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }""",
            text,
        )
        return int(page.input_value('[name="body-TOTAL_FORMS"]')) - 1

    index = 0
    for title, body in SECTIONS:
        label, _sep, text = title.partition(" ")
        heading(index, label, text)
        index = paste(next_block(index), body)
        index = next_block(index)
    heading(index, "III.", "MỘT SỐ CHỈ TIÊU")
    for number, (text, unit, value) in enumerate(TARGETS, start=1):
        index = next_block(index)
        page.fill(f'[name="body-{index}-label"]', f"{number}.")
        block(index).fill(text)
        if page.input_value(f'[name="body-{index}-kind"]') != "target":
            page.locator(f'#block-{index} [data-block-action="target"]').click()
        page.select_option(f'[name="body-{index}-comparator"]', "more_than" if text.startswith("Có trên") else "exactly")
        page.fill(f'[name="body-{index}-value"]', value)
        page.fill(f'[name="body-{index}-unit"]', unit)
    index = next_block(index)
    heading(index, "IV.", "NHIỆM VỤ VÀ PHÂN CÔNG")
    for text, lead, schedule in TASKS:
        index = next_block(index)
        page.fill(f'[name="body-{index}-label"]', "-")
        block(index).fill(text)
        if page.input_value(f'[name="body-{index}-kind"]') != "task":
            page.locator(f'#block-{index} [data-block-action="task"]').click()
        page.select_option(f'[name="body-{index}-lead_unit"]', str(world[lead].pk))
        page.select_option(f'[name="body-{index}-schedule_kind"]', schedule.get("schedule_kind", ""))
        for field, value in schedule.items():
            if field != "schedule_kind":
                page.fill(f'[name="body-{index}-{field}"]', value)


def add_row(someone, prefix):
    """Press "Thêm …" of `prefix`: no reload, the view does not jump (to the top or anywhere), and
    the cursor is in the new row's first field. Returns (the new row's index, where the page was)."""
    from playwright.sync_api import expect

    page = someone.page
    index = int(page.input_value(f'input[name="{prefix}-TOTAL_FORMS"]'))
    button = page.locator(f'button[data-add-row="{prefix}"]')
    button.scroll_into_view_if_needed()
    before = someone.scroll_top()
    button.click()
    expect(page.locator(f'[name="{prefix}-{index}-{FIRST_FIELD[prefix]}"]')).to_be_focused()
    assert page.input_value(f'input[name="{prefix}-TOTAL_FORMS"]') == str(index + 1)
    after = someone.scroll_top()
    assert abs(after - before) < someone.viewport["height"] / 2, f"{prefix}: scrolled from {before} to {after}"
    return index, before


def confirm(someone, action, comment=None):
    """The action's button on the plan page, its confirmation page, back on the plan."""
    from playwright.sync_api import expect

    page = someone.page
    plan_url = page.url
    page.click(f'[data-action="{action}"]')
    expect(page).to_have_url(re.compile(rf"/actions/{action}/$"))
    if comment is not None:
        page.fill("textarea[name=comment]", comment)
    if page.locator("[data-opening-overdue]").count():  # a plan whose periods are past: the slots opening overdue, seen
        page.check("input[name=confirm_overdue]")
    page.click(".pf-actions-bar button[type=submit]")
    expect(page).to_have_url(plan_url)
    expect(page.locator(".pf-message--success")).to_be_visible()


def decide(someone, slot, decision, comment=None):
    from playwright.sync_api import expect

    page = someone.page
    someone.goto(f"/plans/slots/{slot.pk}/review/{decision}/")
    if comment:
        page.fill("textarea[name=comment]", comment)
    page.click(".pf-actions-bar button[type=submit]")
    expect(page.locator(".pf-message--success")).to_be_visible()


def assert_unseen(someone, plan):
    """Not in their list, and the plan's page is not there for them (404)."""
    from playwright.sync_api import expect

    someone.goto("/plans/")
    expect(someone.page.locator(f'a[href="/plans/{plan.pk}/"]')).to_have_count(0)
    assert someone.goto(f"/plans/{plan.pk}/").status == 404
    assert someone.goto(f"/plans/{plan.pk}/history/").status == 404


def badges_match_pages(someone, mine, queued):
    """The header badges count what "Hàng chờ" and "Việc cần làm" list (ends on "Việc cần làm")."""
    page = someone.page
    someone.goto("/plans/tasks/queue/")
    assert page.locator("tr[data-task]").count() == queued
    someone.goto("/plans/tasks/")
    assert page.locator("tr[data-task]").count() == mine
    assert page.locator("[data-open-tasks]").get_attribute("data-open-tasks") == str(mine)
    assert page.locator("[data-queued-tasks]").count() == (1 if queued else 0)
    if queued:
        assert page.locator("[data-queued-tasks]").get_attribute("data-queued-tasks") == str(queued)


def head_lines_whole(someone):
    """Each line of the document head's names stays on one line and inside its column."""
    lines = someone.page.evaluate(
        """() => [...document.querySelectorAll('.pf-doc__line')].map(el => ({
             text: el.textContent, fits: el.scrollWidth <= el.clientWidth + 1,
             oneLine: el.getBoundingClientRect().height < 1.9 * parseFloat(getComputedStyle(el).fontSize)}))"""
    )
    assert lines and all(line["fits"] and line["oneLine"] for line in lines), lines


def all_history(someone, plan):
    """The text of every page of the plan's history."""
    texts, number = [], 1
    while True:
        response = someone.goto(f"/plans/{plan.pk}/history/?page={number}")
        texts.append(someone.page.locator("main").inner_text())
        if response.status != 200 or not someone.page.locator("a[rel=next]").count():
            return "\n".join(texts)
        number += 1
