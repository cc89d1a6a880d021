"""The block editor of the plan form (issue 16, "Faithful plans", point 3) in a real browser, at a
desktop's width and at a 390 px phone's: a realistic plan entered as blocks — headings, a target
with a range, a task led by a named post in a quarter, a table, a footnote — from the keyboard
(Enter at the end of a block adds the next, Alt+arrows move and indent), a paragraph turned into a
target and another into a task in place, several paragraphs pasted at once and split on their
labels; saved, reloaded, and all of it is there as entered. Nothing reloads the page until "Lưu".

Screenshots go to test-output/<database>/e2e/blocks/ (look at them after a change of the editor).
"""

import pytest

from plans.models import Plan
from tests.e2e.browser import DESKTOP, PHONE, SHOTS, Person, chromium

pytestmark = pytest.mark.django_db(transaction=True)

BLOCK_SHOTS = SHOTS / "blocks"

SUBJECT = "Triển khai thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” trên địa bàn xã năm 2025"
PASTED = (
    "- Tuyên truyền sâu rộng đến cán bộ, đảng viên và Nhân dân về Cuộc vận động;\n"
    "\n"
    "- Nâng cao nhận thức của doanh nghiệp và người tiêu dùng.\r\n"
    "2. Yêu cầu\n"
    "a) Bám sát chỉ đạo của cấp trên, phù hợp thực tế của địa phương.\n"
    "II. MỘT SỐ CHỈ TIÊU\n"
    "Có từ 01 đến 02 mô hình điểm về tiêu dùng hàng Việt[^1]."
)


def blocks_on_page(page):
    """(kind, level, label, text) of every block, in page order, by the names the form posts."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-blocks] > [data-block]')].map((block, i) => [
             block.querySelector(`[name="body-${i}-kind"]`).value,
             block.querySelector(`[name="body-${i}-level"]`).value,
             block.querySelector(`[name="body-${i}-label"]`).value,
             block.querySelector(`[name="body-${i}-text"]`).value])"""
    )


def text_of(page, index):
    return page.locator(f'[name="body-{index}-text"]')


def find_block(page, text):
    """The index of the block whose text starts with `text`."""
    for index, (_kind, _level, _label, written) in enumerate(blocks_on_page(page)):
        if written.startswith(text):
            return index
    raise AssertionError(f"no block starts with {text!r}: {blocks_on_page(page)}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_plan_entered_as_blocks_is_kept_as_entered(live_server, world, monkeypatch, viewport):
    from playwright.sync_api import expect

    u = world["users"]
    with chromium(monkeypatch) as browser:
        drafter = Person(browser, live_server.url, "drafter", locale="vi-VN", viewport=viewport, shots=BLOCK_SHOTS)
        page = drafter.page
        drafter.goto("/plans/new/")
        page.fill("[name=subject]", SUBJECT)
        page.fill("[name=period_start]", "2025-01-01")
        page.fill("[name=period_end]", "2025-12-31")
        page.select_option("[name=signer]", str(u["signer"].pk))
        page.check(f"[name=reviewers][value='{u['reviewer'].pk}']")
        page.evaluate("window.sameDocument = true")  # gone if anything reloads the page

        # --- Typed from the keyboard: a heading, Enter, a sub-heading indented with Alt+→ --------
        page.select_option('[name="body-0-kind"]', "heading")
        page.fill('[name="body-0-label"]', "I.")
        text_of(page, 0).fill("MỤC ĐÍCH, YÊU CẦU")
        text_of(page, 0).press("End")
        text_of(page, 0).press("Enter")
        expect(text_of(page, 1)).to_be_focused()  # a new block after it, the cursor in it
        page.keyboard.type("Mục đích")
        page.select_option('[name="body-1-kind"]', "heading")
        text_of(page, 1).press("Alt+ArrowRight")
        page.fill('[name="body-1-label"]', "1.")
        text_of(page, 1).press("End")
        text_of(page, 1).press("Enter")
        expect(text_of(page, 2)).to_be_focused()
        # Shift+Enter is a line break inside the block; Enter in the middle of the text adds nothing.
        page.keyboard.type("Dòng một")
        page.keyboard.press("Shift+Enter")
        page.keyboard.type("dòng hai")
        assert text_of(page, 2).input_value() == "Dòng một\ndòng hai"
        text_of(page, 2).fill("")

        # --- Several paragraphs pasted into the empty block: split on their labels ---------------
        text_of(page, 2).focus()
        page.evaluate(
            """text => { const data = new DataTransfer(); data.setData('text/plain', text);
                 document.activeElement.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }""",
            PASTED,
        )
        assert blocks_on_page(page) == [
            ["heading", "1", "I.", "MỤC ĐÍCH, YÊU CẦU"],
            ["heading", "2", "1.", "Mục đích"],
            ["paragraph", "1", "-", "Tuyên truyền sâu rộng đến cán bộ, đảng viên và Nhân dân về Cuộc vận động;"],
            ["paragraph", "1", "-", "Nâng cao nhận thức của doanh nghiệp và người tiêu dùng."],
            ["heading", "2", "2.", "Yêu cầu"],
            ["paragraph", "1", "a)", "Bám sát chỉ đạo của cấp trên, phù hợp thực tế của địa phương."],
            ["heading", "1", "II.", "MỘT SỐ CHỈ TIÊU"],
            ["paragraph", "1", "", "Có từ 01 đến 02 mô hình điểm về tiêu dùng hàng Việt[^1]."],
        ]
        assert page.input_value('[name="body-TOTAL_FORMS"]') == "8"
        # Only a heading has a level; the blocks after it nest under it.
        depths = page.evaluate("() => [...document.querySelectorAll('[data-blocks] > [data-block]')].map(b => b.dataset.depth)")
        assert depths == ["0", "1", "2", "2", "1", "2", "0", "1"]

        # --- A paragraph becomes a target in place: its measure fields appear, a range ------------
        target = 7
        page.fill(f'[name="body-{target}-label"]', "1.")
        page.locator(f'#block-{target} [data-block-action="target"]').click()
        expect(page.locator(f'[name="body-{target}-value"]')).to_be_visible()
        expect(page.locator(f'[name="body-{target}-value"]')).to_be_focused()
        expect(page.locator('[name="body-0-value"]')).to_be_hidden()  # a heading shows no measure
        page.select_option(f'[name="body-{target}-comparator"]', "between")
        page.fill(f'[name="body-{target}-value"]', "01")
        page.fill(f'[name="body-{target}-value_max"]', "02")
        page.fill(f'[name="body-{target}-unit"]', "mô hình")

        # A second target with a Vietnamese decimal, inserted with the block's own "+" button.
        page.locator(f'#block-{target} [data-block-action="insert"]').click()
        second = target + 1
        expect(text_of(page, second)).to_be_focused()
        assert page.input_value(f'[name="body-{second}-label"]') == "2."  # the label continues
        assert page.input_value(f'[name="body-{second}-kind"]') == "target"
        page.keyboard.type("Trên 77,17% hộ gia đình đạt danh hiệu “Gia đình văn hóa”.")
        page.select_option(f'[name="body-{second}-comparator"]', "more_than")
        page.fill(f'[name="body-{second}-value"]', "77,17")
        page.fill(f'[name="body-{second}-unit"]', "%")

        # --- A heading, then a paragraph turned into a task led by a named post, in a quarter ----
        text_of(page, second).focus()
        text_of(page, second).press("End")
        text_of(page, second).press("Enter")
        heading = second + 1
        page.select_option(f'[name="body-{heading}-kind"]', "heading")
        page.fill(f'[name="body-{heading}-label"]', "III.")
        text_of(page, heading).fill("NHIỆM VỤ CỤ THỂ")
        text_of(page, heading).press("Alt+ArrowLeft")  # back to level 1 (it was a target's level)
        text_of(page, heading).press("End")
        text_of(page, heading).press("Enter")
        task = heading + 1
        page.fill(f'[name="body-{task}-label"]', "-")
        text_of(page, task).focus()
        page.keyboard.type("Tham mưu ban hành kế hoạch triển khai Cuộc vận động trên địa bàn xã.")
        page.locator(f'#block-{task} [data-block-action="task"]').click()
        expect(page.locator(f'[name="body-{task}-lead_unit"]')).to_be_focused()
        page.fill(f'[name="body-{task}-lead_name"]', "Công chức Văn hóa - Xã hội xã")
        page.check(f'[name="body-{task}-supporting_units"][value="{world["finance"].pk}"]')
        page.fill(f'[name="body-{task}-supporting_names"]', "Các ban ngành, đoàn thể xã")
        page.select_option(f'[name="body-{task}-timing_kind"]', "quarter")
        expect(page.locator(f'[name="body-{task}-timing_quarter"]')).to_be_visible()
        page.select_option(f'[name="body-{task}-timing_quarter"]', "1")
        page.fill(f'[name="body-{task}-timing_year"]', "2025")
        page.select_option(f'[name="body-{task}-schedule_kind"]', "quarterly")
        page.fill(f'[name="body-{task}-schedule_day"]', "5")
        # a second duty of the same task ("… và hằng năm …"): its own select, then its day and month
        expect(page.locator(f'[name="body-{task}-schedule2_month"]')).to_be_hidden()
        page.locator(f'[name="body-{task}-schedule2_kind"]').focus()
        page.select_option(f'[name="body-{task}-schedule2_kind"]', "yearly")
        expect(page.locator(f'[name="body-{task}-schedule2_month"]')).to_be_visible()
        page.fill(f'[name="body-{task}-schedule2_day"]', "15")
        page.fill(f'[name="body-{task}-schedule2_month"]', "12")

        # --- A table and a footnote, added at the end -------------------------------------------
        page.click("[data-block-append]")
        table = task + 1
        page.select_option(f'[name="body-{table}-kind"]', "table")
        page.fill(f'[name="body-{table}-header_rows"]', "1")
        page.fill(f'[name="body-{table}-rows"]', "TT | Nội dung | Thời gian\n1 | Hội nghị triển khai | Quý I/2025")
        page.click("[data-block-append]")
        footnote = table + 1
        page.select_option(f'[name="body-{footnote}-kind"]', "footnote")
        page.fill(f'[name="body-{footnote}-label"]', "1")
        text_of(page, footnote).fill("Theo Kế hoạch số 12/KH-MTTQ-BTT ngày 10/01/2025 của Ban Thường trực Ủy ban MTTQ huyện.")

        # --- Reorder: "Yêu cầu" and its a) move above "Mục đích"'s bullets and back down ----------
        requirement = find_block(page, "Yêu cầu")
        text_of(page, requirement).press("Alt+ArrowUp")
        assert find_block(page, "Yêu cầu") == requirement - 1
        expect(text_of(page, requirement - 1)).to_be_focused()  # the cursor moves with its block
        text_of(page, requirement - 1).press("Alt+ArrowDown")
        assert find_block(page, "Yêu cầu") == requirement
        # The stray empty paragraph after the footnote goes with Backspace (none here): delete the
        # second bullet with the toolbar and bring it back by pasting one line (a plain paste).
        bullet = find_block(page, "Nâng cao nhận thức")
        page.locator(f'#block-{bullet} [data-block-action="delete"]').click()
        assert page.input_value('[name="body-TOTAL_FORMS"]') == str(footnote)  # one fewer
        expect(text_of(page, bullet - 1)).to_be_focused()
        text_of(page, bullet - 1).press("End")
        text_of(page, bullet - 1).press("Enter")
        assert page.input_value(f'[name="body-{bullet}-label"]') == "-"
        page.keyboard.type("Nâng cao nhận thức của doanh nghiệp và người tiêu dùng.")
        assert page.evaluate("window.sameDocument === true"), "the editor reloaded the page"
        assert drafter.sideways_scroll() == 0, "the editor scrolls sideways"
        entered = blocks_on_page(page)
        drafter.shot("01-blocks-entered")

        # --- Saved, and the editor shows it all again as entered ---------------------------------
        page.click(".pf-actions-bar button.pf-button--primary")
        expect(page.locator(".pf-message--success")).to_contain_text("Đã tạo kế hoạch dự thảo.")
        plan = Plan.objects.get()
        drafter.shot("02-plan-page")
        drafter.goto(f"/plans/{plan.pk}/edit/")
        assert blocks_on_page(page) == entered
        fields = {
            f"body-{target}-comparator": "between",
            f"body-{target}-value": "01",
            f"body-{target}-value_max": "02",
            f"body-{target}-unit": "mô hình",
            f"body-{second}-comparator": "more_than",
            f"body-{second}-value": "77,17",
            f"body-{task}-lead_name": "Công chức Văn hóa - Xã hội xã",
            f"body-{task}-supporting_names": "Các ban ngành, đoàn thể xã",
            f"body-{task}-timing_kind": "quarter",
            f"body-{task}-timing_quarter": "1",
            f"body-{task}-timing_year": "2025",
            f"body-{task}-schedule_kind": "quarterly",
            f"body-{task}-schedule_day": "5",
            f"body-{task}-schedule2_kind": "yearly",
            f"body-{task}-schedule2_day": "15",
            f"body-{task}-schedule2_month": "12",
            f"body-{table}-header_rows": "1",
            f"body-{table}-rows": "TT | Nội dung | Thời gian\n1 | Hội nghị triển khai | Quý I/2025",
        }
        assert {name: page.input_value(f'[name="{name}"]') for name in fields} == fields
        expect(page.locator(f'[name="body-{task}-supporting_units"][value="{world["finance"].pk}"]')).to_be_checked()
        expect(page.locator(f'[name="body-{task}-timing_quarter"]')).to_be_visible()
        assert drafter.sideways_scroll() == 0
        drafter.shot("03-editor-reloaded")

        # --- A mistake is named next to its block, and the banner takes the cursor there ----------
        page.fill(f'[name="body-{second}-value"]', "nhiều")
        page.click(".pf-actions-bar button.pf-button--primary")
        banner = page.locator("[data-error-summary]")
        expect(banner).to_contain_text(f"Khối {second + 1} (Chỉ tiêu) — Giá trị")
        expect(page.locator(f"#block-{second} .pf-error")).to_be_visible()
        expect(page.locator(f'[name="body-{second}-value"]')).to_be_focused()
        drafter.shot("04-error-next-to-its-block")
        assert not drafter.problems, "\n".join(drafter.problems)
