"""`deckcast serve`: the deck in the browser while you write. One page (templates/serve/) shows
deck.html, the cue-marked script and the handout in tabs; every save of the source, a picture
it shows or a template rebuilds (watch.py's Watched files and build_once, so serve and watch
rebuild alike) and the page reloads the deck at the slide it showed. A build that fails is
shown in the page, with its file and line, over the last good build, which stays.

The server is the standard library's ThreadingHTTPServer, and the page hears of each build
through server-sent events (`/events`, a long-lived GET the browser's EventSource reconnects
by itself): a few hundred lines with no dependency, enough for one person's browser tabs on
their own machine. It binds to 127.0.0.1 unless told otherwise, and answers only requests
addressed to the name it listens on (a page elsewhere that points a DNS name at 127.0.0.1
gets nothing). It serves a fixed list of names, the page's own files and the build's outputs
(`/deck.html`, `/handout.html`, `/script.md`, …), each read from the output folder by that
name: any other path (`/../pyproject.toml`, `/%2e%2e/…`, `/output/`) is 404, and nothing is
ever listed."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .build import Options, warm_up
from .errors import UsageError
from .watch import Built, Echo, Watched, build_once, report
from .writers import writers

LOOPBACK = ("127.0.0.1", "localhost", "::1")
KEEPALIVE = 15.0  # seconds between comments on an idle event stream (so proxies keep it open)
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".srt": "text/plain; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".pdf": "application/pdf",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}
PAGE_FILES = {"/serve.css": "serve/serve.css.j2", "/serve.js": "serve/serve.js.j2"}
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "frame-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"
)


@dataclass
class State:
    """What the page shows: the build's generation (1, 2, … for each good build), the error
    of the latest build if it failed (the last good build stays served), and the outputs."""

    outputs: tuple[str, ...]
    generation: int = 0
    error: str | None = None
    files: tuple[str, ...] = ()  # what the latest good build wrote (the page reloads those panes)
    changed: threading.Condition = field(default_factory=threading.Condition)
    stopping: bool = False

    def built(self, built: Built) -> None:
        with self.changed:
            if built.error is None:
                self.generation += 1
                self.error = None
                self.files = tuple(built.result.files) if built.result else ()
            else:
                self.error = str(built.error)
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    def as_json(self) -> str:
        state = {"generation": self.generation, "error": self.error, "files": list(self.files)}
        return json.dumps(state, ensure_ascii=False)


class Site:
    """The files one serve answers with, by name: the page, its stylesheet and script, and the
    build's outputs in `folder`."""

    def __init__(self, folder: Path, outputs: list[str], page: dict[str, tuple[bytes, str]]):
        self.folder = folder
        files = [f for name in outputs for f in writers()[name].files]
        self.outputs = {"/" + f: f for f in files}
        self.page = page

    def find(self, path: str) -> tuple[bytes, str] | None:
        """The bytes and type of `path` (the request's path, not decoded), or None."""
        if path in self.page:
            return self.page[path]
        name = self.outputs.get(path)
        if name is None:
            return None
        try:
            data = (self.folder / name).read_bytes()
        except OSError:
            return None
        return data, TYPES.get(Path(name).suffix, "application/octet-stream")


class _Handler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the Site, /status and /events from the State; `hosts`: the
    names a request may be addressed to (None: any, when serving beyond loopback)."""

    site: Site
    state: State
    hosts: frozenset[str] | None
    server_version = "deckcast"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass  # quiet: the terminal shows the builds

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if self.hosts is not None and host not in self.hosts:
            return self._send(HTTPStatus.MISDIRECTED_REQUEST, b"unknown host\n", "text/plain", body)
        path = urlsplit(self.path).path
        if path == "/events" and body:
            return self._events()
        if path == "/status":
            return self._send(HTTPStatus.OK, self.state.as_json().encode(), "application/json", body)
        found = self.site.find(path)
        if found is None:
            return self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", body)
        self._send(HTTPStatus.OK, found[0], found[1], body)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self._common_headers()
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _common_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if urlsplit(self.path).path == "/":
            self.send_header("Content-Security-Policy", PAGE_POLICY)

    def _events(self) -> None:
        """Server-sent events: the state now, then again after every build."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self._common_headers()
        self.end_headers()
        state, seen = self.state, None
        try:
            while True:
                with state.changed:
                    if seen == (state.generation, state.error) and not state.stopping:
                        state.changed.wait(KEEPALIVE)
                    if state.stopping:
                        return
                    now, message = (state.generation, state.error), state.as_json()
                self.wfile.write(
                    f"event: build\ndata: {message}\n\n".encode() if now != seen else b": idle\n\n"
                )
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            return


def _handler(site: Site, state: State, hosts: frozenset[str] | None) -> type[_Handler]:
    return type("Handler", (_Handler,), {"site": site, "state": state, "hosts": hosts})


def _page(options: Options, outputs: list[str], source: Path) -> dict[str, tuple[bytes, str]]:
    """The page and its stylesheet and script, from templates/serve/ (the user's first)."""
    from .templating import render

    files = {f for name in outputs for f in writers()[name].files}
    html = render(
        "serve/serve.html.j2",
        options.templates,
        source_name=source.name,
        deck="deck.html" in files,
        script="script.md" in files,
        handout="handout.html" in files,
    )
    page = {"/": (html.encode(), TYPES[".html"])}
    for url, template in PAGE_FILES.items():
        page[url] = (render(template, options.templates).encode(), TYPES[Path(url).suffix])
    return page


class Serving:
    """A running serve: the HTTP server (in its own threads) and the watch (in the caller's)."""

    def __init__(
        self,
        source: Path,
        target: Path,
        outputs: list[str],
        options: Options,
        host: str = "127.0.0.1",
        port: int = 8000,
    ):
        if "html" not in outputs:
            raise UsageError("deckcast serve shows deck.html: --only must include html")
        self.source, self.target, self.outputs, self.options = source, target, outputs, options
        self.state = State(tuple(outputs))
        site = Site(target, outputs, _page(options, outputs, source))
        hosts = frozenset({host.lower().strip("[]"), *LOOPBACK}) if host in LOOPBACK else None
        try:
            self.server = ThreadingHTTPServer((host, port), _handler(site, self.state, hosts))
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
        self.server.daemon_threads = True
        self.watched = Watched(source, options.templates)
        self.thread = threading.Thread(target=self.server.serve_forever, name="deckcast-serve", daemon=True)

    @property
    def url(self) -> str:
        address, port = self.server.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else str(address)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def start(self) -> None:
        self.thread.start()

    def poll(self, echo: Echo, builds: int) -> bool:
        """Build if a watched file changed; whether it did. The handout (its PDF takes most of
        a rebuild) is built after the rest, into the same folder, so the deck reloads first."""
        if not self.watched.changed():
            return False
        for outputs in _phases(self.outputs):
            built = build_once(self.source, self.target, outputs, self.options, force=builds > 0)
            report(built, self.target, echo, self.watched, outputs)
            self.state.built(built)
            if built.error is not None:
                break
        return True

    def stop(self) -> None:
        self.state.stop()
        self.server.shutdown()
        self.server.server_close()


SLOW = ("handout",)  # built in a second step, after the deck and script are shown


def _phases(outputs: tuple[str, ...] | list[str]) -> list[list[str]]:
    first = [o for o in outputs if o not in SLOW]
    then = [o for o in outputs if o in SLOW]
    return [p for p in (first, then) if p]


def serve(
    source: Path,
    target: Path,
    outputs: list[str],
    options: Options,
    echo: Echo,
    host: str = "127.0.0.1",
    port: int = 8000,
    interval: float = 0.1,
) -> None:
    """Serve until Ctrl-C, checking the watched files every `interval` seconds."""
    serving = Serving(source, target, outputs, options, host, port)
    warm_up(outputs)
    serving.start()
    echo(f"serving {source} at {serving.url} (Ctrl-C to stop)")
    if host not in LOOPBACK:
        echo(
            f"note: listening on {host}: anyone who can reach it sees the deck, script and handout", err=True
        )
    builds = 0
    try:
        while True:
            if serving.poll(echo, builds):
                builds += 1
            time.sleep(interval)
    except KeyboardInterrupt:
        echo("stopped")
    finally:
        serving.stop()
