"""The script output: script.md (the host's reading script, cue-marked per slide),
script.txt (teleprompter), script.srt / script.vtt (draft subtitles) and chapters.txt,
all rendered through templates from the one narration; the cues are built in
:mod:`.subtitles`."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from ..model import LOCALE
from ..plan.slides import deck_parts
from . import WriteResult
from .subtitles import timed_cues

FILES = ("script.md", "script.txt", "script.srt", "script.vtt", "chapters.txt")
OPENING = {"zh-Hant": "開場", "zh-Hans": "开场", "en": "Intro"}


@dataclass(frozen=True)
class Block:
    number: int
    title: str
    start: float
    seconds: float
    text: str


@dataclass(frozen=True)
class Chapter:
    start: float
    title: str


def clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def _timestamp(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _duration(seconds: float, language: str) -> str:
    seconds = int(round(seconds))
    if language == "en":
        return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"
    unit_m, unit_s = ("分", "秒")
    return f"{seconds // 60} {unit_m} {seconds % 60} {unit_s}" if seconds >= 60 else f"{seconds} {unit_s}"


def blocks_of(production) -> list[Block]:
    out, start = [], 0.0
    for slide, text, seconds in zip(
        production.slides, production.narration.texts, production.narration.seconds, strict=False
    ):
        out.append(Block(slide.number, slide.title, start, seconds, text))
        start += seconds
    return out


def links_of(production) -> list[tuple[int, str, str]]:
    """(slide number, link text, URL) of every link on the slides, in order: the script
    reads the text only and lists the addresses at its end."""
    found: list[tuple[int, str, str]] = []
    for slide in production.slides:
        for bullet in slide.bullets:
            for run in bullet.runs:
                if run.url and (slide.number, run.text, run.url) not in found:
                    found.append((slide.number, run.text, run.url))
    return found


def chapters_of(production, blocks: list[Block]) -> list[Chapter]:
    """One chapter per part of the episode, from 00:00 (the opening: title and agenda). The
    part is each slide's `part` field (0 for the opening; None, e.g. the closing or a slide of
    the template's own, stays in the current chapter); the titles are the parts' own."""
    parts = deck_parts(production.episode)
    chapters: list[Chapter] = []
    current = None
    for slide, block in zip(production.slides, blocks, strict=False):
        index = current if slide.part is None else slide.part
        if index != current and index is not None:
            title = OPENING[production.episode.language] if index == 0 else parts[index - 1]["title"]
            if not chapters or block.start > chapters[-1].start:
                chapters.append(Chapter(block.start, title))
            current = index
    return chapters


def write(production, out: Path) -> WriteResult:
    """production: a generator.plan.production.Production (the narration is the script)."""
    from ..templating import render

    episode, voice = production.episode, production.narration
    language = episode.language
    blocks = blocks_of(production)
    cues = cues_of(production)
    common = dict(
        episode=episode,
        voice=production.voice,
        blocks=blocks,
        total=voice.total_seconds,
        clock=clock,
        duration=lambda s: _duration(s, language),
        rate=int(production.voice.words_per_minute if language == "en" else production.voice.cjk_per_minute),
        omitted=list(voice.omitted),
        links=links_of(production),
    )
    templates = production.templates
    outputs = {
        "script.md": render("script/script.md.j2", templates, **common),
        "script.txt": render("script/script.txt.j2", templates, **common),
        "script.srt": srt_text(production, cues),
        "script.vtt": render(
            "script/script.vtt.j2",
            templates,
            locale=LOCALE[language],
            cues=[_escape_vtt(c) for c in cues],
            vtt_time=lambda s: _timestamp(s, "."),
        ),
        "chapters.txt": render(
            "script/chapters.txt.j2", templates, chapters=chapters_of(production, blocks), clock=clock
        ),
    }
    for name, text in outputs.items():
        (out / name).write_text(text, encoding="utf-8")
    warnings = list(voice.warnings)
    if voice.omitted:
        warnings.append(
            f"script: {len(voice.omitted)} point(s) left out of the narration to fit "
            f"the target length (listed at the end of script.md)"
        )
    return WriteResult(FILES, tuple(warnings), {"seconds": voice.total_seconds})


def cues_of(production) -> list:
    """The subtitle cues: each slide's narration cut into cues spread over its time (the
    clip's speech, once the narration is voiced: not the pause it ends in)."""
    voice = production.narration
    reading = lambda text: _reading(production, text)  # noqa: E731
    return timed_cues(list(voice.texts), list(voice.seconds), reading, list(voice.pauses) or None)


def srt_text(production, cues: list | None = None) -> str:
    """script.srt's text (the video's subtitle track is the same text)."""
    from ..templating import render

    cues = cues_of(production) if cues is None else cues
    return render(
        "script/script.srt.j2", production.templates, cues=cues, srt_time=lambda s: _timestamp(s, ",")
    )


def _reading(production, text: str) -> float:
    from ..plan.narration import reading_seconds

    return reading_seconds(text, production.voice)


def _escape_vtt(cue):
    from dataclasses import replace

    return replace(cue, lines=tuple(html.escape(line, quote=False) for line in cue.lines))
