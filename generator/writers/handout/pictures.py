"""The talk's picture files as the handout embeds them. Each file's header is read when the
content is collected (its type and size in pixels as drawn); its bytes only once the page
shows it (a talk of a hundred pictures, most cut before any layout, reads a few). handout.html
carries each picture's own bytes as a data: URI (one self-contained file, the same bytes for
the same source); while the page is laid out a picture is named by a short URL
(PICTURE_SCHEME and a digest of its name), which the handout's fetcher answers from here (a
20 MB picture as a data: URI cost a second of parsing every layout), and which is what the
PDF's image names derive from (not the file's path, so the PDF does not depend on where the
source is). The reader checked each file already (inside the source's folder, a real PNG,
JPEG or GIF, within the limits); a file that changed since is an error here, not a broken
page."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import UsageError
from ...model import Episode, Image
from .blocks import Picture

MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
PICTURE_SCHEME = "deckcast-picture:"
TURNED = (5, 6, 7, 8)  # EXIF orientations drawn a quarter turn round: width and height swap
EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class PictureFiles:
    """The pictures of one episode, each header and each file's bytes read once."""

    folder: Path
    pictures: dict[str, Picture] = field(default_factory=dict)  # by key
    data: dict[str, bytes] = field(default_factory=dict)  # by key, once read

    @classmethod
    def of(cls, episode: Episode) -> PictureFiles:
        return cls(Path(episode.source).resolve().parent if episode.source else Path.cwd())

    def __call__(self, image: Image) -> Picture:
        """The picture `image` names (its header read)."""
        key = hashlib.sha256(image.src.encode("utf-8")).hexdigest()[:32]
        if key not in self.pictures:
            self.pictures[key] = _header(key, self.folder / image.src, image.src)
        return self.pictures[key]

    def bytes_of(self, picture: Picture) -> bytes:
        if picture.key not in self.data:
            try:
                self.data[picture.key] = (self.folder / picture.src).read_bytes()
            except OSError as exc:
                raise UsageError(f"handout: cannot read the image {picture.src!r} ({exc})") from None
        return self.data[picture.key]

    def laid_out(self, url: str) -> tuple[str, bytes] | None:
        """The type and bytes of the picture a layout's URL names; None for any other URL."""
        picture = (
            self.pictures.get(url.removeprefix(PICTURE_SCHEME)) if url.startswith(PICTURE_SCHEME) else None
        )
        return (picture.mime, self.bytes_of(picture)) if picture else None

    def url(self, key: str, embedded: bool) -> str:
        """The URL the page names picture `key` by: its data: URI on disk, else its layout URL."""
        if not embedded:
            return PICTURE_SCHEME + key
        picture = self.pictures[key]
        return f"data:{picture.mime};base64," + base64.b64encode(self.bytes_of(picture)).decode("ascii")


def _header(key: str, path: Path, src: str) -> Picture:
    import warnings

    from PIL import Image as PILImage

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the reader bounded the pixels already
            with PILImage.open(path) as picture:
                kind, (px_w, px_h) = picture.format or "", picture.size
                turned = picture.getexif().get(EXIF_ORIENTATION) in TURNED
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError) as exc:
        raise UsageError(f"handout: cannot read the image {src!r} ({exc})") from None
    if kind not in MIME:
        raise UsageError(f"handout: the image {src!r} is no longer a PNG, JPEG or GIF picture")
    return Picture(key, src, MIME[kind], (px_h, px_w) if turned else (px_w, px_h))
