"""Host voice profiles: how a host greets, moves between parts, attributes a view, brings in
a question and an answer, sums up and signs off. Bundled voices live in templates/voices/;
a user adds one by dropping a YAML file into their --templates folder's voices/ (or giving
--voice PATH). The source's own greeting and sign-off always win: they are the host's words."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeAlias

from ..errors import UsageError
from ..model import Episode
from ..templating import Templates

PHRASE_LISTS = (
    "open_topic",
    "part",
    "topic",
    "attribute",
    "continue",
    "detail",
    "question",
    "answer",
    "answer_anonymous",
    "summary",
)
PHRASE_TEXTS = ("agenda", "roster", "roster_item", "closing_lead")
# One phrase a voice may give; without it the language's own wording is said.
OPTIONAL_TEXTS = ("on_screen",)  # said for a table or code shown without the author's notes
# The words by which a phrase claims a relation to what came before. A phrase that carries one
# (`比如說，{text}`, `For example, {text}`) is kept under `relational` and said only where the
# point itself signals that relation; `continue` and `detail` say nothing more than "also".
RELATIONS = {
    "example": (
        "例如",
        "比如",
        "舉例來說",
        "举例来说",
        "譬如",
        "舉個例子",
        "举个例子",
        "for example",
        "for instance",
        "e.g.",
    ),
    "consequence": (
        "因此",
        "所以",
        "因而",
        "於是",
        "于是",
        "therefore",
        "thus",
        "hence",
        "as a result",
        "consequently",
    ),
    "contrast": ("但是", "然而", "不過", "不过", "可是", "但", "however", "but", "yet", "nevertheless"),
    "emphasis": ("尤其", "特別是", "特别是", "in particular", "especially", "particularly", "above all"),
}
RELATIONAL_KINDS = ("continue", "detail")
# An answer phrase that presumes someone already answered ("X added", 「X也給出了看法」) is
# kept for the later answers to a question (`answer_more`), never the first.
_FOLLOW_UP = re.compile(r"\b(?:added|adds|also|too|as well)\b|也|補充|补充|接著|接着", re.I)
_FIRST_ANSWER = {"en": "{speaker}: {text}", "zh-Hant": "{speaker}：{text}", "zh-Hans": "{speaker}：{text}"}
DEFAULT_FOR = {"zh-Hant": "neutral-zh-hans", "zh-Hans": "neutral-zh-hans", "en": "english"}
# A phrase is text with plain named fields, `{text}`, and `{{`/`}}` for literal braces;
# anything else (`{text.upper}`, `{text[0]}`, `{text!r}`, `{text:>9}`, `{0}`) matches the
# last alternative and is refused: the fields are filled outside Jinja's sandbox.
_PHRASE_PART = re.compile(r"\{\{|\}\}|\{([^\W\d]\w*)\}|[{}]")
LANGUAGES = ("zh-Hant", "zh-Hans", "en")
PAUSE_SLIDE, PAUSE_PART = 0.6, 1.2  # seconds of silence after a slide, after a part's last slide
TTS_ENGINES = ("espeak-ng", "piper", "command", "recordings", "none")  # media.voicing.ENGINES

PhraseList: TypeAlias = tuple[str, ...]
# What a voice says for one kind of line: the phrases said in turn (PHRASE_LISTS and
# `answer_more`), one phrase (PHRASE_TEXTS), or, under `relational`, phrases per relation.
Phrase: TypeAlias = str | PhraseList | dict[str, PhraseList]


@dataclass(frozen=True)
class Voice:
    name: str
    language: str
    greeting: str
    sign_off: str
    cjk_per_minute: float = 260.0
    words_per_minute: float = 150.0
    show: str | None = None
    host: str | None = None
    phrases: dict[str, Phrase] = field(default_factory=dict, compare=False)
    source: str = ""
    # The audio: silence after each slide's clip, longer after the last slide of a part
    # (`pause: {slide: 0.6, part: 1.2}` in the file), and the engine the file asks for (`tts:`).
    pause_slide: float = PAUSE_SLIDE
    pause_part: float = PAUSE_PART
    tts: str | None = None
    # The spoken language the engine is asked for (`spoken:`): Chinese narration is Mandarin
    # (cmn) unless the file says Cantonese (yue); English is en.
    spoken: str | None = None


def relation_of(phrase: str) -> str | None:
    """The relation a phrase's own words claim (`example`, `contrast`, ...), or None."""
    words = _PHRASE_PART.sub(" ", phrase).lower()
    for relation, markers in RELATIONS.items():
        for marker in markers:
            if (
                marker.isascii()
                and re.search(rf"(?<![a-z]){re.escape(marker)}(?![a-z])", words)
                or not marker.isascii()
                and marker in words
            ):
                return relation
    return None


def check_phrase(phrase: str) -> None:
    """ValueError unless every field of the phrase is a plain `{name}`."""
    for part in _PHRASE_PART.finditer(phrase):
        if part.group() in "{}":
            raise ValueError(
                f"a field may only be a plain name like {{text}} (at “{phrase[part.start() :][:24]}”)"
            )


def fill_phrase(phrase: str, fields: dict[str, str]) -> str:
    """The phrase with its fields replaced by the given strings (KeyError for a field not
    given). No attribute, index, conversion or format spec is ever evaluated. Where a field
    ends a sentence and the phrase ends it again (`{topic}。` with a topic ending in ？), the
    sentence ends once."""
    out, start = "", 0
    for part in _PHRASE_PART.finditer(phrase):
        out = _joined(out, phrase[start : part.start()])
        start = part.end()
        if part.group(1) is None:
            if part.group() in "{}":
                raise ValueError("a field may only be a plain name like {text}")
            out += part.group()[0]
        else:
            out += fields[part.group(1)]
    return _joined(out, phrase[start:])


_ENDED = re.compile(r"[。！？!?….]$")
_ASKED = re.compile(r"[。！？!?]$")
_TRAILING_PAUSE = re.compile(r"[，,、；;：:]+$")


def _joined(before: str, after: str) -> str:
    """before + after with sentence-final marks never doubled: `多遠？` + `。` is `多遠？`,
    `What next?` + `.` is `What next?`, `意圖，` + `。` is `意圖。`, `為什麼？` + `，` is `為什麼？`."""
    if not after:
        return before
    if after[0] in "。." and _ENDED.search(before):
        return before + after[1:]
    if after[0] in "，,：:；;" and _ASKED.search(before):
        return before + after[1:]
    if after[0] in "。.！？!?" and _TRAILING_PAUSE.search(before):
        return _TRAILING_PAUSE.sub("", before) + after
    return before + after


def phrase_value(value: object) -> str:
    """What a phrase field may hold: text or a number, as text. TypeError for anything else
    (an object could carry its attributes into the phrase)."""
    if isinstance(value, str):
        return str.__str__(value)  # a plain copy, whatever the subclass says
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (int.__repr__ if isinstance(value, int) else float.__repr__)(value)
    raise TypeError(type(value).__name__)


def voice_folders(templates: Templates) -> list[Path]:
    return templates.folders("voices")


def available_voices(templates: Templates = Templates()) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in reversed(voice_folders(templates)):  # the user's folder wins
        for path in sorted(folder.glob("*.yaml")):
            found[path.stem] = path
    return found


def load_voice(path: Path) -> Voice:
    data = _voice_data(path)
    language = data.get("language")
    if language not in LANGUAGES:
        raise UsageError("voice `language` must be zh-Hant, zh-Hans or en", str(path))
    phrases = _voice_phrases(data, language, path)
    for key in ("greeting", "sign_off"):
        if not isinstance(data.get(key), str):
            raise UsageError(f"voice needs `{key}`", str(path))
    cjk, words = _rate(data, path)
    pause_slide, pause_part = _pauses(data, path)
    return Voice(
        str(data.get("name") or path.stem),
        language,
        data["greeting"],
        data["sign_off"],
        cjk,
        words,
        data.get("show"),
        data.get("host"),
        phrases,
        str(path),
        pause_slide,
        pause_part,
        _tts(data, path),
        _spoken(data, language, path),
    )


def _voice_data(path: Path) -> dict[Any, Any]:
    """The voice file's YAML mapping; a file that cannot be read, or is not YAML or not a
    mapping, is refused naming it (and the line, for bad YAML)."""
    import yaml  # type: ignore[import-untyped]

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read voice file: {exc}", str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UsageError(
            f"voice file is not valid YAML: {getattr(exc, 'problem', exc)}",
            str(path),
            mark.line + 1 if mark else None,
        ) from None
    if not isinstance(data, dict):
        raise UsageError("a voice file is a YAML mapping", str(path))
    return data


def _voice_phrases(data: dict[Any, Any], language: str, path: Path) -> dict[str, Phrase]:
    """Every kind of phrase the voice file gives, each checked to fill safely."""
    lists: dict[str, PhraseList] = {}
    for key in PHRASE_LISTS:
        value = data.get(key)
        items = [value] if isinstance(value, str) else value
        if not items or not all(isinstance(v, str) and v.strip() for v in items):
            raise UsageError(f"voice needs `{key}`: a phrase or a list of phrases", str(path))
        lists[key] = tuple(items)
    phrases: dict[str, Phrase] = {**lists, **_sorted_phrases(lists, data, language, path)}
    for key in PHRASE_TEXTS:
        if not isinstance(data.get(key), str):
            raise UsageError(f"voice needs `{key}`: one phrase", str(path))
        phrases[key] = data[key]
    phrases.update(_optional_texts(data, path))
    for key, value in phrases.items():
        for phrase in _each_phrase(value):
            try:
                check_phrase(phrase)
            except ValueError as exc:
                raise UsageError(f"voice phrase `{key}` {phrase!r}: {exc}", str(path)) from None
    return phrases


def _optional_texts(data: dict[Any, Any], path: Path) -> dict[str, Phrase]:
    for key in OPTIONAL_TEXTS:
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            raise UsageError(f"voice `{key}`: one phrase", str(path))
    return {key: data[key] for key in OPTIONAL_TEXTS if key in data}


def _rate(data: dict[Any, Any], path: Path) -> tuple[float, float]:
    """(CJK characters, words) read aloud per minute."""
    rate = data.get("rate") or {}
    try:
        cjk, words = float(rate.get("cjk_per_minute", 260)), float(rate.get("words_per_minute", 150))
    except (TypeError, ValueError):
        raise UsageError("voice `rate` values must be numbers", str(path)) from None
    if cjk <= 0 or words <= 0:
        raise UsageError("voice `rate` values must be positive", str(path))
    return cjk, words


def _pauses(data: dict[Any, Any], path: Path) -> tuple[float, float]:
    """(after a slide, after a part's last slide) in seconds, 0 to 10."""
    pause = data.get("pause") or {}
    if not isinstance(pause, dict) or not set(pause) <= {"slide", "part"}:
        raise UsageError("voice `pause` maps slide and part to seconds", str(path))
    try:
        slide, part = float(pause.get("slide", PAUSE_SLIDE)), float(pause.get("part", PAUSE_PART))
    except (TypeError, ValueError):
        raise UsageError("voice `pause` values must be numbers of seconds", str(path)) from None
    if not (0 <= slide <= 10 and 0 <= part <= 10):
        raise UsageError("voice `pause` values must be between 0 and 10 seconds", str(path))
    return slide, part


def _tts(data: dict[Any, Any], path: Path) -> str | None:
    engine = data.get("tts")
    if engine is not None and engine not in TTS_ENGINES:
        raise UsageError(f"voice `tts` must be one of {', '.join(TTS_ENGINES)}", str(path))
    return engine


SPOKEN = {"zh-Hant": ("cmn", "yue"), "zh-Hans": ("cmn", "yue"), "en": ("en",)}


def _spoken(data: dict[Any, Any], language: str, path: Path) -> str | None:
    spoken = data.get("spoken")
    if spoken is not None and spoken not in SPOKEN[language]:
        raise UsageError(
            f"voice `spoken` must be {' or '.join(SPOKEN[language])} for "
            f"{'an English' if language == 'en' else 'a Chinese'} voice",
            str(path),
        )
    return spoken


def _phrase_list(value: Any, key: str, path: Path) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not items or not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise UsageError(f"voice `{key}`: a phrase or a list of phrases", str(path))
    return tuple(items)


def _sorted_phrases(
    phrases: dict[str, PhraseList], data: dict[Any, Any], language: str, path: Path
) -> dict[str, PhraseList | dict[str, PhraseList]]:
    """The lists said in turn keep only phrases that claim no more than the point does.

    A voice file of the older one-list form still loads: a `continue`/`detail` phrase that
    claims a relation (`For example, {text}`) moves to `relational`, and an `answer` phrase that
    presumes an earlier answer (`{speaker} added: {text}`) moves to `answer_more`. New files
    may give both keys themselves."""
    relational: dict[str, list[str]] = {}
    given = data.get("relational") or {}
    if not isinstance(given, dict) or not set(given) <= set(RELATIONS):
        raise UsageError(f"voice `relational` maps {', '.join(RELATIONS)} to phrases", str(path))
    for relation, value in given.items():
        relational[relation] = list(_phrase_list(value, f"relational.{relation}", path))
    out: dict[str, PhraseList | dict[str, PhraseList]] = {}
    for kind in RELATIONAL_KINDS:
        plain = []
        for phrase in phrases[kind]:
            relation = relation_of(phrase)
            if relation:
                relational.setdefault(relation, []).append(phrase)
            else:
                plain.append(phrase)
        out[kind] = tuple(plain) or ("{text}",)
    first = tuple(p for p in phrases["answer"] if not _FOLLOW_UP.search(_PHRASE_PART.sub(" ", p)))
    more = (
        _phrase_list(data["answer_more"], "answer_more", path)
        if data.get("answer_more")
        else phrases["answer"]
    )
    out["answer"] = first or (_FIRST_ANSWER[language],)
    out["answer_more"] = more
    out["relational"] = {k: tuple(v) for k, v in relational.items()}
    return out


def _each_phrase(value: Phrase) -> Iterable[str]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, dict):
        return tuple(p for v in value.values() for p in v)
    return value


def _convert_phrases(value: Phrase, convert: Callable[[str], str]) -> Phrase:
    if isinstance(value, dict):
        return {k: tuple(convert(x) for x in v) for k, v in value.items()}
    return tuple(convert(x) for x in value) if isinstance(value, tuple) else convert(value)


def choose_voice(episode: Episode, wanted: str | None = None, templates: Templates = Templates()) -> Voice:
    """--voice NAME|PATH; else a bundled voice whose host and show match the episode's; else
    the neutral voice of the episode's language. Then the episode's greeting and sign-off
    replace the voice's, and the phrases are put into the episode's Chinese script."""
    voices = available_voices(templates)
    if wanted:
        voice = load_voice(_wanted_voice(wanted, voices))
    else:
        voice = _matching_voice(voices, episode) or load_voice(voices[DEFAULT_FOR[episode.language]])
    return _adapt(voice, episode)


def _wanted_voice(wanted: str, voices: dict[str, Path]) -> Path:
    """The file --voice names: a path, or the name of a bundled or user voice."""
    path = (
        Path(wanted)
        if Path(wanted).suffix in (".yaml", ".yml") or Path(wanted).is_file()
        else voices.get(wanted)
    )
    if path is None or not path.is_file():
        raise UsageError(f"--voice: no voice named '{wanted}' (available: {', '.join(sorted(voices))})")
    return path


def _matching_voice(voices: dict[str, Path], episode: Episode) -> Voice | None:
    """The first voice whose host and show are the episode's."""
    same = _same_name(episode.language)
    for path in voices.values():
        candidate = load_voice(path)
        if candidate.host and same(candidate.host, episode.host.name) and same(candidate.show, episode.show):
            return candidate
    return None


def _same_name(language: str) -> Callable[[str | None, str | None], bool]:
    """Names compare equal across Chinese scripts (大飛 = 大飞 after `--chinese hans`)."""
    if language == "en":
        return lambda a, b: a == b
    from ..text.chinese import to_script

    def same(a: str | None, b: str | None) -> bool:
        if not a or not b:
            return False
        # equal as written needs no conversion (nor OpenCC's dictionaries loaded for it)
        return a == b or to_script(a, language) == to_script(b, language)

    return same


def _adapt(voice: Voice, episode: Episode) -> Voice:
    if voice.language != episode.language and "en" not in (voice.language, episode.language):
        from ..text.chinese import to_script

        def convert(text: str) -> str:
            return to_script(text, episode.language)

        phrases = {k: _convert_phrases(v, convert) for k, v in voice.phrases.items()}
        voice = replace(
            voice,
            name=convert(voice.name),
            language=episode.language,
            greeting=convert(voice.greeting),
            sign_off=convert(voice.sign_off),
            phrases=phrases,
        )
    return replace(
        voice,
        greeting=episode.host.greeting or voice.greeting,
        sign_off=episode.host.sign_off or voice.sign_off,
    )
