"""Parsing notes, including every malformed shape the real corpus has (WARTS.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE, needs_shared

from kb.notes import NoteError, load_episode, parse_note

EN = '<details>\n<summary>View/Hide Original English</summary>\n<p class="english-text">{}</p>\n</details>'


def note(body: str, front: str = "title: 测试\ndate: '2025-01-02'") -> str:
    return f"---\n{front}\n---\n\n{body}\n"


def pairs(text: str) -> list[tuple[str, str]]:
    return [(p.zh, p.en) for p in parse_note(text, "x.md").paragraphs]


def test_chinese_paragraph_pairs_with_the_english_that_follows():
    text = note(
        f"### 开场\n\n营收增长了。\n\n{EN.format('Revenue grew.')}\n\n利润下降。\n\n{EN.format('Profit fell.')}"
    )
    episode = parse_note(text, "notes/Ab3-x_Yz9Qw.md")
    assert episode.id == "Ab3-x_Yz9Qw"
    assert [(p.number, p.heading, p.zh, p.en) for p in episode.paragraphs] == [
        (1, "开场", "营收增长了。", "Revenue grew."),
        (2, "开场", "利润下降。", "Profit fell."),
    ]


def test_line_numbers_point_into_the_file():
    text = note(f"### 开场\n\n营收增长了。\n\n{EN.format('Revenue grew.')}")
    assert [p.line for p in parse_note(text, "x.md").paragraphs] == [8]


@pytest.mark.parametrize(
    "front, field, expected",
    [
        ("tags:\n- ai-bubble\n- Canada", "tags", ("ai-bubble", "canada")),
        ("tags: '[]'", "tags", ()),
        ("tags:", "tags", ()),
        ("tags: ai, 芯片", "tags", ("ai", "芯片")),
        ("companies_orgs:\n- '\"Nvidia\"'\n- “Google”", "companies", ("Nvidia", "Google")),
        ("companies:\n- Shopify", "companies", ("Shopify",)),
        ("companies_orgs: '[]'\ncompanies:\n- AMD", "companies", ("AMD",)),
        ("people: null", "people", ()),
        ("products_models: H100", "products", ("H100",)),
        ("date: 2025-10-31", "date", "2025-10-31"),
        ("date: '2026-08-08'", "date", "2026-08-08"),
        ("date: 2025/3/9", "date", "2025-03-09"),
        ("draft: 'false'", "draft", False),
        ("draft: 'true'", "draft", True),
        ("exclude: true", "exclude", True),
        ('title: "\\"美股 信号\\""', "title", "美股 信号"),
        ("title: “重塑软件”", "title", "重塑软件"),
        ("speaker: ''", "speaker", ""),
    ],
)
def test_front_matter_fields_are_normalised(front, field, expected):
    episode = parse_note(note("正文。", front), "x.md")
    assert getattr(episode, field) == expected


def test_an_unreadable_date_is_a_warning_not_an_error():
    episode = parse_note(note("正文。", "date: someday"), "x.md")
    assert episode.date is None
    assert "someday" in episode.warnings[0]


def test_front_matter_fenced_with_four_dashes():
    text = '----\ntitle: "四条横线"\ntags:\n  - "a"\n----\n\n### 一\n\n正文。\n'
    episode = parse_note(text, "x.md")
    assert (episode.title, episode.tags, [p.zh for p in episode.paragraphs]) == (
        "四条横线",
        ("a",),
        ["正文。"],
    )


def test_without_front_matter_the_title_is_the_first_heading_else_the_file_name():
    assert parse_note("## 第一个标题\n\n正文。\n", "x.md").title == "第一个标题"
    assert parse_note("只有正文。\n", "dir/--R5xlV9KHE.md").title == "--R5xlV9KHE"


def test_invalid_yaml_names_the_line():
    with pytest.raises(NoteError) as caught:
        parse_note("---\ntitle: ok\ntags: [a, b\nspeaker: x\n---\n正文\n", "bad.md")
    assert (caught.value.path, caught.value.line) == ("bad.md", 3)
    assert "not valid YAML" in str(caught.value)


def test_unclosed_front_matter_is_an_error():
    with pytest.raises(NoteError, match="no closing"):
        parse_note("---\ntitle: ok\n\n正文\n", "bad.md")


def test_summary_closed_by_p():
    body = '黄金上涨。\n\n<details>\n<summary>View/Hide Original English</p>\n<p class="english-text">Gold rose.</p>\n</details>'
    assert pairs(note(body)) == [("黄金上涨。", "Gold rose.")]


def test_bare_markdown_english_and_speaker_labels():
    body = "**Tracy:** 我认为营收会增长。\n\n<details>\n<summary>Original English</summary>\n**Tracy:** I think revenue\nwill grow.\n</details>\n\n**Joe**: 同意。\n\n<details>\n<summary>Original English</summary>\n**Joe**: Agreed.\n</details>"
    paragraphs = parse_note(note(body), "x.md").paragraphs
    assert [(p.speaker, p.zh, p.en) for p in paragraphs] == [
        ("Tracy", "我认为营收会增长。", "I think revenue will grow."),
        ("Joe", "同意。", "Agreed."),
    ]


@pytest.mark.parametrize(
    "label", ["**[Matt]**: ", "Amit：", "Speaker 0: ", "> **Mackenzie Sagalas:** "]
)
def test_other_speaker_labels(label):
    speaker, zh = [
        (p.speaker, p.zh) for p in parse_note(note(f"{label}你好。"), "x.md").paragraphs
    ][0]
    assert zh == "你好。" and speaker in label


def test_details_glued_to_its_paragraph():
    body = '中文段落。\n<details>\n<summary>View/Hide Original English</summary>\n<p class="english-text">English.</p>\n</details>'
    assert pairs(note(body)) == [("中文段落。", "English.")]


def test_br_and_hard_line_breaks_inside_english_become_spaces():
    english = EN.format("first line<br>second line and a\nwrapped subtitle")
    body = f"中文。\n\n{english}"
    assert pairs(note(body)) == [("中文。", "first line second line and a wrapped subtitle")]


def test_nested_details_holding_the_next_chinese_paragraph():
    body = (
        "**Steve**: 真的吗？\n\n<details>\n<summary>Original English</summary>\n**Steve**: Really?\n\n"
        "<details>\n<summary>Original English</summary>\n**Steve**: 什么是粪便移植？\n\n<details>\n"
        "<summary>Original English</summary>\n**Steve**: What is a fecal transplant?\n</details>"
    )
    assert pairs(note(body)) == [
        ("真的吗？", "Really?"),
        ("什么是粪便移植？", "What is a fecal transplant?"),
    ]


def test_doubled_details_opening():
    body = "在困难时期。\n\n<details>\n<details>\n<summary>Original English</summary>\nIn hard times.\n</details>"
    assert pairs(note(body)) == [("在困难时期。", "In hard times.")]


def test_unclosed_details_does_not_swallow_the_rest_of_the_note():
    body = (
        "第一段。\n\n<details>\n<summary>View/Hide Original English</summary>\n"
        '<p class="english-text">First.</p>\n\n第二段。\n\n' + EN.format("Second.")
    )
    assert pairs(note(body)) == [("第一段。", "First."), ("第二段。", "Second.")]


def test_unclosed_details_at_the_end():
    body = '最后一段。\n\n<details>\n<summary>Original English</summary>\n<p class="english-text">Last.'
    assert pairs(note(body)) == [("最后一段。", "Last.")]


def test_stray_closing_details_is_ignored():
    assert pairs(note("中文。\n</details>\n\n再一段。")) == [("中文。", ""), ("再一段。", "")]


def test_paragraph_without_translation_and_translation_without_paragraph():
    body = f"### 标题\n{EN.format('Orphan English.')}\n\n孤立的中文。\n\n有翻译的中文。\n\n{EN.format('Translated.')}"
    assert pairs(note(body)) == [
        ("", "Orphan English."),
        ("孤立的中文。", ""),
        ("有翻译的中文。", "Translated."),
    ]


def test_headings_of_any_level_glued_to_text():
    body = "# 一级\n文字一。\n\n#### 四级\n文字二。\n\n#不是标题"
    paragraphs = parse_note(note(body), "x.md").paragraphs
    assert [(p.heading, p.zh) for p in paragraphs] == [
        ("一级", "文字一。"),
        ("四级", "文字二。"),
        ("四级", "#不是标题"),
    ]


def test_english_block_that_holds_chinese_is_kept():
    body = f"你好。\n\n{EN.format('hello大家好<br>欢迎回来')}"
    assert pairs(note(body)) == [("你好。", "hello大家好 欢迎回来")]


def test_english_only_note():
    assert pairs(note("A Turkish entrepreneur said hello.")) == [
        ("A Turkish entrepreneur said hello.", "")
    ]


def test_emphasis_and_entities_are_removed_from_text_but_glossaries_are_kept():
    body = "**CoreWeave**（一家GPU云公司）的**RPO**（Remaining Performance Obligation: 剩余履约义务）达到**500亿美元**，S&amp;P上涨。"
    episode = parse_note(note(body), "x.md")
    assert episode.paragraphs[0].zh == (
        "CoreWeave（一家GPU云公司）的RPO（Remaining Performance Obligation: 剩余履约义务）达到500亿美元，S&P上涨。"
    )
    assert episode.glossary == (
        ("CoreWeave", "一家GPU云公司"),
        ("RPO", "Remaining Performance Obligation: 剩余履约义务"),
    )


def test_byte_order_mark_and_invalid_utf8(tmp_path: Path):
    path = tmp_path / "-bom.md"
    path.write_bytes("\ufeff".encode() + note("第一行。\n\n坏字节").encode() + b"\xff\xfe!\n")
    episode = load_episode(path)
    assert episode.id == "-bom" and episode.title == "测试"
    assert episode.paragraphs[1].zh == "坏字节\n\ufffd\ufffd!"
    assert episode.warnings == (f"{path}:9: invalid UTF-8, replaced by U+FFFD; re-save as UTF-8",)


def test_binary_file_is_refused(tmp_path: Path):
    path = tmp_path / "x.md"
    path.write_bytes(b"\x89PNG\x00\x00")
    with pytest.raises(NoteError, match="not a text file"):
        load_episode(path)


def test_a_very_large_note():
    body = "\n\n".join(
        f"第{i}段，营收增长了{i}%。\n\n{EN.format(f'Paragraph {i}, revenue up {i}%.')}"
        for i in range(8000)
    )
    episode = parse_note(note(body), "big.md")
    assert len(episode.paragraphs) == 8000 and episode.chars > 400_000
    assert episode.paragraphs[-1].en == "Paragraph 7999, revenue up 7999%."


@needs_shared
def test_every_real_sample_note_parses():
    episodes = [load_episode(p) for p in sorted(SAMPLE.glob("*.md"))]
    assert len(episodes) == 308
    assert all(e.paragraphs for e in episodes if e.id not in {"4WlWyACh9Gc", "Jm7n_74Wh6Y"})
    fenced = next(e for e in episodes if e.id == "Atw2h2qCL4o")
    assert fenced.title == "亲历微软史上首次裁员：从内部创业到“带薪休假”的六个月"
    assert "Microsoft" in fenced.companies and not fenced.paragraphs[0].zh.startswith("title")
