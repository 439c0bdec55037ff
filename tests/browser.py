"""Debian's Chromium for the browser tests: missing, it skips locally and fails in CI."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

CHROMIUM = Path("/usr/bin/chromium")


def chromium() -> Path:
    """The browser Playwright drives (never one it downloads); see `make browser`."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run `make browser`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


def submit_sign_in(page: Page, username: str, password: str) -> None:
    """Fill in and send the sign-in form already on ``page``."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in_through_form(page: Page, base: str, username: str, password: str) -> None:
    """Sign in through the form at ``base`` and land on the home page."""
    page.goto(base + "/sign-in")
    submit_sign_in(page, username, password)
    expect(page).to_have_url(base + "/")
