"""The video output: episode.mp4, the deck's slides (drawn by LibreOffice, 1920x1080) each
shown for exactly its clip of the narration, with the voice, soft subtitles from the same cues
as script.srt, the chapters of chapters.txt and the episode's title (generator/media/frames.py
draws the slides, generator/media/mux.py assembles them with ffmpeg). It needs the voiced
narration (`--tts ENGINE`): the clips' durations are the timeline of every output."""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import DeckcastError, UsageError
from . import WriteResult

FILES = ("episode.mp4",)


def write(production, out: Path, *, burn_subtitles: bool | None = None) -> WriteResult:
    """production: a generator.plan.production.Production with its voicing; `burn_subtitles`
    (else production.burn_subtitles, from --burn-subtitles) draws the subtitles into the
    picture as well as in their own track."""
    if burn_subtitles is None:
        burn_subtitles = production.burn_subtitles
    from ..deck.theme import fonts_for
    from ..media.frames import slide_images
    from ..media.mux import Film, assemble
    from ..media.track import voice_track
    from .deck import write_deck
    from .script import srt_text

    voicing = production.voicing
    if voicing is None:
        raise UsageError("video needs a voice for the narration: --tts ENGINE")
    if len(voicing.clips) != len(production.slides):
        raise DeckcastError(
            f"video: {len(voicing.clips)} clips of narration for {len(production.slides)} slides",
            production.episode.source,
        )
    episode = production.episode
    work = Path(tempfile.mkdtemp(prefix=".video-", dir=out))  # inside staging: gone with it
    jobs = os.cpu_count() or 1
    try:
        # The voice track needs no pictures: it is made while LibreOffice draws the slides.
        with ThreadPoolExecutor(1) as pool:
            voice = pool.submit(voice_track, voicing.clips, work / "voice.m4a", work, voicing.cache, jobs)
            deck = write_deck(production.slides, episode, production.theme)
            images = slide_images(deck, len(production.slides), work, voicing.cache)
            latin, east_asian = fonts_for(production.theme, episode.language)["minor"]
            film = Film(
                images=images,
                clips=voicing.clips,
                chapters=_chapters(production),
                title=episode.title,
                artist=episode.host.name or episode.show or "",
                language=episode.language,
                subtitles=srt_text(production),
                burn=burn_subtitles,
                font=latin if episode.language == "en" else east_asian,
                cache=voicing.cache,
            )
            assemble(film, out / "episode.mp4", work, jobs, voice)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return WriteResult(FILES, (), {"video_seconds": round(voicing.total, 3)})


def _chapters(production):
    """The chapters of chapters.txt, at the same starts."""
    from ..media.mux import Chapter
    from .script import blocks_of, chapters_of

    return tuple(Chapter(c.start, c.title) for c in chapters_of(production, blocks_of(production)))
