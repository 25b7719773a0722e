"""The subtitle rules (generator/subtitle_rules.py) on every subtitle file a build writes, on
cues built from hard narration, and `deckcast check` on a hand-made bad .srt and .vtt."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from _support import ALL_SOURCES, BUNDLED_SOURCES, build, run, source

from generator import subtitle_rules as rules
from generator.writers.subtitles import Cue, sentences, timed_cues

EVERY_SOURCE = BUNDLED_SOURCES + ALL_SOURCES
CJK_PER_MINUTE, WORDS_PER_MINUTE = 260, 150  # the bundled voices' rates


def read_cues(path: Path) -> list[rules.Subtitle]:
    cues, problems = rules.parse(path.read_text(encoding="utf-8"))
    assert problems == [], problems
    return cues


def reading(text: str) -> float:
    """The narration's reading time: CJK characters and Latin words at the bundled rates."""
    cjk = len(re.findall(r"[\u3400-\u9fff]", text))
    words = len(re.findall(r"[A-Za-z0-9]+", text))
    return cjk * 60 / CJK_PER_MINUTE + words * 60 / WORDS_PER_MINUTE


def as_subtitles(cues: Sequence[Cue]) -> list[rules.Subtitle]:
    return [rules.Subtitle(n, c.start, c.end, c.lines) for n, c in enumerate(cues, 1)]


def assert_follows_the_rules(cues: Sequence[Cue], total: float) -> None:
    broken = rules.violations(as_subtitles(cues))
    assert broken == [], "\n".join(map(str, broken))
    assert cues[0].start == 0
    assert cues[-1].end == pytest.approx(total, abs=0.001)  # the total is kept, not lengthened


# --------------------------------------------------------------------------- every source


@pytest.fixture(scope="module", params=EVERY_SOURCE, ids=[p.name for p in EVERY_SOURCE])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(request.param, tmp_path_factory.mktemp("subtitles") / "out", "--only", "script", "-q")


def test_every_source_breaks_no_rule_and_deckcast_check_says_so(built):
    for name in ("script.srt", "script.vtt"):
        cues = read_cues(built / name)
        assert cues, name
        broken = rules.violations(cues)
        assert broken == [], f"{name}:\n" + "\n".join(map(str, broken))
        result = run("check", built / name)
        assert result.exit_code == 0, result.output
        assert result.output.strip().splitlines()[-1].endswith(": ok, 0 errors, 0 warnings"), result.output


def test_vtt_is_the_srt(built):
    srt, vtt = read_cues(built / "script.srt"), read_cues(built / "script.vtt")
    assert [(c.start, c.end, c.lines) for c in vtt] == [(c.start, c.end, c.lines) for c in srt]


# --------------------------------------------------------------------------- hard narration


QUOTED = (
    'Editors keep asking the same question: "and when?". Nobody answers it. '
    "Then the panel moved on to the next topic of the evening."
)


def test_a_sentence_ending_inside_quotation_marks_keeps_its_marks():
    seconds = reading(QUOTED)
    cues = timed_cues([QUOTED], [seconds], reading)
    assert_follows_the_rules(cues, seconds)
    assert all(rules.has_letter("".join(c.lines)) for c in cues)
    assert any(line.endswith('"and when?".') for c in cues for line in c.lines), [c.lines for c in cues]


def test_a_sentence_ending_inside_quotation_marks_in_a_built_episode(tmp_path, out):
    quoted = tmp_path / "quoted.md"
    quoted.write_text(
        source("native-en.md")
        .read_text(encoding="utf-8")
        .replace(
            "- Mixed messages were a large part of it.",
            '- Readers asked one thing above all: "and when?".\n- Mixed messages were a large part of it.',
        ),
        encoding="utf-8",
    )
    build(quoted, out, "--only", "script", "-q")
    srt = (out / "script.srt").read_text(encoding="utf-8")
    assert '"and when?".' in srt
    cues = read_cues(out / "script.srt")
    assert rules.violations(cues) == []
    assert not [c for c in cues if c.text.strip() in ('".', '"', ".")]


def test_closing_marks_stay_with_their_words_in_cjk():
    text = (
        "這提醒我們直接告訴模型「做對人類最有利的事情」。可能會帶來意想不到的收穫，"
        "也就是所謂的『湧現』現象（emergence），值得「持續」觀察。"
    )
    seconds = reading(text)
    cues = timed_cues([text], [seconds], reading)
    assert_follows_the_rules(cues, seconds)
    assert "".join("".join(c.lines) for c in cues) == text


def test_a_long_cjk_sentence_without_punctuation():
    text = (
        "人工智慧對齊研究的核心在於確保模型的目標與人類的價值保持一致而這件事情遠比大多數人想像的困難"
        "因為我們無法直接觀察模型內部的推理過程只能透過它的行為去推測它真正想要做的事情與它所學到的規則"
        "所以研究者需要發展新的工具來理解模型並且在模型變得更強大之前找到可靠的方法來驗證它的安全性與它的可信程度是否足夠了"
    )
    assert len(text) == 150
    seconds = reading(text)
    cues = timed_cues([text], [seconds], reading)
    assert_follows_the_rules(cues, seconds)
    assert all(c.end - c.start <= rules.MAX_SECONDS for c in cues)
    assert "".join("".join(c.lines) for c in cues) == text


def test_a_one_word_sentence_joins_its_neighbour():
    text = "Yes. That is the whole point of the argument."
    seconds = reading(text)
    cues = timed_cues([text], [seconds], reading)
    assert_follows_the_rules(cues, seconds)
    assert len(cues) == 1 and " ".join(cues[0].lines) == text


def test_a_one_word_slide_takes_time_from_its_neighbour():
    texts = ["Takeaways.", "So that is how it is, and that is all we can do for now."]
    seconds = [reading(t) for t in texts]
    assert seconds[0] < rules.MIN_SECONDS  # too short to read on its own, and alone on its slide
    cues = timed_cues(texts, seconds, reading)
    assert_follows_the_rules(cues, sum(seconds))
    assert [c.lines for c in cues][0] == ("Takeaways.",)


def test_a_cue_too_fast_to_read_gets_time_from_its_neighbours():
    # words long enough that 150 words a minute is faster than 17 characters a second
    texts = [
        "So, as we go on, it is up to us to do it all, and we will.",
        "Internationalisation, decentralisation, institutionalisation.",
        "And so it is: we go on and on, as we do, to the end of it all.",
    ]
    seconds = [reading(t) for t in texts]
    assert len(texts[1]) / seconds[1] > rules.LATIN_CPS
    cues = timed_cues(texts, seconds, reading)
    assert_follows_the_rules(cues, sum(seconds))


def test_narration_too_fast_throughout_keeps_its_length_and_the_minimums():
    # nothing to borrow from: the total and the 5/6 s minimum win over the reading speed
    texts = [
        "Internationalisation and decentralisation.",
        "Institutionalisation, industrialisation, professionalisation, commercialisation.",
    ]
    seconds = [reading(t) for t in texts]
    cues = timed_cues(texts, seconds, reading)
    broken = rules.violations(as_subtitles(cues))
    assert {v.rule for v in broken} == {"speed"}, broken
    assert cues[-1].end == pytest.approx(sum(seconds), abs=0.001)


@pytest.mark.parametrize("words", range(1, 16))
def test_straight_quotes_and_brackets_stay_with_their_words_in_english(words):
    # the quotes land at every place in a line as the lead-in grows
    lead = [
        "Researchers",
        "and",
        "editors",
        "alike",
        "kept",
        "saying",
        "over",
        "and",
        "over",
        "again",
        "to",
        "all",
        "of",
        "us",
        "that",
    ]
    text = " ".join(lead[:words]) + ' "quoted words here" and (brackets too) and "more quotes" in a sentence.'
    seconds = reading(text)
    cues = timed_cues([text], [seconds], reading)
    marks = [v for v in rules.violations(as_subtitles(cues)) if v.rule in ("closing", "opening")]
    assert marks == [], [c.lines for c in cues]
    assert_follows_the_rules(cues, seconds)


# --------------------------------------------------------------------------- deckcast check

BAD_SRT = """\
1
00:00:00,000 --> 00:00:00,400
".

2
00:00:00,420 --> 00:00:08,000
這是一行非常非常長的字幕，超過了十八個字的限制。
第二行
第三行

3
00:00:08,100 --> 00:00:09,000
」收尾符號開頭，開頭符號結尾「

4
00:00:09,500 --> 00:00:10,400
Far too many words for less than a second.

5
00:00:10,300 --> 00:00:12,000
Overlaps the cue before it.

6
00:00:12,100 --> 00:00:13,000
This line runs well past the forty-two characters a line may hold.

a block with no timing line
"""

# (rule words that must appear, the file line, the cue number)
EXPECTED = [
    ("under the minimum 5/6 s", 2, 1),
    ("no letter or digit", 2, 1),
    ("starts with a closing mark", 3, 1),
    ("2 frames", 6, 2),
    ("over the maximum 7 s", 6, 2),
    ("3 lines, more than 2", 6, 2),
    ("line 1 is too long", 7, 2),
    ("starts with a closing mark '」'", 13, 3),
    ("ends with an opening mark '「'", 13, 3),
    ("characters a second", 12, 3),
    ("characters a second", 16, 4),
    ("overlaps cue 4", 20, 5),
    ("characters a second", 24, 6),
    ("line 1 is too long", 25, 6),
]


def test_check_reports_each_broken_rule_with_cue_and_line(tmp_path):
    bad = tmp_path / "script.srt"
    bad.write_text(BAD_SRT, encoding="utf-8")
    result = run("check", bad)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    for words, line, cue in EXPECTED:
        where = f"{bad}:{line}: cue {cue}: error: "
        assert any(said.startswith(where) and words in said for said in lines), (words, where, result.output)
    assert any(said.startswith(f"{bad}:27: error: ") and "timing line" in said for said in lines), (
        result.output
    )
    assert lines[-1] == f"{bad}: 6 cues, ending at 0:13: FAILED, {len(lines) - 1} errors, 0 warnings"
    assert len(lines) - 1 == len(EXPECTED) + 1  # nothing reported that was not planted


def test_check_reads_vtt_as_shown(tmp_path):
    vtt = tmp_path / "script.vtt"
    vtt.write_text(
        "WEBVTT\nKind: captions\nLanguage: en\n\nNOTE a comment block\n\n"
        "1\n00:00:00.000 --> 00:00:02.000 align:center\n<v Maya>Tom &amp; Jerry &lt;3</v>\n\n"
        "00:01.000 --> 00:01.500\n<i>too short</i>\n",
        encoding="utf-8",
    )
    cues, problems = rules.parse(vtt.read_text(encoding="utf-8"))
    assert problems == []
    assert [c.lines for c in cues] == [("Tom & Jerry <3",), ("too short",)]
    result = run("check", vtt)
    assert result.exit_code == 1
    assert f"{vtt}:11: cue 2: error: on screen 0.500 s" in result.output
    assert f"{vtt}:11: cue 2: error: overlaps cue 1" in result.output


def test_check_of_a_deck_checks_the_subtitles_beside_it(out):
    build(source("native-en.md"), out, "--only", "deck,script", "-q")
    assert run("check", out / "deck.pptx").exit_code == 0
    (out / "script.srt").write_text(BAD_SRT, encoding="utf-8")
    result = run("check", out / "deck.pptx")
    assert result.exit_code == 1
    assert f"{out / 'script.srt'}:2: cue 1: error: no letter or digit" in result.output
    assert "FAILED" in result.output.strip().splitlines()[-1]


# --------------------------------------------------------------------------- the rules themselves


@pytest.mark.parametrize(
    "line, closing, opening",
    [
        ('"and when?".', False, False),
        ('".', True, False),
        ("」。", True, False),
        ("他說「", False, True),
        ('she said "', False, True),
        ('it ends "', False, True),
        ('it ends here."', False, False),
        ("'tis fine", False, False),
    ],
)
def test_straight_quotes_by_what_is_beside_them(line, closing, opening):
    assert rules.starts_with_closing(line) is closing
    assert rules.ends_with_opening(line) is opening


def test_reading_floor_counts_cjk_at_9_and_other_characters_at_17():
    assert rules.reading_floor("一二三四五六七八九") == pytest.approx(1.0)
    assert rules.reading_floor("a" * 17) == pytest.approx(1.0)
    assert rules.reading_floor("a" * 17 + "\n" + "一二三四五六七八九") == pytest.approx(2.0)


def test_a_letterless_first_piece_joins_the_next_of_two():
    """Found by the whole-build property test: two pieces, the first without a letter."""
    assert sentences('". Hello.') == ['".Hello.']
    assert sentences('". Hello there. Bye.') == ['".Hello there.', "Bye."]


def test_a_long_run_of_opening_brackets_is_cut_into_cues_in_linear_time():
    """`[` is an opening mark a Latin word may follow: the tokenizer looked for that word from
    every `[` of a run to its end (50,000 of them: about 16 s). Now a fraction of a second."""
    import time

    from generator.writers.subtitles import cue_strings

    start = time.process_time()
    cues = cue_strings("[" * 50_000)
    assert time.process_time() - start < 5.0
    assert "".join(cues) == "[" * 50_000
