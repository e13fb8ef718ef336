"""Segmentation: whole entity words, word positions, sub-words, folding and stop words."""

from __future__ import annotations

import pickle

import pytest

from kb.segment import BilingualTokenizer, Segmenter, analyzer, glossary_words


@pytest.fixture(scope="module")
def segmenter(tmp_path_factory) -> Segmenter:
    return Segmenter(
        tmp_path_factory.mktemp("cache"), ["英伟达", "台积电", "向量数据库", "剩余履约义务"]
    )


def tokens(an, text, mode="index"):
    return [(t.text, t.pos) for t in an(text, positions=True, mode=mode)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("英伟达的资本开支", [("英伟达", 0), ("伟达", 0), ("资本", 1), ("开支", 2)]),
        ("台積電營收", [("台积电", 0), ("营收", 1)]),
        (
            "增长5个百分点",
            [("增长", 0), ("5", 1), ("个", 2), ("百分点", 3), ("百分", 3), ("分点", 3)],
        ),
        ("**Revenue** of CoreWeave", [("revenu", 0), ("coreweav", 1)]),  # English stemmed
        ("ＧＰＵ算力 1.4B", [("gpu", 0), ("算力", 1), ("1.4", 2), ("b", 3)]),
    ],
)
def test_index_tokens_count_words(segmenter, text, expected):
    assert tokens(analyzer(segmenter), text) == expected


def test_query_mode_keeps_whole_words_only(segmenter):
    assert tokens(analyzer(segmenter), "向量数据库", mode="query") == [("向量数据库", 0)]
    assert ("数据库", 0) in tokens(analyzer(segmenter), "向量数据库")


def test_english_field_is_stemmed(segmenter):
    assert tokens(analyzer(segmenter, stem=True), "depreciation rates", mode="query") == [
        ("depreci", 0),
        ("rate", 1),
    ]


def test_character_offsets_index_the_original_text(segmenter):
    text = "台積電的**營收**達到 $1.4 billion"
    spans = [(t.startchar, t.endchar) for t in analyzer(segmenter)(text, chars=True, mode="query")]
    assert [text[a:b] for a, b in spans] == ["台積電", "營收", "達到", "1.4", "billion"]


def test_phrase_positions_skip_stop_words(segmenter):
    assert tokens(analyzer(segmenter), "资本的开支", mode="query") == [("资本", 0), ("开支", 1)]


def test_whoosh_tokenize_false_contract(segmenter):
    tokenizer = BilingualTokenizer(segmenter)
    [token] = list(tokenizer("原样 Text", tokenize=False, positions=True, chars=True))
    assert (token.text, token.pos, token.startchar, token.endchar) == ("原样 Text", 0, 0, 7)


def test_the_tokenizer_pickles_without_jieba(segmenter):
    list(analyzer(segmenter)("预热"))
    assert len(pickle.dumps(analyzer(segmenter))) < 5000


def test_glossary_words_are_the_chinese_terms():
    glossary = [("向量数据库", "Vector Database"), ("RPO", "Remaining Performance Obligation: 剩余履约义务"),
                ("CoreWeave", "一家提供大规模GPU算力的云服务公司")]  # fmt: skip
    assert glossary_words(glossary) == {"向量数据库", "剩余履约义务"}


@pytest.mark.parametrize(
    ("text", "year"),
    [("公司发布二零二五年业绩", "2025"), ("一九九八年的时候", "1998"), ("在二〇二四年", "2024")],
)
def test_a_year_said_digit_by_digit_is_also_its_digits(segmenter, text, year):
    words = {word for word, _, _, _ in segmenter.cut(text)}
    assert year in words
    assert not {w for w, *_ in segmenter.cut("一二三四个人")} & {"1234"}  # a year says 年
