"""`deckcast check`: lint a deck before it is shown — a source's deck (built in memory) or
any existing .pptx. Text that overflows its box or runs off the slide, shapes off the
slide, slides without speaker notes, CJK text at risk of a fallback font, runs with no
explicit size, and the slide count and reading time against targets. An existing
script.srt / script.vtt (given itself, or found beside the deck) is checked against the
subtitle rules of `subtitle_rules.py`, each broken rule named with its cue and line.

Text height is re-estimated with the fitter's own model (`deck/fit.py`) from what the XML
says: the runs' sizes, the frame's insets, paragraph margins, line and paragraph spacing.
For a deckcast deck every one of those is explicit, so the estimate is the fitter's; for a
hand-made deck the inherited values are approximated, and a near miss is only a warning."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .build import Options
from .deck import fit
from .errors import Diagnostic, UsageError

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = f"{{{A}}}"
EMU_PT = 12700
DEFAULT_SIZE_PT = 18.0  # DrawingML's size for a run nobody gives one
TOLERANCE_PT = 0.5  # rounding slack for the height and edge checks
APPROXIMATE_SLACK = 1.10  # an estimate built on inherited values errs by this much

# East Asian typefaces found on (nearly) every machine that shows slides in Chinese: Windows,
# macOS, or installed with LibreOffice / Noto. Matched case-insensitively as a prefix, so
# "Microsoft JhengHei UI" and "Noto Sans CJK TC Bold" count too.
COMMON_CJK_FONTS = (
    "microsoft jhenghei",
    "microsoft yahei",
    "微軟正黑體",
    "微软雅黑",
    "pingfang tc",
    "pingfang sc",
    "pingfang hk",
    "蘋方",
    "苹方",
    "noto sans cjk",
    "noto serif cjk",
    "noto sans tc",
    "noto sans sc",
    "source han sans",
    "source han serif",
    "思源黑體",
    "思源黑体",
    "heiti tc",
    "heiti sc",
    "hiragino sans",
    "dengxian",
    "等线",
    "pmingliu",
    "mingliu",
    "新細明體",
    "細明體",
    "simsun",
    "宋体",
    "simhei",
    "黑体",
)
FALLBACK_HINT = "Microsoft JhengHei / YaHei, PingFang TC/SC or Noto Sans CJK"


@dataclass(frozen=True)
class Targets:
    """What the deck should come to. Reading rates None: the episode's voice for a source,
    260 CJK characters / 150 words a minute (the bundled voices' rate) for a .pptx, unless
    `Options.voice` names a voice."""

    max_slides: int = 40
    min_slides: int = 5
    minutes: float | None = None  # target reading time, ±10 %
    cjk_per_minute: float | None = None
    words_per_minute: float | None = None


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    slide: int | None  # 1-based slide number; None: the deck as a whole
    message: str
    where: str = ""  # instead of the slide: a subtitle file's `PATH:LINE: cue N`

    def __str__(self) -> str:
        where = self.where or (f"slide {self.slide}" if self.slide else "deck")
        return f"{where}: {self.severity}: {self.message}"


class _Findings:
    """What a report with `findings` says about them."""

    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


@dataclass
class CheckReport(_Findings):
    path: Path  # what was checked: the source or the .pptx
    slides: int
    reading_seconds: float  # all speaker notes read aloud
    rates: tuple[float, float]  # (CJK characters, words) a minute used for reading_seconds
    targets: Targets
    findings: list[Finding] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per finding (`PATH: slide N: error: …`, or for the subtitles beside the
        deck `SUBTITLES:LINE: cue N: error: …`), then a summary line."""
        out = [str(f) if f.where else f"{self.path}: {f}" for f in self.findings]
        cjk, words = self.rates
        verdict = "ok" if self.ok else "FAILED"
        out.append(
            f"{self.path}: {self.slides} slides, reading time {_clock(self.reading_seconds)} "
            f"(at {cjk:g} CJK characters / {words:g} words a minute): {verdict}, "
            f"{_count(len(self.errors), 'error')}, {_count(len(self.warnings), 'warning')}"
        )
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def check(path: Path, options: Options = Options(), targets: Targets = Targets()) -> CheckReport:
    """Lint PATH: a .pptx/.potx deck as it is, or a source, whose deck is planned, narrated
    and written in memory with `options` (theme, templates, voice, chinese, minutes) exactly
    as `deckcast build` would. Raises UsageError for a file that is neither, SourceError for a
    source that cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    if _is_subtitles(path):
        return check_subtitles(path)
    findings: list[Finding] = []
    rates = None
    if _is_deck(path):
        from .deck.template import open_presentation

        prs = open_presentation(path, "PowerPoint deck")
    else:
        prs, rates, notes = _deck_of_source(path, options)
        findings += [Finding("warning", None, n) for n in notes]
    cjk, words = _rates(targets, options, rates)
    findings += lint(prs)
    if _is_deck(path):  # the subtitles a build wrote beside it
        for name in ("script.srt", "script.vtt"):
            if (path.parent / name).is_file():
                findings += subtitle_findings(path.parent / name)
    seconds = reading_time(prs, cjk, words)
    findings += _target_findings(len(prs.slides), seconds, targets)
    return CheckReport(path, len(prs.slides), seconds, (cjk, words), targets, findings)


def lint(prs) -> list[Finding]:
    """The per-slide findings for a python-pptx Presentation, in slide order."""
    width, height = prs.slide_width, prs.slide_height
    fonts = _theme_fonts(prs)
    out: list[Finding] = []
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            out += _geometry(n, shape, width, height)
            if shape.has_text_frame and shape.text_frame.text.strip():
                out += _overflow(n, shape, width, height)
            out += _runs(n, shape, fonts)
        if not _notes_text(slide).strip():
            out.append(Finding("error", n, "no speaker notes (the narration of the slide goes there)"))
    return out


def reading_time(prs, cjk_per_minute: float = 260.0, words_per_minute: float = 150.0) -> float:
    """Seconds to read every slide's notes aloud, as the narration counts them."""
    from .plan.narration import reading_seconds
    from .plan.voice import Voice

    voice = Voice("check", "en", "", "", cjk_per_minute, words_per_minute)
    return sum(reading_seconds(_notes_text(slide), voice) for slide in prs.slides)


# --------------------------------------------------------------------------- subtitles


@dataclass
class SubtitleReport(_Findings):
    """`deckcast check script.srt`: the rules each cue breaks, then a summary line."""

    path: Path
    cues: int
    length: float  # where the last cue ends, seconds
    findings: list[Finding] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per finding (`PATH:LINE: cue N: error: …`), then a summary line."""
        verdict = "ok" if self.ok else "FAILED"
        return [str(f) for f in self.findings] + [
            f"{self.path}: {_count(self.cues, 'cue')}, ending at {_clock(self.length)}: {verdict}, "
            f"{_count(len(self.errors), 'error')}, {_count(len(self.warnings), 'warning')}"
        ]

    def __str__(self) -> str:
        return "\n".join(self.lines())


def check_subtitles(path: Path) -> SubtitleReport:
    """Check an existing .srt or .vtt against the subtitle rules."""
    cues, _ = _subtitles(path)
    return SubtitleReport(path, len(cues), max((c.end for c in cues), default=0.0), subtitle_findings(path))


def subtitle_findings(path: Path) -> list[Finding]:
    """Every subtitle rule the file breaks, as errors located `PATH:LINE: cue N`."""
    from .subtitle_rules import violations

    cues, problems = _subtitles(path)
    if not cues and not problems:
        problems = [_no_cues()]
    out = []
    for v in sorted(problems + violations(cues), key=lambda v: (v.line, v.cue or 0)):
        where = f"{path}:{v.line}" + (f": cue {v.cue}" if v.cue else "")
        out.append(Finding("error", None, v.message, where))
    return out


def _subtitles(path: Path):
    from .subtitle_rules import parse

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"subtitles are not UTF-8 text: {exc}", str(path)) from None
    return parse(text)


def _no_cues():
    from .subtitle_rules import Violation

    return Violation(None, 1, "format", "no cues")


def _is_subtitles(path: Path) -> bool:
    if path.suffix.lower() in (".srt", ".vtt"):
        return True
    with path.open("rb") as handle:
        return handle.read(9).lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT")


# --------------------------------------------------------------------------- the deck


def _is_deck(path: Path) -> bool:
    if path.suffix.lower() in (".pptx", ".potx", ".pptm"):
        return True
    if path.suffix.lower() in (".md", ".markdown", ".txt"):
        return False
    with path.open("rb") as handle:  # by content: a zip with a presentation part
        if handle.read(4) != b"PK\x03\x04":
            return False
    try:
        with zipfile.ZipFile(path) as z:
            return "ppt/presentation.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


def _deck_of_source(path: Path, options: Options):
    """The deck `deckcast build --only deck` would write, opened in memory; the voice's
    reading rates; and the warnings met on the way."""
    from pptx import Presentation

    from .plan.production import produce
    from .readers import read_episode
    from .writers.deck import write_deck

    episode, diagnostics = read_episode(
        path, chinese=options.chinese, max_bytes=int(options.max_source_mb * 1024 * 1024)
    )
    production = produce(
        episode, options.theme, options.templates, options.voice, options.minutes, options.paper
    )
    data = write_deck(production.slides, episode, production.theme)
    notes = [d.message for d in diagnostics if isinstance(d, Diagnostic) and d.level == "warning"]
    notes += list(production.warnings)
    voice = production.voice
    return Presentation(io.BytesIO(data)), (voice.cjk_per_minute, voice.words_per_minute), notes


def _rates(targets: Targets, options: Options, episode_rates) -> tuple[float, float]:
    cjk, words = episode_rates or (260.0, 150.0)
    if episode_rates is None and options.voice:
        from .plan.voice import available_voices, load_voice

        wanted = options.voice
        voices = available_voices(options.templates)
        found = (
            Path(wanted)
            if Path(wanted).suffix in (".yaml", ".yml") or Path(wanted).is_file()
            else voices.get(wanted)
        )
        if found is None or not found.is_file():
            raise UsageError(f"--voice: no voice named '{wanted}' (available: {', '.join(sorted(voices))})")
        voice = load_voice(found)
        cjk, words = voice.cjk_per_minute, voice.words_per_minute
    return targets.cjk_per_minute or cjk, targets.words_per_minute or words


def _notes_text(slide) -> str:
    if not slide.has_notes_slide:
        return ""
    frame = slide.notes_slide.notes_text_frame
    return frame.text if frame is not None else ""


def _target_findings(count: int, seconds: float, targets: Targets) -> list[Finding]:
    out = []
    if count > targets.max_slides:
        out.append(
            Finding(
                "error", None, f"{count} slides, more than the {targets.max_slides} allowed (--max-slides)"
            )
        )
    if count < targets.min_slides:
        out.append(
            Finding(
                "error", None, f"{count} slides, fewer than the {targets.min_slides} required (--min-slides)"
            )
        )
    if targets.minutes:
        from .plan.narration import TOLERANCE

        goal = targets.minutes * 60
        low, high = goal * (1 - TOLERANCE), goal * (1 + TOLERANCE)
        if not low <= seconds <= high:
            side = "longer" if seconds > high else "shorter"
            out.append(
                Finding(
                    "error",
                    None,
                    f"reading time {_clock(seconds)} is {side} than the {targets.minutes:g}-minute "
                    f"target allows ({_clock(low)}–{_clock(high)}, ±10%)",
                )
            )
    return out


# --------------------------------------------------------------------------- geometry


def _geometry(n: int, shape, width: int, height: int) -> list[Finding]:
    box = (shape.left, shape.top, shape.width, shape.height)
    if None in box:
        return []
    left, top, w, h = box
    right, bottom = left + w, top + h
    slack = TOLERANCE_PT * EMU_PT
    if right <= 0 or bottom <= 0 or left >= width or top >= height:
        return [Finding("error", n, f"{_name(shape)} is entirely off the slide ({_where(shape)})")]
    edges = [
        name
        for name, out in (
            ("left", left < -slack),
            ("top", top < -slack),
            ("right", right > width + slack),
            ("bottom", bottom > height + slack),
        )
        if out
    ]
    if not edges:
        return []
    has_text = shape.has_text_frame and shape.text_frame.text.strip()
    # a picture bleeding off an edge can be deliberate; text cut off never is
    return [
        Finding(
            "error" if has_text else "warning",
            n,
            f"{_name(shape)} runs off the {' and '.join(edges)} edge of the slide ({_where(shape)})",
        )
    ]


def _where(shape) -> str:
    return (
        f"at {shape.left / EMU_PT:.0f},{shape.top / EMU_PT:.0f} pt, "
        f"{shape.width / EMU_PT:.0f}×{shape.height / EMU_PT:.0f} pt"
    )


def _name(shape) -> str:
    text = shape.text_frame.text.strip() if shape.has_text_frame else ""
    return f'"{shape.name}"' + (f" ({_sample(text)})" if text else "")


def _sample(text: str, n: int = 16) -> str:
    text = " ".join(text.split())
    return f"“{text[:n]}…”" if len(text) > n else f"“{text}”"


# --------------------------------------------------------------------------- text height


@dataclass
class _Estimate:
    height: float = 0.0  # points, insets included
    widest: float = 0.0  # widest line (wrap="none"), points
    exact: bool = True  # False when some value was inherited and approximated
    too_wide: bool = False  # a single glyph or word wider than the line


def _overflow(n: int, shape, slide_w: int, slide_h: int) -> list[Finding]:
    bodies = _body_chain(shape)
    if any(b.get("vert") not in (None, "horz") for b in bodies[:1]):
        return []  # vertical text: not modelled
    insets = _insets(shape)
    scale, spacing_cut, autofit = 1.0, 0.0, "none"
    for body_pr in bodies:  # the first frame in the chain that says how it fits wins
        if body_pr.find(f"{_A}spAutoFit") is not None:
            autofit = "grow"
        elif body_pr.find(f"{_A}normAutofit") is not None:
            norm = body_pr.find(f"{_A}normAutofit")
            autofit = "shrink"
            scale = int(norm.get("fontScale", "100000")) / 100000
            spacing_cut = int(norm.get("lnSpcReduction", "0")) / 100000
        elif body_pr.find(f"{_A}noAutofit") is None:
            continue
        break
    wrap = next((b.get("wrap") for b in bodies if b.get("wrap")), "square")
    wraps = wrap != "none"
    box_w, box_h = shape.width / EMU_PT, shape.height / EMU_PT
    estimate = _estimate(shape, box_w - insets[0] - insets[2], wraps, scale, spacing_cut)
    estimate.height += insets[1] + insets[3]
    out = []
    if not wraps:
        right = shape.left / EMU_PT + insets[0] + estimate.widest
        if right > slide_w / EMU_PT + TOLERANCE_PT:
            out.append(
                Finding(
                    "error",
                    n,
                    f"{_name(shape)}: a line of text does not wrap and runs "
                    f"{right - slide_w / EMU_PT:.0f} pt off the right edge of the slide",
                )
            )
    if autofit == "grow":  # the box grows with its text: only the slide's edge counts
        bottom = shape.top / EMU_PT + estimate.height
        if bottom > slide_h / EMU_PT + TOLERANCE_PT:
            out.append(
                Finding(
                    "error",
                    n,
                    f"{_name(shape)}: the box grows with its text and runs "
                    f"{bottom - slide_h / EMU_PT:.0f} pt off the bottom of the slide",
                )
            )
        return out
    over = estimate.height - box_h
    if over <= TOLERANCE_PT and not estimate.too_wide:
        return out
    detail = (
        f"text about {estimate.height:.0f} pt tall in a {box_h:.0f} pt box"
        if over > TOLERANCE_PT
        else "a word is wider than the box"
    )
    if autofit == "shrink":
        out.append(
            Finding(
                "warning",
                n,
                f"{_name(shape)}: {detail}; it relies on shrink text on overflow, "
                f"which each viewer applies differently",
            )
        )
    elif estimate.exact or estimate.height > box_h * APPROXIMATE_SLACK or estimate.too_wide:
        out.append(Finding("error", n, f"{_name(shape)}: text overflows its box ({detail})"))
    else:
        out.append(
            Finding(
                "warning",
                n,
                f"{_name(shape)}: text may overflow its box ({detail}, "
                f"estimated with percentage line spacing)",
            )
        )
    return out


def _placeholder_chain(shape) -> list:
    """The placeholder and those it inherits from (slide -> layout -> master); [] for others."""
    if not shape.is_placeholder:
        return []
    from .deck.ooxml import placeholder_chain

    try:
        return placeholder_chain(shape)
    except (AttributeError, KeyError, ValueError):
        return [shape]


def _body_chain(shape) -> list:
    """`a:bodyPr` of the shape and of the placeholders it inherits from, nearest first."""
    elements = [ph._element for ph in _placeholder_chain(shape)] or [shape._element]
    found = [el.find(f".//{_A}bodyPr") for el in elements]
    return [b for b in found if b is not None]


def _level_styles(shape, level: int) -> list:
    """The list-level styles (`a:lvlNpPr`) a paragraph at `level` inherits, nearest first: the
    shape's and its layout's and master's placeholders' own list styles, then the master's
    title/body/other text style (a placeholder) or the presentation's default text style."""
    tag = f"{_A}lvl{min(level, 8) + 1}pPr"
    out = []
    chain = _placeholder_chain(shape) or [shape]
    for ph in chain:
        out.append(ph._element.find(f".//{_A}lstStyle/{tag}"))
    try:
        if shape.is_placeholder:
            from pptx.enum.shapes import PP_PLACEHOLDER

            kind = shape.placeholder_format.type
            style = (
                "titleStyle"
                if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
                else "bodyStyle"
                if kind
                in (
                    PP_PLACEHOLDER.BODY,
                    PP_PLACEHOLDER.OBJECT,
                    PP_PLACEHOLDER.SUBTITLE,
                    PP_PLACEHOLDER.VERTICAL_BODY,
                    PP_PLACEHOLDER.VERTICAL_OBJECT,
                )
                else "otherStyle"
            )
            master = shape.part.slide_layout.slide_master
            out.append(master._element.find(f"{{{P}}}txStyles/{{{P}}}{style}/{tag}"))
        else:
            pres = shape.part.package.presentation_part._element
            out.append(pres.find(f"{{{P}}}defaultTextStyle/{tag}"))
    except (AttributeError, KeyError, ValueError):
        pass
    return [el for el in out if el is not None]


def _insets(shape) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in points, as the nearest frame in the chain says."""
    out = []
    for name, default in (("lIns", 91440), ("tIns", 45720), ("rIns", 91440), ("bIns", 45720)):
        value = next((int(b.get(name)) for b in _body_chain(shape) if b.get(name) is not None), default)
        out.append(value / EMU_PT)
    return out[0], out[1], out[2], out[3]


def _estimate(shape, width: float, wraps: bool, scale: float, spacing_cut: float) -> _Estimate:
    est = _Estimate()
    paras = shape._element.findall(f".//{_A}p")
    styles_by_level: dict[int, list] = {}
    for i, p in enumerate(paras):
        ppr = p.find(f"{_A}pPr")
        level = int(ppr.get("lvl", "0")) if ppr is not None else 0
        if level not in styles_by_level:
            styles_by_level[level] = _level_styles(shape, level)
        styles = ([ppr] if ppr is not None else []) + styles_by_level[level]
        inherited = _inherited_size(styles)
        sizes, bold, text = [], False, []
        for child in p:
            tag = child.tag.rsplit("}", 1)[-1]
            if tag in ("r", "fld"):
                rpr = child.find(f"{_A}rPr")
                sizes.append(_run_size(rpr) or inherited)
                bold = bold or (rpr is not None and rpr.get("b") == "1")
                text.append(child.findtext(f"{_A}t", ""))
            elif tag == "br":
                text.append("\n")
        if not sizes:  # an empty paragraph still takes a line, at its end-of-paragraph size
            sizes.append(_run_size(p.find(f"{_A}endParaRPr")) or inherited)
        size = max(sizes) * scale  # one size per paragraph in a deckcast deck; else the largest
        if len(set(sizes)) > 1:
            est.exact = False
        margin = next((int(s.get("marL")) / EMU_PT for s in styles if s.get("marL") is not None), 0.0)
        body = "".join(text)
        usable = width - margin
        if wraps and usable > 0:
            lines = fit.wrap(body, size, usable, bold=bold)
            est.too_wide = est.too_wide or any(
                fit.text_width(line, size, bold=bold) > usable + 0.01 for line in lines
            )
        else:
            lines = body.split("\n")
            est.widest = max(
                [est.widest] + [margin + fit.text_width(line, size, bold=bold) for line in lines]
            )
        pitch, exact = _spacing(styles, "lnSpc", size, line=True)
        if spacing_cut and not exact:
            pitch *= 1 - spacing_cut
        est.exact = est.exact and exact
        est.height += len(lines) * pitch
        if i:  # PowerPoint ignores the space before the first paragraph
            est.height += _spacing(styles, "spcBef", size)[0]
        if i < len(paras) - 1:
            est.height += _spacing(styles, "spcAft", size)[0]
    return est


def _run_size(rpr) -> float | None:
    return int(rpr.get("sz")) / 100 if rpr is not None and rpr.get("sz") else None


def _inherited_size(styles: list) -> float:
    """The size a run without one takes: the nearest level style's `a:defRPr`, else 18 pt."""
    for style in styles:
        size = _run_size(style.find(f"{_A}defRPr"))
        if size:
            return size
    return DEFAULT_SIZE_PT


def _spacing(styles: list, tag: str, size: float, line: bool = False) -> tuple[float, bool]:
    """(points, exact) of lnSpc / spcBef / spcAft, from the nearest style that sets it. A
    percentage of a line is taken of 1.2 em (Arial's line; a CJK font's is taller, so such an
    estimate is not exact); no spacing anywhere: 100 %."""
    for style in styles:
        el = style.find(f"{_A}{tag}")
        if el is None:
            continue
        pts = el.find(f"{_A}spcPts")
        if pts is not None:
            return int(pts.get("val", "0")) / 100, True
        pct = el.find(f"{_A}spcPct")
        if pct is not None:
            return int(pct.get("val", "100000")) / 100000 * size * 1.2, not line
    return (1.2 * size, False) if line else (0.0, True)


# --------------------------------------------------------------------------- runs


def _theme_fonts(prs) -> dict[str, str]:
    """+mj-ea / +mn-ea -> the theme's East Asian typefaces ('' when it names none)."""
    from .deck.template import theme_fonts

    try:
        fonts = theme_fonts(prs)
    except (KeyError, ValueError, IndexError):
        return {}
    return {"+mj-ea": fonts["major"][1], "+mn-ea": fonts["minor"][1]}


def _is_common_cjk_font(name: str) -> bool:
    low = name.strip().lower()
    return bool(low) and low.startswith(COMMON_CJK_FONTS)


def _runs(n: int, shape, fonts: dict[str, str]) -> list[Finding]:
    no_ea, odd_ea, no_size = [], {}, []
    for r in shape._element.iter(f"{_A}r", f"{_A}fld"):
        text = r.findtext(f"{_A}t", "")
        if not text.strip():
            continue
        rpr = r.find(f"{_A}rPr")
        if rpr is None or not rpr.get("sz"):
            no_size.append(text)
        if not any(fit.is_cjk(ch) for ch in text):
            continue
        ea = rpr.find(f"{_A}ea") if rpr is not None else None
        face = ea.get("typeface", "") if ea is not None else ""
        if face.startswith("+"):
            face = fonts.get(face, "")
        if ea is None or not face:
            no_ea.append(text)
        elif not _is_common_cjk_font(face):
            odd_ea.setdefault(face, []).append(text)
    out = []
    if no_ea:
        out.append(
            Finding(
                "warning",
                n,
                f"{_name(shape)}: {_count(len(no_ea), 'run')} of CJK text "
                f"({_sample(no_ea[0])}) with no East Asian typeface (a:ea): the viewer "
                f"picks a fallback font; set one such as {FALLBACK_HINT}",
            )
        )
    for face, texts in odd_ea.items():
        out.append(
            Finding(
                "warning",
                n,
                f"{_name(shape)}: {_count(len(texts), 'run')} of CJK text "
                f"({_sample(texts[0])}) set in “{face}”, not a CJK font most machines have: "
                f"they will show a fallback (common ones: {FALLBACK_HINT})",
            )
        )
    if no_size:
        out.append(
            Finding(
                "warning",
                n,
                f"{_name(shape)}: {_count(len(no_size), 'run')} "
                f"({_sample(no_size[0])}) with no explicit size: the size comes from "
                f"the layout and may change with the theme",
            )
        )
    return out


# --------------------------------------------------------------------------- text


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
