"""`deckcast watch`: rebuild one source whenever it, a picture it shows or a file of the user's
templates folder is saved, until Ctrl-C. A failed build is reported and the watch goes on.
`deckcast serve` (serve.py) rebuilds through the same Watched files and build_once.

Changes are found by polling the files' modification times and sizes (a few `stat` calls every
interval): it sees an editor's atomic save (a new file renamed over the old one) as any save,
works on network and container file systems where change notifications do not arrive, and
needs no dependency."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .build import EpisodeResult, Options, build_episode, warm_up
from .errors import DeckcastError
from .model import Episode, pictures_of
from .templating import Templates


class Echo(Protocol):
    """Where the watch reports: a line for standard output, or (err) standard error."""

    def __call__(self, message: str, *, err: bool = False) -> None: ...


class Watched:
    """The files a build of `source` depends on: the source, every file of the templates
    folder as it is when the watch starts, and the pictures the last good build showed."""

    def __init__(self, source: Path, templates: Templates):
        folder = templates.user
        self.fixed = [source] + (sorted(p for p in folder.rglob("*") if p.is_file()) if folder else [])
        self.pictures: list[Path] = []
        self.last: dict[Path, tuple[int, int]] | None = None

    def show(self, episode: Episode | None) -> None:
        """Watch the pictures `episode` shows from now on (a build that was up to date: as before)."""
        if episode is not None:
            folder = Path(episode.source).resolve().parent if episode.source else Path.cwd()
            self.pictures = sorted({folder / image.src for image in pictures_of(episode)})
            if self.last is not None:  # a picture newly shown is watched from how it is now
                self.last.update({p: _stamp(p) for p in self.pictures if p not in self.last})

    def changed(self) -> bool:
        """Whether a watched file changed since the last call (True the first time)."""
        current = {p: _stamp(p) for p in self.fixed + self.pictures}
        moved = self.last is None or any(self.last.get(p, s) != s for p, s in current.items())
        self.last = current
        return moved


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (0, -1)
    return (stat.st_mtime_ns, stat.st_size)


@dataclass(frozen=True)
class Built:
    """One build of a watch: its result, or the error that stopped it, and how long it took."""

    result: EpisodeResult | None
    error: DeckcastError | None
    seconds: float


def build_once(
    source: Path, target: Path, outputs: list[str], options: Options, force: bool = False
) -> Built:
    """Build; a bad save is an error to show, not the end of the watch. `force`: rebuild even
    when the inputs the build record keys on are the same (a picture changed)."""
    started = time.perf_counter()
    try:
        result = build_episode(source, target, outputs, options, force=force)
    except DeckcastError as exc:
        return Built(None, exc, time.perf_counter() - started)
    return Built(result, None, time.perf_counter() - started)


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
    watched = Watched(source, options.templates)
    builds = 0
    echo(f"watching {source} (Ctrl-C to stop)")
    # The writers' libraries imported once, so every rebuild (and the handout's forked
    # process, which inherits them) starts warm.
    warm_up(outputs)
    try:
        while True:
            if watched.changed():
                report(build_once(source, target, outputs, options, force=builds > 0), target, echo, watched)
                builds += 1
                if max_builds and builds >= max_builds:
                    return
            time.sleep(interval)
    except KeyboardInterrupt:
        echo("stopped")


def report(
    built: Built, target: Path, echo: Echo, watched: Watched, outputs: list[str] | None = None
) -> None:
    """One line for the build (and its warnings), naming `outputs` when given; the pictures
    it showed are watched from now on."""
    stamp = time.strftime("%H:%M:%S")
    if built.error is not None or built.result is None:
        echo(f"{stamp} error: {built.error}", err=True)
        return
    watched.show(built.result.episode)
    state = ("up to date" if built.result.up_to_date else "built") + (
        f" {', '.join(outputs)}" if outputs else ""
    )
    echo(f"{stamp} {state} -> {target}/ ({built.seconds:.2f} s)")
    for note in built.result.diagnostics:
        if note.level == "warning":
            echo(f"  {note}", err=True)
