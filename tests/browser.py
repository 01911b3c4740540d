"""Headless Chromium for browser tests: Debian's package, never a downloaded build."""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
# Where the journey tests put their screenshots, when asked: JOURNEY_SCREENSHOTS=/some/folder
SCREENSHOTS = os.environ.get("JOURNEY_SCREENSHOTS")


def double_tap(locator, url_pattern) -> None:
    """Tap twice, as an impatient thumb does, and wait for the page the taps lead to.

    The second tap's request aborts the first one's navigation, which Playwright reports as
    an error of the wait (net::ERR_ABORTED): that abort is the double tap, not a failure.
    """
    from playwright.sync_api import Error

    page = locator.page
    locator.dblclick()
    for _try in range(3):
        try:
            page.wait_for_url(url_pattern)
            break
        except Error as error:
            if "ERR_ABORTED" not in str(error) and "detached" not in str(error):
                raise
    page.wait_for_url(url_pattern)
    page.wait_for_load_state("networkidle")


def save_screenshot(page, name: str) -> None:
    """A full-page screenshot ``name``.png in JOURNEY_SCREENSHOTS, when it is set."""
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


@contextmanager
def chromium_page(viewport=None, locale="lo-LA"):
    """A fresh browser page, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=viewport or PHONE,
            locale=locale,
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            context.close()
            _close_database_connections()


def _close_database_connections():
    """Close connections the test body opened while Playwright's event loop was running.

    Django keeps connections per asyncio context there, so a query made inside the block
    opens a connection of its own that would outlive the test and keep PostgreSQL from
    dropping the test database.
    """
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
