"""The narration script (script.md, script.txt, script.srt, script.vtt, chapters.txt) and the
deck's speaker notes, asserted on real build artifacts: every file is parsed back."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from _support import SEED, TEMPLATES, all_strings, build, run, source
from click.testing import Result

from generator.model import Episode, to_dict, walk_points
from generator.readers import read_episode

VOICES = TEMPLATES / "voices"
SCRIPT_FILES = ("script.md", "script.txt", "script.srt", "script.vtt", "chapters.txt")

# Characters that exist only in Simplified Chinese and that the bundled neutral-zh-hans voice's
# phrases use (们 说 进 来 谈 关 认 为 …); none may survive in a Traditional episode's script.
SIMPLIFIED_ONLY = set("这们说进来谈关认为对体个问题后总结讨论话宾么着")

_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_IDEOGRAPH_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_FIELD = re.compile(r"\{[a-z_]+\}")


# --------------------------------------------------------------------------- building


def failed_build(src: Path | str, out: Path, *args: object) -> tuple[Result, str]:
    """A build that must fail: one `deckcast: error:` line, exit != 0, nothing written."""
    before = sorted(p.name for p in out.parent.iterdir()) if out.parent.exists() else []
    result = run("build", src, "-o", out, *args)
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("deckcast: error: "), lines[0]
    assert not out.exists(), sorted(p.name for p in out.iterdir())
    after = sorted(p.name for p in out.parent.iterdir()) if out.parent.exists() else []
    assert after == before, (before, after)  # no staging folder left behind either
    return result, lines[0]


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class Block:
    number: int
    start: int  # seconds, from the cue heading's MM:SS
    title: str
    text: str  # the narration paragraph
    seconds: int  # from the duration line


@dataclass(frozen=True)
class Script:
    title: str
    meta: dict[str, str]  # title-block field -> value
    total: int  # the estimated length, in seconds
    blocks: list[Block]
    omitted: list[tuple[int, str]]  # (slide number, point) from the left-out list

    def block(self, number: int) -> Block:
        return next(b for b in self.blocks if b.number == number)

    @property
    def narration(self) -> str:
        return "\n".join(b.text for b in self.blocks)


_CUE_HEADING = re.compile(r"^## \[(?:投影片|幻灯片|Slide) (\d+) · ((?:\d+:)?\d\d:\d\d)\] (.+)$")
_DURATION = re.compile(r"^\*\((?:約|约|about) (?:(\d+) (?:分|min) )?(\d+) (?:秒|s)\)\*$")
_LENGTH = re.compile(r"^((?:\d+:)?\d\d:\d\d) \(.+\)$")
_OMITTED_ITEM = re.compile(r"^- \[(?:投影片|幻灯片|Slide) (\d+)\] (.+)$")


def clock_seconds(text: str) -> int:
    seconds = 0
    for part in text.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


def parse_script_md(text: str) -> Script:
    chunks = re.split(r"^---$", text, flags=re.M)
    head = chunks[0].strip().splitlines()
    assert head[0].startswith("# "), head
    title = head[0][2:]
    meta = {}
    for line in head[1:]:
        if not line.strip():
            continue
        found = re.match(r"^- (.+?)(?:：|: )(.+)$", line)
        assert found, f"title block line: {line!r}"
        meta[found[1]] = found[2]
    length_key = next(k for k in meta if k in ("預估長度", "预估长度", "Estimated length"))
    length = _LENGTH.match(meta[length_key])
    assert length, meta[length_key]
    blocks, omitted = [], []
    for chunk in chunks[1:]:
        lines = [line for line in chunk.strip().splitlines()]
        heading = _CUE_HEADING.match(lines[0])
        if heading is None:  # the left-out list: a plain heading and `- [slide N] point` lines
            assert lines[0].startswith("## ") and chunk is chunks[-1], lines[0]
            items = [line for line in lines[1:] if line.strip()]
            for item in items:
                found = _OMITTED_ITEM.match(item)
                assert found, item
                omitted.append((int(found[1]), found[2]))
            continue
        paragraphs = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
        assert len(paragraphs) == 2, f"cue {heading[1]}: want narration + duration, got {paragraphs!r}"
        narration, duration = paragraphs
        assert "\n" not in narration, narration
        found = _DURATION.match(duration)
        assert found, f"cue {heading[1]}: duration line {duration!r}"
        seconds = int(found[1] or 0) * 60 + int(found[2])
        blocks.append(Block(int(heading[1]), clock_seconds(heading[2]), heading[3], narration, seconds))
    return Script(title, meta, clock_seconds(length[1]), blocks, omitted)


@dataclass(frozen=True)
class Cue:
    index: int
    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.lines)


_TIME = r"(\d\d):(\d\d):(\d\d)[,.](\d\d\d)"


def _seconds(found, first: int) -> float:
    h, m, s, ms = (int(found[i]) for i in range(first, first + 4))
    return h * 3600 + m * 60 + s + ms / 1000


def parse_cues(text: str, sep: str) -> list[Cue]:
    """SRT (sep ',') or the cue part of a VTT (sep '.'): index, `start --> end`, 1+ text lines."""
    timing = re.compile(
        rf"^{_TIME.replace('[,.]', re.escape(sep))} --> {_TIME.replace('[,.]', re.escape(sep))}$"
    )
    cues = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = chunk.splitlines()
        assert len(lines) >= 3, f"cue without text: {chunk!r}"
        assert lines[0].isdigit(), f"cue index: {lines[0]!r}"
        found = timing.match(lines[1])
        assert found, f"cue timing: {lines[1]!r}"
        assert all(line.strip() for line in lines[2:]), chunk
        cues.append(Cue(int(lines[0]), _seconds(found, 1), _seconds(found, 5), tuple(lines[2:])))
    return cues


def parse_vtt(text: str) -> tuple[list[str], list[Cue]]:
    assert text.startswith("WEBVTT"), text[:40]
    header, _, body = text.partition("\n\n")
    return header.splitlines(), parse_cues(body, ".")


def parse_chapters(text: str) -> list[tuple[int, str]]:
    chapters = []
    for line in text.splitlines():
        if not line.strip():
            continue
        found = re.match(r"^(\d\d:\d\d) (\S.*)$", line)
        assert found, f"chapter line: {line!r}"
        chapters.append((clock_seconds(found[1]), found[2]))
    return chapters


def width(line: str) -> float:
    """Subtitle line width in CJK characters: a wide/full-width character is 1, any other 18/42."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 18 / 42 for ch in line)


def txt_paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@dataclass
class Built:
    out: Path
    episode: Episode

    def read(self, name: str) -> str:
        return (self.out / name).read_text(encoding="utf-8")

    @property
    def script(self) -> Script:
        return parse_script_md(self.read("script.md"))

    @property
    def srt(self) -> list[Cue]:
        return parse_cues(self.read("script.srt"), ",")


def built(src: Path, out: Path, *args: object) -> Built:
    build(src, out, *args)
    return Built(out, read_episode(src)[0])


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The seed with the default voice, script files only (the deck is tested on its own)."""
    return built(SEED, tmp_path_factory.mktemp("seed") / "out", "--only", "script")


@pytest.fixture(scope="module")
def seed_full(seed_build: Path, seed_episode: Episode) -> Built:
    """The seed with every output (the shared build)."""
    return Built(seed_build, seed_episode)


@pytest.fixture(scope="module")
def dafei() -> dict:
    return yaml.safe_load((VOICES / "dafei.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def english_run(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built(source("en-long-run.md"), tmp_path_factory.mktemp("en") / "out", "--only", "script")


# --------------------------------------------------------------------------- 1. script.md


def test_seed_writes_every_script_file(seed):
    for name in SCRIPT_FILES:
        assert (seed.out / name).is_file(), name
        assert (seed.out / name).read_text(encoding="utf-8").strip(), name


def test_title_block(seed, seed_episode):
    script = seed.script
    assert script.title == seed_episode.title == "AI 對齊到底有多難？"
    assert script.meta["節目"] == "最佳拍檔"
    assert script.meta["主持"] == "大飛"
    assert script.meta["聲音"] == "大飛"  # the bundled voice matching host and show
    assert 6 * 60 <= script.total <= 20 * 60, script.total


def test_one_cue_per_slide_in_order(seed):
    script = seed.script
    blocks = script.blocks
    assert [b.number for b in blocks] == list(range(1, len(blocks) + 1))
    assert len(blocks) >= 10
    assert blocks[0].start == 0
    for before, after in zip(blocks, blocks[1:], strict=False):
        assert after.start >= before.start
        # each cue starts where the previous one's narration ends (durations are rounded)
        assert abs(after.start - (before.start + before.seconds)) <= 1.5, (before, after)
    assert all(b.text and b.title for b in blocks)
    assert all(b.seconds >= 1 for b in blocks)
    last = blocks[-1]
    assert abs(last.start + last.seconds - script.total) <= 1.5
    # the estimate equals the narration's own duration lines
    assert abs(sum(b.seconds for b in blocks) - script.total) <= len(blocks) * 0.5
    assert script.omitted == []


def test_greeting_topic_and_sign_off(seed):
    blocks = seed.script.blocks
    assert blocks[0].text.startswith("大家好，這裡是最佳拍檔，我是大飛")
    assert "AI對齊問題" in blocks[0].text
    assert blocks[-1].text.rstrip("。").endswith("感謝大家的觀看，我們下期再見")
    # said once each, in their places
    assert seed.script.narration.count("我是大飛") == 1
    assert seed.script.narration.count("我們下期再見") == 1


def _attribution_prefixes(voice: dict, name: str) -> list[str]:
    return [phrase.split("{text}")[0].format(speaker=name) for phrase in voice["attribute"]]


@pytest.mark.parametrize("name", ["阿曼達", "揚·萊克", "喬什"])
def test_each_expert_is_attributed(seed, dafei, name):
    prefixes = _attribution_prefixes(dafei, name)
    hits = [b.number for b in seed.script.blocks if any(p in b.text for p in prefixes)]
    assert hits, f"no narration block says {prefixes}"


def test_questions_answers_and_summary_are_narrated(seed, seed_episode):
    narration = seed.script.narration
    assert len(seed_episode.questions) == 3
    for question in seed_episode.questions:
        assert question.text.rstrip("。？?") in narration, question.text
        assert question.answers
        for answer in question.answers:
            assert answer.text.rstrip("。") in narration, answer.text
            for point in walk_points(answer.points):
                assert point.text.rstrip("。") in narration, point.text
    assert len(seed_episode.summary) == 3
    for point in seed_episode.summary:
        assert point.text.rstrip("。") in narration, point.text


def test_every_point_is_narrated(seed, seed_episode):
    """Without --minutes nothing is left out."""
    narration = seed.script.narration
    for section in seed_episode.sections:
        for topic in section.topics:
            for point in walk_points(topic.points):
                assert point.text.rstrip("。") in narration, point.text


def test_every_attributed_topic_names_its_speakers(seed, seed_episode):
    short = {
        sp.id: re.split(r"[·・]", sp.name)[0] if len(re.split(r"[·・]", sp.name)[0]) >= 2 else sp.name
        for sp in seed_episode.speakers
    }
    checked = 0
    for section in seed_episode.sections:
        for topic in section.topics:
            if not topic.speakers:
                continue
            first = topic.points[0].text.rstrip("。")
            block = next(b for b in seed.script.blocks if first in b.text)
            spoken = block.text[: block.text.index(first)]
            # the speaker is named in the sentence that introduces this point
            lead_in = re.split(r"[。！？]", spoken)[-1]
            for speaker_id in topic.speakers:
                assert short[speaker_id] in lead_in, (topic.label, block.number, lead_in, first)
            checked += 1
    assert checked == 3


def test_continue_phrase_not_stacked_on_a_connective(seed, dafei):
    leads = [p.split("{text}")[0] for p in dafei["continue"] if p.split("{text}")[0]]
    stacked = re.compile(
        "(?:"
        + "|".join(map(re.escape, leads))
        + r")(?:但|而|不過|然而|此外|另外|同時|因此|所以|並且|而且|反之|例如|比如)"
    )
    found = [(b.number, m.group(0)) for b in seed.script.blocks for m in stacked.finditer(b.text)]
    assert found == []


# --------------------------------------------------------------------------- 2. no invented facts


def _fixed_pieces(voice: dict) -> list[str]:
    phrases = []
    for value in voice.values():
        if isinstance(value, str):
            phrases.append(value)
        elif isinstance(value, list):
            phrases += [v for v in value if isinstance(v, str)]
    pieces = {piece for phrase in phrases for piece in _FIELD.split(phrase)}
    # a one-character piece (在 of 在{speaker}看來) would cut every 在 out of the points: keep those
    return sorted((p for p in pieces if len(_IDEOGRAPH.findall(p)) >= 2), key=len, reverse=True)


def _model_texts(episode: Episode) -> str:
    strings = list(all_strings(to_dict(episode)))
    strings += [episode.host.greeting or "", episode.host.sign_off or ""]
    return "\n".join(strings)


def test_no_invented_facts(seed, seed_episode, dafei):
    corpus = _model_texts(seed_episode)
    # a point that brings its own verb of saying is said after the speaker's short name
    # (阿曼達主張…): the names the host uses are fixed pieces too
    pieces = _fixed_pieces(dafei) + sorted(
        {re.split(r"[·・]", sp.name)[0] for sp in seed_episode.speakers}, key=len, reverse=True
    )
    assert "說完了前面的內容，我們來到「" in pieces
    invented = []
    checked = 0
    for block in seed.script.blocks:
        rest = block.text
        for piece in pieces:
            rest = rest.replace(piece, "\x00")
        for run_ in _IDEOGRAPH_RUN.findall(rest):
            if len(run_) < 6:
                continue
            checked += 1
            if run_ not in corpus:
                invented.append((block.number, run_))
    assert invented == []
    assert checked > 50  # the check really looked at the narration


def test_no_invented_facts_check_catches_an_invention(seed, seed_episode, dafei):
    """The check above is not vacuous: a sentence that is neither a point nor a phrase fails it."""
    corpus = _model_texts(seed_episode)
    rest = "阿曼達認為，對齊問題已經被徹底解決了。"
    for piece in _fixed_pieces(dafei):
        rest = rest.replace(piece, "\x00")
    assert [r for r in _IDEOGRAPH_RUN.findall(rest) if len(r) >= 6 and r not in corpus]


# --------------------------------------------------------------------------- 3. subtitles, chapters


def overflowing(cues: list[Cue], line_units: float = 18.0) -> list[tuple[int, str, float]]:
    """Subtitle lines wider than 18 CJK characters (a Latin character counts 18/42)."""
    return [
        (c.index, line, round(width(line), 2))
        for c in cues
        for line in c.lines
        if width(line) > line_units + 1e-9
    ]


def check_srt(cues: list[Cue], total: float) -> None:
    """Numbering, timing, at most two lines per cue, and the end at the script's estimate."""
    assert cues
    assert [c.index for c in cues] == list(range(1, len(cues) + 1))
    assert cues[0].start == 0
    for before, after in zip(cues, cues[1:], strict=False):
        assert after.start >= before.start, (before, after)
        assert after.end >= before.end, (before, after)
        assert after.start >= before.end - 0.0015, ("overlap", before, after)
    for cue in cues:
        assert cue.start < cue.end, cue
        assert 1 <= len(cue.lines) <= 2, cue
    assert abs(cues[-1].end - total) <= 0.05 * total
    assert abs(cues[-1].end - total) <= 1.0, (cues[-1].end, total)


def test_srt(seed):
    script = seed.script
    cues = seed.srt
    check_srt(cues, script.total)
    # the subtitles say the narration, all of it and nothing else
    assert "".join(c.text for c in cues).replace(" ", "") == "".join(b.text for b in script.blocks).replace(
        " ", ""
    )


OVERFLOW = (
    "subtitles.split_cues packs a cue up to 36 units, but lines_of cannot always split it into two lines "
    "of <= 18: for 這提醒我們直接告訴模型“做對人類最有利的事情”，可能會帶來意想不到的收穫。 (35.86 units) it "
    "falls back to _cut and writes a second line of 18.43 units: 利的事情”，可能會帶來意想不到的收穫。"
)


@pytest.mark.parametrize(
    "variant",
    [
        "seed",
        "seed-english-voice",
        "seed-neutral-voice",
        "seed-8-minutes",
        "seed-5-minutes",
    ],
)
def test_srt_lines_fit_18_cjk(request, variant):
    run_ = {
        "seed": lambda: request.getfixturevalue("seed"),
        "seed-english-voice": lambda: request.getfixturevalue("seed_voices")["english"],
        "seed-neutral-voice": lambda: request.getfixturevalue("seed_voices")["neutral-zh-hans"],
        "seed-8-minutes": lambda: request.getfixturevalue("eight_minutes"),
        "seed-5-minutes": lambda: request.getfixturevalue("five_minutes"),
    }[variant]()
    assert overflowing(run_.srt) == []


def test_srt_lines_do_not_start_with_closing_punctuation(seed):
    bad = [
        (c.index, line) for c in seed.srt for line in c.lines if line[0] in "、，。！？；：》」』）,.;:!?)"
    ]
    assert bad == []


def test_vtt_matches_srt(seed):
    srt = seed.srt
    header, cues = parse_vtt(seed.read("script.vtt"))
    assert header[0] == "WEBVTT"
    assert "Language: zh-TW" in header
    assert [(c.index, c.start, c.end) for c in cues] == [(c.index, c.start, c.end) for c in srt]
    assert [tuple(html.unescape(line) for line in c.lines) for c in cues] == [c.lines for c in srt]


def test_chapters(seed):
    chapters = parse_chapters(seed.read("chapters.txt"))
    starts = [c.start for c in seed.srt]
    blocks = {b.start: b for b in seed.script.blocks}
    assert len(chapters) >= 3
    assert chapters[0] == (0, "開場")
    times = [t for t, _ in chapters]
    assert times == sorted(set(times)), times
    for time, title in chapters:
        assert any(abs(time - s) <= 0.5 for s in starts), (time, title)
    # one chapter per part of the seed, each at the cue of its first slide
    titles = [t for _, t in chapters]
    assert titles == [
        "開場",
        "引言",
        "核心議題：AI 對齊到底有多難？",
        "專家介紹",
        "專家觀點",
        "觀眾提問環節",
        "關於模型中的“湧現”現象",
        "總結",
    ]
    for time, title in chapters[1:]:
        assert time in blocks and blocks[time].title == title, (time, title)


# --------------------------------------------------------------------------- 4. notes == narration


def test_deck_notes_are_the_narration(seed_full):
    from pptx import Presentation

    script = seed_full.script
    deck = Presentation(str(seed_full.out / "deck.pptx"))
    slides = list(deck.slides)
    assert len(slides) == len(script.blocks)
    for number, slide in enumerate(slides, 1):
        assert slide.has_notes_slide, number
        notes = slide.notes_slide.notes_text_frame.text
        assert notes == script.block(number).text, number


def test_script_txt_is_the_narration(seed):
    paragraphs = txt_paragraphs(seed.read("script.txt"))
    assert paragraphs[0] == seed.episode.title
    assert paragraphs[1:] == [b.text for b in seed.script.blocks]


def test_full_build_script_equals_script_only_build(seed, seed_full):
    for name in SCRIPT_FILES:
        assert seed.read(name) == seed_full.read(name), name


# --------------------------------------------------------------------------- 5. voices


@pytest.fixture(scope="module")
def seed_voices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    base = tmp_path_factory.mktemp("voices")
    return {
        name: built(SEED, base / name, "--only", "script", "--voice", name)
        for name in ("dafei", "english", "neutral-zh-hans")
    }


def test_default_voice_is_dafei(seed, seed_voices):
    for name in SCRIPT_FILES:
        assert seed.read(name) == seed_voices["dafei"].read(name), name


def test_english_voice(seed_voices):
    run_ = seed_voices["english"]
    script = run_.script
    assert script.meta["聲音"] == "Host"
    first = script.blocks[0].text
    assert first.startswith("大家好，這裡是最佳拍檔，我是大飛。")  # the source's greeting wins
    assert (
        "In this episode we look at AI對齊問題" in first or "Today we are talking about AI對齊問題" in first
    )
    assert any(re.search(r"\b(?:argues|points out|notes):|In \S+'s view,", b.text) for b in script.blocks)
    check_srt(run_.srt, script.total)


def test_a_voice_in_another_language_is_warned_about(tmp_path):
    result = run("build", SEED, "-o", tmp_path, "--only", "script", "--voice", "english")
    assert result.exit_code == 0, result.output
    assert "warning: the voice speaks English but the episode is in Chinese" in result.output
    result = run("build", SEED, "-o", tmp_path, "--only", "script")
    assert "speaks" not in result.output


def test_neutral_zh_hans_voice_is_traditional_on_a_traditional_episode(seed_voices):
    run_ = seed_voices["neutral-zh-hans"]
    script = run_.script
    assert script.meta["聲音"] == "主持人"
    first = script.blocks[0].text
    assert first.startswith("大家好，這裡是最佳拍檔，我是大飛。")
    assert "本期的話題是AI對齊問題" in first or "今天我們來討論AI對齊問題" in first
    for name in SCRIPT_FILES:
        text = run_.read(name)
        assert not (SIMPLIFIED_ONLY & set(text)), (name, sorted(SIMPLIFIED_ONLY & set(text)))
    check_srt(run_.srt, script.total)
    # the connective text really is the converted neutral voice
    assert any(re.search(r"(?:認為|指出|看來|表示)，", b.text) for b in script.blocks)


MY_PHRASE = "MYHOST 下一站「{title}」。"


def _my_voice(folder: Path, name: str = "myhost.yaml") -> Path:
    data = (VOICES / "neutral-zh-hans.yaml").read_text(encoding="utf-8")
    changed = re.sub(r"^part:\n(?:  - .*\n)+", f'part:\n  - "{MY_PHRASE}"\n', data, flags=re.M)
    assert changed != data
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(changed, encoding="utf-8")
    return path


def test_user_voice_in_templates_folder(tmp_path, out):
    _my_voice(tmp_path / "templates" / "voices")
    run_ = built(SEED, out, "--only", "script", "--templates", tmp_path / "templates", "--voice", "myhost")
    text = run_.read("script.md")
    assert "MYHOST 下一站「專家觀點」。" in text
    assert "MYHOST 下一站「觀眾提問環節」。" in text
    assert not (SIMPLIFIED_ONLY & set(text))


def test_user_voice_by_path(tmp_path, out):
    path = _my_voice(tmp_path / "elsewhere", "some-host.yaml")
    run_ = built(SEED, out, "--only", "script", "--voice", path)
    assert "MYHOST 下一站「專家觀點」。" in run_.read("script.md")


def _broken_voice(path: Path) -> Path:
    data = (VOICES / "neutral-zh-hans.yaml").read_text(encoding="utf-8")
    changed = re.sub(r"^attribute:\n(?:  - .*\n)+", "", data, flags=re.M)
    assert "attribute" not in changed
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(changed, encoding="utf-8")
    return path


def test_broken_voice_file_by_path(tmp_path, out):
    path = _broken_voice(tmp_path / "voices" / "broken.yaml")
    _, line = failed_build(SEED, out, "--voice", path)
    assert str(path) in line and "attribute" in line, line


def test_broken_voice_file_in_templates_folder(tmp_path, out):
    path = _broken_voice(tmp_path / "templates" / "voices" / "bad.yaml")
    _, line = failed_build(SEED, out, "--templates", tmp_path / "templates", "--voice", "bad")
    assert "bad.yaml" in line and "attribute" in line, line
    assert str(path) in line


def test_unknown_voice_name(out):
    _, line = failed_build(SEED, out, "--voice", "nobody")
    assert "nobody" in line and "dafei" in line, line


# --------------------------------------------------------------------------- 6. transitions vary


def twelve_part_source(folder: Path) -> Path:
    lines = ["**引言**", "", "*   大家好，這裡是最佳拍檔，我是大飛。", "*   本期探討城市規劃問題。", ""]
    for k in range(1, 13):
        lines += [
            f"# 第{k}部分",
            "",
            f"## 討論{k}",
            "",
            f"*   這是第{k}部分的一個要點內容，值得仔細說明。",
            "",
        ]
    lines += ["# 總結", "", "*   總結的要點內容就在這裡。", "*   感謝大家的觀看，我們下期再見", ""]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "twelve-parts.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def twelve(tmp_path_factory) -> Path:
    return twelve_part_source(tmp_path_factory.mktemp("twelve"))


@pytest.mark.parametrize("voice", ["dafei", "neutral-zh-hans", "english"])
def test_part_transitions_vary(twelve, out, voice):
    run_ = built(twelve, out, "--only", "script", "--voice", voice)
    phrases = yaml.safe_load((VOICES / f"{voice}.yaml").read_text(encoding="utf-8"))["part"]
    dividers = [b for b in run_.script.blocks if re.fullmatch(r"第\d+部分", b.title)]
    assert [b.title for b in dividers] == [f"第{k}部分" for k in range(1, 13)]
    shapes = []
    for block in dividers:
        assert block.title in block.text, block
        shapes.append(block.text.replace(block.title, "{title}"))
    assert len(set(shapes)) >= min(len(phrases), 12), shapes
    for a, b in zip(shapes, shapes[1:], strict=False):
        assert a != b, shapes
    check_srt(run_.srt, run_.script.total)
    assert overflowing(run_.srt) == []
    chapters = parse_chapters(run_.read("chapters.txt"))
    assert [t for _, t in chapters][2:14] == [f"第{k}部分" for k in range(1, 13)]


def test_builds_are_deterministic(twelve, tmp_path):
    first = build(twelve, tmp_path / "one", "--only", "script")
    second = build(twelve, tmp_path / "two", "--only", "script")
    for name in SCRIPT_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_seed_build_is_deterministic(seed, tmp_path):
    again = build(SEED, tmp_path / "again", "--only", "script")
    for name in SCRIPT_FILES:
        assert (again / name).read_text(encoding="utf-8") == seed.read(name), name


# --------------------------------------------------------------------------- 7. --minutes


@pytest.fixture(scope="module")
def five_minutes(tmp_path_factory) -> Built:
    return built(SEED, tmp_path_factory.mktemp("five") / "out", "--only", "script", "--minutes", 5)


def test_minutes_5(five_minutes, seed, seed_episode):
    script = five_minutes.script
    assert 270 <= script.total <= 330, script.total
    assert script.omitted, "the left-out points are listed"
    text = five_minutes.read("script.md")
    # the list is the last thing in script.md
    assert text.rstrip().splitlines()[-1] == f"- [投影片 {script.omitted[-1][0]}] {script.omitted[-1][1]}"
    assert re.search(r"^## 為了長度未納入旁白的要點$", text, flags=re.M)
    corpus = _model_texts(seed_episode)
    for number, item in script.omitted:
        # a point, or `label：point` when the point stood under a label (a topic or who answered)
        label, _, point = item.rpartition("：") if item not in corpus else ("", "", item)
        assert point in corpus and label in corpus, item
        assert point.rstrip("。") not in script.block(number).text, (number, item)
    # every slide still speaks; the frame, the questions and their first answers stay
    assert [b.title for b in script.blocks] == [b.title for b in seed.script.blocks]
    assert all(b.text for b in script.blocks)
    assert script.blocks[0].text.startswith("大家好，這裡是最佳拍檔，我是大飛")
    assert script.blocks[-1].text.rstrip("。").endswith("感謝大家的觀看，我們下期再見")
    for question in seed_episode.questions:
        assert question.text.rstrip("。？?") in script.narration
        assert question.answers[0].text.rstrip("。") in script.narration
    check_srt(five_minutes.srt, script.total)
    assert overflowing(five_minutes.srt) == []
    assert five_minutes.srt[-1].end <= 330


@pytest.fixture(scope="module")
def eight_minutes(tmp_path_factory) -> Built:
    return built(SEED, tmp_path_factory.mktemp("eight") / "out", "--only", "script", "--minutes", 8)


def test_left_out_points_are_listed_in_source_order(five_minutes, seed):
    full = seed.script.narration
    positions = [
        full.index(item.rpartition("：")[2] if item not in full else item)
        for _, item in five_minutes.script.omitted
    ]
    assert positions == sorted(positions)


def test_minutes_8(eight_minutes):
    run_ = eight_minutes
    script = run_.script
    assert 432 <= script.total <= 528, script.total
    check_srt(run_.srt, script.total)


def test_minutes_15_is_too_long_for_the_seed(seed, out):
    assert seed.script.total < 15 * 60 * 0.9  # the seed's full narration is about 8 minutes
    result, line = failed_build(SEED, out, "--minutes", 15)
    assert "15 minutes" in line, line


def test_minutes_15_exit_code_is_1(out):
    result, _ = failed_build(SEED, out, "--minutes", 15)
    assert result.exit_code == 1


# --------------------------------------------------------------------------- 8. English


def test_english_source(english_run):
    script = english_run.script
    assert script.title == "Cooling the City: Adapting to Extreme Heat"
    assert script.meta["Show"] == "The Long Run"
    assert script.meta["Host"] == "Maya"
    assert script.meta["Voice"] == "Host"
    text = english_run.read("script.md")
    assert not _IDEOGRAPH.search(text), _IDEOGRAPH.findall(text)
    blocks = script.blocks
    assert blocks[0].text.startswith("Welcome to The Long Run, I'm Maya.")
    assert blocks[-1].text.endswith("Thanks for listening, and see you next time.")
    narration = script.narration
    for question in english_run.episode.questions:
        assert question.text in narration
        for answer in question.answers:
            assert answer.text in narration
    assert any(re.search(r"\bDaniel (?:argues|points out|notes):", b.text) for b in blocks)
    cues = english_run.srt
    check_srt(cues, script.total)
    assert overflowing(cues) == []
    for cue in cues:
        for line in cue.lines:
            assert len(line) <= 42, (cue.index, line)
    chapters = parse_chapters(english_run.read("chapters.txt"))
    assert chapters[0] == (0, "Intro") and len(chapters) >= 3


def test_english_sentences_are_separated(english_run):
    glued = [
        (b.number, m.group(0))
        for b in english_run.script.blocks
        for m in re.finditer(r"\w+[.:!?][A-Z]\w*", b.text)
    ]
    assert glued == []


def test_english_subtitles_do_not_break_words(english_run):
    narration = " ".join(b.text for b in english_run.script.blocks)
    broken = [
        (c.index, c.lines)
        for c in english_run.srt
        if len(c.lines) == 2
        and c.lines[0][-1].isalnum()
        and c.lines[1][0].isalnum()
        and f"{c.lines[0]} {c.lines[1]}" not in narration
    ]
    assert broken == []


# --------------------------------------------------------------------------- 9. content is data

INJECTION = """\
# Template Injection Check

## Opening

- Welcome to The Long Run, I'm Maya.
- Today we're discussing whether content stays data.

## Discussion

- **Markup:**
  - A template tag like {{ 7*7 }} must stay as written.
  - A tag like <script>alert(1)</script> must stay as written too.

## Summary

- Content is data, never code.
- Thanks for listening, and see you next time.
"""


def test_content_is_data(tmp_path, out):
    src = tmp_path / "injection.md"
    src.write_text(INJECTION, encoding="utf-8")
    run_ = built(src, out, "--only", "script")
    for name in ("script.md", "script.txt"):
        text = run_.read(name)
        assert "{{ 7*7 }}" in text, name
        assert "<script>alert(1)</script>" in text, name
    block = next(b for b in run_.script.blocks if "7*7" in b.text)
    assert "49" not in block.text
    assert "<script>alert(1)</script>" in block.text
    header, cues = parse_vtt(run_.read("script.vtt"))
    vtt_text = "\n".join(line for c in cues for line in c.lines)
    assert "<" not in vtt_text and "&lt;" in vtt_text
    assert "&lt;script&gt;alert(1)" in vtt_text.replace("\n", "")
    assert "{{ 7*7" in vtt_text
    srt = run_.srt
    assert [(c.start, c.end) for c in cues] == [(c.start, c.end) for c in srt]
    assert [tuple(html.unescape(line) for line in c.lines) for c in cues] == [c.lines for c in srt]
    check_srt(srt, run_.script.total)
    assert overflowing(srt) == []


def test_host_voice_survives_conversion_to_simplified(out):
    build(SEED, out, "--only", "script", "--chinese", "hans")
    script = (out / "script.md").read_text(encoding="utf-8")
    assert "声音：大飞" in script or "聲音：大飛" in script, script[:300]
    assert "大家好，这里是最佳拍档，我是大飞。" in script


def test_lead_ins_lower_the_first_word_only_when_it_is_an_ordinary_word():
    from generator.plan.narration import _mid_sentence, common_words

    common = common_words(["the heat at night", "a long-lived index"])
    assert _mid_sentence("The index is ready.", common) == "the index is ready."
    assert _mid_sentence("A warning went out.", common) == "a warning went out."
    assert _mid_sentence("Night-time heat matters.", common) == "night-time heat matters."
    assert _mid_sentence("Heat waves kill.", common) == "heat waves kill."
    for kept in (
        "Anthropic says so.",
        "GPT-4 was used.",
        "OpenAI agreed.",
        "I think so.",
        "Li's team won.",
        "U.S. data.",
        "熱浪很危險。",
    ):
        assert _mid_sentence(kept, common) == kept


def test_english_voice_lowers_the_point_after_also(out):
    build(source("en-long-run.md"), out, "--only", "script")
    script = (out / "script.md").read_text(encoding="utf-8")
    assert "Also, night-time heat is what drives hospital admissions" in script
    assert not re.search(r"(?:Also|Beyond that|In particular|For example), (?:Night|The|A) ", script)
