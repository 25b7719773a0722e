"""Writers: each turns the content model (or the slide plan made from it) into one kind of
output, behind one small protocol, and one registry lists them in build order.

The registry is what the build knows before it starts: each writer's name (what `--only`
accepts), the files it writes (refused early if they would replace the source or a file
deckcast did not write), whether it needs the slide plan and narration, and what it imports
that takes time (imported while the source is read, and once by `deckcast watch`). Its module
is imported only when it writes. Adding an output is adding one module with a
`write(production, out) -> WriteResult` and one line in REGISTRY."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Union

from ..templating import Templates

if TYPE_CHECKING:
    from ..model import Episode
    from ..plan.production import Production


@dataclass(frozen=True)
class BaseProduction:
    """What a writer that needs no slide plan gets: the episode and the options every output
    shares. A full generator.plan.production.Production has these fields too (and the plan)."""

    episode: Episode
    templates: Templates = Templates()  # the user's template folder first, then the bundled ones
    paper: str = "a4"  # handout paper: a4 or letter
    warnings: tuple[str, ...] = ()


AnyProduction = Union[BaseProduction, "Production"]


@dataclass(frozen=True)
class WriteResult:
    """What one writer wrote into its folder, what it warns about, and the figures the build
    summary shows (slides, reading seconds, handout fit)."""

    files: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    stats: Mapping[str, object] = field(default_factory=dict)


class Writer(Protocol):
    """One output. Its properties are known before the build; `write` writes its files into
    `out` (a staging folder the build commits only when every writer succeeded)."""

    @property
    def name(self) -> str: ...  # what --only accepts

    @property
    def files(self) -> tuple[str, ...]: ...  # every file it writes

    @property
    def heavy_imports(self) -> tuple[str, ...]: ...  # modules worth importing ahead of the build

    @property
    def needs_plan(
        self,
    ) -> bool: ...  # True: write() gets a Production (slides, narration); False: a BaseProduction

    def write(self, production: AnyProduction, out: Path) -> WriteResult: ...


# Optional properties of a writer (a writer without them: built by default, no voice needed).
def on_by_default(writer: Writer) -> bool:
    """Whether a build without --only writes it (audio and video are asked for by name)."""
    return bool(getattr(writer, "on_by_default", True))


def needs_voicing(writer: Writer) -> bool:
    """Whether it needs the narration spoken into clips (Production.voicing) before it writes."""
    return bool(getattr(writer, "needs_voicing", False))


@dataclass(frozen=True)
class Registered:
    """A writer as the registry lists it; `write` imports its module and calls the module's
    `write(production, out)`."""

    name: str
    module: str  # generator.writers.<name>: defines write(production, out) -> WriteResult
    files: tuple[str, ...]
    needs_plan: bool
    uses: tuple[str, ...] = ()  # what the module imports that takes time
    on_by_default: bool = True  # False: written only when --only names it
    needs_voicing: bool = False  # True: the build voices the slides first (and re-times the script)

    @property
    def heavy_imports(self) -> tuple[str, ...]:
        return (*self.uses, self.module)

    def write(self, production: AnyProduction, out: Path) -> WriteResult:
        return importlib.import_module(self.module).write(production, out)


# In build order.
REGISTRY: tuple[Writer, ...] = (
    Registered(
        "deck",
        "generator.writers.deck",
        ("deck.pptx",),
        needs_plan=True,
        uses=("pptx", "generator.plan.production"),
    ),
    Registered(
        "script",
        "generator.writers.script",
        ("script.md", "script.txt", "script.srt", "script.vtt", "chapters.txt"),
        needs_plan=True,
        uses=("generator.plan.production",),
    ),
    Registered(
        "handout",
        "generator.writers.handout",
        ("handout.html", "handout.pdf"),
        needs_plan=False,
        uses=("weasyprint",),
    ),
    # The deck in the browser (issue 20): the same plan as deck.pptx, one self-contained page.
    Registered(
        "html",
        "generator.writers.slideshow",
        ("deck.html",),
        needs_plan=True,
        uses=("pptx", "uharfbuzz", "pygments", "generator.plan.production"),
    ),
    # The narrated episode (issue 18): needs ffmpeg and a voice engine, so only with --only.
    Registered(
        "audio",
        "generator.writers.audio",
        ("episode.m4a", "episode.mp3"),  # the one --audio-format names
        needs_plan=True,
        uses=("generator.plan.production",),
        on_by_default=False,
        needs_voicing=True,
    ),
    Registered(
        "video",
        "generator.writers.video",
        ("episode.mp4",),
        needs_plan=True,
        uses=("generator.plan.production",),
        on_by_default=False,
        needs_voicing=True,
    ),
)


def writers() -> dict[str, Writer]:
    """The outputs this version can write, by name, in build order."""
    return {writer.name: writer for writer in REGISTRY}


def default_writers() -> list[str]:
    """What a build without --only writes."""
    return [name for name, writer in writers().items() if on_by_default(writer)]
