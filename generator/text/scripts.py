"""Which characters count as what. Three questions, three named answers:

- HAN: a Chinese character (unified ideographs, extension A, compatibility ideographs): what
  script detection and Traditional/Simplified conversion look at;
- WIDE: a character set full-width in East Asian text (CJK radicals to ideographs,
  compatibility forms, full-width forms, CJK punctuation, the supplementary ideographs): what
  gets the East Asian font and language tag in a deck and CJK line-length rules in subtitles;
- WIDE_MARKS: the punctuation that sits with wide text in Chinese typesetting although
  Unicode calls it Western (curly quotes, ellipsis, middle dot, em dash).

Text measurement (generator/deck/fit.py) keeps its own per-range width table, which is data
about the font, not a character class."""

from __future__ import annotations

import re

HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WIDE_RANGES = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0002fa1f"
WIDE_MARKS = "“”‘’…·—"

HAN = re.compile(f"[{HAN_RANGES}]")
WIDE = re.compile(f"[{WIDE_RANGES}]")
