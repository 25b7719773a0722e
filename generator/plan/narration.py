"""The narration: per slide, what the host says, in the host's voice. Computed once from the
fitted slide plan; the deck's speaker notes and every script file use these same texts.

`--minutes N` fits the narration to N minutes (±10%) by choosing which points to narrate:
nested points go first, then later points of a slide; every slide keeps its first point, each
question and its first answer. Nothing is invented: every sentence is a point of the source
set in one of the voice's phrases."""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, cast

from ..errors import SourceError, UsageError
from ..model import Columns, Episode, Image, Quote, walk_points
from ..templating import Templates
from .slides import Bullet, Slide
from .voice import RELATIONAL_KINDS, PhraseList, Voice, fill_phrase, phrase_value

if TYPE_CHECKING:
    from jinja2 import Template

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*")
_END = re.compile(r"[。！？.!?…」』”’）)：:]$")
_PAUSE = re.compile(r"[，,、；;]+$")
# A point that opens with its own link to what came before, or its own number, is said as it
# is: "此外，但是…" reads wrong, "For example, for example" says it twice, "另外，第 2 條" is noise.
_CONNECTIVE = re.compile(
    r"^(?:但|而|不過|不过|然而|可是|此外|另外|同時|同时|因此|所以|因而|於是|于是|並且|并且|而且|"
    r"反之|例如|比如|譬如|舉例來說|举例来说|尤其|特別是|特别是|還有|还有|另一方面|"
    r"第\s*[\d一二三四五六七八九十百]+\s*[條条點点項项個个步]|\d+[.)、]\s|"
    r"(?:However|But|And|Also|So|Yet|Still|For example|For instance|Therefore|Thus|Hence|"
    r"In particular|Especially|Moreover|Besides|Meanwhile|Plus|First|Second|Third|Finally|"
    r"Lastly)\b)",
    re.I,
)
# Written marks that stand for a relation the narration may say aloud: "e.g. X" is "For
# example, X", "→ X" is "So, X". Only these let a voice's `relational` phrases be used.
_SIGNALS = {
    "example": re.compile(r"^(?:e\.\s?g\.|eg\.|例：|例:|舉例：|举例：)[,，:：]?\s*", re.I),
    "consequence": re.compile(r"^(?:→|⇒|=>|∴)\s*"),
}
# A point that already says who holds it (她認為…, She thinks …, 主張…) is not attributed again.
# (not 說得對 "is right", 提到的 "the … mentioned", 說服 "persuade")
_SAYING_ZH = "認為|认为|表示|指出|提到|強調|强调|說|说|覺得|觉得|主張|主张|相信|坦言|提出|談到|谈到"
_SUBJECT_ZH = re.compile(
    rf"^(?P<who>她|他|其|我(?![們们]))?(?P<rest>(?:也|還|还|則|则|更|一直|就|都)?(?:{_SAYING_ZH})(?![得的服]))"
)
_SAYING_EN = (
    "think|say|argue|believe|note|suggest|feel|claim|explain|insist|warn|stress|point out|"
    "add|maintain|contend|agree|disagree|hold"
)
_SUBJECT_EN = re.compile(rf"^(?P<who>She|He|They|I)\s+(?P<rest>(?:also\s+)?(?P<verb>{_SAYING_EN})(?:e?s)?\b)")
_CN_NUM = "零一二三四五六七八九"
TOLERANCE = 0.10
NARRATION_TEMPLATE = "script/narration.j2"


def reading_seconds(text: str, voice: Voice) -> float:
    """Time to read text aloud at the voice's rate: CJK characters plus Latin words."""
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return cjk * 60.0 / voice.cjk_per_minute + words * 60.0 / voice.words_per_minute


@dataclass(frozen=True)
class Narration:
    texts: tuple[str, ...]  # one per slide, in slide order
    seconds: tuple[float, ...]
    omitted: tuple[tuple[int, str], ...] = ()  # (slide number, point) left out for length
    pauses: tuple[float, ...] = ()  # voiced: the silence each slide's clip ends in (part of seconds)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds)


class _Phrases:
    """Takes the voice's phrases in turn (from an offset fixed by the episode), so the same
    input gives the same script and twenty parts do not open with the same sentence."""

    def __init__(
        self, voice: Voice, seed: str, common_words: frozenset[str] = frozenset(), language: str = ""
    ) -> None:
        self.voice = voice
        self.language = language or voice.language  # the points' language
        self.seed = zlib.crc32(seed.encode("utf-8"))
        self.used: dict[str, int] = {}
        self.common_words = common_words

    def say(self, kind: str, **given: object) -> str:
        fields = _text_fields(given, kind, self.voice.source)
        text = fields.get("text", "")
        if kind in RELATIONAL_KINDS:
            if _CONNECTIVE.match(text):
                return text  # the point brings its own link
            relation, rest = _signalled(text)
            relational = self._relational(relation)
            if relational:
                return self._next(f"relational.{relation}", relational, dict(fields, text=rest))
        if kind in ("attribute", "answer", "answer_more"):
            own = _own_attribution(text, fields.get("speaker", ""), self.language, quoted=kind != "attribute")
            if own:
                return own
        return self._next(kind, self._in_turn(kind), fields)

    def _relational(self, relation: str | None) -> PhraseList | None:
        """The voice's phrases for a relation the point signals (None: it signals none, or
        the voice has no phrase for it)."""
        relational = self.voice.phrases.get("relational")
        return relational.get(relation) if isinstance(relational, dict) and relation else None

    def _in_turn(self, kind: str) -> PhraseList:
        """The phrases say() takes in turn: a template asking for one it has not, or for a
        single phrase (`say_text`'s), is told so in one line."""
        options = self.voice.phrases.get(kind)
        if not isinstance(options, tuple):
            raise UsageError(f"say({kind!r}): {self._not_for(kind)}", NARRATION_TEMPLATE)
        return options

    def _one(self, kind: str) -> str:
        """The one phrase say_text() fills (see _in_turn)."""
        phrase = self.voice.phrases.get(kind)
        if not isinstance(phrase, str):
            raise UsageError(f"say_text({kind!r}): {self._not_for(kind)}", NARRATION_TEMPLATE)
        return phrase

    def _not_for(self, kind: str) -> str:
        """Why the voice's phrases of `kind` are not what the template asked for."""
        value = self.voice.phrases.get(kind)
        if value is None:
            return f"the voice has no phrase `{kind}`"
        if isinstance(value, str):
            return f"`{kind}` is one phrase, said with say_text()"
        if isinstance(value, tuple):
            return f"`{kind}` is phrases said in turn, with say()"
        return f"`{kind}` is said by say() where a point signals the relation"

    def _next(self, kind: str, options: PhraseList, fields: dict[str, str]) -> str:
        n = self.used.get(kind, 0)
        self.used[kind] = n + 1
        phrase = options[(self.seed + n) % len(options)]
        if (
            "text" in fields and ", {text}" in phrase
        ):  # "Also, the ..." not "Also, The ..." (after a colon it may stay)
            fields = dict(fields, text=_mid_sentence(fields["text"], self.common_words))
        return _fill(phrase, fields, self.voice.source)

    def say_text(self, kind: str, **given: object) -> str:
        return _fill(self._one(kind), _text_fields(given, kind, self.voice.source), self.voice.source)


def _signalled(text: str) -> tuple[str | None, str]:
    """The relation a point's written mark stands for, and the point without the mark."""
    for relation, mark in _SIGNALS.items():
        found = mark.match(text)
        if found and text[found.end() :].strip():
            return relation, text[found.end() :]
    return None, text


def _own_attribution(text: str, speaker: str, language: str, quoted: bool = False) -> str | None:
    """The point as the narration says it when it already names its holder and a verb of
    saying: 「她認為，X」 → 「陳立群認為，X」, "She thinks X" → "Tom thinks X", 「主張X」 →
    「阿曼達主張X」. None when the point needs the voice's phrase — and, for an answer
    (`quoted`: the phrase quotes it after a colon), when it speaks in the first person."""
    if not speaker:
        return None
    if language == "en":
        if text.startswith(speaker + " "):
            return text if _SUBJECT_EN.match("He " + text[len(speaker) + 1 :]) else None
        found = _SUBJECT_EN.match(text)
        if (
            not found
            or found["who"] == "I"
            and (quoted or re.search(r"\b(?:I|me|my|mine|myself)\b", text[found.end() :]))
        ):
            return None  # "I think my …" cannot become "Tom thinks my …"
        rest = found["rest"]
        if found["who"] in ("I", "They") and " and " not in speaker:  # I think -> Tom thinks
            verb = found["verb"]
            rest = rest.replace(verb, _third_person(verb), 1)
        return f"{speaker} {rest}{text[found.end() :]}"
    named = text.startswith(speaker)
    found = _SUBJECT_ZH.match(text[len(speaker) :] if named else text)
    if not found:
        return None
    if named:
        return None if found["who"] else text  # 陳立群他認為 is left to the phrase
    if quoted and found["who"] == "我":
        return None
    return speaker + text[found.start("rest") :]


def _third_person(verb: str) -> str:
    word, _, tail = verb.partition(" ")
    word += "es" if word.endswith(("s", "sh")) else "s"
    return f"{word} {tail}" if tail else word


_FIRST_WORD = re.compile(r"([A-Z][a-z]*(?:-[a-z]+)*)\b(?!['’.]?[A-Z])")
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "a",
        "an",
        "it",
        "its",
        "we",
        "our",
        "they",
        "their",
        "there",
        "here",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "when",
        "while",
        "if",
        "as",
        "most",
        "many",
        "some",
        "every",
        "each",
        "one",
        "two",
        "even",
        "such",
        "what",
        "how",
        "why",
        "more",
        "less",
        "both",
        "all",
        "no",
        "not",
        "only",
        "also",
        "but",
        "and",
        "so",
    ]
)


def common_words(texts: Iterable[str]) -> frozenset[str]:
    """Words the episode writes in lower case somewhere: they are not names."""
    return frozenset(w for t in texts for w in re.findall(r"\b[a-z][a-z-]*\b", t))


def _mid_sentence(text: str, common: frozenset[str]) -> str:
    """A point's text placed after a lead-in ("Also, …"): its first word in lower case when it
    is an ordinary word (a function word, or one the episode also writes in lower case), not
    a name or an acronym."""
    first = _FIRST_WORD.match(text)
    if first:
        word = first.group(1).lower()
        if word in _FUNCTION_WORDS or len(word) > 1 and (word in common or word.split("-")[0] in common):
            return text[0].lower() + text[1:]
    return text


def _text_fields(fields: dict[str, object], kind: str, voice_file: str = "") -> dict[str, str]:
    """The fields a template passes to say()/say_text(), as text; a template passing an object
    is refused (a phrase filled from it could read past the sandbox)."""
    out: dict[str, str] = {}
    for name, value in fields.items():
        try:
            out[name] = phrase_value(value)
        except TypeError as exc:
            raise UsageError(
                f"a template passed {name}= a {exc} to the voice phrase `{kind}`: phrase fields "
                f"take only text and numbers",
                voice_file or None,
            ) from None
    return out


def _fill(phrase: str, fields: dict[str, str], voice_file: str = "") -> str:
    try:
        return fill_phrase(phrase, fields)
    except KeyError as exc:
        raise UsageError(
            f"voice phrase {phrase!r} names an unknown field: {exc}", voice_file or None
        ) from None
    except ValueError as exc:
        raise UsageError(f"voice phrase {phrase!r}: {exc}", voice_file or None) from None


def narrate_slides(
    slides: list[Slide],
    episode: Episode,
    voice: Voice,
    minutes: float | None = None,
    templates: Templates | None = None,
) -> Narration:
    env_module = _template(templates)
    speakers = _speaker_names(episode)
    keep = [list(range(len(s.bullets))) for s in slides]
    full = _render(slides, keep, episode, voice, speakers, env_module)
    if not minutes:
        return full
    target = minutes * 60.0
    warnings: list[str] = []
    if abs(full.total_seconds - target) <= target * TOLERANCE:
        return full
    if full.total_seconds < target * (1 - TOLERANCE):
        raise SourceError(
            f"the source has too little content for {minutes:g} minutes: narrating every point takes "
            f"{_clock(full.total_seconds)} (at most {full.total_seconds / 60 / (1 - TOLERANCE):.1f} "
            f"minutes can be asked for)",
            episode.source or None,
        )
    omitted: list[tuple[int, int, str]] = []  # (slide number, bullet index, point): sorted below
    current = full
    for slide_index, bullet_index in _drop_order(slides):
        if current.total_seconds <= target:
            break
        bullet = slides[slide_index].bullets[bullet_index]
        keep[slide_index].remove(bullet_index)
        omitted.append((slides[slide_index].number, bullet_index, bullet.full_text))
        cost = reading_seconds(bullet.text, voice)
        if current.total_seconds - cost <= target * 1.02:  # close: measure for real
            current = _render(slides, keep, episode, voice, speakers, env_module)
        else:
            current = replace(current, seconds=current.seconds[:-1] + (current.seconds[-1] - cost,))
    current = _render(slides, keep, episode, voice, speakers, env_module)
    if current.total_seconds > target * (1 + TOLERANCE):
        warnings.append(
            f"the shortest narration that keeps every slide's first point takes "
            f"{_clock(current.total_seconds)}, more than {minutes:g} minutes + 10%"
        )
    omitted.sort()  # slide by slide, in the source's order
    return replace(current, omitted=tuple((n, text) for n, _, text in omitted), warnings=tuple(warnings))


def _drop_order(slides: list[Slide]) -> list[tuple[int, int]]:
    """Which points to leave out first: nested points, then the last points of the fullest
    slides. Never a slide's first point, a question, or its first answer."""
    candidates: list[tuple[int, int, int, int, int]] = []
    for si, slide in enumerate(slides):
        if slide.kind in ("title", "agenda", "roster", "divider", "closing"):
            continue
        firsts = [i for i, b in enumerate(slide.bullets) if not b.lead]
        protected = set(firsts[:1]) | {i for i, b in enumerate(slide.bullets) if b.lead}
        for bi, bullet in enumerate(slide.bullets):
            if bi in protected:
                continue
            rank = 0 if bullet.level else 1
            candidates.append((rank, -bi, -len(bullet.text), si, bi))
    candidates.sort()
    return [(si, bi) for *_, si, bi in candidates]


class _NarrationModule(Protocol):
    """The narration template as Python calls it: its `narrate` macro (Jinja makes the
    module's attributes at run time, so they are declared here)."""

    def narrate(
        self,
        slide: Slide,
        bullets: list[_SpokenBullet],
        speaker: str | None,
        episode: Episode,
        voice: Voice,
        items: list[str],
    ) -> object: ...


def _render(
    slides: list[Slide],
    keep: list[list[int]],
    episode: Episode,
    voice: Voice,
    speakers: dict[str, str],
    template: Template,
) -> Narration:
    from ..templating import rendering

    # templating is not typed yet: rendering(template) is the context manager of one render
    one_render = cast("Callable[[Template], AbstractContextManager[None]]", rendering)
    with one_render(template):  # one budget for the whole narration; a failure is one line
        return _render_all(slides, keep, episode, voice, speakers, template)


def _render_all(
    slides: list[Slide],
    keep: list[list[int]],
    episode: Episode,
    voice: Voice,
    speakers: dict[str, str],
    template: Template,
) -> Narration:
    phrases = _Phrases(
        voice,
        episode.title,
        common_words(
            p.text
            for section in episode.sections
            for topic in section.topics
            for p in walk_points(topic.points)
        )
        if voice.language == "en"
        else frozenset(),
        episode.language,
    )
    language = episode.language
    module = cast(
        _NarrationModule,
        template.make_module(
            {
                "say": phrases.say,
                "say_text": phrases.say_text,
                "s": lambda text: _sentence(text, language),
                "sep_list": ", " if language == "en" else "、",
                "roster_items": lambda bs: ("; " if language == "en" else "；").join(
                    phrases.say_text("roster_item", **_roster_item(b, episode)).rstrip("，, ") for b in bs
                ),
                "question_number": lambda number: _nth(number, language),
            }
        ),
    )
    texts: list[str] = []
    seconds: list[float] = []
    for slide, kept in zip(slides, keep, strict=False):
        if slide.author_notes:  # the author wrote what to say here: said as written
            texts.append(slide.author_notes)
            seconds.append(reading_seconds(slide.author_notes, voice))
            continue
        if slide.blocks and not slide.bullets:
            text = _blocks_said(slide.blocks, language, voice)
            texts.append(text)
            seconds.append(reading_seconds(text, voice))
            continue
        bullets = [_spoken(slide.bullets[i], speakers) for i in kept]
        speaker = _names(slide.speakers, speakers) if slide.kind == "viewpoint" else None
        items = [b.text for b in slide.bullets] if slide.kind == "agenda" else []
        raw = module.narrate(slide, bullets, speaker, episode, voice, items)
        joiner = " " if language == "en" else ""
        text = joiner.join(line.strip() for line in str(raw).splitlines() if line.strip())
        if language == "en":  # phrases set side by side by the template get their space
            text = re.sub(r"(?<=[a-z\)”\"][.!?:;])(?=[A-Z“]|\"[A-Za-z])", " ", text)  # not before a closing "
        texts.append(text)
        seconds.append(reading_seconds(text, voice))
    return Narration(tuple(texts), tuple(seconds))


# Said for a table or code shown without the author's notes (never read cell by cell),
# when the voice has no `on_screen` phrase of its own.
ON_SCREEN = {
    "en": "The details are on screen.",
    "zh-Hant": "詳細內容請看畫面。",
    "zh-Hans": "详细内容请看画面。",
}


def _blocks_said(blocks: tuple[Any, ...], language: str, voice: Voice) -> str:
    """What a slide of blocks only says when its author wrote no notes: an image's caption
    or alt text, a quote and its author, a column's points; tables and code are on screen."""
    said: list[str] = []
    joiner = " " if language == "en" else ""
    for block in blocks:
        if isinstance(block, Image):
            words = block.caption or block.alt
        elif isinstance(block, Quote):
            by = (
                (f" ({block.attribution})" if language == "en" else f"（{block.attribution}）")
                if block.attribution
                else ""
            )
            words = block.text + by
        elif isinstance(block, Columns):
            words = joiner.join(_sentence(p.text, language) for c in block.columns for p in c.points)
        else:
            on_screen = voice.phrases.get("on_screen")
            words = on_screen if isinstance(on_screen, str) else ON_SCREEN[language]
        if words and words not in said:
            said.append(_sentence(words, language))
    return joiner.join(said)


@dataclass(frozen=True)
class _SpokenBullet:
    text: str
    label: str
    level: int
    lead: bool
    speaker: str | None  # the short name(s) of whom the point is attributed to
    speakers: tuple[str, ...]  # their ids


def _spoken(bullet: Bullet, speakers: dict[str, str]) -> _SpokenBullet:
    return _SpokenBullet(
        bullet.text,
        bullet.label,
        bullet.level,
        bullet.lead,
        _names(bullet.speakers, speakers),
        bullet.speakers,
    )


def _names(ids: tuple[str, ...], speakers: dict[str, str]) -> str | None:
    """The short names the host uses for the speakers a slide or bullet is attributed to
    (`揚·萊克和喬什`, `Tom and Ana`); None for nobody (or nobody the episode knows)."""
    found = list(dict.fromkeys(speakers[i] for i in ids if i in speakers))
    if not found:
        return None
    return (" and " if all(n.isascii() for n in found) else "和").join(found)


def _roster_item(bullet: _SpokenBullet, episode: Episode) -> dict[str, str]:
    """A roster line's name and role, from the speaker it is about (the slide's label is
    wording); a line of the template's own is said as it is written."""
    speaker = episode.speaker(bullet.speakers[0]) if bullet.speakers else None
    if speaker is None:
        return {"name": bullet.label.rstrip("：: "), "role": bullet.text.rstrip("。.；;")}
    name = f"{speaker.name} {speaker.alt_name}" if speaker.alt_name else speaker.name
    return {"name": name, "role": (speaker.role or "").rstrip("。.；;")}


def _nth(number: object, language: str) -> str:
    """A question's number as the host says it (3, 三, 十二). Takes the slide's `question`
    field, the number itself, never a title to read it from."""
    if not isinstance(number, int) or isinstance(number, bool):
        raise UsageError(
            f"question_number() takes slide.question (the question's number), not {type(number).__name__}",
            NARRATION_TEMPLATE,
        )
    n = number
    if language == "en" or n > 99:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CN_NUM[tens]) + "十" if tens else "") + (
        _CN_NUM[ones] if ones or not tens else ""
    )


def _speaker_names(episode: Episode) -> dict[str, str]:
    """Speaker id -> the short name the host uses (阿曼達, Amanda)."""
    return {sp.id: _short(sp.name) for sp in episode.speakers}


def _short(name: str) -> str:
    if "·" in name or "・" in name:
        first = re.split(r"[·・]", name)[0]
        return first if len(first) >= 2 else name
    if _CJK.search(name):
        return name
    parts = re.sub(r"^(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+", "", name).split()
    return parts[0] if parts else name


def _sentence(text: str, language: str) -> str:
    """The text as one sentence: its own end mark kept, a trailing comma or semicolon replaced
    by the full stop (never `，。` or `;.`)."""
    text = (text or "").strip()
    if not text or _END.search(text):
        return text
    return (_PAUSE.sub("", text) or text) + ("." if language == "en" else "。")


def _clock(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)  # 119.6 s is 2:00, not 1:60
    return f"{minutes}:{rest:02d}"


def _template(templates: Templates | None) -> Template:
    from ..templating import rendering

    one_render = cast("Callable[[str], AbstractContextManager[None]]", rendering)  # see _render
    with one_render(NARRATION_TEMPLATE):  # a syntax error is one line naming the file
        template: Template = (templates or Templates()).environment().get_template(NARRATION_TEMPLATE)
    return template
