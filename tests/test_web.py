"""The web pages and the JSON API through Flask's test client, over the sample episodes."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from urllib.parse import quote

import pytest
from conftest import DATA, index_notes
from markupsafe import escape

from kb import KnowledgeBase, Settings
from web import create_app
from web.context import close_pool

HOSTILE = """---
title: "<script>alert(1)</script> 注入标题"
date: 2023-01-02
speaker: 测试员
source: javascript:alert(1)
tags: ["<img src=x onerror=alert(1)>"]
summary: 摘要<script>alert(2)</script>
---

### 小节<script>alert(3)</script>

注入测试 <script>alert(4)</script> 营收增长。

<details>
<summary>View/Hide Original English</summary>
<p class="english-text">Injection test <script>alert(5)</script> revenue grew.</p>
</details>
"""
HOSTILE_ID = "Zz9hostile0"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """The sample episodes plus one note whose every field holds markup."""
    return index_notes(tmp_path_factory, {f"{HOSTILE_ID}.md": HOSTILE})


@pytest.fixture
def make_app():
    """create_app for one test; the knowledge bases it pooled are closed afterwards."""
    apps = []

    def make(config=None):
        apps.append(create_app(config))
        return apps[-1]

    yield make
    for app in apps:
        close_pool(app)


def card_ids(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/episode/([^"?#]+)', html)


def test_the_knowledge_base_comes_from_kb_home(monkeypatch, tmp_path, make_app):
    monkeypatch.setenv("KB_HOME", str(tmp_path / "env"))
    assert make_app().config["KB_HOME"] == str(tmp_path / "env")
    assert make_app({"KB_HOME": str(tmp_path / "given")}).config["KB_HOME"] == str(
        tmp_path / "given"
    )


def test_home_lists_every_episode_newest_first_with_facets(client, kb):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "15 episodes, newest first" in html  # 14 samples (one is excluded) and the hostile note
    assert card_ids(html) == [h.episode_id for h in kb.episodes(limit=10).hits]
    assert card_ids(html)[0] == "Ls0pQe4TgYn"  # 2026-02-26, the newest
    assert 'href="/search?tag=earnings-report"' in html


def test_search_shows_highlighted_cards_with_the_english_under_the_chinese(client, kb):
    html = client.get("/search?q=营收").get_data(as_text=True)
    result = kb.search("营收", limit=10)
    assert f"{result.total} episodes for <q>营收</q>" in html
    assert card_ids(html) == [h.episode_id for h in result.hits]
    assert '<span class="zh" lang="zh">' in html and "<mark>营收</mark>" in html
    first = result.hits[0].passages[0]
    assert f'<span class="en" lang="en">{escape(first.en)}</span>' in html


def test_an_english_match_is_marked_in_the_english_under_plain_chinese(client):
    html = client.get("/search?q=depreciation").get_data(as_text=True)
    assert re.search(r'<span class="en" lang="en">[^<]*<mark>[Dd]epreciation</mark>', html)


def test_a_facet_narrows_the_results_and_shows_as_a_removable_chip(client, kb):
    html = client.get("/search?q=营收").get_data(as_text=True)
    assert 'href="/search?q=%E8%90%A5%E6%94%B6&amp;tag=ai-bubble"' in html
    narrowed = client.get("/search?q=营收&tag=ai-bubble").get_data(as_text=True)
    expected = kb.search("营收", tag="ai-bubble")
    assert card_ids(narrowed) == [h.episode_id for h in expected.hits]
    assert 0 < expected.total < kb.search("营收").total
    chip = re.search(r'<a class="chip" href="([^"]+)"[^>]*>tag: ai-bubble', narrowed)
    assert chip and chip.group(1) == "/search?q=%E8%90%A5%E6%94%B6"


def test_a_year_facet_filters_by_date(client, kb):
    html = client.get("/search?q=营收&since=2024&until=2024").get_data(as_text=True)
    assert "year: 2024" in html
    assert card_ids(html) == [
        h.episode_id for h in kb.search("营收", since="2024", until="2024").hits
    ]
    assert all(
        h.date.startswith("2024") for h in kb.search("营收", since="2024", until="2024").hits
    )


def test_sorting_by_date_puts_the_newest_first(client, kb):
    html = client.get("/search?q=营收&sort=date").get_data(as_text=True)
    dates = [h.date for h in kb.search("营收", sort="date").hits]
    assert dates == sorted(dates, reverse=True)
    assert card_ids(html) == [h.episode_id for h in kb.search("营收", sort="date").hits]
    assert '<strong aria-current="true">Newest</strong>' in html


def test_pages_and_a_page_past_the_end(client, kb):
    second = client.get("/?page=2").get_data(as_text=True)
    assert card_ids(second) == [h.episode_id for h in kb.episodes(limit=10, offset=10).hits]
    assert "Page 2 of 2" in second and 'rel="prev" href="/search?page=1"' in second
    past = client.get("/?page=3")
    assert past.status_code == 404
    assert "page 3 is past the end: there are 2 page(s)" in past.get_data(as_text=True)
    assert '<a href="/search?page=1">the first page</a>' in past.get_data(as_text=True)
    company = client.get("/company/Nvidia?page=9").get_data(as_text=True)
    assert '<a href="/company/Nvidia?page=1">the first page</a>' in company


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/search?q=营收&page=x", "page &#39;x&#39; is not a whole number"),
        ("/search?q=营收&page=0", "page must be between 1 and 10000, not 0"),
        ("/search?q=营收&sort=size", "sort &#39;size&#39; is not one of: relevance, date"),
        ("/search?q=营收&since=2024-13", "&#39;2024-13&#39; is not a date"),
        ('/search?q="营收', "unclosed quote"),
        ("/search?q=NOT 营收", "not only words to leave out"),
        ("/search?q=" + "营" * 2000, "the query is 2000 characters long; keep it under 1000"),
    ],
)
def test_a_bad_request_is_a_400_page_that_says_why(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query", ["((", "AND", "OR OR", "*", "\\", ")营收(", "营收 AND", "-", '""']
)
def test_odd_queries_never_fail_the_server(client, query):
    assert client.get("/search", query_string={"q": query}).status_code in (200, 400)
    assert client.get("/api/search", query_string={"q": query}).status_code in (200, 400)


def test_nothing_found_offers_what_would_find_something(client):
    html = client.get("/search?q=Nvidai 营收&tag=federal-reserve").get_data(as_text=True)
    assert "Nothing found" in html
    assert 'Spelt Nvidai → nvidia:\n        <a href="/search?q=nvidia+%E8%90%A5%E6%94%B6">' in html
    assert 'Episodes about <a href="/company/Nvidia">Nvidia</a>' in html
    dated = client.get("/search?q=美联储 点阵图&since=2026&until=2026").get_data(as_text=True)
    assert "Without since 2026, until 2026:" in dated
    assert '<a href="/search?q=%E7%BE%8E%E8%81%94%E5%82%A8+%E7%82%B9%E9%98%B5%E5%9B%BE">' in dated
    words = client.get("/search?q=点阵图 折旧").get_data(as_text=True)
    assert "Any of the words:" in words and "点阵图 OR 折旧" in words


def test_a_query_holding_markup_shows_as_text(client):
    html = client.get("/search", query_string={"q": "<script>alert(1)</script>"}).get_data(
        as_text=True
    )
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_note_holding_markup_shows_as_text(client):
    results = client.get("/search?q=注入测试").get_data(as_text=True)
    page = client.get(f"/episode/{HOSTILE_ID}?q=注入测试").get_data(as_text=True)
    for html in (results, page):
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; 注入标题" in html
        assert "<mark>测试</mark> &lt;script&gt;alert(4)&lt;/script&gt; 营收" in html
    assert 'href="javascript' not in page
    assert '<span class="source">javascript:alert(1)</span>' in page
    assert "小节&lt;script&gt;alert(3)&lt;/script&gt;" in page


def test_the_episode_reader(client, kb):
    episode = kb.episode("Gc4nVx7BqRt")
    html = client.get("/episode/Gc4nVx7BqRt").get_data(as_text=True)
    assert f"<h1>{episode['title']}</h1>" in html
    assert '<a class="source" href="https://www.youtube.com/watch?v=Gc4nVx7BqRt"' in html
    assert '<a class="tag" href="/tag/ai-bubble">#ai-bubble</a>' in html
    assert '<a href="/company/Nvidia">Nvidia</a>' in html
    assert '<a href="#s1">财报：数据中心强，其他都弱</a>' in html
    assert len(re.findall(r'<div class="pair" id="p\d+">', html)) == len(episode["paragraphs"])
    assert html.count('<details class="en">') == sum(1 for p in episode["paragraphs"] if p["en"])
    assert "<mark>" not in html


def test_words_of_the_search_are_marked_in_the_reader(client):
    html = client.get("/episode/Gc4nVx7BqRt?q=营收 revenue").get_data(as_text=True)
    assert "<mark>营收</mark>" in html
    assert re.search(
        r'<details class="en" open data-marked>\s*<summary>English</summary>\s*<p lang="en">[^<]*<mark>Revenue</mark>',
        html,
    )
    assert "Words of <q>营收 revenue</q> are marked" in html
    # a query search would refuse only leaves the text unmarked
    assert client.get('/episode/Gc4nVx7BqRt?q="营收').status_code == 200


def test_an_unknown_episode_is_a_404_page(client):
    response = client.get("/episode/nope")
    assert response.status_code == 404
    assert '<p class="message">no episode &#39;nope&#39;</p>' in response.get_data(as_text=True)


@pytest.mark.parametrize("alias", ["英伟达", "NVIDIA", "nvidia", "Nvidia Corp", "辉达"])
def test_any_alias_of_a_company_redirects_to_its_page(client, alias):
    response = client.get(f"/company/{quote(alias)}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/company/Nvidia"


def test_the_company_page_lists_its_episodes_newest_first(client, kb):
    html = client.get("/company/Nvidia").get_data(as_text=True)
    expected = kb.episodes(company="Nvidia")
    assert card_ids(html) == [h.episode_id for h in expected.hits]
    dates = [h.date for h in expected.hits]
    assert dates == sorted(dates, reverse=True) and "Tz5qLp0NwBe" in card_ids(html)
    assert f"{expected.total} episodes, newest first" in html


def test_an_unknown_company_is_a_404_that_suggests_a_name(client):
    response = client.get("/company/Shpfy")
    assert response.status_code == 404
    assert "did you mean &#39;Shopify&#39;?" in response.get_data(as_text=True)


def test_tags_are_found_in_any_case(client, kb):
    response = client.get("/tag/AI-Bubble")
    assert response.status_code == 302 and response.headers["Location"] == "/tag/ai-bubble"
    html = client.get("/tag/ai-bubble").get_data(as_text=True)
    assert card_ids(html) == [h.episode_id for h in kb.episodes(tag="ai-bubble").hits]
    unknown = client.get("/tag/ai-bubbel")
    assert unknown.status_code == 404
    assert "did you mean &#39;ai-bubble&#39;?" in unknown.get_data(as_text=True)


def test_the_ask_page_answers_with_linked_citations(client, kb):
    question = "CoreWeave的RPO是多少？"
    answer = kb.ask(question)
    html = client.get("/ask", query_string={"q": question}).get_data(as_text=True)
    assert answer.text and html.count(escape(answer.text)) == 1
    for c in answer.citations:
        assert f'href="/episode/{c.episode_id}#p{c.paragraph}"' in html
    for f in answer.figures:
        assert f'href="/episode/{f.episode_id}#figure-{f.id}"' in html


def test_the_ask_page_says_not_found_honestly(client):
    html = client.get("/ask?q=What is Zorblax's revenue?").get_data(as_text=True)
    assert "Not found: no note answers this question." in html
    assert 'href="/search?q=' in html
    assert client.get("/ask").status_code == 200


def test_api_ask_is_the_library_document(client, kb):
    question = "What was CoreWeave's revenue?"
    response = client.get("/api/ask", query_string={"q": question})
    assert response.status_code == 200
    assert response.get_json() == json.loads(json.dumps(kb.ask(question).to_json()))
    assert {
        "question",
        "answer",
        "figures",
        "citations",
        "confidence",
    } <= response.get_json().keys()
    empty = client.get("/api/ask?q=")
    assert empty.status_code == 400 and "the question is empty" in empty.get_json()["message"]
    long = client.get("/api/ask", query_string={"q": "营收" * 600})
    assert long.status_code == 400 and "at most 1,000" in long.get_json()["message"]


def test_a_question_holding_markup_shows_as_text(client):
    html = client.get("/ask?q=<script>alert(1)</script>营收").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_api_search_is_the_library_document(client, kb):
    response = client.get("/api/search?q=营收&tag=earnings-report&limit=3&offset=1")
    assert response.status_code == 200 and response.is_json
    expected = kb.search("营收", tag="earnings-report", limit=3, offset=1)
    assert response.get_json() == json.loads(json.dumps(dataclasses.asdict(expected)))
    assert list(response.get_json()) == ["total", "hits", "facets", "widened"]
    assert "营收" in response.get_data(as_text=True)  # not \\u escapes


def test_api_episode_is_the_library_document(client, kb):
    response = client.get("/api/episodes/Gc4nVx7BqRt")
    assert response.get_json() == kb.episode("Gc4nVx7BqRt")


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/search?q=", 400, "the query is empty: give a word to search for"),
        ("/api/search?q=营收&limit=500", 400, "limit must be between 1 and 100, not 500"),
        ("/api/search?q=营收&company=Zzyzx", 404, "unknown company 'Zzyzx'"),
        ("/api/episodes/nope", 404, "no episode 'nope'"),
        ("/api/nothing-here", 404, "The requested URL was not found"),
        ("/api/figures?metric=zzz", 400, "metric 'zzz' is not one of"),
        ("/api/figures?company=Zzyzx", 404, "unknown company 'Zzyzx'"),
        ("/api/figures?min=1e400", 400, "min '1e400' is not a number"),
        ("/api/figures?limit=0", 400, "limit must be between 1 and 100000, not 0"),
    ],
)
def test_api_errors_are_json(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status and response.is_json
    assert response.get_json()["status"] == status
    assert response.get_json()["message"].startswith(message)


def test_an_unknown_page_is_our_404_page(client):
    response = client.get("/nowhere")
    assert response.status_code == 404 and "Not found" in response.get_data(as_text=True)


def test_without_an_index_the_page_says_what_to_run(tmp_path, make_app):
    client = make_app({"KB_HOME": str(tmp_path)}).test_client()
    response = client.get("/")
    assert response.status_code == 404
    assert "run `kb index PATH` first" in response.get_data(as_text=True)


def test_a_server_sees_what_an_index_run_commits(tmp_path, make_app):
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(DATA / "Gc4nVx7BqRt.md", notes)
    with KnowledgeBase(Settings(tmp_path / "home")) as kb:
        kb.index([notes], procs=1)
        client = make_app({"KB_HOME": str(tmp_path / "home")}).test_client()
        assert card_ids(client.get("/search?q=营收").get_data(as_text=True)) == ["Gc4nVx7BqRt"]
        shutil.copy(DATA / "Ls0pQe4TgYn.md", notes)
        kb.index([notes], procs=1)
    html = client.get("/search?q=营收").get_data(as_text=True)
    assert sorted(card_ids(html)) == ["Gc4nVx7BqRt", "Ls0pQe4TgYn"]


def test_an_unexpected_failure_is_a_plain_500_page(tmp_path, make_app):
    (tmp_path / "kb.sqlite").write_bytes(b"this is not a database" * 100)
    client = make_app({"KB_HOME": str(tmp_path)}).test_client()
    response = client.get("/search?q=营收")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Something went wrong on our side" in html and "Traceback" not in html
    api = client.get("/api/search?q=营收")
    assert api.status_code == 500 and api.get_json()["status"] == 500


def test_the_api_never_names_a_command(client):
    """`kb search` finds episode ids: a hint for the command line, not for a JSON client."""
    assert client.get("/api/episodes/nope").get_json()["message"] == "no episode 'nope'"
    unknown = client.get("/api/search?q=营收&company=Qqqqqqqq").get_json()["message"]
    assert unknown == "unknown company 'Qqqqqqqq'"
