"""`deckcast watch`: rebuild one source whenever it (or a file of the user's templates
folder) is saved, until Ctrl-C. A failed build is reported and the watch goes on."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Protocol

from .build import Options, build_episode, warm_up
from .errors import DeckcastError
from .templating import Templates


class Echo(Protocol):
    """Where the watch reports: a line for standard output, or (err) standard error."""

    def __call__(self, message: str, *, err: bool = False) -> None: ...


def watch(
    source: Path,
    target: Path,
    outputs: list[str],
    options: Options,
    echo: Echo,
    interval: float = 0.5,
    max_builds: int = 0,
) -> None:
    """Check every `interval` seconds; build when a watched file changed. `max_builds`
    (for tests) stops after that many builds; 0 never does."""
    watched = _watched_files(source, options.templates)
    builds, last = 0, None
    echo(f"watching {source} (Ctrl-C to stop)")
    # The writers' libraries imported once, so every rebuild (and the handout's forked
    # process, which inherits them) starts warm.
    warm_up(outputs)
    try:
        while True:
            current = _stamp(watched)
            if current != last:
                last = current
                _build_once(source, target, outputs, options, echo)
                builds += 1
                if max_builds and builds >= max_builds:
                    return
            time.sleep(interval)
    except KeyboardInterrupt:
        echo("stopped")


def _watched_files(source: Path, templates: Templates) -> list[Path]:
    """The source, and every file of the templates folder as it is when the watch starts."""
    folder = templates.user
    return [source] + (sorted(p for p in folder.rglob("*") if p.is_file()) if folder else [])


def _stamp(watched: list[Path]) -> tuple[int, ...]:
    return tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in watched)


def _build_once(source: Path, target: Path, outputs: list[str], options: Options, echo: Echo) -> None:
    started = time.perf_counter()
    try:
        result = build_episode(source, target, outputs, options)
    except DeckcastError as exc:  # keep watching: the next save may fix it
        echo(f"{time.strftime('%H:%M:%S')} error: {exc}", err=True)
        return
    state = "up to date" if result.up_to_date else "built"
    echo(f"{time.strftime('%H:%M:%S')} {state} -> {target}/ ({time.perf_counter() - started:.2f} s)")
    for note in result.diagnostics:
        if note.level == "warning":
            echo(f"  {note}", err=True)
