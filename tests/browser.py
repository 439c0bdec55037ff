"""Debian's Chromium for the browser tests: missing, it skips locally and fails in CI."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def chromium() -> Path:
    """The browser Playwright drives (never one it downloads); see `make browser`."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run `make browser`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM
