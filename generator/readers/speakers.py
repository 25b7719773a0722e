"""Who is who: parsing roster entries and finding speakers named in labels and headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Speaker
from ..text.scripts import HAN as _HAN
from ..text.slugs import slug

_HONORIFIC = re.compile(r"^(?:Dr|Prof|Mr|Mrs|Ms|Mx|Sir|Dame)\.?\s+", re.I)
_JOINERS = r"(?:\s*(?:和|與|与|及|、|,|，|&|and)\s*)"
# The look-behind starts a try only at the first of a run of spaces (where the leftmost
# match starts anyway), not again at each of them: linear, not quadratic.
_ROSTER_SPLIT = re.compile(r"(?<!\s)\s*(?:[：:]|\s[—–-]\s|——)\s*")
# What may follow the names in an attributing label: 的回應, 共同提到, 's response, says ...
_ATTRIBUTION_TAIL = re.compile(
    r"^(?:的?(?:回應|回应|回答|舉例|举例|例子|觀點|观点|看法|補充|补充|總結|总结|發言|发言|說法|说法|解釋|解释)"
    r"|共同提到|共同指出|提到|認為|认为|指出|表示|說|说|強調|强调|補充|补充|回應|回应|答|"
    r"'s\s+\w+|’s\s+\w+|\s+(?:says|said|argues|notes|adds|responds|answers|explains))?$",
    re.IGNORECASE,
)
_ANSWER_TAIL = re.compile(
    r"(?:的?(?:回應|回应|回答|答覆|答复)|'s\s+(?:response|answer|reply)|(?<!\s)\s+(?:responds|answers))$",
    re.I,
)


def split_name(text: str) -> tuple[str, str | None, str | None]:
    """`阿曼達·阿斯凱爾（Amanda Askell）` -> (name, alt name, extra).

    A bracket in the other script is the name in another language; a bracket in the same
    script (`Amanda Askell (Anthropic)`) is extra information such as an affiliation.
    """
    text = text.strip()
    # What `^([^（(]+?)\s*[（(]([^）)]+)[）)]\s*(.*)$` matches, found without a regex (its
    # lazy name and the spaces after it re-read a run of spaces from every position).
    opening = min((i for i in (text.find("（"), text.find("(")) if i >= 0), default=-1)
    closing = min(
        (i for i in (text.find("）", opening + 1), text.find(")", opening + 1)) if i >= 0), default=-1
    )
    if opening < 1 or closing < opening + 2 or "\n" in text[closing + 1 :].lstrip():
        return text, None, None
    name, inner, tail = (
        text[:opening].strip(),
        text[opening + 1 : closing].strip(),
        text[closing + 1 :].strip(),
    )
    if bool(_HAN.search(name)) != bool(_HAN.search(inner)):
        return name, inner, tail or None
    return name, None, " ".join(x for x in (inner, tail) if x) or None


def looks_like_name(text: str) -> bool:
    """Short, no sentence punctuation: a heading or label that could be a person."""
    if re.search(r"[，。！？；,.!?;:：]", text.replace("Dr.", "").replace("Mr.", "").replace("Ms.", "")):
        return False
    han = len(_HAN.findall(text))
    return (0 < han <= 12) or (han == 0 and 1 <= len(text.split()) <= 4 and text[:1].isupper())


def parse_roster_entry(label: str | None, rest: str) -> tuple[str, str | None, str | None] | None:
    """A roster bullet -> (name, alt name, role), or None when it names nobody."""
    if label is None:
        parts = _ROSTER_SPLIT.split(rest, maxsplit=1)
        label, rest = parts[0], parts[1] if len(parts) > 1 else ""
    name, alt, extra = split_name(label)
    if not looks_like_name(name):
        return None
    role = (
        "，".join(x for x in (extra, rest.strip()) if x)
        if _HAN.search(rest or "")
        else ", ".join(x for x in (extra, rest.strip()) if x)
    )
    return name, alt, role or None


@dataclass
class SpeakerIndex:
    """Speakers met so far, and lookup of names (full, other-language, given name)."""

    speakers: list[Speaker] = field(default_factory=list)
    _cache: list[tuple[str, Speaker]] | None = field(default=None, repr=False)

    def add(
        self,
        name: str,
        alt: str | None = None,
        role: str | None = None,
        line: int = 0,
        speaker_id: str | None = None,
    ) -> Speaker:
        self._cache = None
        known = self.resolve(name) or (self.resolve(alt) if alt else None)
        if known:
            merged = Speaker(known.id, known.name, known.alt_name or alt, known.role or role, known.line)
            self.speakers[self.speakers.index(known)] = merged
            self._cache = None
            return merged
        base = speaker_id or slug(alt or name)
        new_id, n = base, 2
        while any(s.id == new_id for s in self.speakers):
            new_id, n = f"{base}-{n}", n + 1
        speaker = Speaker(new_id, name, alt, role, line)
        self.speakers.append(speaker)
        self._cache = None
        return speaker

    def _aliases(self) -> list[tuple[str, Speaker]]:
        if self._cache is None:
            self._cache = self._build_aliases()
        return self._cache

    def _build_aliases(self) -> list[tuple[str, Speaker]]:
        aliases: list[tuple[str, Speaker]] = []
        given: dict[str, list[Speaker]] = {}
        for s in self.speakers:
            aliases += [(s.name, s), (s.id, s)] + ([(s.alt_name, s)] if s.alt_name else [])
            for full in filter(None, (s.name, s.alt_name)):
                full = _HONORIFIC.sub("", full)
                first = re.split(r"[·・.\s]", full)[0]
                if first != full and (len(first) >= 3 or (_HAN.search(first) and len(first) >= 2)):
                    given.setdefault(first, []).append(s)
        aliases += [(g, ss[0]) for g, ss in given.items() if len(ss) == 1]
        return sorted(aliases, key=lambda a: -len(a[0]))

    def resolve(self, name: str | None) -> Speaker | None:
        if not name:
            return None
        wanted = name.strip().casefold()
        return next((s for alias, s in self._aliases() if alias.casefold() == wanted), None)

    def attributed(self, label: str) -> tuple[Speaker, ...]:
        """Speakers a label attributes its content to: `揚·萊克和喬什·巴特森共同提到`."""
        found: list[Speaker] = []
        rest = label.strip()
        aliases = self._aliases()
        while True:
            match = next((s for alias, s in aliases if rest.casefold().startswith(alias.casefold())), None)
            if not match:
                break
            alias = next(a for a, s in aliases if s is match and rest.casefold().startswith(a.casefold()))
            found.append(match)
            rest = rest[len(alias) :]
            joined = re.match(_JOINERS, rest)
            if not joined:
                break
            rest = rest[joined.end() :]
        if found and _ATTRIBUTION_TAIL.match(rest):
            return tuple(dict.fromkeys(found))
        return ()

    def answerer(self, label: str, line: int) -> Speaker | None:
        """The speaker an answer label names, added to the index if new: `X的回應`, `X:`."""
        attributed = self.attributed(label)
        if attributed:
            return attributed[0]
        name = _ANSWER_TAIL.sub("", label).strip()
        if name and looks_like_name(name):
            person, alt, extra = split_name(name)
            return self.add(person, alt, extra, line)
        return None
