"""The library calls behind the web pages: sorting, listings, tags, marks and alternatives."""

from __future__ import annotations

import pytest

from kb import BadParameter, BadQuery, NotFound


def ids(result):
    return [hit.episode_id for hit in result.hits]


def test_sorting_by_date_pages_through_the_newest_first(sample_kb):
    everything = sample_kb.search("营收", limit=100)
    by_date = sample_kb.search("营收", limit=100, sort="date")
    assert set(ids(by_date)) == set(ids(everything)) and by_date.total == everything.total
    keys = [(h.date or "", h.episode_id) for h in by_date.hits]
    assert keys == sorted(keys, reverse=True)
    assert all(h.passages for h in by_date.hits)
    pages = [sample_kb.search("营收", limit=3, offset=o, sort="date") for o in range(0, 12, 3)]
    assert sum((ids(p) for p in pages), []) == ids(by_date)[:12]


def test_an_unknown_sort_is_a_bad_parameter(sample_kb):
    with pytest.raises(BadParameter, match="sort 'size' is not one of: relevance, date"):
        sample_kb.search("营收", sort="size")


def test_episodes_lists_the_filtered_episodes_newest_first(sample_kb):
    about = sample_kb.episodes(company="英伟达", limit=100)
    assert about.total == len(about.hits) and "Tz5qLp0NwBe" in ids(about)
    assert ids(about) == ids(sample_kb.episodes(company="Nvidia", limit=100))
    dates = [h.date for h in about.hits]
    assert dates == sorted(dates, reverse=True)
    assert all(h.score == 0.0 and h.passages == () for h in about.hits)
    assert about.facets["companies"]["Nvidia"] == about.total
    tagged = sample_kb.episodes(tag="ai-bubble", limit=2, offset=1)
    assert ids(tagged) == ids(sample_kb.episodes(tag="ai-bubble", limit=100))[1:3]
    assert "Jd1mQs8HwZa" not in ids(sample_kb.episodes(limit=100))  # marked `exclude`


def test_a_tag_in_any_case_is_the_notes_spelling(sample_kb):
    assert sample_kb.tag("AI-Bubble") == "ai-bubble"
    with pytest.raises(NotFound, match="unknown tag 'ai-bubbel'; did you mean 'ai-bubble'"):
        sample_kb.tag("ai-bubbel")
    with pytest.raises(NotFound, match=r"unknown tag 'zzzz'$"):
        sample_kb.tag("zzzz")


def test_word_spans_find_the_words_in_both_languages(sample_kb):
    spans = sample_kb.word_spans("营收 revenue", exact=True)  # the words, not their translations
    assert spans("<b>营收</b>增长营收") == [(3, 5), (11, 13)]
    assert spans("Revenues rose; revenue fell", True) == [(0, 8), (15, 22)]
    assert spans("Revenues rose") == [(0, 8)]  # English in a Chinese field is stemmed too
    widened = sample_kb.word_spans("营收")  # and what a search for them also found
    assert widened("Revenue rose", True) == [(0, 7)]
    with pytest.raises(BadQuery):
        sample_kb.word_spans('"营收')


def test_alternatives_leave_out_a_filter(sample_kb):
    assert sample_kb.search("点阵图", since="2026", until="2026").total == 0
    [alternative] = sample_kb.alternatives("点阵图", since="2026", until="2026")
    assert (alternative.kind, alternative.query, alternative.filters) == ("filter", "点阵图", {})
    assert alternative.total == sample_kb.search("点阵图").total
    assert alternative.change == "since 2026, until 2026"


def test_alternatives_respell_a_word_and_name_the_company(sample_kb):
    found = sample_kb.alternatives("Nvidai 营收", tag="federal-reserve")
    spelling = next(a for a in found if a.kind == "spelling")
    assert (spelling.query, spelling.filters, spelling.change) == (
        "nvidia 营收",
        {},
        "Nvidai → nvidia",
    )
    assert spelling.total == sample_kb.search("nvidia 营收").total > 0
    company = next(a for a in found if a.kind == "company")
    assert company.filters == {"company": "Nvidia"}
    assert company.total == sample_kb.episodes(company="Nvidia").total


def test_alternatives_offer_any_of_the_words(sample_kb):
    found = sample_kb.alternatives("点阵图 折旧")
    assert [(a.kind, a.query) for a in found] == [("words", "点阵图 OR 折旧")]


def test_the_vocabulary_holds_latin_words_only(sample_kb):
    words = sample_kb.vocabulary()
    assert "nvidia" in words and "coreweave" in words
    assert not [w for w in words if w[0].isdigit() or not w.isascii()]
