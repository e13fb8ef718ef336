"""The pages in a real Chromium, served by `kb serve` over the sample episodes.

Set KB_BROWSER_TESTS=required (as .ci/run does) to fail rather than skip without a browser.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from conftest import index_notes
from web_bench import start_server

from kb.models import FIGURE_CSV_FIELDS

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
PHONE = {"width": 390, "height": 844}

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

missing = (
    "playwright is not installed (pip install -e '.[test]')"
    if sync_playwright is None
    else f"{CHROMIUM} is missing (apt-get install chromium)"
    if not CHROMIUM.exists()
    else None
)
if missing and os.environ.get("KB_BROWSER_TESTS") == "required":
    raise RuntimeError(f"browser tests are required but {missing}")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(bool(missing), reason=missing or "")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`kb serve` on a free port over a fresh index of data/; yields its base URL."""
    process, base = start_server(index_notes(tmp_path_factory, {}))
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page on which the Content-Security-Policy must refuse nothing kb serves."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = []
    page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
    yield page
    context.close()
    assert refused == []


def test_search_facet_and_chip(server, page):
    page.goto(server + "/")
    page.get_by_role("searchbox", name="Search").fill("营收")
    page.keyboard.press("Enter")
    expect(page.locator(".count")).to_contain_text("episodes for")
    assert page.locator(".card").count() > 1
    expect(page.locator(".card mark").first).to_have_text("营收")
    everything = page.locator(".card").count()

    page.locator("#facets").get_by_role("link", name="ai-bubble", exact=True).click()
    chip = page.locator(".chip", has_text="tag: ai-bubble")
    expect(chip).to_be_visible()
    cards = page.locator(".card")
    assert 0 < cards.count() < everything
    for i in range(cards.count()):
        expect(cards.nth(i).locator(".tags")).to_contain_text("#ai-bubble")

    chip.click()
    expect(page.locator(".chip")).to_have_count(0)
    assert page.locator(".card").count() == everything
    expect(page.get_by_role("searchbox", name="Search")).to_have_value("营收")


def test_reader_english_and_the_remembered_side_by_side(server, page):
    page.goto(server + "/search?q=营收")
    page.locator(".card h3 a").first.click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".pair mark").first).to_be_visible()

    closed = page.locator(".pair:has(details.en:not([open]))").first.get_attribute("id")
    plain = page.locator(f"#{closed} details.en")
    english = plain.locator("p")
    expect(english).to_be_hidden()
    plain.locator("summary").click()
    expect(english).to_be_visible()

    page.get_by_label("English side by side").check()
    expect(page.locator("body")).to_have_class("side")
    expect(page.locator("details.en p").last).to_be_visible()
    pair = page.locator(".pair").first.bounding_box()
    chinese = page.locator(".pair .zh").first.bounding_box()
    assert chinese["width"] < pair["width"] * 0.6  # two columns

    page.reload()
    expect(page.get_by_label("English side by side")).to_be_checked()
    expect(page.locator("body")).to_have_class("side")
    page.get_by_label("English side by side").uncheck()
    page.reload()
    expect(page.get_by_label("English side by side")).not_to_be_checked()
    expect(page.locator("details.en:not([open]) p").first).to_be_hidden()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=营收 英伟达&tag=earnings-report",
        "/episode/Gc4nVx7BqRt?q=营收",
        "/company/Nvidia",
        "/search?q=Nvidai 铜价",
        "/figures?company=Nvidia",
        "/company/Oracle",
        "/figures?mismatch=any",
        "/ask?q=多伦多的诊所试点配了多少辆流动医疗车？",
    ],  # fmt: skip
)
def test_a_phone_never_scrolls_sideways(server, browser, path):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server + path)
    page.evaluate("localStorage.setItem('kb.sideBySide', '1')")
    page.reload()
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    context.close()
    assert widths[0] <= widths[1], path


def test_a_figure_chip_leads_to_the_marked_figure_in_the_reader(server, page):
    page.goto(server + "/search?q=营收")
    chip = page.locator(".card .fig-chip").first
    href, raw = chip.get_attribute("href"), chip.inner_text().split(" ")[0]
    chip.click()
    target = page.locator(".fig:target")
    expect(target).to_be_visible()
    assert href.endswith("#" + target.get_attribute("id"))
    expect(target).to_have_text(raw)
    target.click()  # a mark leads on to its row in the figures table
    expect(page.locator("tr:target")).to_be_visible()


def test_the_figures_table_filters_and_sorts_by_clicking(server, page):
    page.goto(server + "/figures")
    everything = page.locator(".count").inner_text()
    page.locator('select[name="kind"]').select_option("percent")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".count")).not_to_have_text(everything)
    kinds = page.locator('td[data-label="Kind"]').all_inner_texts()
    assert kinds and set(kinds) == {"percent"}
    page.get_by_role("link", name="Value", exact=True).click()
    expect(page.locator('th[aria-sort="descending"]')).to_have_text("Value ↓")
    values = [float(v.split(" ")[0].rstrip("%").replace(",", ""))  # 17%, 100 bp, 5 pp
              for v in page.locator('td[data-label="Value"]').all_inner_texts()]  # fmt: skip
    assert values == sorted(values, reverse=True)
    page.get_by_role("link", name="Value ↓").click()
    expect(page.locator('th[aria-sort="ascending"]')).to_have_text("Value ↑")


def test_the_company_page_shows_a_chart(server, page):
    page.goto(server + "/company/Nvidia")
    chart = page.locator("svg.chart").first
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 60 and chart.locator("circle").count() > 1


def test_an_english_query_reaches_a_chinese_only_note_unless_exact(server, page, tmp_path):
    page.goto(server + "/")
    page.get_by_role("searchbox", name="Search").fill("stock market")
    page.keyboard.press("Enter")
    widened = page.locator(".widened")
    expect(widened).to_contain_text("stock market → 股市")
    chinese_only = page.locator(".card", has_text="美联储降息25个基点")
    expect(chinese_only).to_be_visible()
    expect(chinese_only.locator("mark").first).to_have_text("股市")  # the translation is marked
    page.screenshot(path=tmp_path / "widened.png")

    page.get_by_label("exact").check()
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".widened")).to_have_count(0)
    expect(page.locator(".card", has_text="美联储降息25个基点")).to_have_count(0)
    assert "exact=1" in page.url
    expect(page.get_by_label("exact")).to_be_checked()  # the box stays as the reader left it


def test_a_reader_goes_from_a_chinese_query_to_the_figures_csv(server, page, tmp_path):
    page.goto(server + "/")
    page.get_by_role("searchbox", name="Search").fill("营收")
    page.keyboard.press("Enter")
    expect(page.locator(".card mark").first).to_have_text("营收")
    facet = page.locator("#facets li", has=page.get_by_role("link", name="Nvidia", exact=True))
    episodes = int(facet.locator(".n").inner_text())
    everything = page.locator(".card").count()
    facet.get_by_role("link").click()
    expect(page.locator(".chip", has_text="company: Nvidia")).to_be_visible()
    assert page.locator(".card").count() == episodes < everything
    page.screenshot(path=tmp_path / "search.png")

    title = page.locator(".card h3 a").first.inner_text()
    page.locator(".card h3 a").first.click()
    expect(page.locator("h1")).to_have_text(title)
    english = page.locator(".pair:has(.fig) details.en").first
    expect(english.locator("p")).to_be_hidden()
    english.locator("summary").click()
    expect(english.locator("p")).to_be_visible()
    expect(english.locator(".fig").first).to_be_visible()
    page.screenshot(path=tmp_path / "episode.png")

    mark = english.locator(".fig").first
    raw = mark.inner_text()
    mark.click()
    expect(page.locator("tr:target")).to_contain_text(raw)
    expect(page.locator(".chips .chip")).to_contain_text(f"episode: {title}")
    page.screenshot(path=tmp_path / "figures.png")

    rows = page.locator("tbody tr").count()
    assert page.locator(".count").inner_text().startswith(f"{rows} figure")  # one page: all
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    with open(download.value.path(), encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == list(FIGURE_CSV_FIELDS)
    assert len(table) - 1 == rows > 0
    assert raw in {row[table[0].index("raw")] for row in table[1:]}
    for name in ("search.png", "episode.png", "figures.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_question_is_answered_with_citations_that_open_the_paragraph(server, page, tmp_path):
    page.goto(server + "/ask")
    page.fill(".ask textarea[name=q]", "CoreWeave的RPO是多少？")
    page.click(".ask button")
    answer = page.locator(".answer-text")
    assert "500亿美元" in answer.inner_text()
    page.screenshot(path=str(tmp_path / "ask.png"), full_page=True)
    page.locator(".citations a").first.click()
    page.wait_for_load_state()
    assert "/episode/Qx7vB2mLk0s" in page.url and "#p" in page.url
    assert page.locator(f"#{page.url.split('#')[1]}").is_visible()


def test_the_ask_page_shows_how_it_read_the_question_and_what_else_it_weighed(server, page):
    page.goto(server + "/ask")
    page.fill(".ask textarea[name=q]", "Metro Ledger说截至3月底真正开诊的诊所有多少家？")
    page.click(".ask button")
    expect(page.locator(".answer-text")).to_contain_text("305家")
    expect(page.locator(".reading .expected")).to_have_text("count of organisation")
    expect(page.locator(".reading .source")).to_have_text("Metro Ledger")
    rows = page.locator(".considered tbody tr")
    assert rows.count() >= 2
    expect(rows.first.locator(".chip")).to_have_text("305家")
    # a figure weighed leads to its place in the reader
    rows.nth(1).locator(".chip").click()
    page.wait_for_load_state()
    assert "/episode/" in page.url and "#figure-" in page.url
    page.goto(server + "/ask?q=多伦多的诊所试点配了多少辆流动医疗车？")
    expect(page.locator(".answer-text")).to_contain_text("58辆")
    expect(page.locator(".reading .expected")).to_have_text("count of vehicle")
    expect(page.locator(".reading .source")).to_have_count(0)  # the question names none
