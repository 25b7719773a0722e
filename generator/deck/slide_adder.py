"""Adding slides and their notes to a python-pptx presentation in constant time per slide.

python-pptx's own `Slides.add_slide` and `Slide.notes_slide` produce exactly the parts we
want, but each new slide costs time proportional to the slides already there: the new
presentation-to-slide relationship is checked against every existing one (grouped afresh
by type for each check), the next slide id is the max over all `p:sldId`, and every new
notes slide is named by walking all the package's parts. On a 1,500-slide deck that was
most of the writer's time, and it grew with the square of the deck.

`SlideAdder` does the same steps with the state kept between slides: the next slide id,
the notes-slide names already taken, and the knowledge that a part created a moment ago
has no relationship yet. The result is byte-for-byte the same package (tested against
the public API). It uses python-pptx internals (`_add_relationship`, `_add_sldId`); when
those are missing in some other python-pptx version it falls back to the public API.
"""

from __future__ import annotations

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.slide import SlidePart

_SLIDE_PARTNAME = "/ppt/slides/slide%d.xml"
_NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"
_MAX_SLIDE_ID = 2147483647


class SlideAdder:
    def __init__(self, prs, *, fast: bool = True):
        self._prs = prs
        self._part = prs.part
        self._ids = prs.slides._sldIdLst
        self.fast = fast and all(hasattr(x, name) for x, name in (
            (self._part.rels, "_add_relationship"), (self._ids, "_add_sldId"),
            (self._part.package, "next_partname"), (self._part.package, "iter_parts")))
        if not self.fast:
            return
        used = [int(x) for x in self._ids.xpath("./p:sldId/@id")]
        self._next_id = max([255] + used) + 1
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
        partname = PackURI(_SLIDE_PARTNAME % (len(self._ids) + 1))
        slide_part = SlidePart.new(partname, self._part.package, layout.part)
        # The part was made a moment ago, so no relationship to it can exist yet.
        rel_id = self._part.rels._add_relationship(RT.SLIDE, slide_part)
        slide = slide_part.slide
        slide.shapes.clone_layout_placeholders(layout)
        self._ids._add_sldId(id=self._next_id, rId=rel_id)
        self._next_id += 1
        return slide
