"""Issue 17: the layout each slide is drawn in, chosen from what it shows (plan/layouts.py),
and the drawing the plan computes for it (plan/arrange.py, plan/design.py). Pure: sources in
tests/sources/layouts/ read and produced, the slides' `layout`, `design` and `people`
checked; no python-pptx (the drawn deck is tests/deck/test_designed_slides.py)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from _support import CONTENT, SOURCES, TEMPLATES

from generator.errors import UsageError
from generator.plan import layouts
from generator.plan.design import LAYOUTS, Design, Rect, Shape, Text
from generator.plan.production import Production, produce
from generator.plan.slides import Slide
from generator.readers import read_episode
from generator.templating import Templates

LAYOUT_SOURCES = SOURCES / "layouts"
TALK = LAYOUT_SOURCES / "designed-talk.md"
TEN = LAYOUT_SOURCES / "roster-of-ten.md"
ZH = LAYOUT_SOURCES / "designed-zh.md"
# every source whose designed slides must stay on the slide and never overlap
DESIGNED_SOURCES = [
    CONTENT / "ai-alignment-salon.txt",
    CONTENT / "shipping-reliable-software.md",
    *sorted(LAYOUT_SOURCES.glob("*.md")),
]
TALK_PARTS = ("Who is here", "Evidence", "Listener questions", "Takeaways")


def produced(path: Path, templates: Templates = Templates()) -> Production:
    episode, _ = read_episode(path)
    return produce(episode, templates=templates)


_MADE: dict[Path, Production] = {}


def made(path: Path) -> Production:
    """Each source produced once for the module (a Production is frozen: safe to share)."""
    if path not in _MADE:
        _MADE[path] = produced(path)
    return _MADE[path]


def titled(production: Production, title: str) -> Slide:
    found = [s for s in production.slides if s.title == title]
    assert len(found) == 1, (title, [s.title for s in production.slides])
    return found[0]


def texts(design: Design, role: str) -> list[str]:
    return ["\n".join(b.full_text for b in t.paras) for t in design.texts if t.role == role]


# --------------------------------------------------------------------------- the archetypes


def test_a_roster_of_four_is_one_slide_of_cards():
    production = made(TALK)
    roster = [s for s in production.slides if s.kind == "roster"]
    assert len(roster) == 1
    (slide,) = roster
    assert slide.layout == "cards" and slide.design is not None and slide.design.layout == "cards"
    assert [p.id for p in slide.people] == ["amanda", "jan", "li-hua", "dafei"]
    assert [p.initials for p in slide.people] == ["AA", "JL", "LH", "大"]
    design = slide.design
    discs = [i for i in design.items if isinstance(i, Shape) and i.kind == "disc"]
    assert len(discs) == 4
    # each speaker's disc in their own accent, in the episode's order
    assert [d.colour for d in discs] == ["accent1", "accent2", "accent3", "accent4"]
    assert texts(design, "initials") == ["AA", "JL", "LH", "大"]
    assert texts(design, "name") == ["Amanda Askell", "Jan Leike", "李華", "大飛"]
    assert texts(design, "alt_name") == ["Li Hua"]
    assert texts(design, "role") == [
        "alignment researcher",
        "alignment science lead",
        "science journalist",
        "host of the salon",
    ]
    # one row of four, left to right
    xs = [d.rect.x for d in discs]
    assert xs == sorted(xs) and len({round(d.rect.y, 2) for d in discs}) == 1


def test_a_roster_of_ten_continues_on_a_second_slide_of_five():
    production = made(TEN)
    roster = [s for s in production.slides if s.kind == "roster"]
    assert [s.layout for s in roster] == ["cards", "cards"]
    assert [len(s.people) for s in roster] == [5, 5]
    first, second = roster
    assert first.title == "The panel" and not first.continued
    assert second.title == "The panel (cont.)" and second.continued
    assert second.number == first.number + 1
    names = [p.name for s in roster for p in s.people]
    episode, _ = read_episode(TEN)
    assert names == [sp.name for sp in episode.speakers]  # all ten, once each, in order
    for s in roster:
        assert s.design is not None
        assert texts(s.design, "name") == [p.name for p in s.people]
        # the bullets (the narration's) go with the cards they describe
        assert [i for b in s.bullets for i in b.speakers] == [p.id for p in s.people]
    # the narration of the second slide names its own five, not the first five
    assert "Donald Knuth" in second.notes and "Ada Lovelace" not in second.notes


def test_a_question_is_a_callout_with_its_answerers_monograms():
    slide = titled(made(TALK), "Listener questions: Question 1")
    assert slide.layout == "qa" and slide.design is not None
    design = slide.design
    assert texts(design, "question") == ["How small should a change be?"]
    answers = texts(design, "answer")
    assert answers == [
        "Amanda Askell: Small enough that one person can review it in one sitting.",
        "Jan Leike: Small enough to roll back without a meeting.",
    ]
    assert texts(design, "initials") == ["AA", "JL"]
    (question,) = [t for t in design.texts if t.role == "question"]
    for answer in (t for t in design.texts if t.role == "answer"):
        assert answer.rect.y >= question.rect.bottom  # the question above the answers
    assert [p.id for p in slide.people] == ["amanda", "jan"]


def test_a_questions_nested_answer_points_stay_with_their_answer():
    slide = titled(made(ZH), "觀眾提問環節：問題 1")
    assert slide.layout == "qa" and slide.design is not None
    answers = [t for t in slide.design.texts if t.role == "answer"]
    assert [[b.full_text for b in t.paras] for t in answers] == [
        ["阿曼達·阿斯凱爾：這是一個長期的工作，需要持續投入。", "每一代模型都要重新評估。"],
        ["揚·萊克：我們需要模型協助我們監督模型。"],
    ]
    assert answers[0].bullets == "nested"
    assert texts(slide.design, "initials") == ["AA", "JL"]


def test_one_short_point_is_a_statement():
    slide = titled(made(TALK), "One idea")
    assert slide.layout == "statement" and slide.design is not None
    assert texts(slide.design, "statement") == ["Small changes are easier to undo."]
    (statement,) = slide.design.texts
    assert statement.size_pt > 28  # larger than a bullet slide's body


def test_a_block_quote_alone_is_a_quote():
    slide = titled(made(TALK), "In their words")
    assert slide.layout == "quote" and slide.design is not None
    assert texts(slide.design, "quote") == ["“If it hurts, do it more often.”"]
    assert texts(slide.design, "attribution") == ["— Martin Fowler"]
    (quote,) = [t for t in slide.design.texts if t.role == "quote"]
    (by,) = [t for t in slide.design.texts if t.role == "attribution"]
    assert quote.italic and by.rect.y >= quote.rect.bottom
    assert len(slide.blocks) == 1  # kept for the narration; the writer draws the design only


def test_a_quote_slide_is_narrated():
    slide = titled(made(TALK), "In their words")
    assert "If it hurts, do it more often" in slide.notes and "Martin Fowler" in slide.notes


def test_points_led_by_numbers_with_units_are_key_figures():
    slide = titled(made(TALK), "Key numbers")
    assert slide.layout == "figure" and slide.design is not None
    assert texts(slide.design, "figure") == ["99.8%", "300 MW"]
    assert texts(slide.design, "caption") == [
        "99.8% of deploys finished without a rollback.",
        "300 MW of capacity came online in the first year.",
    ]
    figures = [t for t in slide.design.texts if t.role == "figure"]
    assert figures[0].rect.right <= figures[1].rect.x  # side by side
    assert all(f.colour == "accent" and f.bold for f in figures)


def test_chinese_figures_with_units():
    slide = titled(made(ZH), "關鍵數字")
    assert slide.layout == "figure" and slide.design is not None
    assert texts(slide.design, "figure") == ["5–10 年", "1,200 名"]


def test_a_summary_is_numbered_blocks():
    slide = titled(made(TALK), "Takeaways")
    assert slide.kind == "summary" and slide.layout == "numbered" and slide.design is not None
    assert texts(slide.design, "number") == ["1", "2", "3"]
    assert texts(slide.design, "point") == [
        "Ship small changes, often.",
        "Let the pipeline check every change.",
        "Review systems, not people.",
    ]
    points = [t for t in slide.design.texts if t.role == "point"]
    assert [p.rect.y for p in points] == sorted(p.rect.y for p in points)


def test_the_agenda_is_numbered_parts():
    slide = titled(made(TALK), "Agenda")
    assert slide.layout == "numbered" and slide.design is not None
    assert tuple(texts(slide.design, "point")) == TALK_PARTS


@pytest.mark.parametrize(("title", "current"), [("Evidence", 2), ("Listener questions", 3)])
def test_a_divider_highlights_its_own_part_on_the_progress_strip(title, current):
    slide = titled(made(TALK), title)
    assert slide.kind == "divider" and slide.layout == "progress" and slide.design is not None
    assert slide.part == current and slide.steps == TALK_PARTS
    items = slide.design.items
    chips = [i for i in items if isinstance(i, Shape)]
    steps = [i for i in items if isinstance(i, Text)]
    assert [t.paras[0].text for t in steps] == [f"{n}  {t}" for n, t in enumerate(TALK_PARTS, 1)]
    # exactly the current part's chip is light, its label in the accent colour and bold
    assert [c.colour for c in chips] == ["light" if n == current else "shade" for n in range(1, 5)]
    assert [(t.colour, t.bold) for t in steps] == [
        ("accent", True) if n == current else ("on_accent", False) for n in range(1, 5)
    ]
    # each label drawn on its own chip, left to right
    assert [c.rect for c in chips] == [t.rect for t in steps]
    assert [c.rect.x for c in chips] == sorted(c.rect.x for c in chips)
    # each chip is drawn before its label (the label on top)
    for chip, step in zip(chips, steps, strict=True):
        assert items.index(chip) < items.index(step)


def test_two_points_each_with_points_are_a_comparison():
    slide = titled(made(TALK), "Trunk or branches")
    assert slide.layout == "comparison" and slide.design is not None
    assert texts(slide.design, "label") == ["Trunk-based development", "Long-lived branches"]
    assert texts(slide.design, "point") == [
        "Everyone merges every day.\nConflicts stay small.",
        "Merges happen once a month.\nConflicts grow with every week.",
    ]
    left, right = (t for t in slide.design.texts if t.role == "point")
    assert left.rect.right <= right.rect.x


# --------------------------------------------------------------------------- what is not designed


def test_a_long_single_point_stays_bullets():
    slide = titled(made(TALK), "The whole story")
    (point,) = slide.bullets
    assert layouts.weight(point.full_text) > layouts.STATEMENT_CHARS
    assert slide.layout == "bullets" and slide.design is None


def test_a_year_is_not_a_figure():
    assert layouts.figure_of("2024 was the year the team moved to trunk-based development.") is None
    slide = titled(made(TALK), "A year is no figure")
    assert slide.layout != "figure"
    assert slide.layout == "statement"  # one short point


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("99.8% of deploys finished without a rollback.", "99.8%"),
        ("300 MW of capacity came online.", "300 MW"),
        ("5–10 年內可能出現通用的研究助理。", "5–10 年"),
        ("1,200 名研究者參與。", "1,200 名"),
        ("3× faster reviews.", "3×"),
        ("$40M raised in the round.", "$40M"),
        ("12 months later it was gone.", "12 months"),
        ("Python 3.12 is out.", None),
        ("v2.0 shipped on time.", None),
        ("2024 was busy.", None),
        ("10 Kubernetes clusters.", None),
    ],
)
def test_figure_of(text, figure):
    assert layouts.figure_of(text) == figure


@pytest.mark.parametrize("text", ["2024年，團隊轉向主幹開發。", "2024 年是關鍵的一年。"])
def test_a_chinese_year_is_not_a_figure(text):
    assert layouts.figure_of(text) is None


def test_choose_by_kind_and_points():
    choose = layouts.choose
    assert choose("roster", [("A: x", 0, False)], (), 1) == "cards"
    assert choose("roster", [], (), 0) == "bullets"
    assert choose("question", [("Q?", 0, True)], (), 0) == "qa"
    assert choose("summary", [("x", 0, False), ("y", 0, False)], (), 0) == "numbered"
    assert choose("agenda", [("Part one", 0, False)], (), 0) == "numbered"
    assert choose("summary", [], (), 0) == "bullets"
    assert choose("divider", [], (), 0) == "progress"
    assert choose("closing", [("x", 0, False)], (), 0) == "bullets"
    # a lead line (whose view it is) does not count as a point
    assert choose("viewpoint", [("Amanda's view", 0, True), ("One idea.", 0, False)], (), 0) == "statement"
    # two top-level points, only one with points of its own: no comparison
    one_sided = [("A", 0, False), ("a1", 1, False), ("B", 0, False)]
    assert choose("content", one_sided, (), 0) == "bullets"
    # four figures are too many for one slide
    four = [(f"{n}% of it", 0, False) for n in (10, 20, 30, 40)]
    assert choose("content", four[:3], (), 0) == "figure"
    assert choose("content", four, (), 0) == "bullets"


# --------------------------------------------------------------------------- a template's `layout:`


TOPIC_TITLE = "  title: {{ (t.label or section.title)|tojson }}\n"
QUESTION_TITLE = '  title: {{ (section.title ~ L.sep ~ L.question ~ " " ~ q.number)|tojson }}\n'


def user_templates(
    tmp_path: Path, layout: str, title: str = "One idea", anchor: str = TOPIC_TITLE
) -> Templates:
    """A user's templates folder whose deck template asks `layout: LAYOUT` on the slide titled
    TITLE (its title line is ANCHOR in the bundled template) and on no other."""
    bundled = (TEMPLATES / "deck" / "slides.yaml.j2").read_text(encoding="utf-8")
    assert bundled.count(anchor) == 1
    title_of = "(t.label or section.title)" if anchor == TOPIC_TITLE else "section.title"
    plain = title.split(":")[0]
    asked = (
        anchor + "{% if " + title_of + " == " + repr(plain) + " %}\n  layout: " + layout + "\n{% endif %}\n"
    )
    folder = tmp_path / "templates"
    (folder / "deck").mkdir(parents=True)
    (folder / "deck" / "slides.yaml.j2").write_text(bundled.replace(anchor, asked), encoding="utf-8")
    return Templates.at(folder)


def test_a_template_asking_for_a_layout_that_cannot_show_the_slide_keeps_the_chosen_one(tmp_path):
    production = produced(TALK, user_templates(tmp_path, "cards"))
    slide = titled(production, "One idea")
    assert slide.kind == "content"
    assert slide.layout == titled(made(TALK), "One idea").layout == "statement"
    assert slide.layout_asked and slide.layout_refused == "cards"
    assert [b.text for b in slide.bullets] == ["Small changes are easier to undo."]
    warned = [w for w in production.warnings if "cards" in w]
    assert warned == ["“One idea”: the `cards` layout cannot show this slide; drawn as statement"]


def test_a_layout_for_another_kind_of_slide_keeps_the_chosen_one_with_a_warning(tmp_path):
    production = produced(TALK, user_templates(tmp_path, "progress", "Trunk or branches"))
    slide = titled(production, "Trunk or branches")
    assert slide.layout == "comparison" and slide.design is not None and slide.layout_asked
    assert [b.full_text for b in slide.bullets] == [
        b.full_text for b in titled(made(TALK), "Trunk or branches").bullets
    ]
    assert production.warnings == (
        "“Trunk or branches”: the `progress` layout cannot show this slide; drawn as comparison",
    )
    # the other slides keep the layouts chosen for them
    assert [s.layout for s in production.slides if s.title != "Trunk or branches"] == [
        s.layout for s in made(TALK).slides if s.title != "Trunk or branches"
    ]


def test_a_layout_that_cannot_hold_the_slide_falls_back_to_bullets_with_a_warning(tmp_path):
    production = produced(TALK, user_templates(tmp_path, "statement", "Takeaways"))
    slide = titled(production, "Takeaways")
    assert slide.layout == "bullets" and slide.design is None and slide.layout_asked
    assert production.warnings == (
        "“Takeaways”: the `statement` layout cannot show this slide; drawn as bullets",
    )


def test_a_template_may_ask_for_a_layout_that_can_show_the_slide(tmp_path):
    production = produced(TALK, user_templates(tmp_path, "numbered"))
    slide = titled(production, "One idea")
    assert slide.layout == "numbered" and slide.design is not None
    assert texts(slide.design, "point") == ["Small changes are easier to undo."]
    assert not [w for w in production.warnings if "One idea" in w]


def asked(title: str, layout: str, anchor: str = TOPIC_TITLE, bug: bool = False) -> object:
    del bug  # each of these once dropped points (a statement drew the first only)
    return pytest.param(title, anchor, layout, id=f"{layout}-on-{title.split(':')[0]}")


@pytest.mark.parametrize(
    ("title", "anchor", "layout"),
    [
        asked("One idea", "numbered"),
        asked("Trunk or branches", "progress"),
        asked("Trunk or branches", "figure"),
        asked("Takeaways", "statement", bug=True),
        asked("Trunk or branches", "statement", bug=True),
        asked("Listener questions: Question 1", "cards", QUESTION_TITLE, bug=True),
        asked("Listener questions: Question 1", "statement", QUESTION_TITLE, bug=True),
    ],
)
def test_an_asked_layout_never_drops_a_point_from_the_slide(tmp_path, title, anchor, layout):
    production = produced(TALK, user_templates(tmp_path, layout, title, anchor))
    slide = titled(production, title)
    assert slide.layout_asked
    held = [b.full_text for b in titled(made(TALK), title).bullets]
    if slide.design is None:
        assert slide.layout == "bullets"
        assert [b.full_text for b in slide.bullets] == held
        assert any(title in w and layout in w for w in production.warnings), production.warnings
    else:
        drawn = [b.full_text for t in slide.design.texts for b in t.paras]
        assert [h for h in held if h not in drawn] == []


def test_an_unknown_layout_is_a_one_line_error_naming_the_template(tmp_path):
    with pytest.raises(UsageError) as caught:
        produced(TALK, user_templates(tmp_path, "sideways"))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("deck/slides.yaml.j2: ")
    assert "'sideways'" in message and "layout" in message
    for name in LAYOUTS:
        assert name in message


# --------------------------------------------------------------------------- geometry


def designed(path: Path) -> list[Slide]:
    slides = [s for s in made(path).slides if s.design is not None]
    return slides


@pytest.mark.parametrize("path", DESIGNED_SOURCES, ids=lambda p: p.name)
def test_every_drawing_lies_inside_the_slide(path):
    production = made(path)
    width, height = production.theme.frames["content"].slide
    page = Rect(0, 0, width, height)
    slides = designed(path)
    assert slides, "the source has designed slides"
    for slide in slides:
        assert slide.design is not None and slide.design.layout == slide.layout
        for item in slide.design.items:
            assert item.rect.w > 0 and item.rect.h > 0, (slide.number, item)
            assert item.rect.inside(page), (slide.number, slide.layout, item)
        assert 0 < slide.fill <= 1, (slide.number, slide.fill)


def overlapping_texts(slides: list[Slide], layout: str) -> list[tuple[int, str, str]]:
    found = []
    for slide in slides:
        if slide.layout != layout or slide.design is None:
            continue
        for a, b in itertools.combinations(slide.design.texts, 2):
            if a.rect.overlaps(b.rect):
                found.append((slide.number, a.role, b.role))
    return found


@pytest.mark.parametrize(
    "layout",
    [name for name in LAYOUTS if name != "bullets"],
)
def test_no_two_texts_of_a_drawing_overlap(layout):
    slides = [s for path in DESIGNED_SOURCES for s in designed(path)]
    assert any(s.layout == layout for s in slides), f"no {layout} slide in the sources"
    assert overlapping_texts(slides, layout) == []


def test_every_layout_is_drawn_by_some_source():
    shown = {s.layout for path in DESIGNED_SOURCES for s in made(path).slides}
    assert shown == set(LAYOUTS)


# --------------------------------------------------------------------------- monograms


@pytest.mark.parametrize(
    ("name", "alt", "expected"),
    [
        ("Amanda Askell", None, "AA"),
        ("大飛", None, "大"),
        ("阿曼達·阿斯凱爾", "Amanda Askell", "AA"),
        ("李華", "Li Hua", "LH"),
        ("Cher", None, "C"),
        ("Jean-Luc Picard", None, "JP"),
        ("grace hopper", None, "GH"),
        ("揚·萊克", None, "揚"),
    ],
)
def test_initials(name, alt, expected):
    assert layouts.initials(name, alt) == expected


def test_initials_of_an_accented_latin_name():
    assert layouts.initials("Émile Zola") == "ÉZ"
