"""The slide plan carries identity as data, so a deck template may reword everything (issue 15,
item 1): a user copy of deck/slides.yaml.j2 that rewrites every title, subtitle, lead line and
label still gives the same speaker attributions, chapters and question numbers in the script
as the bundled template, for the seed, an English source and a two-host Chinese one."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from _support import SEED, TEMPLATES, build, read, run, source

# the seed, an English source and a two-host Chinese one
CASES = [SEED, source("en-qa-headings.md"), source("zh-hant-two-hosts.txt")]
BUNDLED = TEMPLATES / "deck" / "slides.yaml.j2"

# Each rewrite must apply: if the bundled template changes, this list is updated with it.
REWRITES = [
    # the words of the labels table
    ('"view": "的觀點"', '"view": "之看法"'),
    ('"view": "的观点"', '"view": "之看法"'),
    ('"view": "\'s view"', '"view": " speaking"'),
    ('"question": "問題"', '"question": "提問"'),
    ('"question": "问题"', '"question": "提问"'),
    ('"question": "Question"', '"question": "Query"'),
    ('"agenda": "議程"', '"agenda": "流程"'),
    ('"agenda": "Agenda"', '"agenda": "Running order"'),
    ('"questions": "個問題"', '"questions": "題"'),
    ('"questions": "questions"', '"questions": "asked"'),
    # a question's title ends in another number than its own: "X Query 2 of 5 · Q&A"
    (
        '(section.title ~ L.sep ~ L.question ~ " " ~ q.number)',
        '(L.question ~ " " ~ q.number ~ " / " ~ section.questions|length ~ " · " ~ section.title)',
    ),
    # labels: who answers, a topic's label, a guest's name in the roster
    (
        '((who([a.speaker]) ~ L.sep) if a.speaker else "")',
        '(("答／" ~ who([a.speaker]) ~ " ▸ ") if a.speaker else "")',
    ),
    ('((t.label ~ L.sep) if t.label else "")', '(("▸ " ~ t.label ~ " ▸ ") if t.label else "")'),
    ("(sp.name ~ ", '("X " ~ sp.name ~ '),
    # lead lines: whose view it is, whose topic it is
    ("(who([section.speaker]) ~ L.view)", '("X " ~ L.view ~ " · " ~ who([section.speaker]))'),
    ("tag: {{ who(t.speakers)|tojson }}", 'tag: {{ ("X " ~ who(t.speakers))|tojson }}'),
    # the agenda's items
    ("- {text: {{ part.title|tojson }}}", '- {text: {{ ("X " ~ part.title)|tojson }}}'),
]


def reworded(text: str) -> str:
    for old, new in REWRITES:
        assert old in text, f"the bundled deck template no longer has {old!r}: update REWRITES"
        text = text.replace(old, new)
    # every title and subtitle, prefixed
    text, titled = re.subn(
        r"(title|subtitle): \{\{ (.+?)\|tojson \}\}", r'\1: {{ ("X " ~ \2)|tojson }}', text
    )
    assert titled >= 8
    return text


def blocks(out: Path) -> list[tuple[int, str, str, str]]:
    """script.md as (slide number, start clock, heading title, narration) per slide."""
    text = (out / "script.md").read_text(encoding="utf-8")
    found = re.findall(r"^## \[\S+ (\d+) · ([\d:]+)\] (.*)\n\n(.*)\n", text, re.M)
    return [(int(n), start, title, said) for n, start, title, said in found]


def chapters(out: Path) -> list[tuple[int, str]]:
    """chapters.txt as (the slide each chapter starts on, its title)."""
    first_at: dict[str, int] = {}
    for number, start, _, _ in blocks(out):
        first_at.setdefault(start, number)
    lines = (out / "chapters.txt").read_text(encoding="utf-8").splitlines()
    return [(first_at[line.split(" ", 1)[0]], line.split(" ", 1)[1]) for line in lines if line.strip()]


def names(src: Path) -> list[str]:
    """The name by which the host attributes a point to each speaker (阿曼達, 陳立群, Maya)."""
    out = []
    for sp in read(src).speakers:
        given = re.split(r"[·・\s]", sp.name)[0]
        out.append(given if len(given) >= 2 else sp.name)
    return out


QUESTION_HEADING = re.compile(r"(?:問題|问题|Question) \d+(?:（續）|（续）| \(cont\.\))?$")


@pytest.fixture(scope="module")
def user_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reworded")
    (folder / "deck").mkdir()
    (folder / "deck" / "slides.yaml.j2").write_text(
        reworded(BUNDLED.read_text(encoding="utf-8")), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module", params=CASES, ids=lambda p: p.name)
def builds(
    request: pytest.FixtureRequest, user_templates: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, Path]:
    """(the source, its build with the bundled deck template, its build with the reworded one)"""
    tmp = tmp_path_factory.mktemp(request.param.stem)
    return (
        request.param,
        build(request.param, tmp / "bundled", "--only", "script"),
        build(request.param, tmp / "reworded", "--only", "script", "--templates", user_templates),
    )


def test_the_rewording_shows_on_the_slides(builds):
    """The user's template is used: every slide title in the script says the new wording."""
    _, bundled, mine = builds
    titles = [title for _, _, title, _ in blocks(mine)]
    assert titles and all(t.startswith("X ") for t in titles), titles
    assert [t for _, _, t, _ in blocks(bundled)] != titles


def test_the_same_speakers_are_named_on_every_slide(builds):
    """Attributions: on every slide, the narration names each speaker as often as with the
    bundled template (阿曼達認為… stays, whatever the lead line or the label says)."""
    src, bundled, mine = builds
    who = names(src)
    assert who

    def named(out: Path) -> list[tuple[int, Counter]]:
        return [(n, Counter({w: said.count(w) for w in who if w in said})) for n, _, _, said in blocks(out)]

    expected = named(bundled)
    assert sum(sum(c.values()) for _, c in expected) >= 3  # the source does attribute points
    assert named(mine) == expected


def test_the_same_chapters_start_on_the_same_slides(builds):
    _, bundled, mine = builds
    expected = chapters(bundled)
    assert len(expected) >= 3
    assert chapters(mine) == expected


def test_every_question_keeps_its_number_and_its_answerers(builds):
    """A question slide's narration (its number, the question, who answers) is the same, though
    its title now ends in another number ("Query 1 / 2 · Q&A") and the answer labels changed."""
    _, bundled, mine = builds
    questions = {n: said for n, _, title, said in blocks(bundled) if QUESTION_HEADING.search(title)}
    assert questions
    assert {n: said for n, _, _, said in blocks(mine) if n in questions} == questions


@pytest.mark.parametrize(
    "slide, says",
    [
        ("- unit: topic-99-1\n  title: Nowhere\n", "unknown unit 'topic-99-1'"),
        ("- unit: part-1\n  kind: content\n  title: A part\n", "unit part-1 is a divider slide, not content"),
        (
            "- unit: title\n  title: Hi\n  bullets:\n  - {text: a point, speakers: [nobody]}\n",
            "'nobody', not a speaker id of the episode",
        ),
    ],
)
def test_identity_a_template_gets_wrong_is_refused(tmp_path, out, slide, says):
    """The ids are the plan's, not the template's: an id the episode does not have, or a kind
    that contradicts the unit, stops the build in one line rather than losing content."""
    (tmp_path / "deck").mkdir()
    (tmp_path / "deck" / "slides.yaml.j2").write_text("slides:\n" + slide, encoding="utf-8")
    result = run("build", SEED, "-o", out, "--only", "script", "--templates", tmp_path)
    assert result.exit_code != 0
    assert says in result.output and "slides.yaml.j2" in result.output, result.output
