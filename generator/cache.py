"""The content-hash cache: an episode whose inputs (source, options, templates, theme, voice,
tool version and code) are unchanged since its last build is reported up to date and not
rebuilt. The key is kept, with the files it produced and their hashes, in the build record
(generator/commit.py)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from . import __version__
from .resources import bundled


def _tree_digest(folder: str) -> str:
    """A digest of every file under folder (names and bytes)."""
    digest = hashlib.sha256()
    root = Path(folder)
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=4)
def _shipped_digest(folder: str) -> str:
    """The code and bundled templates do not change while a process runs: digest them once."""
    return _tree_digest(folder)


def input_key(source: Path, outputs: list[str], options) -> str:
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    digest.update(_shipped_digest(str(Path(__file__).resolve().parent)).encode())  # the code itself
    digest.update(_shipped_digest(str(bundled("templates"))).encode())
    if options.templates.user:
        digest.update(_tree_digest(str(options.templates.user.resolve())).encode())
    for named in (options.theme, options.voice):  # a theme or voice given as a file
        if named and Path(named).is_file():
            digest.update(Path(named).read_bytes())
    tts = options.tts
    if tts.recordings and tts.recordings.is_dir():  # the host's takes: a new take rebuilds
        digest.update(_tree_digest(str(tts.recordings.resolve())).encode())
    if tts.model and tts.model.is_file():
        stat = tts.model.stat()
        digest.update(f"{tts.model.resolve()} {stat.st_size} {stat.st_mtime_ns}".encode())
    digest.update(json.dumps([sorted(outputs), asdict(options)], sort_keys=True, default=str).encode())
    try:
        digest.update(Path(source).read_bytes())
    except OSError:
        return ""  # the reader will say what is wrong with the source
    return digest.hexdigest()


def with_pictures(key: str, pictures: tuple[str, ...], folder: Path) -> str:
    """The input key with the pictures a build showed (paths relative to the source's folder,
    as the source names them) and their bytes: editing only a picture rebuilds. The list
    comes from the last build's record (the source must be read to know it); a source that
    shows other pictures has other bytes, so its key differs anyway."""
    if not key:
        return key
    digest = hashlib.sha256(key.encode())
    root = folder.resolve()
    for name in pictures:
        digest.update(b"\0" + name.encode() + b"\0")
        path = (folder / name).resolve()
        try:
            if not path.is_relative_to(root):  # only the source's own folder is ever read
                raise OSError(name)
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()
