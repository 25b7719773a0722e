"""A point's bold label: `**Label：** rest` as (Label, rest), the rule the readers read a
labelled point by and the native writer escapes against."""

from __future__ import annotations

_COLON = "：:"


def split_label(text: str) -> tuple[str | None, str]:
    """`**Label：** rest` or `**Label**：rest` -> (Label, rest); otherwise (None, text).

    A bullet that is bold through and through is a label too (its points are its children).
    """
    if not text.startswith(("**", "__")):
        return None, text
    # The first closing marker after at least one character, as `^(?:\*\*|__)(.+?)(?:\*\*|__)`.
    close = min((i for i in (text.find("**", 3), text.find("__", 3)) if i >= 0), default=-1)
    if close < 0:
        return None, text
    label, rest = text[2:close].strip(), text[close + 2 :].strip()
    if label.endswith(tuple(_COLON)):
        return label.rstrip(_COLON).strip() or None, rest
    if rest[:1] in _COLON:
        return label, rest[1:].strip()
    if not rest:
        return label, ""
    return None, text
