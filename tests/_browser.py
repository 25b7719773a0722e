"""A headless chromium for the tests of deck.html and `deckcast serve`: Debian's
/usr/bin/chromium (or $DECKCAST_CHROMIUM) driven by Playwright, which downloads no browser
here. Where it is missing the browser tests skip, saying why; under CI (.ci/run installs
chromium) they fail instead, so they never skip unseen."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def chromium_path() -> str | None:
    given = os.environ.get("DECKCAST_CHROMIUM")
    if given:
        return given
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def _unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{why} (.ci/run installs chromium; the browser tests must not skip in CI)")
    print(f"browser tests skipped: {why}")
    pytest.skip(why)


@dataclass
class Watched:
    """A page with everything it logged, failed on and asked the network for."""

    page: Any
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        _unavailable("no chromium on this machine (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """open_page(url, width=1280, height=720) -> Watched: a fresh page, its console, errors
    and every request watched from before the first one."""
    contexts = []

    def opened(url: str, width: int = 1280, height: int = 720) -> Watched:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        watched = Watched(page)
        page.on("console", lambda m: watched.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: watched.errors.append(str(e)))
        page.on("request", lambda r: watched.requests.append(r.url))
        page.goto(url)
        return watched

    yield opened
    for context in contexts:
        context.close()


def wait_until(page: Any, expression: str, timeout: float = 20.0) -> Any:
    """Evaluate `expression` in the page until it is truthy, and return it. (Playwright's own
    wait_for_function polls with eval inside the page, which the pages' Content-Security-
    Policy refuses; page.evaluate goes through the debugging protocol.)"""
    import time

    end = time.monotonic() + timeout
    while True:
        try:
            value = page.evaluate(expression)
        except Exception:  # the frame reloading between two checks
            value = None
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"not true within {timeout} s: {expression}")
        time.sleep(0.01)
