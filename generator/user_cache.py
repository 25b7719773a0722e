"""Where deckcast keeps, per user, what it makes once and uses again: spoken clips, OpenCC's
flattened dictionaries."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def user_cache(part: str) -> Path:
    """$DECKCAST_CACHE/part, else the user cache folder's deckcast/part (XDG_CACHE_HOME or
    ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows)."""
    if os.environ.get("DECKCAST_CACHE"):
        return Path(os.environ["DECKCAST_CACHE"]) / part
    if sys.platform == "darwin":
        root = Path.home() / "Library" / "Caches"
    elif sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "deckcast" / part
