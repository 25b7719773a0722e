"""The clip cache's files: written whole or not at all, marked when used, and pruned when no
build has used them for a while.

Everything the episode's audio and video keep between builds is in one folder (the clip
cache: voicing.cache_folder): the clips, and under it segments/ (AAC segments, loudness
blocks), frames/ (slide images) and pictures/ (video segments). A file a build reuses gets
its modification time set to now, so the time says when it was last used; files not used for
KEEP_DAYS are removed at the end of a voiced build. Removing the folder is always safe: the
next build makes what it needs again."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

KEEP_DAYS = 30.0
STAGING = (".keep-", ".making-")  # what is being written: removed only after a day


def _older(path: Path, than: float) -> bool:
    try:
        return path.stat().st_mtime < than
    except OSError:
        return False


def keep(path: Path, data: bytes) -> None:
    """Write a cache file whole (renamed into place), or not at all."""
    fd, staged = tempfile.mkstemp(prefix=".keep-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(staged, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(staged)
        raise


def used(path: Path) -> None:
    """Mark a cached file as used now (a read-only cache is left as it is)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune(folder: Path, days: float = KEEP_DAYS, now: float | None = None) -> int:
    """Remove the files under `folder` that no build used for `days` (and the staging files a
    killed build left, after a day). How many were removed."""
    limit = (now if now is not None else time.time()) - days * 86400
    stale = (now if now is not None else time.time()) - 86400
    removed = 0
    for root, folders, files in os.walk(folder):
        for name in list(folders):  # a killed build's work folder
            if name.startswith(STAGING) and _older(Path(root) / name, stale):
                shutil.rmtree(Path(root) / name, ignore_errors=True)
                folders.remove(name)
        for name in files:
            path = Path(root) / name
            try:
                modified = path.stat().st_mtime
            except OSError:
                continue
            if modified < limit or (name.startswith(STAGING) and modified < stale):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
    return removed
