"""Searching the sample episodes (and the seed episode) through the library."""

from __future__ import annotations

import pytest
from conftest import SEED

from kb import BadParameter, BadQuery, NotFound

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not present")
SEED_ID = "000_ae970b7278976b64"


def ids(result):
    return [hit.episode_id for hit in result.hits]


@needs_seed
def test_chinese_word_finds_the_seed_episode(sample_kb):
    result = sample_kb.search("折旧", limit=50)
    assert SEED_ID in ids(result) and "Qx7vB2mLk0s" in ids(result)
    seed = next(h for h in result.hits if h.episode_id == SEED_ID)
    assert seed.title == "大空头做空AI泡沫，英伟达“亲儿子”财报揭示风险与机遇"
    assert all("<mark" in p.highlight and "折旧" in p.zh for p in seed.passages)


@needs_seed
def test_english_word_finds_the_seed_through_its_english(sample_kb):
    result = sample_kb.search("depreciation", limit=50)
    seed = next(h for h in result.hits if h.episode_id == SEED_ID)
    assert any("depreciation" in p.en.lower() for p in seed.passages)


def test_company_filter_is_the_same_in_either_language(sample_kb):
    by_chinese = sample_kb.search("营收", company="英伟达", limit=50)
    by_english = sample_kb.search("营收", company="nvidia", limit=50)
    assert ids(by_chinese) == ids(by_english)
    assert "Tz5qLp0NwBe" in ids(by_english)  # names 英伟达 only in its text, not its front matter
    assert by_english.total == len(ids(by_english)) >= 4


def test_a_company_misspelt_by_one_letter_is_still_found(sample_kb):
    assert ids(sample_kb.search("营收", company="Nvidiaa", limit=50)) == ids(
        sample_kb.search("营收", company="Nvidia", limit=50)
    )


def test_unknown_company_is_an_error_that_suggests_a_name(sample_kb):
    with pytest.raises(NotFound, match="unknown company 'Shpfy'; did you mean 'Shopify'"):
        sample_kb.search("营收", company="Shpfy")
    with pytest.raises(NotFound, match="unknown company 'Zzyzx'"):
        sample_kb.search("营收", company="Zzyzx")


def test_tag_filter(sample_kb):
    everything = sample_kb.search("营收", limit=50)
    tagged = sample_kb.search("营收", tag="ai-bubble", limit=50)
    assert 0 < tagged.total < everything.total
    assert all("ai-bubble" in hit.tags for hit in tagged.hits)
    assert set(ids(tagged)) <= {"Qx7vB2mLk0s", "_Lm4RtY8uQw", "Gc4nVx7BqRt", SEED_ID}


def test_speaker_and_date_filters(sample_kb):
    result = sample_kb.search("营收", speaker="投资TALK君", since="2025", until="2025-10", limit=50)
    assert ids(result) == ["Tz5qLp0NwBe"]
    assert all(hit.speaker == "投资TALK君" for hit in result.hits)


@pytest.mark.parametrize("query", ["向量数据库", "向量 数据库"])
def test_phrase_ranks_above_scattered_words(sample_kb, query):
    found = ids(sample_kb.search(query, limit=50))
    assert found[0] == "-Fq3LkW9aZc"
    if "Wn7rBy2tEkI" in found:
        assert found.index("Wn7rBy2tEkI") > 0


def test_every_word_must_occur_in_the_episode(sample_kb):
    both = ids(sample_kb.search("向量 数据库", limit=50))
    assert set(both) == {"-Fq3LkW9aZc", "Wn7rBy2tEkI"}


def test_quoted_phrase_must_occur_as_written(sample_kb):
    assert ids(sample_kb.search('"向量 数据库"', limit=50)) == ["-Fq3LkW9aZc"]


def test_not_leaves_out(sample_kb):
    found = ids(sample_kb.search("数据库 NOT Pinecone", limit=50))
    assert "Wn7rBy2tEkI" in found and "-Fq3LkW9aZc" not in found


def test_excluded_notes_only_when_asked(sample_kb):
    assert "Jd1mQs8HwZa" not in ids(sample_kb.search("营收", limit=50))
    assert "Jd1mQs8HwZa" in ids(sample_kb.search("营收", limit=50, include_excluded=True))


def test_facets_count_the_whole_result_set(sample_kb):
    result = sample_kb.search("营收", limit=1)
    assert len(result.hits) == 1 and result.total > 1
    assert sum(result.facets["years"].values()) <= result.total
    assert result.facets["tags"]["earnings-report"] >= 2
    assert "Nvidia" in result.facets["companies"]
    bare = sample_kb.search("营收", limit=1, facets=False)
    assert (bare.total, bare.hits, bare.facets) == (result.total, result.hits, {})


def test_pages_do_not_overlap(sample_kb):
    first = ids(sample_kb.search("营收", limit=3))
    second = ids(sample_kb.search("营收", limit=3, offset=3))
    assert len(second) == 3 and not set(first) & set(second)


def test_highlights_escape_the_note_text(sample_kb):
    for hit in sample_kb.search("营收", limit=50).hits:
        for passage in hit.passages:
            assert "<script" not in passage.highlight


@pytest.mark.parametrize(
    "query, message",
    [('"unclosed', "unclosed quote"), ("AND", "nothing to search"), ("*", "nothing to search for"),
     ("NOT 营收", "not only words to leave out"), ("", "empty"), ("营" * 1001, "keep it under")],
)  # fmt: skip
def test_queries_that_cannot_be_searched(sample_kb, query, message):
    with pytest.raises(BadQuery, match=message):
        sample_kb.search(query)


def test_bad_dates_are_refused(sample_kb):
    with pytest.raises(BadParameter, match="--since '2025-13-01' is not a date"):
        sample_kb.search("营收", since="2025-13-01")


def test_ranked_is_search_without_a_page_and_finds_only_checks(sample_kb):
    ranked = sample_kb.ranked("营收 增长", 3)
    assert [r.episode_id for r in ranked] == [
        h.episode_id for h in sample_kb.search("营收 增长", limit=3).hits
    ]
    assert sample_kb.finds("折旧") and not sample_kb.finds("zzyzxq")
    assert "Jd1mQs8HwZa" not in {r.episode_id for r in sample_kb.ranked("苹果", 50)}  # excluded


def test_paragraph_texts_take_more_keys_than_sqlite_nests(sample_kb):
    keys = [("Gc4nVx7BqRt", n) for n in range(1500)] + [("Pw9eLr2KmXo", 1)]
    texts = sample_kb.store.paragraph_texts(keys)
    assert len(texts) == len(sample_kb.store.paragraphs("Gc4nVx7BqRt")) + 1
    assert texts[("Pw9eLr2KmXo", 1)]["number"] == 1
