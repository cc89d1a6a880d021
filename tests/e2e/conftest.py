"""The browser tests' shared fixture: `browser`, a headless Debian chromium (tests/e2e/browser.py)."""

import pytest

from tests.e2e.browser import chromium


@pytest.fixture
def browser(monkeypatch):
    with chromium(monkeypatch) as launched:
        yield launched
