"""Names as ids and folder names."""

from __future__ import annotations

import re


def slug(text: str) -> str:
    """`Amanda Askell` -> `amanda-askell`; text with no ASCII letters keeps its characters
    (spaces removed): `阿曼達·阿斯凱爾` -> `阿曼達·阿斯凱爾`."""
    ascii_slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return ascii_slug or re.sub(r"\s+", "", text)
