"""`deckcast new`: a new episode source in the native format, every field explained, with
placeholder wording in the episode's language (templates/new/episode.md.j2 lays it out)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import UsageError

TEMPLATE = "new/episode.md.j2"


@dataclass(frozen=True)
class Wording:
    """The placeholders of one language: the title, the guest, one section of each kind."""

    title: str
    intro_title: str
    guest: str
    role: str
    intro: str
    view: str  # after the guest's name: the viewpoint section's title
    label: str
    point: str
    detail: str
    qa: str
    question: str
    ask: str
    answer: str
    summary: str
    takeaway: str
    notes: str  # what the host says on the first slide (a `::: notes` block)
    examples: str  # a part holding the slides below (a heading with no text of its own)
    table_title: str
    column: str
    number: str
    row: str
    comment: str  # the table slide's notes, as an HTML comment
    compare_title: str
    left: str
    right: str
    colon: str  # after a bold label: full-width in Chinese
    heading: str = "#"


WORDING = {
    "zh-Hant": Wording(
        title="新的一集",
        intro_title="開場",
        guest="來賓姓名",
        role="職稱或單位",
        intro="這一集要談什麼，一兩句話。",
        view="的觀點",
        label="第一個主題",
        point="一個要點：完整的一句話，可用**粗體**、*斜體*、`程式碼`和[連結](https://example.com)。",
        detail="更細的補充，可省略。",
        qa="觀眾提問",
        question="問題",
        ask="觀眾的問題。",
        answer="來賓的回答。",
        summary="總結",
        takeaway="聽眾應該記住的一件事。",
        notes="主持人在這一頁要說的話；寫了就照著念，不寫就由要點生成。",
        examples="更多呈現方式",
        table_title="一張表格",
        column="項目",
        number="數量",
        row="項目",
        comment="表格那一頁要說的話，也可以寫在註解裡。",
        compare_title="兩欄對照",
        left="左欄的要點",
        right="右欄的要點",
        colon="：",
    ),
    "zh-Hans": Wording(
        title="新的一集",
        intro_title="开场",
        guest="嘉宾姓名",
        role="职称或单位",
        intro="这一集要谈什么，一两句话。",
        view="的观点",
        label="第一个主题",
        point="一个要点：完整的一句话，可用**粗体**、*斜体*、`代码`和[链接](https://example.com)。",
        detail="更细的补充，可省略。",
        qa="观众提问",
        question="问题",
        ask="观众的问题。",
        answer="嘉宾的回答。",
        summary="总结",
        takeaway="听众应该记住的一件事。",
        notes="主持人在这一页要说的话；写了就照着念，不写就由要点生成。",
        examples="更多呈现方式",
        table_title="一张表格",
        column="项目",
        number="数量",
        row="项目",
        comment="表格那一页要说的话，也可以写在注释里。",
        compare_title="两栏对照",
        left="左栏的要点",
        right="右栏的要点",
        colon="：",
    ),
    "en": Wording(
        title="A new episode",
        intro_title="Introduction",
        guest="Guest Name",
        role="Role or affiliation",
        intro="What this episode is about, in a sentence or two.",
        view="'s view",
        label="First topic",
        point="One point, as a full sentence, with **bold**, *italic*, `code` and a [link](https://example.com).",
        detail="A finer detail (optional).",
        qa="Q&A",
        question="Question",
        ask="The audience's question.",
        answer="The guest's answer.",
        summary="Summary",
        takeaway="The one thing listeners should remember.",
        notes="What the host says on this slide; when given it is read as written, else it is made from the points.",
        examples="More ways to show it",
        table_title="A table",
        column="Item",
        number="Count",
        row="Item",
        comment="What to say on the table slide can also go in a comment.",
        compare_title="Side by side",
        left="A point on the left",
        right="A point on the right",
        colon=":",
    ),
}
LANGUAGES = tuple(WORDING)  # what `deckcast new --language` accepts; the first is the default


def new_episode(slug: str, language: str, folder: Path) -> Path:
    """Write FOLDER/SLUG.md and return its path; an existing file is never replaced."""
    from .atomic_files import write_text_atomically
    from .templating import render

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", slug):
        raise UsageError(
            f"SLUG must be letters, digits, - and _ (it names the file and the output folder): {slug!r}"
        )
    target = folder / f"{slug}.md"
    if target.exists():
        raise UsageError(f"{target} already exists; choose another SLUG")
    text = render(TEMPLATE, None, language=language, **asdict(WORDING[language]))
    write_text_atomically(target, text)
    return target
