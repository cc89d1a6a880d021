"""Debian's chromium driven by Playwright for the browser tests (never `playwright install`: `make
test` installs the chromium package where it is missing).

`chromium(monkeypatch)` yields a launched browser; `Person` is one user in their own browser
context (their locale and window width), logged in, with every page error and console error kept."""

import contextlib
import os
import re

import pytest

from tests.conftest import PASSWORD
from tests.output import OUTPUT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
SHOTS = OUTPUT_ROOT / "e2e"

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# What the browser reports for an answer the test asks for on purpose: a form shown again with its
# errors (422, which Turbo needs) and a plan that is not there for this person (404).
EXPECTED_STATUS = re.compile(r"Failed to load resource: the server responded with a status of (404|422)\b")


@contextlib.contextmanager
def chromium(monkeypatch):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are plain
    # synchronous code all the same.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Person:
    """One user in a browser context of their own: `page`, and `problems` (page and console errors)."""

    def __init__(self, browser, base_url, username, *, locale, viewport, shots=SHOTS):
        phone = viewport["width"] < 600
        self.context = browser.new_context(locale=locale, viewport=viewport, is_mobile=phone, has_touch=phone)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.base_url, self.username, self.viewport, self.shots = base_url, username, viewport, shots
        self.name = f"{username}-{'phone' if phone else 'desktop'}-{locale}"
        self.problems = []
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.name}: uncaught {error}"))
        self.page.on("console", self._console)
        self.log_in()

    def _console(self, message):
        if message.type == "error" and not EXPECTED_STATUS.search(message.text):
            self.problems.append(f"{self.name} on {self.page.url}: {message.text}")

    def log_in(self):
        from playwright.sync_api import expect

        self.page.goto(f"{self.base_url}/accounts/login/")
        self.page.fill("input[name=username]", self.username)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("form.pf-login button[type=submit]")
        expect(self.page.locator("[data-open-tasks]")).to_be_attached()

    def goto(self, path):
        return self.page.goto(f"{self.base_url}{path}")

    def scroll_top(self):
        return self.page.evaluate("document.scrollingElement.scrollTop")

    def sideways_scroll(self):
        """How far the page scrolls sideways (0 when it fits the window)."""
        return self.page.evaluate("document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")

    def shot(self, name):
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{name}-{self.name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path
