"""generator/readers/chinese_script.py: `--chinese` converts the words of every block a reader
made and leaves what is not prose as written, so the markup reads as the same runs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markup.inline import parse_inline, verbatim_spans
from generator.readers.blocks import Bullet
from generator.readers.chinese_script import convert_blocks
from generator.readers.markdown import ColumnBlock, ColumnsBlock, ImageBlock, TableBlock


def spans(text: str) -> list[str]:
    return [text[a:b] for a, b in verbatim_spans(text)]


def test_verbatim_spans_are_code_targets_and_autolinks():
    text = '见 `代码` 和 [文档](https://例子.com/文档 "标题") 与 ![图](图片.png) <https://a.cn/简>'
    assert spans(text) == ["`代码`", "https://例子.com/文档", "图片.png", "<https://a.cn/简>"]
    assert spans("``a` b`` c `d") == ["``a` b``"]  # a run closes at the next of its length
    assert spans("[w](https://en.wikipedia.org/wiki/A_(b)) x") == ["https://en.wikipedia.org/wiki/A_(b)"]
    assert spans("`代码 [a](b) 还是代码`") == ["`代码 [a](b) 还是代码`"]  # overlapping: one span
    assert spans("只有文字，没有标记") == []


def test_every_rich_text_is_converted_and_nothing_verbatim():
    table = TableBlock(["实践", "`开关` 数量"], [["主干开发", "[说明](https://例子.com/说明)"]], ["", ""], 3)
    image = ImageBlock("图表.png", "发布时间的图表", "发布时间", {}, 5)
    columns = ColumnsBlock([ColumnBlock(None, [Bullet("速度与反馈", 8, 0)], 7)], 7)
    convert_blocks([table, image, columns], "zh-Hant")
    assert table.header == ["實踐", "`开关` 數量"]
    assert table.rows == [["主幹開發", "[說明](https://例子.com/说明)"]]
    assert (image.src, image.alt, image.title) == ("图表.png", "發布時間的圖表", "發布時間")
    assert columns.columns[0].blocks[0].text == "速度與反饋"


WORDS = ["发布", "说明", "团队", "变更", "检查", "软件", "开关", "图表", " ", "，", "。", "a"]
MARKUP = [
    "**",
    "*",
    "`",
    "``",
    "~~",
    "[",
    "](",
    ")",
    "](https://例子.com/说明)",
    "<https://a.cn/简>",
    "\\",
    "_",
]


@given(st.lists(st.sampled_from(WORDS + MARKUP), min_size=1, max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_converted_markdown_reads_as_the_same_runs(text):
    bullet = Bullet(text, 1, 0)
    convert_blocks([bullet], "zh-Hant")
    before, after = parse_inline(text), parse_inline(bullet.text)
    assert [r.text for r in after.runs if r.code] == [r.text for r in before.runs if r.code]
    assert [r.url for r in after.runs] == [r.url for r in before.runs]
    styles = [(r.strong, r.emphasis, r.code, r.strike) for r in before.runs]
    assert [(r.strong, r.emphasis, r.code, r.strike) for r in after.runs] == styles
    assert spans(bullet.text) == spans(text)
