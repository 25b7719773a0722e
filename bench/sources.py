"""Generated benchmark sources, shaped like the seed transcript (an LLM-cleaned summary of a
Chinese video-podcast episode): assistant chatter, an intro with the host's greeting, a core
topic, a roster, parts that group numbered viewpoint sections (labelled topics with points
and nested sub-points, now and then a joint discussion), audience Q&A, a summary with the
sign-off, and chatter after it.

    transcript_source(500)        # exactly 500 sections as `deckcast inspect` counts them
    generated_source(500_000)     # about 500 KB (bench.parse)

Text is built from phrase pools with a seeded random generator: deterministic, varied
enough that nothing is a repeat of one line, mostly Traditional with a few Simplified
passages (as in the seed) so the Chinese-script normalisation has work to do.
"""

from __future__ import annotations

import random

SPEAKERS = [
    ("林怡君", "Lin Yijun", "研究方向為對齊微調"),
    ("陳志明", "Chen Zhiming", "鑽研大模型可解釋性"),
    ("王美玲", "Wang Meiling", "負責社會影響研究"),
    ("張家豪", "Zhang Jiahao", "對齊科學負責人，前研究院員工。"),
    ("黃思涵", "Huang Sihan", "專注於紅隊測試與模型評估"),
    ("李承翰", "Li Chenghan", "研究強化學習與獎勵建模"),
]
HOST_LINES = [
    "大家好，這裡是科技早知道，我是阿哲。",
    "本期探討大模型對齊與安全評估，以及研究者如何看待這些挑戰。",
]
PART_THEMES = [
    "對齊方法",
    "可解釋性",
    "可擴展監督",
    "評估與紅隊",
    "社會影響",
    "獎勵建模",
    "模型穩健性",
    "治理與標準",
    "多智能體系統",
    "長期風險",
]
TOPIC_LABELS = [
    "對齊的理解",
    "價值觀植入",
    "對齊的迭代優化",
    "可擴展監督的研究方向",
    "可解釋性研究",
    "評估方法的局限",
    "紅隊測試的經驗",
    "獎勵模型的偏差",
    "模型的穩健性",
    "如何區分表面對齊與深度對齊",
    "資料品質的影響",
    "部署之後的監測",
    "對前一位專家觀點的回應",
    "未來一年的研究重點",
    "開源與安全的權衡",
]
SUBJECTS = [
    "模型",
    "研究團隊",
    "對齊研究",
    "這種方法",
    "可解釋性工具",
    "評估流程",
    "紅隊測試",
    "獎勵模型",
    "監督信號",
    "訓練資料",
    "部署後的監測",
    "整個系統",
    "人類回饋",
    "多智能體協作",
    "長期決策",
]
VERBS = ["需要", "應該", "往往會", "可以通過", "很難", "正在嘗試", "傾向於", "必須先", "不一定能", "逐步學會"]
OBJECTS = [
    "在不確定性中權衡不同的價值觀",
    "先確保系統良好運行，再迭代優化",
    "理解模型為什麼在多個合理選項中做出特定選擇",
    "識別內部各個組成部分並驗證解釋的可靠性",
    "觀察大量的樣例來判斷行為是否一致",
    "在個體需求與集體利益之間找到平衡",
    "建立紅隊與藍隊的對抗性驗證機制",
    "把複雜任務拆解成可以審查的步驟",
    "讓模型參與自我監督以審查龐大的對話記錄",
    "發現看似善意卻帶有欺騙性的特徵",
    "在長期決策中保持可預測的行為",
    "避免過早宣稱問題已經解決",
    "借助較弱的模型監督較強的模型",
    "在真實世界的獨立活動中確保安全性",
    "讓評估結果可以被外部重現",
]
TAILS = [
    "",
    "",
    "",
    "，這是目前最務實的做法",
    "，但代價是訓練成本明顯上升",
    "，否則很難建立信任",
    "，這一點在實驗中已經得到初步驗證",
    "，反之亦然",
    "（也就是所謂的超級對齊問題）",
    "，例如在生物研究或程式碼生成的場景",
]
SIMPLIFIED = [
    "这提醒我们直接告诉模型做对人类最有利的事情，可能会带来意想不到的收获",
    "应该通过合理地设置检查点来监测模型能力的变化",
    "激活的神经元模式在不同话题之间是相似的",
]
QUESTIONS = [
    "通過API來構建多智能體的思辨系統，卻因為對齊機制的限制而停滯不前，該怎麼辦？",
    "模型如何與社會進行互動關聯，以及如何應對系統性的附帶效應？",
    "如果在座各位的研究都成功了，是否就構成解決AI安全的完整方案？",
    "開源模型的普及會讓對齊研究變得更難還是更容易？",
    "一般使用者能做些什麼來判斷一個模型是否可信？",
]


class _Text:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.n = 0

    def sentence(self) -> str:
        r = self.rng
        self.n += 1
        if r.random() < 0.04:
            return r.choice(SIMPLIFIED) + "。"
        text = f"{r.choice(SUBJECTS)}{r.choice(VERBS)}{r.choice(OBJECTS)}{r.choice(TAILS)}"
        if r.random() < 0.3:
            text += f"，{r.choice(SUBJECTS)}{r.choice(VERBS)}{r.choice(OBJECTS)}"
        return text + "。"


def _viewpoint(t: _Text, lines: list[str], number: int) -> None:
    r = t.rng
    if r.random() < 0.12:  # now and then the experts discuss together
        lines += ["", f"**{number}. 幾位專家共同探討**", ""]
        for _ in range(r.randint(2, 3)):
            lines.append(f"*   **{r.choice(TOPIC_LABELS)}：**{t.sentence()}")
        return
    name, alt, _ = SPEAKERS[r.randrange(len(SPEAKERS))]
    lines += ["", f"**{number}. {name}（{alt}）**", ""]
    for label in r.sample(TOPIC_LABELS, r.randint(2, 4)):
        lines.append(f"*   **{label}：**")
        for _ in range(r.randint(1, 4)):
            lines.append(f"    *   {t.sentence()}")
            if r.random() < 0.2:
                lines += [f"        *   {t.sentence()}" for _ in range(r.randint(1, 2))]


def transcript_source(
    sections: int, seed: int = 2024, part_size: int = 8, questions: int | None = None
) -> str:
    """A transcript with exactly `sections` sections (intro, core topic, roster, Q&A and
    summary are five of them; the rest are viewpoints and discussions in parts of
    `part_size`, numbered within each part). Parts are empty bold headings, which the
    reader does not count. (Numbering straight through would reach `1000.`, which the
    reader's numbered-heading pattern, `\\d{1,3}`, does not take for a heading.)"""
    if sections < 6:
        raise ValueError("a generated transcript has at least 6 sections")
    t = _Text(seed)
    lines = [
        "好的，我將盡力將文稿整理得更清晰、更有條理。",
        "",
        "**整理後的文稿：**",
        "",
        "**引言**",
        "",
        *[f"*   {x}" for x in HOST_LINES],
        "",
        "**核心議題：大模型對齊到底有多難？**",
        "",
        f"*   {t.sentence()}",
        "",
        "**專家介紹**",
        "",
    ]
    lines += [f"*   **{n}（{a}）：**{role}" for n, a, role in SPEAKERS]
    views = sections - 5
    for i in range(views):
        if i % part_size == 0:
            theme = PART_THEMES[(i // part_size) % len(PART_THEMES)]
            lines += ["", f"**第{i // part_size + 1}部分：{theme}**"]
        _viewpoint(t, lines, i % part_size + 1)  # numbered within the part, as LLMs do
    lines += ["", "**觀眾提問環節**", ""]
    # At most 20 questions: from about 25 on, the one-page handout cannot fit the Q&A digest
    # and the whole build fails (measured with deckcast at 76a441b).
    for q in range(questions if questions is not None else max(3, min(sections // 25, 20))):
        lines.append(f"*   **問題 {q + 1}：** {QUESTIONS[q % len(QUESTIONS)]}")
        for name, _, _ in t.rng.sample(SPEAKERS, t.rng.randint(1, 2)):
            lines.append(f"    *   **{name}的回應：**{t.sentence()}{t.sentence()}")
    lines += ["", "**總結**", ""]
    lines += [f"*   {t.sentence()}" for _ in range(3)]
    lines += [
        "*   感謝大家的觀看，我們下期再見",
        "",
        "**改进说明：**",
        "",
        "*   **结构化：** 使用了标题、子标题和项目符号，使内容层次分明。",
        "",
        "希望这个整理后的版本对您有帮助!",
        "",
    ]
    return "\n".join(lines)


def generated_source(target_bytes: int) -> str:
    """A transcript-shaped source of about target_bytes (at least that many)."""
    low, high = 6, 6
    while len(transcript_source(high).encode()) < target_bytes:
        low, high = high, high * 2
    while low < high:
        mid = (low + high) // 2
        if len(transcript_source(mid).encode()) < target_bytes:
            low = mid + 1
        else:
            high = mid
    return transcript_source(high)
