"""Pandoc attribute blocks (`{.cls key=value key="a b"}`) as a dict: read from headings,
images, fenced divs and code fences, by either reader."""

from __future__ import annotations

import re

# One `{…}` attribute item; the look-behind keeps a key from starting inside a longer word
# (which finditer would otherwise try at every letter of a long run).
_ATTR = re.compile(r"\.([\w-]+)|(?<![\w-])([\w-]+)=(?:\"([^\"]*)\"|([^\s}]+))")


def parse_attributes(inner: str) -> dict[str, str]:
    """The items of a pandoc attribute block without its braces: `.cls key=value key="a b"`."""
    return {m[1] and "class" or m[2]: m[1] or m[3] or m[4] or "" for m in _ATTR.finditer(inner)}
