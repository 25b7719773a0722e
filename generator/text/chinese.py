"""Chinese script: which one a text is mostly written in, and normalising stray passages.

The LLM-cleaned transcripts are Traditional with Simplified passages pasted in (伪装特征,
关于模型中的“涌现”现象). Converting a whole Traditional text with OpenCC's s2t damages it
(成了 becomes 成瞭), so only clauses that are predominantly in the other script are converted.
"""

from __future__ import annotations

import re
from contextlib import suppress
from functools import cache
from typing import Any

from .scripts import HAN as _HAN

HANT, HANS = "zh-Hant", "zh-Hans"
_LATIN = re.compile(r"[A-Za-z]")
# Clause boundaries: whether to convert is decided clause by clause.
_CLAUSE = re.compile(r"([，。！？；：、,.!?;:\n（）()「」『』“”\"*]+)")
# The configurations used both to tell the scripts apart and to convert: s2tw gives Taiwan
# character forms (偽, not 僞) without rewording phrases.
_CONFIG = {HANT: "s2tw", HANS: "t2s"}
# Simplified words made only of characters that are also valid Traditional (征 as in 征服,
# 后 as in 皇后, 里 as in 公里), so the clause vote below leaves them inside a Traditional
# clause: 特征 survives next to 深入分析後. Whole words only, never the characters alone.
_HANT_WORDS = {
    "特征": "特徵",
    "象征": "象徵",
    "表征": "表徵",
    "征兆": "徵兆",
    "征求": "徵求",
    "征集": "徵集",
    "之后": "之後",
    "以后": "以後",
    "然后": "然後",
    "最后": "最後",
    "后来": "後來",
    "背后": "背後",
    "哪里": "哪裡",
    "心里": "心裡",
}
_HANT_WORD = re.compile("|".join(_HANT_WORDS))


@cache
def _converter(config: str) -> Any:
    import opencc  # imported lazily: it is only needed for Chinese sources

    from .flat_dictionaries import FLATTENED, flat_config

    if config in FLATTENED:  # the same conversion, loaded in a quarter of the time
        from ..user_cache import user_cache

        flat = flat_config(config, user_cache("opencc"))
        if flat is not None:
            with suppress(Exception):  # a flat config OpenCC cannot load: the stock one
                return opencc.OpenCC(str(flat))
    return opencc.OpenCC(config)


def release_dictionaries() -> None:
    """Let go of the loaded conversion dictionaries (about 45 MB); the next conversion loads
    them again (about 0.15 s)."""
    _converter.cache_clear()


def _script_votes(text: str) -> tuple[int, int]:
    """(traditional-only, simplified-only) character counts in text."""
    to_simplified = _converter(_CONFIG[HANS]).convert(text)
    to_traditional = _converter(_CONFIG[HANT]).convert(text)
    trad = sum(1 for a, b in zip(text, to_simplified, strict=False) if a != b)
    simp = sum(1 for a, b in zip(text, to_traditional, strict=False) if a != b)
    return trad, simp


def detect_language(text: str) -> str:
    """zh-Hant, zh-Hans or en, by what most of the text is written in."""
    han = len(_HAN.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    if han == 0 or han < latin_words:
        return "en"
    trad, simp = _script_votes(text)
    return HANS if simp > trad else HANT


def to_script(text: str, target: str) -> str:
    """Normalise text to the target script.

    OpenCC converts by phrase, which is right for a Simplified passage but damages
    Traditional text it is run over (成了 becomes 成瞭, 借助 藉助, 傑弗里 傑弗裡). So a
    phrase conversion is kept only where the character on its own belongs to the other
    script and its clause is not already mostly written in the target script. Then, for
    Traditional, the Simplified words that vote cannot see (_HANT_WORDS) are replaced.
    """
    if target not in (HANT, HANS) or not _HAN.search(text):
        return text
    text = _by_clause(text, target)
    return _HANT_WORD.sub(lambda m: _HANT_WORDS[m.group()], text) if target == HANT else text


def _by_clause(text: str, target: str) -> str:
    converted = _converter(_CONFIG[target]).convert(text)
    other = _converter(_CONFIG[HANS if target == HANT else HANT]).convert(text)
    if not len(text) == len(converted) == len(other):  # a phrase changed length
        return "".join(_convert_clause(c, target) for c in _CLAUSE.split(text))
    changed = sorted({a for a, b in zip(text, converted, strict=False) if a != b})
    if not changed:
        return text
    alone = _converter(_CONFIG[target]).convert("\n".join(changed)).split("\n")
    foreign = {a for a, b in zip(changed, alone, strict=False) if a != b}
    out, start = [], 0
    for clause in _CLAUSE.split(text):
        end = start + len(clause)
        wrong = sum(1 for i in range(start, end) if text[i] != converted[i])
        right = sum(1 for i in range(start, end) if text[i] != other[i])
        if wrong and wrong >= right:
            clause = "".join(converted[i] if text[i] in foreign else text[i] for i in range(start, end))
        out.append(clause)
        start = end
    return "".join(out)


def _convert_clause(clause: str, target: str) -> str:
    trad, simp = _script_votes(clause)
    wrong, right = (simp, trad) if target == HANT else (trad, simp)
    if wrong <= right:
        return clause
    converted: str = _converter(_CONFIG[target]).convert(clause)
    return converted
