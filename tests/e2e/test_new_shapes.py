"""Sources in shapes the readers were not first written for: two hosts, time codes before
every line, a long English Q&A, Simplified text wrapped in English chatter, one long list."""

from __future__ import annotations

import pytest
from _support import build, source
from pptx import Presentation

from generator.model import SectionKind
from generator.readers import read_episode, read_text
from generator.writers.native import to_native


@pytest.mark.slow
def test_two_hosts_are_both_named(out):
    episode, _ = read_episode(source("zh-hant-two-hosts.txt"))
    assert episode.host.name == "阿哲" and episode.host.co_hosts == ("小雨",)
    build(source("zh-hant-two-hosts.txt"), out)
    assert "主持：阿哲、小雨" in (out / "script.md").read_text(encoding="utf-8")
    assert "主持 阿哲、小雨" in (out / "handout.html").read_text(encoding="utf-8")


def test_two_hosts_survive_import(tmp_path):
    episode, _ = read_episode(source("zh-hant-two-hosts.txt"))
    native = tmp_path / "two.md"
    native.write_text(to_native(episode), encoding="utf-8")
    again, _ = read_episode(native)
    assert again.host == episode.host


def test_time_codes_before_lines_are_removed(tmp_path):
    episode, notes = read_episode(source("zh-hant-timestamps.txt"))
    assert [s.kind for s in episode.sections] == [
        SectionKind.INTRO,
        SectionKind.ROSTER,
        SectionKind.VIEWPOINT,
        SectionKind.QA,
        SectionKind.SUMMARY,
    ]
    assert episode.host.name == "阿光" and episode.show == "城市漫遊"
    assert any("time codes" in n.message for n in notes)
    texts = [p.text for s in episode.sections for t in s.topics for p in t.points]
    assert texts and not any("[00:" in t for t in texts)
    # nesting after the time code is kept: the two points sit under their label
    view = episode.sections[2]
    assert [t.label for t in view.topics] == ["人行道的寬度", "速度管理"] and len(view.topics[0].points) == 2


def test_a_line_that_merely_starts_with_a_time_keeps_it():
    episode, _ = read_text("# 時程\n\n- 12:03:00 開門\n- 其他安排\n", "x.txt")
    assert episode.sections[0].topics[0].points[0].text.startswith("12:03:00")


def test_a_heading_naming_a_speakers_view_is_that_speakers_viewpoint():
    episode, _ = read_episode(source("zh-hans-english-chatter.txt"))
    view = next(s for s in episode.sections if s.title == "刘芳的观点")
    assert view.kind is SectionKind.VIEWPOINT and view.speaker


def test_english_chatter_around_a_simplified_transcript_is_dropped(out):
    build(source("zh-hans-english-chatter.txt"), out, "--only", "script")
    script = (out / "script.txt").read_text(encoding="utf-8")
    assert "Sure" not in script and "Let me know" not in script
    assert "医疗AI的关键" in script


def test_heading_attributes_work_without_front_matter():
    episode, _ = read_episode(source("zh-hant-one-long-list.md"))
    assert episode.sections[0].title == "一百個創業建議" and episode.sections[0].kind is SectionKind.OTHER


def test_one_long_list_is_continued_on_as_many_slides_as_it_needs(out):
    build(source("zh-hant-one-long-list.md"), out, "--only", "deck")
    titles = [s.shapes.title.text for s in Presentation(str(out / "deck.pptx")).slides if s.shapes.title]
    continued = [t for t in titles if t.startswith("一百個創業建議")]
    assert len(continued) >= 5 and "{kind" not in "".join(titles)


def test_a_long_english_qa_gives_every_question_its_slide(out):
    episode, _ = read_episode(source("en-long-qa.md"))
    assert len(episode.questions) == 12
    build(source("en-long-qa.md"), out, "--only", "script")
    script = (out / "script.md").read_text(encoding="utf-8")
    assert all(f"Question {n}" in script for n in range(1, 13))


def test_a_file_that_is_one_headed_list_is_titled_by_its_heading():
    episode, _ = read_episode(source("zh-hant-one-long-list.md"))
    assert episode.title == "一百個創業建議"
