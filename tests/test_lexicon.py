"""The bilingual lexicon: translations learned from the sample episodes' own paragraph pairs,
the dictionary behind them, and searches widened with them."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from conftest import index_notes

from kb import KnowledgeBase, NotFound, Settings
from kb.cli import cli
from kb.lexicon import cedict
from kb.lexicon.calendar import calendar_names
from kb.lexicon.learn import dictionary
from kb.lexicon.names import romanized
from kb.lexicon.table import Lexicon
from kb.models import Translation

# (word, its likeliest translation) as Model 1 learns them from data/ alone
LEARNED = [
    ("nvidia", "英伟达"),
    ("TSMC", "台积电"),
    ("vector", "向量"),
    ("database", "数据库"),
    ("market", "市场"),
    ("demand", "需求"),
    ("subsidies", "补贴"),
    ("Apple", "苹果"),
    ("营收", "revenue"),
    ("英伟达", "nvidia"),
]

SPACE_NOTE = """---
title: 太空里的算力
date: '2025-06-01'
speaker: 星际观察
---
### 开头

今天聊聊**太空数据中心**（space data center：建在轨道上的服务器集群）这个新概念。太空数据中心建设的成本很高。
"""

APART_NOTE = """---
title: 两种对象
date: '2025-06-02'
speaker: 星际观察
---
### 开头

向量是一种数学对象，有大小也有方向。

很多年以后，工程师们才发明了今天常见的关系型数据库。
"""

TOGETHER_NOTE = """---
title: 检索的基础设施
date: '2025-06-03'
speaker: 星际观察
---
### 开头

我们今天讨论向量数据库怎样支撑检索。
"""


QUILL_ENGLISH = """---
title: 一家做手写笔的初创公司
date: '2025-06-04'
companies_orgs:
- Quillfeather Labs
---
### 开头

这家公司今年完成了新一轮融资，估值翻了一倍。
"""

QUILL_CHINESE = """---
title: 手写笔赛道观察
date: '2025-06-05'
---
### 开头

**羽笔实验室**（Quillfeather Labs：一家做手写笔的初创公司）最近很受关注。

羽笔实验室的融资速度很快，投资人排着队。
"""


PINEAPPLE = """---
title: 南部的水果
date: '2025-06-06'
---
### 开头

台湾南部的菠萝产量很高，农民们说今年的菠萝特别甜。
"""

PERSON = """---
title: 一位老船长
date: '2025-06-07'
people:
- 谢明远
---
### 开头

谢明远在港口开了三十年的渡轮，今年终于退休了。
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    quill = {f"QuillZh0{n}.md": QUILL_CHINESE for n in (1, 2, 3)}  # three notes agree on the name
    return index_notes(tmp_path_factory, {"SpaceDc01.md": SPACE_NOTE, "ApartV01.md": APART_NOTE,
                                          "TogetherV1.md": TOGETHER_NOTE,
                                          "QuillEn01.md": QUILL_ENGLISH, **quill,
                                          "PineZh01.md": PINEAPPLE,
                                          "PersonZh1.md": PERSON})  # fmt: skip


def ids(result) -> list[str]:
    return [h.episode_id for h in result.hits]


@pytest.fixture(scope="module")
def kb(home):
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        yield kb


@pytest.mark.parametrize(("word", "translation"), LEARNED)
def test_translations_learned_from_the_sample_pairs(kb, word, translation):
    found = kb.translations(word)
    assert found and found[0].display == translation and found[0].origin == "notes"
    assert 0 < found[0].weight <= 1


def test_a_word_the_notes_never_translate_falls_back_to_the_dictionary(kb):
    found = kb.translations("depreciation")
    assert [t.display for t in found][:1] == ["折旧"]
    assert {t.origin for t in found} == {"dictionary"}


def test_a_dictionary_term_ranks_first_a_word_the_notes_translate_as_part_of_it():
    """物业 is in more paragraphs, but the notes translate 房地产 as "estate"."""
    learned = [Translation("zh", "房地产", "estat", "estate", 0.4, "notes")]
    pairs = SimpleNamespace(zh_paragraphs={"房地产": 10, "物业": 50, "不动产": 30})
    found = [t.translation for t in dictionary(pairs, learned, {}) if t.word == "real estat"]
    assert found[0] == "房地产" and "物业" in found


class TranslationTable:
    """The translations a store holds, by stemmed English word, as Lexicon reads them."""

    def __init__(self, rows: dict[str, list[tuple[str, float]]]):
        self.rows = rows

    def translations(self, lang: str, word: str) -> list[Translation]:
        return [Translation(lang, word, t, t, w, "notes") for t, w in self.rows.get(word, [])]


def test_a_derived_word_the_notes_seldom_translate_takes_its_bases_translations():
    lexicon = Lexicon(TranslationTable({
        "hourli": [("小时工", 0.1)], "hour": [("小时", 0.6)],
        "earli": [("早期", 0.4)], "ear": [("耳朵", 0.7)],
    }))  # fmt: skip
    assert [(t.display, round(t.weight, 2)) for t in lexicon.translations("hourly")] == [
        ("小时", 0.3),
        ("小时工", 0.1),
    ]
    assert [t.display for t in lexicon.translations("early")] == ["早期"]  # its own are strong


def test_an_english_query_finds_a_chinese_only_episode_and_says_why(kb):
    result = kb.search("stock market", limit=20)
    assert "Hn2pWc5sTfE" in ids(result)  # Chinese only: no English block at all
    widened = {w.word: w.alternatives for w in result.widened}
    assert "股市" in widened["stock market"]  # a term of two words is translated whole
    assert "Hn2pWc5sTfE" not in ids(kb.search("stock market", exact=True, limit=20))


def test_a_term_of_two_words_has_the_dictionarys_translations(kb):
    found = kb.translations("stock market")
    assert "股市" in {t.translation for t in found} and found[0].origin == "dictionary"


def test_words_a_query_does_not_hold_together_are_translated_one_by_one(kb):
    widened = {w.word: w.alternatives for w in kb.search("market stock", limit=5).widened}
    assert "股票" in widened["stock"] and "市场" in widened["market"]


def test_an_entity_named_in_english_finds_its_chinese_name(kb):
    result = kb.search("Federal Reserve", limit=20)
    assert "美联储" in {w.word: w.alternatives for w in result.widened}["Federal Reserve"]
    hit = next(h for h in result.hits if h.episode_id == "Hn2pWc5sTfE")
    assert "<mark>美联储</mark>" in hit.passages[0].highlight


@pytest.mark.parametrize("query", ["Xie Mingyuan", "Mingyuan Xie", "xie mingyuan"])
def test_a_person_the_notes_name_in_characters_is_found_by_the_pinyin(kb, query):
    result = kb.search(query, limit=5)
    assert ids(result) == ["PersonZh1"]
    assert "谢明远" in result.widened[0].alternatives


def test_a_surname_is_written_in_each_of_its_readings_and_u_umlaut_as_u():
    assert {"zeng guofan", "guofan zeng", "ceng guofan"} <= set(romanized("曾国藩"))
    assert "lu bu" in romanized("吕布")


def test_the_word_as_written_ranks_above_its_translation(sample_kb):
    result = sample_kb.search("depreciation", limit=20)
    english = [h for h in result.hits if any("depreciat" in p.en.lower() for p in h.passages)]
    assert english and ids(result)[0] == english[0].episode_id
    assert ("depreciation", "translation", ("折旧",)) in [
        (w.word, w.why, w.alternatives) for w in result.widened
    ]


def test_a_chinese_query_finds_english_passages_and_marks_the_translation(sample_kb):
    result = sample_kb.search("营收", limit=50)
    assert ("营收", "translation", ("revenue",)) in [
        (w.word, w.why, w.alternatives) for w in result.widened
    ]
    exact = sample_kb.search("营收", exact=True, limit=50)
    assert exact.widened == () and exact.total <= result.total


def test_a_near_spelling_of_one_company_also_searches_it(sample_kb):
    result = sample_kb.search("Nvida", limit=20)
    assert ("Nvida", "spelling", ("Nvidia",)) in [
        (w.word, w.why, w.alternatives) for w in result.widened
    ]
    assert "Ls0pQe4TgYn" in ids(result)
    assert sample_kb.search("Nvida", exact=True).total == 0


def test_a_name_typed_apart_is_one_name(sample_kb):
    result = sample_kb.search("Core Weave", limit=20)
    assert result.widened[0].word == "Core Weave" and "CoreWeave" in result.widened[0].alternatives
    assert "Qx7vB2mLk0s" in ids(result)


def test_most_of_a_long_query_finds_an_episode_and_names_what_it_lacks(sample_kb):
    result = sample_kb.search("Federal Reserve hawkish rate cut surprise", limit=20)
    hit = next(h for h in result.hits if h.episode_id == "Hn2pWc5sTfE")
    assert hit.missing and "Federal" not in hit.missing
    assert sample_kb.search("Federal Reserve hawkish rate cut surprise", exact=True).total == 0


def test_a_company_is_found_by_the_name_a_glossary_gave_it_in_the_other_language(kb):
    by_english = ids(kb.search("融资", company="Quillfeather Labs", limit=20))
    # the Chinese notes name it only in Chinese, with a glossary that three of them agree on
    assert set(by_english) == {"QuillEn01", "QuillZh01", "QuillZh02", "QuillZh03"}
    assert set(ids(kb.search("融资", company="羽笔实验室", limit=20))) == set(by_english)
    result = kb.search("Quillfeather Labs", limit=20)
    assert ("Quillfeather Labs", "entity", ("羽笔实验室",)) in [
        (w.word, w.why, w.alternatives) for w in result.widened
    ]
    assert "QuillZh01" in ids(result)


def test_a_name_one_glossary_gives_a_full_name_is_a_name_but_not_a_concepts(tmp_path_factory):
    concept = QUILL_CHINESE.replace("Quillfeather Labs：", "Labs：").replace("羽笔实验室", "羽笔")
    home = index_notes(tmp_path_factory, {"QuillEn01.md": QUILL_ENGLISH,
                                          "QuillZh01.md": QUILL_CHINESE,
                                          "LabsEn01.md": QUILL_ENGLISH.replace("Quillfeather ", ""),
                                          "LabsZh01.md": concept})  # fmt: skip
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        assert set(ids(kb.search("融资", company="Quillfeather Labs", limit=20))) == {
            "QuillEn01", "QuillZh01"}  # fmt: skip
        assert ids(kb.search("融资", company="Labs", limit=20)) == ["LabsEn01"]


def test_a_glossary_of_a_concept_names_no_company(kb):
    with pytest.raises(NotFound):
        kb.company("向量数据库")  # glossed (Vector Database…) in a sample note, but no company


def test_an_english_question_cites_a_chinese_only_note_through_the_translation(kb):
    assert kb.search("pineapple", exact=True).total == 0  # no note says it in English
    answer = kb.ask("Is this year's pineapple sweet?")
    assert answer.citations and answer.citations[0].episode_id == "PineZh01"
    assert "菠萝" in answer.citations[0].zh


def test_a_quoted_phrase_must_stand_together(home):
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        assert "ApartV01" in ids(kb.search("向量 数据库", limit=50))
        for quoted in ('"向量数据库"', '"向量 数据库"'):
            found = ids(kb.search(quoted, limit=50))
            assert "TogetherV1" in found and "ApartV01" not in found


def test_a_word_inside_a_glossary_term_is_found(home):
    with KnowledgeBase(Settings(home), readonly=True) as kb:
        assert "SpaceDc01" in ids(kb.search("数据中心", exact=True, limit=50))
        assert "SpaceDc01" in ids(kb.search('"数据中心建设"', exact=True, limit=50))
        assert "SpaceDc01" not in ids(kb.search('"数据中心成本"', exact=True, limit=50))


def test_kb_lexicon_prints_a_words_translations(home):
    runner = CliRunner()
    result = runner.invoke(cli, ["lexicon", "nvidia", "--home", str(home)])
    assert result.exit_code == 0 and result.stdout.splitlines()[0].startswith("英伟达\t")
    document = json.loads(
        runner.invoke(cli, ["lexicon", "营收", "--json", "--home", str(home)]).stdout
    )
    assert document[0]["display"] == "revenue" and document[0]["lang"] == "zh"
    missing = runner.invoke(cli, ["lexicon", "zzzqqq", "--home", str(home)])
    assert missing.exit_code == 0 and "No translation" in missing.stdout


def test_kb_search_says_what_it_widened_with(home):
    runner = CliRunner()
    result = runner.invoke(cli, ["search", "revenue", "--home", str(home)])
    assert result.exit_code == 0 and "revenue → " in result.stdout and "营收" in result.stdout
    exact = runner.invoke(cli, ["search", "revenue", "--exact", "--home", str(home)])
    assert "revenue → " not in exact.stdout


def test_the_api_and_the_page_say_what_a_query_was_widened_with(client):
    document = client.get("/api/search?q=revenue").get_json()
    assert any(w["word"] == "revenue" and "营收" in w["alternatives"] for w in document["widened"])
    assert client.get("/api/search?q=revenue&exact=1").get_json()["widened"] == []
    page = client.get("/search?q=revenue").get_data(as_text=True)
    assert "Also searched:" in page and "营收" in page
    assert "Also searched:" not in client.get("/search?q=revenue&exact=1").get_data(as_text=True)


def test_a_first_run_whose_every_note_is_skipped_learns_an_empty_lexicon(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    with KnowledgeBase(Settings(tmp_path / "home")) as kb:
        report = kb.index([tmp_path / "notes"], procs=1)
        assert len(report.skipped) == 1 and report.lexicon_pairs == 0
        assert kb.translations("revenue") == []


def test_the_dictionary_knows_chinese_names_by_their_pinyin_and_terms_whole():
    found = dict(cedict.entries())
    assert "zhejiang" in found["浙江"] and "ma huateng" in found["马化腾"]
    assert "real estate" in found["房地产"] and "september" in found["九月"]
    assert "one off" in found["一次性"]  # written one-off: a query cuts it into two words


def test_a_hyphenated_term_is_translated_whole(sample_kb):
    widened = {w.word: w.alternatives for w in sample_kb.search("year-end sales", limit=5).widened}
    assert "年底" in widened["year end"]


@pytest.mark.parametrize(
    ("word", "names"),
    [
        ("March", ["3月"]),
        ("Sept.", ["9月"]),
        ("may", []),  # a word, not the month
        ("Q3", ["第三季度", "三季度"]),
        ("三季度", ["Q3"]),
        ("quarter", []),
    ],
)
def test_a_month_or_quarter_is_written_as_the_other_language_writes_it(word, names):
    assert calendar_names(word) == names


def test_an_english_quarter_finds_the_chinese_notes_way_of_writing_it(sample_kb):
    result = sample_kb.search("Tesla Q3 deliveries", limit=20)
    assert "第三季度" in {w.word: w.alternatives for w in result.widened}["Q3"]
    assert "Tz5qLp0NwBe" in ids(result)
