"""Finding and running ffmpeg: the one named by `DECKCAST_FFMPEG`, else the one the
`imageio-ffmpeg` wheel ships (`pip install -e '.[video]'`: libx264, AAC, mov_text, libass and
loudnorm on every OS), else one on the PATH. Every run has a timeout and its failure is one
line naming what was being made."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from ..errors import UsageError

INSTALL = "pip install -e '.[video]' (or set DECKCAST_FFMPEG to an ffmpeg executable)"


@lru_cache(maxsize=1)
def ffmpeg() -> str:
    """The ffmpeg executable to run, or a one-line UsageError saying how to get one."""
    named = os.environ.get("DECKCAST_FFMPEG")
    if named:
        if not (Path(named).is_file() and os.access(named, os.X_OK)):
            raise UsageError(f"DECKCAST_FFMPEG={named}: not an executable file")
        return named
    try:
        import imageio_ffmpeg  # type: ignore[import-untyped]

        found = str(imageio_ffmpeg.get_ffmpeg_exe())
        if found:
            return found
    except (ImportError, RuntimeError):
        pass
    on_path = shutil.which("ffmpeg")
    if on_path:
        return on_path
    raise UsageError(f"audio and video need ffmpeg: {INSTALL}")


def run(args: list[str], what: str, timeout: float = 600.0) -> subprocess.CompletedProcess[bytes]:
    """ffmpeg with `args` (no shell), quiet; a failure or a timeout is one line naming `what`
    and ffmpeg's last line of complaint."""
    command = [ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise UsageError(f"ffmpeg took more than {timeout:.0f} s making {what}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"ffmpeg could not make {what}: {said[-1] if said else f'exit {done.returncode}'}")
    return done
