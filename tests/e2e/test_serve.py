"""`deckcast serve` (issue 20): the server answers only the build's own files by name (no
traversal, no listing, only requests addressed to it), and in a real browser a save of the
source reloads the deck at the slide it showed, while a save that breaks the build shows the
error with its file and line over the last good deck."""

from __future__ import annotations

import http.client
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from _browser import wait_until
from _support import SEED, SEED_NATIVE, run

from generator.build import Options
from generator.serve import Serving


class Running:
    def __init__(self, serving: Serving):
        self.serving, self.builds = serving, 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self.stopped.is_set():
            if self.serving.poll(lambda message, err=False: None, self.builds):
                self.builds += 1
            time.sleep(0.05)

    def wait_builds(self, count: int, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while self.builds < count:
            assert time.monotonic() < end, "no build"
            time.sleep(0.05)


@pytest.fixture
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Running]:
    original = getattr(request, "param", SEED)
    source = tmp_path / original.name
    shutil.copy(original, source)
    serving = Serving(source, tmp_path / "out", ["script", "html"], Options(), "127.0.0.1", 0)
    serving.start()
    running = Running(serving)
    running.thread.start()
    running.wait_builds(1)
    yield running
    running.stopped.set()
    running.thread.join()
    serving.stop()


def _get(running: Running, path: str, host: str | None = None) -> tuple[int, bytes]:
    address = running.serving.server.server_address
    connection = http.client.HTTPConnection(address[0], address[1], timeout=10)
    headers = {"Host": host} if host else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


TRAVERSALS = [
    "/../pyproject.toml",
    "/%2e%2e/pyproject.toml",
    "/%2E%2E%2Fpyproject.toml",
    "/..%2f..%2fpyproject.toml",
    "/deck.html/../../pyproject.toml",
    "/..\\pyproject.toml",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/out/deck.html",
    "/.deckcast-build.json",
    "/ai-alignment-salon.txt",
]


def test_only_the_builds_own_files_by_name(served):
    status, page = _get(served, "/")
    assert status == 200 and b"deck-frame" in page
    for name in ("/deck.html", "/script.md", "/serve.js", "/serve.css"):
        assert _get(served, name)[0] == 200, name
    assert _get(served, "/deck.html?g=3")[0] == 200  # the page's reload marker is ignored
    for path in TRAVERSALS:
        status, body = _get(served, path)
        assert status == 404, path
        assert b"deckcast" not in body and b"pyproject" not in body and b"root:" not in body
    for folder in ("/out/", "/tests/", "/./", "/%2e/"):
        status, body = _get(served, folder)
        assert status == 404 and b"<a href" not in body  # no listing
    assert _get(served, "/handout.html")[0] == 404  # not built here
    assert _get(served, "/deck.html", host="attacker.example")[0] == 421  # DNS rebinding: refused
    assert _get(served, "/deck.html", host="localhost:1")[0] == 200


def test_the_cli_refuses_a_port_it_cannot_have(tmp_path):
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    try:
        result = run("serve", SEED, "-o", tmp_path / "out", "--port", blocker.getsockname()[1])
    finally:
        blocker.close()
    assert result.exit_code == 2 and "cannot listen on 127.0.0.1:" in result.output
    assert "Traceback" not in result.output


@pytest.mark.browser
def test_a_save_reloads_the_deck_at_the_same_slide(served, open_page):
    page = open_page(served.serving.url).page
    page.wait_for_selector("body[data-loaded='1']")
    deck = "document.getElementById('deck-frame').contentWindow"
    wait_until(page, f"{deck}.deckcast && {deck}.deckcast.count() === 24")
    page.evaluate(f"{deck}.deckcast.go(8)")
    source = served.serving.source
    text = source.read_text(encoding="utf-8")
    assert "價值觀植入" in text
    saved = time.monotonic()
    source.write_text(text.replace("價值觀植入", "價值觀的植入方式"), encoding="utf-8")
    page.wait_for_selector("body[data-loaded='2']", timeout=20_000)
    wait_until(page, f"{deck}.deckcast && {deck}.deckcast.slide() === 8")
    shown = page.evaluate(f"{deck}.document.querySelector('#deck > .slide.on').textContent")
    assert "價值觀的植入方式" in shown and time.monotonic() - saved < 10
    assert page.evaluate(f"{deck}.location.hash") == "#8"
    # the script tab shows the new script, its cues as buttons that jump the deck
    page.click("nav button[data-pane='script']")
    assert "價值觀的植入方式" in page.locator("#script-text").text_content()
    page.click("#script-text .cue[data-slide='3']")
    assert page.evaluate(f"{deck}.deckcast.slide()") == 3


@pytest.mark.browser
@pytest.mark.parametrize("served", [SEED_NATIVE], indirect=True)
def test_a_broken_save_shows_its_error_over_the_last_good_deck(served, open_page):
    watched = open_page(served.serving.url)
    page = watched.page
    page.wait_for_selector("body[data-loaded='1']")
    source = served.serving.source
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("title:", "title: [unclosed\ntitle:", 1), encoding="utf-8")
    page.wait_for_selector("#error:not([hidden])", timeout=20_000)
    message = page.locator("#error").text_content()
    assert str(source) in message and f"{source}:" in message and message.split(":")[1].strip().isdigit()
    assert page.get_attribute("body", "data-loaded") == "1"  # the last good deck stays
    deck = "document.getElementById('deck-frame').contentWindow"
    assert page.evaluate(f"{deck}.deckcast.count()") > 10
    source.write_text(good, encoding="utf-8")
    page.wait_for_selector("#error[hidden]", state="attached", timeout=20_000)
    page.wait_for_selector("body[data-loaded='2']")
    assert watched.errors == []
