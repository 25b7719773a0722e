"""What WeasyPrint may read while it lays the handout out: data: URIs, the font files the
handout itself wrote, and the talk's pictures (by their layout URL, see pictures.py);
nothing else. Without this, WeasyPrint's own fetcher opens any http(s), ftp or file URL a
template or stylesheet names (a user's template could make every build call out, or read a
local file into the PDF). What is refused is left out of the page and named in a warning."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PictureSource = Callable[[str], tuple[str, bytes] | None]  # a layout URL -> the picture's type and bytes


@dataclass(frozen=True)
class _Gate:
    """Which URLs may be read: `files` (as file: URLs) and data: URIs; the URLs `pictures`
    answers are answered so; every other URL asked for is noted in `refused` and refused."""

    files: frozenset[str]
    pictures: PictureSource
    refused: list[str]

    def picture(self, url: str) -> tuple[str, bytes] | None:
        """The type and bytes of the picture `url` names; None for a URL to read as usual;
        ValueError when refused."""
        picture = self.pictures(url)
        if picture:
            return picture
        if url.startswith("data:") or url in self.files:
            return None
        if url not in self.refused:
            self.refused.append(url)
        raise ValueError(f"deckcast's handout reads no URL but its own fonts and pictures: {url}")


def confined_fetcher(files: Iterable[Path], pictures: PictureSource, refused: list[str]) -> Any:
    """A WeasyPrint URL fetcher that reads data: URIs and exactly `files`, answers the URLs
    `pictures` knows with the pictures' bytes, and appends every other URL it is asked for
    to `refused`."""
    gate = _Gate(frozenset(path.as_uri() for path in files), pictures, refused)
    try:
        from weasyprint import URLFetcher  # type: ignore[import-untyped]
    except ImportError:  # WeasyPrint before URLFetcher: a fetcher is a function returning a dict
        return _function_fetcher(gate)
    from weasyprint.urls import URLFetcherResponse  # type: ignore[import-untyped]

    class Confined(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            picture = gate.picture(url)
            if picture:
                return URLFetcherResponse(url, picture[1], {"Content-Type": picture[0]})
            return super().fetch(url, headers)

    return Confined(allowed_protocols=("data", "file"), allow_redirects=False)


def _function_fetcher(gate: _Gate) -> Any:
    from weasyprint import default_url_fetcher

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        picture = gate.picture(url)
        if picture:
            return {"string": picture[1], "mime_type": picture[0], "redirected_url": url}
        return default_url_fetcher(url, *args, **kwargs)

    return fetch
