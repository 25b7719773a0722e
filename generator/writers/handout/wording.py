"""The handout's text as the page shows it: runs of spaces as one, text too long cut with
"…", and the episode's own fields (masthead, roster) treated so."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import overload

from ...model import Episode

# Longest episode fields the masthead shows, in characters: a longer one is cut with "…"
# (a 100,000-character title would fill the page by itself and could not be condensed).
MASTHEAD_CHARS = {"title": 200, "topic": 300, "show": 100, "date": 60, "host": 60}

_SPACE_RUN = re.compile(r"[ \t]{2,}")


def shorten(text: str, most: int) -> str:
    """`text` in at most `most` characters, cut with "…" (between words in Latin text)."""
    if len(text) <= most:
        return text
    cut = text[: most - 1]
    if " " in cut and text[most - 1].isascii() and text[most - 1].isalnum():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:，、；：") + "…"


@overload
def one_space(text: str) -> str: ...
@overload
def one_space(text: str | None) -> str | None: ...
def one_space(text: str | None) -> str | None:
    """A run of spaces as one space, as the page shows it anyway: WeasyPrint's white-space
    pass is quadratic in the length of a run (50,000 spaces in a heading took 8 s)."""
    return _SPACE_RUN.sub(" ", text) if text and ("  " in text or "\t" in text) else text


@overload
def _masthead(text: str, field: str) -> str: ...
@overload
def _masthead(text: str | None, field: str) -> str | None: ...
def _masthead(text: str | None, field: str) -> str | None:
    return shorten(one_space(text), MASTHEAD_CHARS[field]) if text else text


def episode_as_shown(episode: Episode) -> Episode:
    """The episode's own fields the template shows (title, speakers, …), one-spaced, and the
    masthead's cut to MASTHEAD_CHARS (the episode itself when nothing changes)."""
    speakers = tuple(
        replace(s, name=one_space(s.name), alt_name=one_space(s.alt_name), role=one_space(s.role))
        for s in episode.speakers
    )
    host = replace(
        episode.host,
        name=_masthead(episode.host.name, "host"),
        co_hosts=tuple(_masthead(n, "host") for n in episode.host.co_hosts),
    )
    changed = replace(
        episode,
        title=_masthead(episode.title, "title"),
        topic=_masthead(episode.topic, "topic"),
        show=_masthead(episode.show, "show"),
        date=_masthead(episode.date, "date"),
        host=host,
        speakers=speakers,
    )
    return changed if changed != episode else episode
