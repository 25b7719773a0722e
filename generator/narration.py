"""The narration for each slide: the one text that the deck's speaker notes and the script
both use, computed once from the fitted slide plan.

Until the host-voice script exists, a slide's narration is its content read as prose: the
title, then each point as a sentence, answers introduced by who gave them.
"""

from __future__ import annotations

import re

from .deck.plan import Slide

_END = re.compile(r"[。！？.!?…」』”）)]$")


def _sentence(text: str, language: str) -> str:
    text = text.strip()
    if not text or _END.search(text):
        return text
    return text + ("." if language == "en" else "。")


def narrate(slide: Slide, language: str) -> str:
    colon = ": " if language == "en" else "："
    parts = [_sentence(slide.title, language)] if slide.kind not in ("content", "viewpoint") or not slide.bullets else []
    if slide.subtitle:
        parts.append(_sentence(slide.subtitle, language))
    for bullet in slide.bullets:
        label = bullet.label.rstrip("：: ")
        text = f"{label}{colon}{bullet.text}" if label and bullet.text else (label or bullet.text)
        parts.append(_sentence(text, language))
    if slide.kind in ("content", "viewpoint") and slide.bullets:
        parts.insert(0, _sentence(slide.title, language))
    joiner = " " if language == "en" else ""
    return joiner.join(p for p in parts if p)
