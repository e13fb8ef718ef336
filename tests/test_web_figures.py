"""The figure parts of the web interface: chips, marks in the reader, company charts, the
figures table and its CSV and JSON."""

from __future__ import annotations

import csv
import io
import re

import pytest
from conftest import index_notes
from markupsafe import escape

from kb.models import inert

HOSTILE = """---
title: 注入<script>alert(1)</script>
date: 2023-01-02
companies: [Nvidia]
---

### 小节

英伟达营收<script>alert(4)</script>达到50亿美元。

<details>
<summary>View/Hide Original English</summary>
<p class="english-text">Nvidia revenue <b>reached</b> $5 billion.</p>
</details>
"""
HOSTILE_ID = "Zz9hostile1"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return index_notes(tmp_path_factory, {f"{HOSTILE_ID}.md": HOSTILE})


def row_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="figure-(\d+)">', html)]


def test_search_cards_show_their_passages_figures_as_chips(client, kb):
    html = client.get("/search?q=营收").get_data(as_text=True)
    passage = kb.search("营收").hits[0].passages[0]
    figure = next(f for f in passage.figures if f.lang == "zh")
    chip = re.search(
        rf'<a class="fig-chip[^"]*" href="([^"]+)"[^>]*>{re.escape(figure.raw)} ', html
    )
    assert (
        chip
        and chip.group(1) == f"/episode/{figure.episode_id}?q=%E8%90%A5%E6%94%B6#figure-{figure.id}"
    )


def test_the_reader_marks_every_figure_at_its_span_in_both_languages(client, kb):
    episode = kb.episode("Gc4nVx7BqRt")
    html = client.get("/episode/Gc4nVx7BqRt").get_data(as_text=True)
    figures = [f for p in episode["paragraphs"] for f in p["figures"]]
    assert {f["lang"] for f in figures} == {"zh", "en"}
    for f in figures:
        tag = re.search(
            rf'<a class="fig[^"]*" id="figure-{f["id"]}" href="([^"]+)"[^>]*>(.*?)</a>', html
        )
        assert tag, f
        assert tag.group(2) == escape(f["raw"])
        assert tag.group(1) == f"/figures?episode=Gc4nVx7BqRt#figure-{f['id']}"


def test_a_mismatch_is_flagged_in_the_reader_with_the_other_side(client, kb):
    flagged = kb.figures(mismatch="any")
    f = next(f for f in flagged if f.counterpart)
    html = client.get(f"/episode/{f.episode_id}").get_data(as_text=True)
    tag = re.search(
        rf'<a class="fig mismatch" id="figure-{f.id}" href="[^"]+" title="([^"]+)"', html
    )
    assert tag and f"↔ {f.counterpart['raw']}" in tag.group(1)
    assert f"translation differs: {f.mismatch.replace('_', ' ')}" in tag.group(1)


def test_marks_in_a_hostile_note_are_built_around_escaped_text(client, kb):
    html = client.get(f"/episode/{HOSTILE_ID}?q=营收 revenue").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>reached" not in html
    zh = next(f for f in kb.figures(episode=HOSTILE_ID) if f.lang == "zh")
    assert (
        f'英伟达<mark>营收</mark>&lt;script&gt;alert(4)&lt;/script&gt;达到<a class="fig" id="figure-{zh.id}"'
        in html
    )
    assert 'Nvidia <mark>revenue</mark> &lt;b&gt;reached&lt;/b&gt; <a class="fig"' in html


def test_the_company_page_groups_its_figures_by_metric_with_a_chart(client, kb):
    html = client.get("/company/Nvidia").get_data(as_text=True)
    revenue = [f for f in kb.figures(company="Nvidia", metric="revenue") if f.metric == "revenue"]
    assert "<h3>revenue <span" in html
    svg = re.search(
        r'<svg class="chart"[^>]*aria-label="revenue in USD, (\d+) values">(.*?)</svg>', html, re.S
    )
    usd = [f for f in revenue if f.unit == "USD" and (f.lang == "zh" or not f.counterpart)]
    assert svg and int(svg.group(1)) == len(usd) == svg.group(2).count("<circle")
    for f in usd:
        assert f'<a href="/episode/{f.episode_id}#figure-{f.id}"><circle' in svg.group(2)
    assert 'href="/figures?company=Nvidia"' in html


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("", {}),
        ("company=英伟达&metric=营收", {"company": "英伟达", "metric": "营收"}),
        ("kind=percent&period=2025&sort=value&dir=asc",
         {"kind": "percent", "period": "2025", "sort": "value", "descending": False}),
        ("min=1e9&max=100,000,000,000&sort=entity", {"min_value": 1e9, "max_value": 1e11,
                                                     "sort": "entity", "descending": False}),
        ("mismatch=any&company=&metric=", {"mismatch": "any"}),
        ("episode=Gc4nVx7BqRt&sort=metric&dir=desc",
         {"episode": "Gc4nVx7BqRt", "sort": "metric", "descending": True}),
    ],
)  # fmt: skip
def test_the_figures_table_csv_and_json_are_the_library_selection(client, kb, query, filters):
    expected = kb.figures(**filters)
    page = client.get(f"/figures?{query}").get_data(as_text=True)
    assert row_ids(page) == [f.id for f in expected[:50]]
    assert f"{len(expected):,} figure" in page
    api = client.get(f"/api/figures?{query}")
    assert api.is_json and api.get_json() == [f.to_json() for f in expected]
    response = client.get(f"/figures.csv?{query}")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["id"] for r in rows] == [str(f.id) for f in expected]
    assert [r["raw"] for r in rows] == [inert(f.raw) for f in expected]  # -2.4% as '-2.4%
    assert [r["counterpart"] for r in rows] == [
        inert((f.counterpart or {}).get("raw", "")) for f in expected
    ]


def test_the_figures_table_pages_and_links_each_row_to_its_paragraph(client, kb):
    everything = kb.figures()
    second = client.get("/figures?page=2").get_data(as_text=True)
    assert row_ids(second) == [f.id for f in everything[50:100]]
    f = everything[50]
    assert f'<a href="/episode/{f.episode_id}#p{f.paragraph}">' in second
    assert f'<a class="fig-raw" href="/episode/{f.episode_id}#figure-{f.id}"' in second
    assert client.get("/figures?page=99").status_code == 404


def test_column_headers_sort_and_turn_the_order(client):
    html = client.get("/figures?sort=value").get_data(as_text=True)
    assert 'aria-sort="descending"><a href="/figures?sort=value&amp;dir=asc">Value ↓</a>' in html
    assert '<a href="/figures?sort=metric&amp;dir=asc">Metric</a>' in html
    assert '<a href="/figures?sort=date&amp;dir=desc">Date</a>' in html


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/figures?metric=zzz", 400, "metric &#39;zzz&#39; is not one of: revenue"),
        ("/figures?kind=cash", 400, "kind &#39;cash&#39; is not one of: money"),
        ("/figures?company=Zzyzx", 404, "unknown company &#39;Zzyzx&#39;"),
        ("/figures?min=lots", 400, "min &#39;lots&#39; is not a number"),
        ("/figures?max=nan", 400, "max &#39;nan&#39; is not a number"),
        ("/figures?sort=size", 400, "sort &#39;size&#39; is not one of: date, episode"),
        ("/figures?dir=up", 400, "dir &#39;up&#39; is not one of: asc, desc"),
        ("/figures?mismatch=some", 400, "mismatch &#39;some&#39; is not one of: any, value"),
        ("/figures?episode=nope", 404, "no episode &#39;nope&#39;"),
        ("/figures?page=x", 400, "page &#39;x&#39; is not a whole number"),
        ("/figures.csv?min=lots", 400, "min &#39;lots&#39; is not a number"),
    ],
)
def test_a_bad_figures_parameter_is_a_page_that_says_why(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    assert f'<p class="message">{message}' in response.get_data(as_text=True)


def test_api_figures_takes_a_limit_and_an_offset(client, kb):
    response = client.get("/api/figures?kind=money&limit=3&offset=2&sort=value")
    assert response.get_json() == [f.to_json() for f in kb.figures(kind="money", sort="value")[2:5]]
