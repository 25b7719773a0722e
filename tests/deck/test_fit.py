"""Tests for generator.deck.fit: widths, CJK-aware wrapping, fitting, splitting."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.deck.fit import (
    CLOSING,
    OPENING,
    Frame,
    Para,
    fit_size,
    fit_title,
    fits,
    is_cjk,
    monospace_spans,
    paragraphs_height,
    split_to_fit,
    text_width,
    wrap,
)
from generator.deck.fit.breaking import line_count
from generator.deck.fit.fonts import ARIAL
from generator.deck.fit.metrics import MONO_EM, char_em

HAN = "人工智慧對齊問題的核心在於價值觀設定與模型行為一致性研究者需要持續觀察並且討論"


def han(n: int, offset: int = 0) -> str:
    return "".join(HAN[(offset + i) % len(HAN)] for i in range(n))


def table() -> dict:
    text = resources.files("generator.deck.fit").joinpath("font_metrics.json").read_text("utf-8")
    return json.loads(text)


def latin_width_from_json(ch: str, weight: str = "regular") -> int:
    cp = ord(ch)
    for first, widths in table()["latin"][weight]["runs"]:
        if first <= cp < first + len(widths):
            return widths[cp - first]
    raise KeyError(ch)


# --------------------------------------------------------------------------- table


def test_metrics_table_is_small_and_complete():
    path = resources.files("generator.deck.fit").joinpath("font_metrics.json")
    assert len(path.read_bytes()) < 60_000
    data = table()
    for weight in ("regular", "bold"):
        assert data["cjk"][weight]["default"] == 1000
        covered = {first + i for first, widths in data["latin"][weight]["runs"] for i in range(len(widths))}
        assert set(range(0x20, 0x7F)) <= covered
        for ch in "“”‘’—–…•·":
            assert ord(ch) in covered
    lm = data["line_metrics"]
    assert lm["latin"]["regular"]["ascender"] == 905  # Arial: 1854/2048 em
    assert lm["cjk"]["regular"]["ascender"] == 1160


def test_hello_width_matches_table():
    expected = sum(latin_width_from_json(ch) for ch in "Hello") * 20 / 1000
    assert text_width("Hello", 20) == pytest.approx(expected)
    # Arial advances: H 722, e 556, l 222, l 222, o 556 (1/1000 em)
    assert text_width("Hello", 20) == pytest.approx(45.56)


def test_bold_latin_is_wider():
    assert text_width("Hello World", 20, bold=True) > text_width("Hello World", 20)
    assert text_width("Hello", 20, bold=True) == pytest.approx(
        sum(latin_width_from_json(ch, "bold") for ch in "Hello") * 20 / 1000
    )


def test_cjk_is_full_width_and_unknowns():
    assert text_width("中文字", 24) == pytest.approx(72.0)
    assert text_width("，。！？「」（）", 10) == pytest.approx(80.0)
    assert text_width("ｱ", 10) == pytest.approx(5.0)  # half-width katakana
    assert text_width("\U0001f600", 10) == pytest.approx(5.5)  # unknown Latin: 0.55 em
    assert text_width("", 10) == 0
    assert is_cjk("中") and is_cjk("，") and is_cjk("あ") and is_cjk("한") and is_cjk("Ａ")
    assert not is_cjk("a") and not is_cjk("“") and not is_cjk("—")


def test_ambiguous_punctuation_is_wide_next_to_cjk():
    # Arial's curly quotes are narrow; in Chinese text PowerPoint uses the CJK font.
    assert text_width("“a”", 10) == pytest.approx(
        (2 * latin_width_from_json("“") + latin_width_from_json("a")) / 100
    )
    assert text_width("“中”", 10) == pytest.approx(30.0)
    assert text_width("阿曼達·阿斯凱爾", 10) == pytest.approx(80.0)


# --------------------------------------------------------------------------- wrap


def test_cjk_wraps_per_character():
    text = han(30)
    size, width = 24, 300
    per_line = int(width // size)  # every character is 1 em = 24 pt
    lines = wrap(text, size, width)
    assert len(lines) == math.ceil(30 / per_line) == 3
    assert [len(line) for line in lines] == [12, 12, 6]
    assert "".join(lines) == text


def test_cjk_in_a_frame_uses_the_usable_width():
    frame = Frame(width_pt=300, height_pt=500)
    usable = 300 - 2 * 7.2 - 18  # 267.6 pt: 11 characters at 24 pt
    assert frame.line_width(0) == pytest.approx(usable)
    assert frame.line_width(1) == pytest.approx(usable - 27)
    assert frame.line_width(bulleted=False) == pytest.approx(300 - 14.4)
    assert [len(x) for x in wrap(han(30), 24, frame.line_width(0))] == [11, 11, 8]
    assert paragraphs_height([Para(han(30))], 24, frame) == pytest.approx(2 * 3.6 + 3 * 1.2 * 24)
    two = [Para(han(30)), Para(han(5), level=1)]
    # level 1: 240.6 pt -> 10 per line, 1 line; plus space_before 0.4 em
    assert paragraphs_height(two, 24, frame) == pytest.approx(7.2 + 4 * 28.8 + 0.4 * 24)


def test_latin_wraps_at_spaces():
    text = "The quick brown fox jumps over the lazy dog and keeps running far away"
    size, width = 20, 200
    lines = wrap(text, size, width)
    assert len(lines) > 1
    assert " ".join(lines) == text  # only broken at spaces, spaces dropped at breaks
    for i, line in enumerate(lines):
        assert text_width(line, size) <= width
        if i + 1 < len(lines):  # greedy: the next word would not have fitted
            nxt = lines[i + 1].split(" ")[0]
            assert text_width(line + " " + nxt, size) > width


def test_trailing_spaces_do_not_count():
    word = "abcd"
    w = text_width(word, 20)
    # exactly two words fit; the space after the second one must not push it over
    lines = wrap(f"{word} {word}    {word}", 20, w * 2 + text_width(" ", 20) + 0.01)
    assert lines == [f"{word} {word}", word]


def test_long_latin_word_is_broken_by_characters():
    word = "Supercalifragilisticexpialidociousness"
    lines = wrap(word, 20, 100)
    assert len(lines) > 1
    assert "".join(lines) == word
    assert all(text_width(line, 20) <= 100 for line in lines)


def test_hard_line_breaks_and_empty_text():
    assert wrap("", 20, 100) == [""]
    assert wrap("ab\ncd", 20, 100) == ["ab", "cd"]
    assert wrap("ab\r\n\ncd", 20, 100) == ["ab", "", "cd"]
    with pytest.raises(ValueError):
        wrap("x", 20, 0)


def test_kinsoku_closing_punctuation_never_starts_a_line():
    # 12 characters fit exactly; the 。 after them must not start line 2
    text = han(12) + "。" + han(8, 12)
    lines = wrap(text, 24, 300)
    assert lines[0] == han(11)
    assert lines[1].startswith(han(1, 11) + "。")
    assert "".join(lines) == text
    # two closing marks: the break moves back before both
    text = han(11) + "。」" + han(8, 11)
    lines = wrap(text, 24, 300)
    assert lines[0] == han(10)
    assert lines[1].startswith(han(1, 10) + "。」")


def test_kinsoku_opening_punctuation_never_ends_a_line():
    text = han(11) + "「" + han(8, 11) + "」"
    lines = wrap(text, 24, 300)
    assert lines[0] == han(11)
    assert lines[1].startswith("「")
    assert "".join(lines) == text


def test_kinsoku_on_real_text():
    text = (
        "阿曼達·阿斯凱爾（Amanda Askell）認為，對齊不只是技術問題，也是哲學問題。"
        "她說：「我們需要讓模型理解人類價值觀，而不是只學會規則。」"
    )
    for width in range(120, 420, 7):
        lines = wrap(text, 18, width)
        for i, line in enumerate(lines):
            assert line, lines
            if i:
                assert line[0] not in CLOSING, (width, lines)
            if i + 1 < len(lines):
                assert line[-1] not in OPENING, (width, lines)
            assert text_width(line, 18) <= width + 1e-6 or len(line.split()) == 1


def test_mixed_chinese_and_english():
    # a CJK/Latin boundary is a break opportunity; a Latin word is never split
    lines = wrap(han(11) + "Hello", 24, 300)
    assert lines == [han(11), "Hello"]
    text = "我們使用GPT-4模型處理自然語言，並以 reinforcement learning 調整行為"
    for width in range(110, 400, 10):
        lines = wrap(text, 16, width)
        joined = "".join(lines)
        assert joined.replace(" ", "") == text.replace(" ", "")
        assert any("GPT-4" in line for line in lines)
        assert any("reinforcement" in line for line in lines)
        assert all(text_width(line, 16) <= width for line in lines)


LINE_CHARS = st.sampled_from(list(HAN + "，。「」（）abc de fgh  ijk“”—…:;,.!?") + ["\u3000"])


@settings(max_examples=200, deadline=None)
@given(text=st.text(LINE_CHARS, max_size=120), width=st.floats(40, 400), size=st.floats(8, 40))
def test_wrap_properties(text, width, size):
    lines = wrap(text, size, width)
    assert lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        # a line is too wide only if it is one unbreakable glyph
        assert text_width(line, size) <= width + 1e-6 or len(line.strip()) <= 1


# --------------------------------------------------------------------------- fitting


FRAME = Frame(width_pt=600, height_pt=300)


def bullets(n: int, chars: int = 40) -> list[Para]:
    return [Para(han(chars, i * 7) + "。", level=i % 2) for i in range(n)]


def test_fit_size_shrinks_with_more_text():
    sizes = [fit_size(bullets(n), FRAME, 40, 10) for n in (1, 3, 6, 10)]
    assert all(s is not None for s in sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] > sizes[-1]
    assert sizes[0] == 40  # one bullet fits at the maximum
    for n, s in zip((1, 3, 6, 10), sizes, strict=False):
        assert fits(bullets(n), s, FRAME)
        if s < 40:
            assert not fits(bullets(n), s + 1, FRAME)


def test_fit_size_returns_none_when_impossible():
    assert fit_size(bullets(80), FRAME, 40, 12) is None
    assert not fits(bullets(80), 12, FRAME)
    with pytest.raises(ValueError):
        fit_size(bullets(1), FRAME, 10, 20)


def test_fit_size_steps_and_min():
    paras = bullets(6)
    s = fit_size(paras, FRAME, 40, 10, step=0.5)
    assert s is not None and fits(paras, s, FRAME)
    assert (40 - s) % 0.5 == 0 or s == 10
    # min_pt is always tried even if not on the step grid
    tight = Frame(width_pt=600, height_pt=paragraphs_height(paras, 13.3, FRAME))
    assert fit_size(paras, tight, 40, 13.3, step=5) == 13.3


def test_fits_rejects_overwide_glyph():
    narrow = Frame(width_pt=14.4 + 18 + 10, height_pt=1000)  # 10 pt usable
    assert not fits([Para("中")], 24, narrow)
    assert fits([Para("中")], 10, narrow)


def check_chunks(paras, chunks, frame, max_pt, min_pt):
    assert chunks
    # order and all text preserved
    assert "".join(p.text for chunk, _ in chunks for p in chunk) == "".join(p.text for p in paras)
    for chunk, size in chunks:
        assert chunk
        assert min_pt <= size <= max_pt
        assert fits(chunk, size, frame)
        if size < max_pt:
            assert not fits(chunk, size + 1, frame)


def test_split_to_fit_200_chinese_bullets():
    paras = [Para(han(59, i) + "。", level=1 if i % 4 else 0) for i in range(200)]
    frame = Frame(width_pt=864, height_pt=400)
    chunks = split_to_fit(paras, frame, 32, 18)
    check_chunks(paras, chunks, frame, 32, 18)
    assert [p for chunk, _ in chunks for p in chunk] == paras  # nothing had to be cut
    # groups (a level-0 bullet and its level-1 bullets) are kept together
    assert all(chunk[0].level == 0 for chunk, _ in chunks)


def test_split_to_fit_is_greedy():
    paras = [Para(han(59, i) + "。") for i in range(60)]
    frame = Frame(width_pt=864, height_pt=400)
    chunks = split_to_fit(paras, frame, 32, 18)
    check_chunks(paras, chunks, frame, 32, 18)
    for (chunk, _), (nxt, _) in zip(chunks, chunks[1:], strict=False):
        assert not fits(chunk + nxt[:1], 18, frame)  # could not take one more


def test_split_to_fit_prefers_breaking_before_level0():
    frame = Frame(width_pt=400, height_pt=150)  # at 18 pt: 5 one-line bullets, not 6
    head = [Para(han(10))]
    group = [Para(han(12, 3))] + [Para(han(12, 5 + i), level=1) for i in range(3)]
    paras = head + head + group  # greedy alone would put group[0] with the heads
    assert fits(head + head + group[:3], 18, frame)
    assert not fits(head + head + group, 18, frame)
    chunks = split_to_fit(paras, frame, 24, 18)
    check_chunks(paras, chunks, frame, 24, 18)
    assert [len(c) for c, _ in chunks] == [2, 4]
    assert chunks[1][0][0] == group[0]


def test_split_to_fit_separates_group_when_unavoidable():
    frame = Frame(width_pt=400, height_pt=120)
    paras = [Para(han(12))] + [Para(han(12, i), level=1) for i in range(8)]
    chunks = split_to_fit(paras, frame, 24, 18)
    check_chunks(paras, chunks, frame, 24, 18)
    assert len(chunks) > 1
    assert chunks[1][0][0].level == 1


def test_split_to_fit_cuts_a_huge_paragraph_at_sentences():
    sentences = [han(25, i) + ("。" if i % 3 else "！") for i in range(40)]
    text = "".join(sentences)
    frame = Frame(width_pt=600, height_pt=200)
    paras = [Para("前言。"), Para(text, level=1, bold=True), Para("結語。")]
    chunks = split_to_fit(paras, frame, 28, 16)
    check_chunks(paras, chunks, frame, 28, 16)
    pieces = [p for chunk, _ in chunks for p in chunk]
    assert len(pieces) > 3
    cut = [p for p in pieces if p.text not in ("前言。", "結語。")]
    assert all(p.level == 1 and p.bold for p in cut)
    assert all(p.text[-1] in "。！" for p in cut)  # cut at sentence ends


def test_split_to_fit_cuts_at_clauses_then_characters():
    clauses = "，".join(han(30, i) for i in range(12)) + "。"
    frame = Frame(width_pt=400, height_pt=150)
    chunks = split_to_fit([Para(clauses)], frame, 24, 18)
    check_chunks([Para(clauses)], chunks, frame, 24, 18)
    assert all(c[0].text[-1] in "，。" for c, _ in chunks)
    nopunct = han(2000)
    chunks = split_to_fit([Para(nopunct)], frame, 24, 18)
    check_chunks([Para(nopunct)], chunks, frame, 24, 18)
    english = " ".join(["alignment"] * 400) + "."
    chunks = split_to_fit([Para(english)], frame, 24, 18)
    check_chunks([Para(english)], chunks, frame, 24, 18)
    assert all(c[0].text.startswith("alignment") for c, _ in chunks)  # cut at spaces


def test_split_to_fit_edge_cases():
    assert split_to_fit([], FRAME, 30, 12) == []
    assert split_to_fit([Para("短")], FRAME, 30, 12) == [([Para("短")], 30)]
    with pytest.raises(ValueError):
        split_to_fit([Para("中文")], Frame(width_pt=40, height_pt=20), 30, 12)


# --------------------------------------------------------------------------- inline code

COMMANDS = [
    "deploy --env=production --strategy=blue-green --max-surge=25%",
    "kubectl rollout status deployment/checkout --namespace=payments",
    "curl --fail --retry 5 https://checkout.internal/healthz?deep=1",
    "kubectl rollout undo deployment/checkout --to-revision=41",
    "terraform plan -var-file=production.tfvars -out=release.plan",
    "git tag --annotate v2.14.0 --message=release-2.14.0",
]
BODY = Frame(width_pt=871.2, height_pt=381.6, inset_pt=0, bullet_indent_pt=24.48)  # the default theme's


def code(text: str, before: str = "", after: str = "") -> Para:
    """A bullet whose `text` is inline code, between plain `before` and `after`."""
    return Para(before + text + after, mono=monospace_spans([(before, False), (text, True), (after, False)]))


def test_inline_code_is_measured_at_monospace_widths():
    assert {char_em(ch, "mono", False) for ch in "il.MW_-=/ "} == {MONO_EM}
    assert char_em("中", "mono", True) == char_em("中", "regular", True)  # CJK keeps its own font
    assert monospace_spans([("Run ", False), ("make", True), (" then ", False), ("ship", True)], 2) == (
        (6, 10),
        (16, 20),
    )
    # narrow letters are wider in monospace, wide ones narrower
    assert wrap("illicit illicit illicit", 20, 200) == ["illicit illicit illicit"]
    assert len(wrap("illicit illicit illicit", 20, 200, mono=((0, 23),))) == 2
    assert line_count("WWWW WWWW", False, 3.0, ((0, 9),), ARIAL) == (2, False)
    assert line_count("WWWW WWWW", False, 3.0, (), ARIAL)[0] > 2  # in Arial a word is wider than the line


def test_a_bullet_of_inline_code_that_fits_in_arial_is_shrunk():
    plain = [Para(c) for c in COMMANDS]
    coded = [code(c) for c in COMMANDS]
    assert fit_size(plain, BODY, 28, 16) == 28  # Arial's widths: one line each at 28 pt
    size = fit_size(coded, BODY, 28, 16)
    assert size is not None and size < 28
    assert not fits(coded, 28, BODY)
    assert paragraphs_height(coded, 28, BODY) > paragraphs_height(plain, 28, BODY)


def test_a_list_of_inline_code_that_fits_in_arial_is_split():
    frame = Frame(width_pt=750, height_pt=200, inset_pt=0, bullet_indent_pt=24.48)
    plain = [Para(f"Run {c} first.") for c in COMMANDS]
    coded = [code(c, "Run ", " first.") for c in COMMANDS]
    assert len(split_to_fit(plain, frame, 28, 20)) == 1
    chunks = split_to_fit(coded, frame, 28, 20)
    assert len(chunks) == 2
    check_chunks(coded, chunks, frame, 28, 20)
    assert [p for chunk, _ in chunks for p in chunk] == coded  # whole bullets, spans kept


def test_a_paragraph_of_code_cut_in_pieces_keeps_its_spans():
    text = " ".join(COMMANDS * 8)
    para = code(text, "Run these: ", " and stop.")
    chunks = split_to_fit([para], Frame(width_pt=500, height_pt=200), 24, 18)
    pieces = [p for chunk, _ in chunks for p in chunk]
    assert len(pieces) > 2 and "".join(p.text for p in pieces) == para.text
    at, drawn = 0, []
    for piece in pieces:
        assert all(0 <= a < b <= len(piece.text) for a, b in piece.mono)
        drawn += [(a + at, b + at) for a, b in piece.mono]
        at += len(piece.text)
    covered = {i for a, b in drawn for i in range(a, b)}
    assert covered == set(range(len("Run these: "), len("Run these: ") + len(text)))
    for chunk, size in chunks:
        assert fits(chunk, size, Frame(width_pt=500, height_pt=200))


def test_no_line_break_where_code_meets_a_word():
    # `make`s: one word drawn in two fonts, never cut at the font change
    para = code("make", "run the ", "s now")
    assert wrap(para.text, 20, 110, mono=para.mono) == ["run the", "makes now"]


@given(st.text(alphabet=HAN + "，。 ab", min_size=1, max_size=60), st.floats(3, 40))
@settings(max_examples=200, deadline=None)
def test_code_spans_change_nothing_but_the_widths(text, avail):
    # the same text measured with no spans, or with empty ones, takes the plain path
    assert line_count(text, False, avail, (), ARIAL) == line_count(text, False, avail, ((0, 0),), ARIAL)
    # CJK inside code is measured as it always was
    cjk = "".join(ch for ch in text if is_cjk(ch)) or "中"
    assert line_count(cjk, False, avail, ((0, len(cjk)),), ARIAL) == line_count(cjk, False, avail, (), ARIAL)


# --------------------------------------------------------------------------- titles


def title_fits(text, size, frame):
    lines = wrap(text, size, frame.line_width(bulleted=False))
    if any(text_width(line, size) > frame.line_width(bulleted=False) for line in lines):
        return False
    return 2 * frame.inset_v_pt + len(lines) * frame.line_spacing * size <= frame.height_pt


def test_fit_title_fits():
    frame = Frame(width_pt=600, height_pt=60)
    size, cut = fit_title("人工智慧對齊", frame, 40, 20)
    assert (size, cut) == (40, None)
    long = han(40)
    size, cut = fit_title(long, frame, 40, 20)
    assert cut is None and 20 <= size < 40
    assert title_fits(long, size, frame) and not title_fits(long, size + 1, frame)


@pytest.mark.parametrize(
    "title",
    [
        han(200),
        "Why alignment is hard: values, deception and the limits of reinforcement learning from human feedback",
        "阿曼達·阿斯凱爾（Amanda Askell）談對齊：" + han(80),
    ],
)
def test_fit_title_truncates_with_ellipsis(title):
    frame = Frame(width_pt=500, height_pt=50)
    size, cut = fit_title(title, frame, 36, 24)
    assert size == 24
    assert cut is not None and cut.endswith("…")
    assert title.startswith(cut[:-1])
    assert len(cut) > 5
    assert title_fits(cut, 24, frame)
    if cut[-2].isascii():  # Latin text is cut at a word boundary
        assert title[len(cut) - 1] == " "


def test_fit_title_bold_is_wider():
    frame = Frame(width_pt=300, height_pt=50)
    text = "Alignment research in practice"
    assert fit_title(text, frame, 40, 10, bold=True)[0] <= fit_title(text, frame, 40, 10)[0]


def test_fit_title_keeps_a_suffix_when_shortening():
    frame = Frame(width_pt=500, height_pt=60)
    title = han(200)
    assert fit_title("短標題", frame, 36, 24, suffix="（續）") == (36, None)
    size, cut = fit_title(title, frame, 36, 24, suffix="（續）")
    assert size == 24 and cut.endswith("…（續）") and title.startswith(cut[:-4])
    assert title_fits(cut, 24, frame)
    assert not title_fits(title[: len(cut) - 3] + "…（續）", 24, frame)  # the longest that fits
