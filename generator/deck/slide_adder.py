"""Adding slides and their notes to a python-pptx presentation in constant time per slide.

python-pptx's own `Slides.add_slide` and `Slide.notes_slide` produce exactly the parts we
want, but each new slide costs time proportional to the slides already there: the new
presentation-to-slide relationship is checked against every existing one (grouped afresh
by type for each check), the next slide id is the max over all `p:sldId`, and every new
notes slide is named by walking all the package's parts. On a 1,500-slide deck that was
most of the writer's time, and it grew with the square of the deck.

`SlideAdder` does the same steps with the state kept between slides: the next slide id,
the notes-slide names already taken, and the knowledge that a part created a moment ago
has no relationship yet. A new slide is always the same XML for one layout (its
placeholders cloned from the layout) and a new notes slide the same for every slide (cloned
from the notes master), so each is built by python-pptx once and copied after that. A slide
whose text is all written is kept as its serialized XML rather than as a tree (`finish`):
an lxml tree costs about ten times the memory of its text. The result is byte-for-byte the same package (tested against
the public API). It uses python-pptx internals (`_add_relationship`, `_add_sldId`); when
those are missing in some other python-pptx version it falls back to the public API.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.slide import NotesSlidePart, SlidePart

_SLIDE_PARTNAME = "/ppt/slides/slide%d.xml"
_NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"
_MAX_SLIDE_ID = 2147483647


class _FinishedSlidePart(SlidePart):
    """A slide whose XML is final, held as its serialized bytes."""

    @property
    def blob(self) -> bytes:
        return self._finished_blob


class _FinishedNotesSlidePart(NotesSlidePart):
    """A notes slide whose XML is final, held as its serialized bytes."""

    @property
    def blob(self) -> bytes:
        return self._finished_blob


_FINISHED = {SlidePart: _FinishedSlidePart, NotesSlidePart: _FinishedNotesSlidePart}
# Cached python-pptx proxies (lazyproperty values) that would keep a finished part's tree alive.
_CACHED_PROXIES = ("slide", "notes_slide", "notes_master")


class SlideAdder:
    """Adds slides (`add`) and notes slides (`notes`) to `prs`, and lets go of finished ones
    (`finish`). `fast=False` uses python-pptx's public API throughout (the tests compare)."""

    def __init__(self, prs, *, fast: bool = True):
        self._prs = prs
        self._part = prs.part
        self._ids = prs.slides._sldIdLst
        self.fast = fast and all(
            hasattr(x, name)
            for x, name in (
                (self._part.rels, "_add_relationship"),
                (self._ids, "_add_sldId"),
                (self._part.package, "next_partname"),
                (self._part.package, "iter_parts"),
            )
        )
        if not self.fast:
            return
        used = [int(x) for x in self._ids.xpath("./p:sldId/@id")]
        self._next_id = max([255] + used) + 1
        self._count = len(used)
        self._blank_slides: dict[str, object] = {}  # layout partname -> new slide's XML
        self._blank_notes = None  # a new notes slide's XML
        package = self._part.package
        usual = package.next_partname
        taken: set[str] | None = None

        def next_partname(tmpl: str):  # the same names python-pptx would choose, without the walk
            nonlocal taken
            if tmpl != _NOTES_PARTNAME:
                return usual(tmpl)
            if taken is None:  # notes slides are only ever named here, so this set stays true
                prefix = tmpl.split("%d")[0]
                taken = {str(p.partname) for p in package.iter_parts() if p.partname.startswith(prefix)}
            for n in range(len(taken) + 1, 0, -1):  # python-pptx's own choice of number
                if tmpl % n not in taken:
                    taken.add(tmpl % n)
                    return PackURI(tmpl % n)
            raise AssertionError("no free notes-slide part name")  # pragma: no cover

        package.next_partname = next_partname

    def add(self, layout):
        """A new slide on `layout` with the layout's placeholders, as `slides.add_slide`."""
        if not self.fast or self._next_id > _MAX_SLIDE_ID:
            return self._prs.slides.add_slide(layout)
        self._count += 1
        partname = PackURI(_SLIDE_PARTNAME % self._count)  # python-pptx: number of slides + 1
        blank = self._blank_slides.get(layout.part.partname)
        if blank is None:
            slide_part = SlidePart.new(partname, self._part.package, layout.part)
            slide_part.slide.shapes.clone_layout_placeholders(layout)
            self._blank_slides[layout.part.partname] = copy.deepcopy(slide_part._element)
        else:
            slide_part = SlidePart(partname, CT.PML_SLIDE, self._part.package, copy.deepcopy(blank))
            slide_part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        # The part was made a moment ago, so no relationship to it can exist yet.
        rel_id = self._part.rels._add_relationship(RT.SLIDE, slide_part)
        self._ids._add_sldId(id=self._next_id, rId=rel_id)
        self._next_id += 1
        return slide_part.slide

    def notes(self, slide):
        """The slide's new notes slide, as `slide.notes_slide` makes it."""
        if not self.fast:
            return slide.notes_slide
        slide_part = slide.part
        if self._blank_notes is None:
            notes = slide.notes_slide
            self._blank_notes = copy.deepcopy(notes.part._element)
            return notes
        package = slide_part.package
        notes_part = NotesSlidePart(
            package.next_partname(_NOTES_PARTNAME),
            CT.PML_NOTES_SLIDE,
            package,
            copy.deepcopy(self._blank_notes),
        )
        notes_part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        notes_part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        return notes_part.notes_slide

    def finish(self, slide, rewrite: Callable[[bytes], bytes] | None = None) -> None:
        """Nothing more will be written on `slide` or its notes: keep them as bytes (passed
        through `rewrite`, which splices in what was written as XML text)."""
        if not self.fast:
            return
        part = slide.part
        try:
            notes_part = part.part_related_by(RT.NOTES_SLIDE)
        except KeyError:
            notes_part = None
        for finished in (part, notes_part):
            if finished is None or type(finished) not in _FINISHED:
                continue
            finished._finished_blob = rewrite(finished.blob) if rewrite else finished.blob
            finished.__class__ = _FINISHED[type(finished)]
            del finished._element
            for name in _CACHED_PROXIES:
                finished.__dict__.pop(name, None)
