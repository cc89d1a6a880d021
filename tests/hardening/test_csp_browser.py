"""The Content-Security-Policy does not break viewflow's Material frontend: in headless Chromium the
login page, the plan list, a plan page, the signing form, the lockout page and the API docs render
and run their scripts with no CSP violation. Pages are reached by clicking (Turbo Drive swaps
pages without reloading the policy) as well as by loading them.

Debian's chromium driven by Playwright, as tests/e2e does; this test never downloads a browser."""

import os
import re

import pytest

from tests.api.conftest import advance
from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.django_db(transaction=True)

# Every violation the page reports, whatever its kind (script, style, font, frame, connect …).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${document.location.pathname}`);
});
"""


@pytest.fixture
def page(monkeypatch):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's event loop runs in this thread
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="vi-VN")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.problems = problems = []

        def report_violation(text):
            problems.append(text)

        page.expose_function("reportViolation", report_violation)
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", lambda message: page.problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: page.problems.append(f"uncaught: {error}"))
        yield page
        browser.close()


def test_no_csp_violation_on_the_main_pages(page, live_server, world, make_plan):
    from playwright.sync_api import expect

    plan = advance(make_plan(), world, "signing")
    base = live_server.url

    page.goto(f"{base}/accounts/login/")
    expect(page.locator("form.pf-login")).to_be_visible()
    page.fill("input[name=username]", "signer")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.pf-login button[type=submit]")
    expect(page).to_have_url(re.compile(r"/plans/"))

    # The list, then a click to the plan (a Turbo visit), then the signing form.
    page.goto(f"{base}/plans/")
    page.click(f'a[href="/plans/{plan.pk}/"]')
    expect(page).to_have_url(re.compile(rf"/plans/{plan.pk}/$"))
    page.goto(f"{base}/plans/{plan.pk}/actions/sign/")
    expect(page.locator("input[name=password]")).to_be_visible()
    # viewflow's scripts ran: its web components are defined.
    assert page.evaluate("() => customElements.get('vf-page') !== undefined")
    # Styles applied: viewflow's stylesheets (files) and planflow's <style> block (inline).
    assert page.evaluate("() => getComputedStyle(document.querySelector('.pf-page')).fontFamily").lower().startswith("roboto")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.material-icons')).fontFamily") == '"Material Icons"'

    page.goto(f"{base}/api/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible()

    assert page.problems == []


def test_no_csp_violation_on_the_lockout_page(page, live_server, world):
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/accounts/login/")
    for _attempt in range(5):
        page.fill("input[name=username]", "drafter")
        page.fill("input[name=password]", "wrong-password")
        # Turbo submits the form with fetch and then swaps in the answer's <body>. Filling the next
        # attempt before the swap would type into the old form, and the new one's empty required
        # fields would stop the browser from posting at all: wait for the new body.
        page.evaluate("() => { document.body.dataset.attemptSent = '1'; }")
        with page.expect_response(lambda response: response.request.method == "POST"):
            page.click("form.pf-login button[type=submit]")
        page.wait_for_selector("body:not([data-attempt-sent])", state="attached")
    expect(page.locator(".pf-errors")).to_contain_text("Đăng nhập sai quá 5 lần")
    # The browser notes the refused attempts' statuses (422 for a form with errors, 429); nothing else.
    assert [p for p in page.problems if not re.match(r"Failed to load resource: .* status of (422|429)", p)] == []


def test_no_csp_violation_in_the_block_editor(page, live_server, world):
    """The plan form's block editor (static/planflow/blocks.js) inserts, moves, indents and splits
    pasted paragraphs under the policy: no inline script, nothing refused."""
    from playwright.sync_api import expect

    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "drafter")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.pf-login button[type=submit]")
    expect(page).to_have_url(re.compile(r"/plans/"))
    page.goto(f"{base}/plans/new/")
    page.fill('[name="body-0-text"]', "Mục đích")
    page.press('[name="body-0-text"]', "Enter")
    expect(page.locator('[name="body-1-text"]')).to_be_focused()
    page.press('[name="body-1-text"]', "Alt+ArrowRight")
    page.press('[name="body-1-text"]', "Alt+ArrowUp")
    page.locator('#block-0 [data-block-action="task"]').click()
    expect(page.locator('[name="body-0-lead_unit"]')).to_be_visible()
    assert page.input_value('[name="body-TOTAL_FORMS"]') == "2"
    assert page.problems == []
