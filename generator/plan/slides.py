"""The deck as pure data: the Jinja template turns the model into slides, then each slide is
fitted to its layout's boxes (sizes chosen, long lists split into continuation slides).
Nothing here touches python-pptx: decisions are testable without opening a .pptx.

Identity is data, wording is the template's. The template still chooses which slides there
are and writes every text on them, but it names what a slide shows only by a `unit` id
(`topic-3-1`, `question-5-2`) and whom a bullet is attributed to only by speaker ids
(`speakers: [amanda]`). Python owns those ids: `units()` lists every unit of the episode with
its typed identity (kind, part, section, topic, question number, speakers), and reading the
rendered YAML looks each id up there, refusing one it does not know. So the narration, the
chapters and the script read `Slide`/`Bullet` fields, never the rendered titles, lead lines or
labels, and a template that rewrites all its wording keeps every attribution, chapter and
question number. (This is the smaller change than Python building the slide skeleton itself:
the template keeps deciding which slides there are, and user templates keep working.)"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, TypedDict

from ..deck import fit
from ..errors import SourceError, UsageError
from ..model import SAFE_LINK_SCHEMES, Block, Episode, Image, Quote, Run, Section, SectionKind, Table
from ..templating import Templates
from .design import Design, Layout, Rect
from .layouts import Person

if TYPE_CHECKING:
    from . import arrange

TEMPLATE = "deck/slides.yaml.j2"
KINDS = ("title", "agenda", "roster", "divider", "content", "viewpoint", "question", "summary", "closing")
# Which layout each kind of slide is laid out on.
ROLE = {"title": "title", "closing": "title", "divider": "section"}
TITLE_PT, TITLE_MIN_PT = 36.0, 24.0
BODY_PT, BODY_MIN_PT = 28.0, 16.0
# A slide whose points span under SPARSE of its body at BODY_PT gets larger type, up to this.
BODY_MAX_PT, SPARSE = 32.0, 0.4
# A list that needs more than one slide anyway is split at this size or more, not at 16 pt:
# one more slide reads better than several walls of small text.
CONTINUED_MIN_PT = 20.0
COVER_TITLE_PT = 44.0
SUBTITLE_PT, SUBTITLE_MIN_PT = 22.0, 16.0
# More slides than this are refused (a million one-word points made a 90,912-slide deck of
# 214 MB in 420 s and 2.6 GB): such a source should be split. The 2,000-section bench
# source makes about 5,800.
MAX_SLIDES = 10_000


@dataclass(frozen=True)
class Bullet:
    text: str
    level: int = 0
    label: str = ""  # a bold prefix: who answers, a topic label (wording only)
    lead: bool = False  # an emphasised line without a bullet (the question, whose view)
    speakers: tuple[str, ...] = ()  # ids of the speakers the bullet is attributed to
    runs: tuple[Run, ...] = ()  # the text's styled pieces; empty for plain text

    @property
    def full_text(self) -> str:
        return self.label + self.text

    @property
    def measured_bold(self) -> bool:
        """Whether it is measured in the bold face: a label, a lead line or any strong run
        drawn bold (the whole paragraph then, which errs on the wide side)."""
        return bool(self.label) or self.lead or any(r.strong for r in self.runs)


@dataclass(frozen=True)
class Unit:
    """What a slide shows, as Python reads it from the model: its kind, the part of the
    episode (1-based index into deck_parts; 0 for the opening, None for a slide that stays in
    the current part), the section (1-based), the topic (1-based within the section), the
    question's number, and the ids of the speakers whose view it shows."""

    kind: str
    part: int | None = None
    section: int | None = None
    topic: int | None = None
    question: int | None = None
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slide:
    kind: str
    title: str
    unit: str
    subtitle: str = ""
    bullets: tuple[Bullet, ...] = ()
    number: int = 0
    continued: bool = False
    title_pt: float = TITLE_PT
    body_pt: float = BODY_PT
    subtitle_pt: float = SUBTITLE_PT
    notes: str = ""
    # Identity, set from the unit (see Unit), never read back from the wording:
    part: int | None = None
    section: int | None = None
    topic: int | None = None
    question: int | None = None
    speakers: tuple[str, ...] = ()
    # A hand-written talk's rich blocks (model.Image, Table, Code, Quote, Columns), drawn in
    # the body beside the bullets, and the author's own notes for the slide (Markdown):
    blocks: tuple[Block, ...] = ()
    author_notes: str | None = None
    text_share: float = 1.0  # the part of the body's width the bullets take when blocks share it
    # The layout it is drawn in (plan/layouts.py chooses it from the content; a template may
    # ask for one), the facts that layout needs, and, once fitted, its drawing:
    layout: Layout = "bullets"
    layout_asked: bool = False  # the template asked for it (a warning if it cannot be drawn)
    layout_refused: str = ""  # a layout the template asked for that cannot show this kind of slide
    people: tuple[Person, ...] = ()  # a roster's speakers, a question's answerers
    steps: tuple[str, ...] = ()  # a divider's progress strip: every part's title
    design: Design | None = None  # None: title and bullets in the layout's placeholders
    fill: float = 0.0  # how much of the body its content spans, 0..1 (see fill_of)
    space_before: float | None = None  # ems between points when a sparse list is spread out

    @property
    def role(self) -> str:
        return ROLE.get(self.kind, "content")


_SLIDE_FIELDS = frozenset(f.name for f in fields(Slide))


def evolve(slide: Slide, **changes: Any) -> Slide:
    """`dataclasses.replace(slide, **changes)` without running `__init__` again: a Slide has
    27 fields and no `__post_init__`, and planning a 1,000-slide deck replaces slides about
    8,000 times (31 µs each through `replace`, 5 µs here)."""
    unknown = changes.keys() - _SLIDE_FIELDS
    if unknown:
        raise TypeError(f"Slide has no field {sorted(unknown)[0]!r}")
    new = object.__new__(Slide)
    new.__dict__.update(slide.__dict__)
    new.__dict__.update(changes)
    return new


@dataclass(frozen=True)
class Frames:
    """The text boxes of one layout, in points, as the theme defines them, and where they
    sit on the slide (designed layouts draw in the content layout's body box)."""

    title: fit.Frame
    body: fit.Frame | None = None
    title_box: Rect | None = None
    body_box: Rect | None = None
    slide: tuple[float, float] = (960.0, 540.0)  # the slide's width and height


@dataclass(frozen=True)
class DeckPlan:
    slides: list[Slide]
    warnings: list[str] = field(default_factory=list)


class Part(TypedDict):
    """One part a presenter talks through (see deck_parts). A mapping, as the deck template
    and a user's templates have always read it (`part.title`, `part["sections"]`)."""

    key: str  # the part's heading, or `#I` for a section that is a part of its own
    title: str
    sections: list[Section]
    first: int  # the 0-based index of its first section in the episode
    speakers: list[str]  # the ids its sections show the views of, in order
    questions: int
    divider: bool  # False when every section is an intro, a roster or a summary


# Sections that get no divider slide of their own part.
_QUIET = frozenset({SectionKind.INTRO, SectionKind.ROSTER, SectionKind.SUMMARY})


def deck_parts(episode: Episode) -> list[Part]:
    """Sections grouped into the parts a presenter talks through: a named part (專家觀點)
    holds its sections; any other section is a part of its own."""
    groups: list[tuple[str, str, list[Section], int]] = []  # key, title, sections, first
    for i, section in enumerate(episode.sections):
        if section.part and groups and groups[-1][0] == section.part:
            groups[-1][2].append(section)
            continue
        groups.append((section.part or f"#{i}", section.part or section.title, [section], i))
    return [_part(*group) for group in groups]


def _part(key: str, title: str, sections: list[Section], first: int) -> Part:
    speakers = [s.speaker for s in sections if s.speaker]
    speakers += [sp for s in sections for t in s.topics for sp in t.speakers]
    return Part(
        key=key,
        title=title,
        sections=sections,
        first=first,
        speakers=list(dict.fromkeys(speakers)),
        questions=sum(len(s.questions) for s in sections),
        divider=not all(s.kind in _QUIET for s in sections),
    )


def units(episode: Episode, parts: list[Part] | None = None) -> dict[str, Unit]:
    """Every unit id a deck template may give a slide, with what it shows: `title`, `agenda`,
    `closing`, `part-P`, `section-S`, `topic-S-T` and `question-S-Q` (S is the section's
    1-based index, T and Q 1-based within it)."""
    parts = deck_parts(episode) if parts is None else parts
    found = {"title": Unit("title", 0), "agenda": Unit("agenda", 0), "closing": Unit("closing")}
    for p, part in enumerate(parts, 1):
        found[f"part-{p}"] = Unit("divider", p)
        for i, section in enumerate(part["sections"], part["first"] + 1):
            flat = "summary" if section.kind is SectionKind.SUMMARY else "content"
            found[f"section-{i}"] = Unit("roster" if section.kind is SectionKind.ROSTER else flat, p, i)
            for t, topic in enumerate(section.topics, 1):
                kind, speakers = (
                    ("viewpoint", (section.speaker,)) if section.speaker else (flat, topic.speakers)
                )
                found[f"topic-{i}-{t}"] = Unit(kind, p, i, t, speakers=speakers)
            for q, question in enumerate(section.questions, 1):
                found[f"question-{i}-{q}"] = Unit("question", p, i, question=question.number)
    return found


def check_slide_count(
    episode: Episode, frames: dict[str, Frames], templates: Templates = Templates()
) -> None:
    """Refuse, before any planning, a source whose deck surely has more than MAX_SLIDES
    slides. The bundled template puts every point of every section but the roster and the
    Q&A on a content slide; each takes at least a line at the smallest body size, so a slide
    holds at most so many of them. (A user's deck template may show fewer: then only the
    planned slides are counted.)"""
    if templates.user_has(TEMPLATE):
        return
    body = frames["content"].body
    if body is None:
        return
    pitch, gap = body.line_spacing * BODY_MIN_PT, body.space_before * BODY_MIN_PT
    per_slide = math.floor((body.height_pt - 2 * body.inset_v_pt + gap) / (pitch + gap) + 1e-6)
    if per_slide < 1:
        return
    points = 0
    for section in episode.sections:
        if section.kind in (SectionKind.ROSTER, SectionKind.QA):
            continue
        stack = [p for t in section.topics for p in t.points]
        while stack:
            point = stack.pop()
            points += bool(point.text.strip())
            stack.extend(point.children)
    least = 2 + math.ceil(points / per_slide)  # and the title and closing slides
    if least > MAX_SLIDES:
        _too_many(episode, least)


def _too_many(episode: Episode, slides: int) -> None:
    raise SourceError(
        f"the deck would have at least {slides:,} slides, over the {MAX_SLIDES:,} limit; split the source",
        episode.source or None,
    )


def render_plan(episode: Episode, templates: Templates = Templates()) -> tuple[list[Slide], dict[str, str]]:
    """Render the deck template and read its YAML into slides (not yet fitted)."""
    import yaml  # type: ignore[import-untyped]

    from ..templating import render

    hosts = (" and " if episode.language == "en" else "、").join(episode.host.names)
    byline = " · ".join(x for x in (episode.show, hosts) if x)
    parts = deck_parts(episode)
    text = render(
        TEMPLATE,
        templates,
        episode=episode,
        parts=parts,
        byline=byline,
        section_index=list(range(1, len(episode.sections) + 1)),
    )
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UsageError(
            f"the deck template did not render valid YAML: {getattr(exc, 'problem', exc)}",
            TEMPLATE,
            mark.line + 1 if mark else None,
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("slides"), list):
        raise UsageError("the deck template must render a mapping with a `slides:` list", TEMPLATE)
    labels = {k: str(v) for k, v in (data.get("labels") or {}).items()}
    if len(data["slides"]) > MAX_SLIDES:
        _too_many(episode, len(data["slides"]))
    known = units(episode, parts)
    speakers = {s.id for s in episode.speakers}
    slides = [_slide(item, n, known, speakers) for n, item in enumerate(data["slides"], 1)]
    steps = tuple(str(p["title"]) for p in parts)
    asked = [item.get("layout") if isinstance(item, dict) else None for item in data["slides"]]
    return [
        _with_layout(_with_rich_content(slide, episode), episode, steps, ask, n)
        for n, (slide, ask) in enumerate(zip(slides, asked, strict=True), 1)
    ], labels


def _with_layout(slide: Slide, episode: Episode, steps: tuple[str, ...], asked: object, n: int) -> Slide:
    """The slide with the facts its layout needs (found by identity) and the layout chosen
    for it, or the one the template asked for."""
    from . import layouts

    ids = [i for b in slide.bullets for i in b.speakers]
    people = tuple(
        layouts.person(sp, episode)
        for sp in (episode.speaker(i) for i in dict.fromkeys(ids))
        if sp is not None
    )
    slide = evolve(slide, people=people, steps=steps if slide.kind == "divider" else ())
    points = [(b.full_text, b.level, b.lead) for b in slide.bullets]
    chosen = layouts.choose(slide.kind, points, slide.blocks, len(people))
    wanted = layouts.requested(asked, f"slide {n} of the deck template")
    if wanted is not None:
        shows = layouts.SHOWS[wanted]
        if shows is not None and slide.kind not in shows:
            return evolve(slide, layout=chosen, layout_asked=True, layout_refused=wanted)
        return evolve(slide, layout=wanted, layout_asked=True)
    return evolve(slide, layout=chosen)


# Bullets beside blocks take this share of the body's width; an image with a width hint
# ({width=40%}) takes its share instead.
TEXT_SHARE = 0.5


def _with_rich_content(slide: Slide, episode: Episode) -> Slide:
    """The topic's blocks and the author's notes, found by the slide's identity (section,
    topic), never by its wording."""
    if slide.section is None or slide.topic is None:
        return slide
    topic = episode.sections[slide.section - 1].topics[slide.topic - 1]
    if not topic.blocks and not topic.notes:
        return slide
    share = 1.0
    beside = [b for b in topic.blocks if not (isinstance(b, Image) and b.background)]
    if beside:
        widths = [b.width for b in beside if isinstance(b, Image) and b.width]
        share = (1 - max(widths)) if widths else TEXT_SHARE
        share = share if slide.bullets else 0.0
    return evolve(slide, blocks=topic.blocks, author_notes=topic.notes, text_share=max(0.0, min(1.0, share)))


def _slide(item: object, n: int, known: dict[str, Unit], speakers: set[str]) -> Slide:
    """One rendered slide, its identity taken from its unit. A slide without a unit is the
    template's own (it says its kind and shows no part of the episode)."""
    where = f"slide {n} of the deck template"
    if not isinstance(item, dict):
        raise UsageError(f"{where}: a slide must be a mapping", TEMPLATE)
    kind = item.get("kind")
    if item.get("unit") is not None:
        unit = known.get(str(item["unit"]))
        if unit is None:
            raise UsageError(
                f"{where}: unknown unit {str(item['unit'])!r} (the episode has title, agenda, "
                "closing, part-P, section-S, topic-S-T and question-S-Q)",
                TEMPLATE,
            )
        if kind is not None and kind != unit.kind:
            raise UsageError(f"{where}: unit {item['unit']} is a {unit.kind} slide, not {kind}", TEMPLATE)
        name = str(item["unit"])
    elif kind not in KINDS:
        raise UsageError(f"{where}: `kind` must be one of {', '.join(KINDS)}", TEMPLATE)
    else:
        unit, name = Unit(kind), f"slide-{n}"
    bullets: list[Bullet] = []
    if item.get("tag"):
        bullets.append(Bullet(str(item["tag"]), lead=True))
    for b in item.get("bullets") or []:
        if not isinstance(b, dict) or not (b.get("text") or b.get("label")):
            continue
        bullets.append(
            Bullet(
                str(b.get("text") or ""),
                min(int(b.get("level") or 0), 1),
                str(b.get("label") or ""),
                bool(b.get("lead")),
                _speaker_ids(b, speakers, where),
                _runs(b, where),
            )
        )
    return Slide(
        unit.kind,
        str(item.get("title") or ""),
        name,
        str(item.get("subtitle") or ""),
        tuple(bullets),
        part=unit.part,
        section=unit.section,
        topic=unit.topic,
        question=unit.question,
        speakers=unit.speakers,
    )


_RUN_KEYS = {"text", "strong", "emphasis", "code", "strike", "url"}


def _runs(bullet: dict[Any, Any], where: str) -> tuple[Run, ...]:
    """The styled runs a bullet names, when they spell exactly its text (a template that
    rewrote the text keeps its wording, drawn plain)."""
    items = bullet.get("runs") or ()
    if not isinstance(items, (list, tuple)) or not all(isinstance(i, dict) for i in items):
        raise UsageError(
            f"{where}: a bullet's `runs` must be a list of mappings (from `point|runs`)", TEMPLATE
        )
    runs = []
    for item in items:
        unknown = set(item) - _RUN_KEYS
        if unknown or not isinstance(item.get("text"), str):
            raise UsageError(
                f"{where}: a run needs `text` and may have {', '.join(sorted(_RUN_KEYS - {'text'}))}",
                TEMPLATE,
            )
        url = item.get("url")
        runs.append(
            Run(
                item["text"],
                bool(item.get("strong")),
                bool(item.get("emphasis")),
                bool(item.get("code")),
                bool(item.get("strike")),
                str(url) if url and str(url).lower().startswith(SAFE_LINK_SCHEMES) else None,
            )
        )
    if "".join(r.text for r in runs) != str(bullet.get("text") or ""):
        return ()
    return tuple(runs)


def _speaker_ids(bullet: dict[Any, Any], known: set[str], where: str) -> tuple[str, ...]:
    ids = bullet.get("speakers") or ()
    if isinstance(ids, str) or not isinstance(ids, (list, tuple)):
        raise UsageError(f"{where}: a bullet's `speakers` must be a list of speaker ids", TEMPLATE)
    unknown = [str(i) for i in ids if str(i) not in known]
    if unknown:
        raise UsageError(f"{where}: a bullet names {unknown[0]!r}, not a speaker id of the episode", TEMPLATE)
    return tuple(dict.fromkeys(str(i) for i in ids))


def fit_slides(
    slides: list[Slide], frames: dict[str, Frames], continued: str, episode: Episode | None = None
) -> DeckPlan:
    """Size every title and body; lay designed slides out; split bodies that do not fit at
    the minimum size. Stops as soon as there are more than MAX_SLIDES (naming the episode's
    source)."""
    out: list[Slide] = []
    warnings: list[str] = []
    for slide in (piece for planned in slides for piece in _table_pieces(planned, frames, continued)):
        for fitted in _fit_slide(slide, frames, continued, warnings):
            out.append(evolve(fitted, fill=fill_of(fitted, frames)))
            if len(out) > MAX_SLIDES and episode is not None:
                _too_many(episode, len(out))
    return DeckPlan([evolve(s, number=n) for n, s in enumerate(out, 1)], warnings)


def _fit_slide(
    slide: Slide, frames: dict[str, Frames], continued: str, warnings: list[str]
) -> Iterator[Slide]:
    """One planned slide fitted to its layout: itself, or it and its continuations (made one
    at a time, so fit_slides stops at the limit without fitting the rest)."""
    layout = frames[slide.role]
    title_max = COVER_TITLE_PT if slide.role == "title" else TITLE_PT
    title_pt, short = fit.fit_title(slide.title, layout.title, title_max, TITLE_MIN_PT)
    if short is not None:
        warnings.append(f"slide title shortened to fit: {slide.title!r}")
    slide = evolve(slide, title=short or slide.title, title_pt=title_pt)
    refused = slide.layout_refused
    if slide.layout != "bullets":
        designed = _designed(slide, frames, continued)
        if designed is not None:
            if refused:
                warnings.append(_refusal(slide.title, refused, slide.layout))
            yield from designed
            return
        refused = refused or (slide.layout if slide.layout_asked else "")
        slide = evolve(slide, layout="bullets")
    if refused:
        warnings.append(_refusal(slide.title, refused, "bullets"))
    if slide.role != "content" or not slide.bullets:
        yield _fit_subtitle(slide, layout)
    else:
        yield from _fit_body(slide, layout, continued, warnings)


def _refusal(title: str, asked: str, drawn: str) -> str:
    return f"“{title}”: the `{asked}` layout cannot show this slide; drawn as {drawn}"


def _designed(slide: Slide, frames: dict[str, Frames], continued: str) -> list[Slide] | None:
    """The slide drawn in its layout (a roster of more than MAX_CARDS speakers continued on
    more slides), or None when the layout cannot hold it."""
    from . import arrange

    area = frames["content"].body_box
    if area is None:
        return None
    if slide.layout == "progress":
        if slide.part is None or not slide.steps:
            return None
        here = frames[slide.role]
        top = max(b.bottom for b in (here.title_box, here.body_box) if b is not None) + arrange.GAP
        strip = Rect(area.x, top, area.w, frames["content"].slide[1] * 0.9 - top)
        design = arrange.progress(slide.steps, slide.part, strip, _faces(frames))
        return [_fit_subtitle(evolve(slide, design=design), here)] if design else None
    if slide.layout == "cards":
        return _cards(slide, area, frames, continued)
    people = {p.id: p for p in slide.people}
    quote = next((b for b in slide.blocks if isinstance(b, Quote)), None)
    faces = _faces(frames)
    design = {
        "qa": lambda: arrange.qa(slide.bullets, people, area, faces),
        "statement": lambda: arrange.statement(slide.bullets, area, faces),
        "quote": lambda: (
            arrange.statement(slide.bullets, area, faces, (quote.text, quote.attribution or ""))
            if quote
            else None
        ),
        "figure": lambda: arrange.figures(slide.bullets, area, faces),
        "numbered": lambda: arrange.numbered(slide.bullets, area, faces),
        "comparison": lambda: arrange.comparison(slide.bullets, area, faces),
    }[slide.layout]()
    return [evolve(slide, design=design)] if design else None  # blocks stay: the narration reads them


def _faces(frames: dict[str, Frames]) -> arrange.Faces:
    """The typefaces designed slides are measured in: the theme's heading font (its titles')
    and its body font (the content layout's body)."""
    from . import arrange

    content = frames["content"]
    return arrange.Faces(content.title.face, content.body.face if content.body else content.title.face)


def _cards(slide: Slide, area: Rect, frames: dict[str, Frames], continued: str) -> list[Slide] | None:
    from . import arrange
    from .layouts import MAX_CARDS

    if not slide.people:
        return None
    count = math.ceil(len(slide.people) / MAX_CARDS)
    per = math.ceil(len(slide.people) / count)  # 10 speakers: 5 and 5, not 8 and 2
    out: list[Slide] = []
    for i in range(count):
        people = slide.people[i * per : (i + 1) * per]
        design = arrange.cards(people, area, _faces(frames))
        if design is None:
            return None
        ids = {p.id for p in people}
        piece = evolve(
            slide,
            people=people,
            design=design,
            bullets=tuple(b for b in slide.bullets if set(b.speakers) & ids),
        )
        if i:
            size, short = fit.fit_title(
                slide.title, frames[slide.role].title, TITLE_PT, TITLE_MIN_PT, suffix=continued
            )
            piece = evolve(piece, title=short or slide.title + continued, title_pt=size, continued=True)
        out.append(piece)
    return out


# Slides that are meant to hold little: covers, dividers, one statement or quote.
DELIBERATELY_SPARSE = frozenset({"statement", "quote", "progress"})


def emptiest_slide(slides: list[Slide]) -> Slide | None:
    """The content slide whose content spans the least of its body (covers, dividers and
    statement or quote slides are sparse on purpose and not counted)."""
    counted = [
        s
        for s in slides
        if s.role == "content" and s.layout not in DELIBERATELY_SPARSE and (s.bullets or s.design)
    ]
    return min(counted, key=lambda s: (s.fill, s.number), default=None)


def fill_of(slide: Slide, frames: dict[str, Frames]) -> float:
    """How much of its body a slide's content spans: the height its points take over the
    body's height, or, for a designed slide, the area its drawing's bounding box covers over
    the body's area. 1.0 for slides of pictures and tables, whose boxes take what they need."""
    body = frames[slide.role].body
    if slide.design is not None:
        area = frames["content"].body_box
        rects = [i.rect for i in slide.design.items]
        if area is None or not rects:
            return 0.0
        w = max(r.right for r in rects) - min(r.x for r in rects)
        h = max(r.bottom for r in rects) - min(r.y for r in rects)
        return round(min(1.0, (w * h) / (area.w * area.h)), 3)
    if slide.blocks or slide.role != "content" or body is None:
        return 1.0
    paras = [fit.Para(b.full_text, b.level, bold=b.measured_bold) for b in slide.bullets]
    if not paras:
        return 0.0
    if slide.space_before is not None:
        body = replace(body, space_before=slide.space_before)
    return round(min(1.0, fit.paragraphs_height(paras, slide.body_pt, body) / body.height_pt), 3)


def _fit_subtitle(slide: Slide, layout: Frames) -> Slide:
    if slide.subtitle and layout.body:
        size, sub = fit.fit_title(slide.subtitle, layout.body, SUBTITLE_PT, SUBTITLE_MIN_PT)
        slide = evolve(slide, subtitle=sub or slide.subtitle, subtitle_pt=size)
    return slide


def _fit_body(slide: Slide, layout: Frames, continued: str, warnings: list[str]) -> Iterator[Slide]:
    """A content slide's points sized to its body, split onto continuation slides when they
    do not fit at the smallest size."""
    if layout.body is None:  # a theme whose content layout has only a title (theme.py allows it)
        raise UsageError("the theme's layout for content slides has no body placeholder for the points")
    paras = [
        fit.Para(
            b.full_text,
            b.level,
            bold=b.measured_bold,
            mono=fit.monospace_spans(((r.text, r.code) for r in b.runs), len(b.label)),
        )
        for b in slide.bullets
    ]
    body = replace(layout.body, width_pt=layout.body.width_pt * slide.text_share)  # beside blocks: narrower
    chunks = fit.split_to_fit(paras, body, BODY_PT, BODY_MIN_PT)
    if len(chunks) > 1:
        chunks = fit.split_to_fit(paras, body, BODY_PT, CONTINUED_MIN_PT)
    elif chunks and chunks[0][1] >= BODY_PT and not slide.blocks and _sparse(paras, body):
        chunks = [(chunks[0][0], fit.fit_size(paras, body, BODY_MAX_PT, BODY_PT) or BODY_PT)]
        slide = evolve(slide, space_before=_spread(paras, chunks[0][1], body))
    if len(chunks) > 1:
        warnings.append(f"“{slide.title}” continues on {len(chunks) - 1} more slide(s)")
    pieces = _Pieces(slide.bullets)
    for i, (chunk, size) in enumerate(chunks):
        bullets = tuple(pieces.take(p) for p in chunk)
        title, title_size = slide.title, slide.title_pt
        if i:
            # A long title is shortened before the marker, so every continuation says so.
            title_size, short = fit.fit_title(
                slide.title, layout.title, TITLE_PT, TITLE_MIN_PT, suffix=continued
            )
            title = short or slide.title + continued
        piece = evolve(
            slide, title=title, bullets=bullets, body_pt=size, continued=i > 0, title_pt=title_size
        )
        # the blocks and the author's notes go with the first part
        yield piece if i == 0 else evolve(piece, blocks=(), text_share=1.0, author_notes=None)


# Ems between the points of a sparse list, tried in turn until the list spans SPARSE of the body.
SPREAD = (0.6, 0.8, 1.0, 1.2)


def _spread(paras: list[fit.Para], size: float, body: fit.Frame) -> float | None:
    """The space between points that spreads a sparse list over the body (None: the
    theme's own spacing, for a single point or when it already spans enough)."""
    if len(paras) < 2 or fit.paragraphs_height(paras, size, body) >= SPARSE * body.height_pt:
        return None
    chosen = None
    for space in SPREAD:
        frame = replace(body, space_before=space)
        if not fit.fits(paras, size, frame):
            break
        chosen = space
        if fit.paragraphs_height(paras, size, frame) >= SPARSE * body.height_pt:
            break
    return chosen


def _sparse(paras: list[fit.Para], body: fit.Frame) -> bool:
    """Points that span under SPARSE of the body at the usual size (they get larger type)."""
    return fit.paragraphs_height(paras, BODY_PT, body) < SPARSE * body.height_pt


def _table_pieces(slide: Slide, frames: dict[str, Frames], continued: str) -> list[Slide]:
    """A slide whose table does not fit its body even at the smallest table size, as that
    slide and continuation slides, the header row repeated on each."""
    from ..deck.fit.tables import fit_table, rows_per_slide

    tables = [b for b in slide.blocks if isinstance(b, Table)]
    body = frames[slide.role].body
    if len(tables) != 1 or len(slide.blocks) != 1 or body is None:
        return [slide]
    table = tables[0]
    width = body.width_pt * (1 - slide.text_share if slide.bullets else 1)
    if fit_table(table, width, body.height_pt, body.face) is not None:
        return [slide]
    pieces: list[Slide] = []
    start = 0
    for n, count in enumerate(rows_per_slide(table, width, body.height_pt, body.face)):
        part = replace(table, rows=table.rows[start : start + count])
        start += count
        piece = evolve(slide, blocks=(part,))
        if n:
            piece = evolve(
                piece,
                title=slide.title + continued,
                bullets=(),
                text_share=1.0,
                author_notes=None,
                continued=True,
            )
        pieces.append(piece)
    return pieces


def _slice(source: Bullet, at: int, text: str) -> tuple[Run, ...]:
    """The runs of the piece `text` of a cut bullet, found at `at` in its full text (label
    included); empty when the bullet had none."""
    if not source.runs or not text:
        return ()
    start = source.text.find(text, max(0, at - len(source.label)))
    if start < 0:
        return ()
    end, pos = start + len(text), 0
    out: list[Run] = []
    for run in source.runs:
        lo, hi = max(start, pos), min(end, pos + len(run.text))
        if lo < hi:
            out.append(replace(run, text=run.text[lo - pos : hi - pos]))
        pos += len(run.text)
    return tuple(out)


class _Pieces:
    """Maps fitted paragraphs back onto the bullets they came from, in order. A bullet the
    fitter had to cut in pieces keeps its label on the first piece only."""

    def __init__(self, bullets: tuple[Bullet, ...]) -> None:
        self.bullets, self.index, self.offset = bullets, 0, 0

    def take(self, para: fit.Para) -> Bullet:
        while self.index < len(self.bullets):
            source = self.bullets[self.index]
            full = source.full_text
            at = full.find(para.text.strip(), self.offset) if para.text.strip() else -1
            if at < 0:
                self.index, self.offset = self.index + 1, 0
                continue
            first = self.offset == 0 and at <= len(source.label)
            self.offset = at + len(para.text.strip())
            if self.offset >= len(full.rstrip()):
                self.index, self.offset = self.index + 1, 0
            if first and para.text.strip() == full.strip():
                return source
            if first and source.label and para.text.startswith(source.label):
                text = para.text[len(source.label) :]
                return replace(source, text=text, runs=_slice(source, at, text))
            return Bullet(para.text, source.level, "", source.lead, runs=_slice(source, at, para.text))
        return Bullet(para.text, para.level)
