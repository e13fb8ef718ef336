"""The pages and the JSON API: read the request, make one library call, render the answer."""

from __future__ import annotations

import dataclasses
import html
import io
import math
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Blueprint, Response, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from kb.checks import check_choice
from kb.core import FIGURE_SORTS, METRIC_NAMES
from kb.errors import BadParameter, BadQuery, NotFound
from kb.figures.table import FIGURE_KINDS, MISMATCHES
from kb.models import FigureRecord, Passage, write_figures_csv
from web.charts import figure_value, metric_groups, shown_once
from web.context import get_kb
from web.marks import describe, marked_text

bp = Blueprint("web", __name__)

FILTERS = ("company", "tag", "speaker", "since", "until")
SORTS = {"relevance": "Relevance", "date": "Newest"}
PAGE_SIZE = 10
LIST_SIZE = 20
MAX_PAGE = 10_000
FIGURE_PAGE = 50
FIGURE_FILTERS = ("episode", "company", "metric", "kind", "period", "mismatch")
# Columns whose first click sorts the largest or newest first; the others sort A to Z.
DESCENDING_FIRST = ("date", "value")
DIRECTIONS = ("asc", "desc")
MARK = re.compile(r"</?mark>")


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """The whole-number parameter `name`; BadParameter names it and the reason."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} {raw[:40]!r} is not a whole number") from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be between {low} and {high}, not {value}")
    return value


def text_args(names: tuple[str, ...]) -> dict[str, str]:
    """The request's parameters `names` that hold more than spaces, stripped: a form sends
    every field, empty ones too."""
    found = {name: request.args.get(name, "").strip() for name in names}
    return {name: value for name, value in found.items() if value}


def filter_args() -> dict[str, str]:
    return text_args(FILTERS)


def exact_arg() -> bool:
    """The `exact` checkbox: search the words as written, without translations."""
    return request.args.get("exact", "").strip() not in ("", "0")


def page_count(total: int, size: int, page: int) -> int:
    """The number of pages; NotFound when `page` lies past the last one."""
    pages = max(1, math.ceil(total / size))
    if page > pages:
        raise NotFound(f"page {page} is past the end: there are {pages} page(s) of results")
    return pages


@bp.app_template_global()
def search_url(**changes: str | None) -> str:
    """The current search with some parameters changed (None drops one), from page 1."""
    return changed_url("web.search", **changes)


@bp.app_template_global()
def page_url(page: int) -> str:
    return url_for(request.endpoint, **{**request.view_args, **request.args, "page": page})


@bp.app_template_global()
def figures_url(endpoint: str = "web.figures", **changes: str | None) -> str:
    """The current figures selection with some parameters changed (None drops one), from page 1;
    under another endpoint (the CSV, the API) the same selection in another form."""
    return changed_url(endpoint, **changes)


def changed_url(endpoint: str, **changes: str | None) -> str:
    """`endpoint` with the request's parameters, some changed (None drops one), from page 1."""
    args = {k: v for k, v in request.args.items() if k != "page"}
    args.update(changes)
    return url_for(endpoint, **{k: v for k, v in args.items() if v})


@bp.app_template_global()
def figure_href(figure: FigureRecord, query: str = "") -> str:
    """The figure marked in its paragraph in the reader."""
    url = url_for("web.episode", episode_id=figure.episode_id, q=query or None)
    return f"{url}#figure-{figure.id}"


bp.add_app_template_filter(figure_value)
bp.add_app_template_global(describe)
bp.add_app_template_global(shown_once)


@bp.app_template_global()
def passage_html(passage: Passage) -> tuple[Markup, Markup]:
    """(Chinese, English) of a passage as HTML, the matched side with the library's marks."""
    marked = Markup(passage.highlight)  # the library escaped the note's text; only <mark> is ours
    english = passage.en and html.unescape(MARK.sub("", passage.highlight)) != passage.zh
    if english:
        return escape(passage.zh), marked
    return marked, escape(passage.en)


@bp.app_template_global()
def safe_link(url: str) -> str | None:
    """`url` when it is a web address; a note's `javascript:` source must not become a link."""
    return url if urlsplit(url).scheme in ("http", "https") else None


@bp.route("/")
@bp.route("/search")
def search():
    query = request.args.get("q", "").strip()
    filters = filter_args()
    sort = request.args.get("sort", "relevance")
    page = int_arg("page", 1, 1, MAX_PAGE)
    kb = get_kb()
    if query:
        result = kb.search(query, **filters, sort=sort, limit=PAGE_SIZE,
                           offset=(page - 1) * PAGE_SIZE, exact=exact_arg())  # fmt: skip
    else:  # no words: every episode that passes the filters, newest first
        result = kb.episodes(**filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    pages = page_count(result.total, PAGE_SIZE, page)
    alternatives = kb.alternatives(query, **filters) if query and not result.total else []
    return render_template("search.html", query=query, filters=filters, sort=sort, sorts=SORTS,
                           result=result, page=page, pages=pages,
                           alternatives=alternatives)  # fmt: skip


@bp.route("/episode/<episode_id>")
def episode(episode_id: str):
    kb = get_kb()
    row = kb.episode(episode_id)
    query = request.args.get("q", "").strip()
    cited = [f for p in row["paragraphs"] for f in p["figures"]]
    links = figure_links(episode_id, cited)
    # English opens by itself where a query with English words marked it, not for the
    # translations of a query all in Chinese: its reader reads the Chinese
    return render_template("episode.html", episode=row, query=query,
                           sections=sections(row["paragraphs"]), cited=len(cited),
                           flagged=any(f["mismatch"] for f in cited),
                           english_query=any(c.isascii() and c.isalpha() for c in query),
                           mark=marker(query, links.__getitem__))  # fmt: skip


def figure_links(episode_id: str, cited: list[dict]) -> dict[int, str]:
    """Each figure's row in the episode's figures table, on the page that holds it.

    The reader lists figures in the table's default order, so the n-th is on page n // size + 1.
    """
    return {
        figure["id"]: url_for(
            "web.figures",
            episode=episode_id,
            page=n // FIGURE_PAGE + 1 if n >= FIGURE_PAGE else None,
        )
        + f"#figure-{figure['id']}"
        for n, figure in enumerate(cited)
    }


def sections(paragraphs: list[dict]) -> list[dict]:
    """Runs of paragraphs under the same heading, in order, for the table of contents."""
    runs: list[dict] = []
    for p in paragraphs:
        if not runs or runs[-1]["heading"] != p["heading"]:
            runs.append({"heading": p["heading"], "anchor": f"s{len(runs) + 1}", "paragraphs": []})
        runs[-1]["paragraphs"].append(p)
    return runs


def marker(query: str, link: Callable[[int], str]) -> Callable[..., Markup]:
    """Marks the words of `query` and the given figures in a text, escaping the rest."""
    spans = lambda text, english: []  # noqa: E731 - no usable query: no words to mark
    if query:
        try:
            spans = get_kb().word_spans(query, exact=exact_arg())
        except BadQuery:  # the reader came with a query search would refuse: show plain text
            pass

    def mark(text: str, english: bool = False, figures: list[dict] = ()) -> Markup:
        side = [f for f in figures if f["lang"] == ("en" if english else "zh")]
        return marked_text(text, side, spans(text, english), lambda f: link(f["id"]))

    return mark


@bp.route("/company/<path:name>")
def company(name: str):
    kb = get_kb()
    canonical = kb.company(name)["name"]
    if canonical != name:
        return redirect(url_for(".company", name=canonical, **request.args))
    first = int_arg("page", 1, 1, MAX_PAGE) == 1  # the figures are shown on the first page
    groups = metric_groups(kb.figures(company=canonical), figure_href) if first else []
    return listing("company", canonical, groups=groups)


@bp.route("/tag/<path:name>")
def tag(name: str):
    canonical = get_kb().tag(name)
    if canonical != name:
        return redirect(url_for(".tag", name=canonical, **request.args))
    return listing("tag", canonical)


def listing(kind: str, name: str, **extra):
    """The page of a company or a tag: its episodes, newest first, and what `extra` adds."""
    page = int_arg("page", 1, 1, MAX_PAGE)
    result = get_kb().episodes(**{kind: name}, limit=LIST_SIZE, offset=(page - 1) * LIST_SIZE)
    pages = page_count(result.total, LIST_SIZE, page)
    return render_template(
        f"{kind}.html", kind=kind, name=name, result=result, page=page, pages=pages, **extra
    )


def figure_args() -> dict:
    """The request's figure filters as `KnowledgeBase.figures` takes them."""
    args: dict = text_args(FIGURE_FILTERS)
    for name, key in (("min", "min_value"), ("max", "max_value")):
        raw = request.args.get(name, "").strip()
        if raw:
            args[key] = number_arg(name, raw)
    return args


def number_arg(name: str, raw: str) -> float:
    """`raw` as a number (1.4e9, 1,400,000,000); BadParameter names the parameter."""
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise BadParameter(f"{name} {raw[:40]!r} is not a number: write it like 1.4e9 or -17")
    return value


def figure_order() -> dict:
    """`sort` (checked by the library) and `dir`, asc or desc, as `figures` takes them."""
    sort = request.args.get("sort", "").strip() or "date"
    default = "desc" if sort in DESCENDING_FIRST else "asc"
    direction = check_choice("dir", request.args.get("dir", "").strip() or default, DIRECTIONS)
    return {"sort": sort, "descending": direction == "desc"}


@bp.route("/figures")
def figures():
    filters, order = figure_args(), figure_order()
    page = int_arg("page", 1, 1, MAX_PAGE)
    kb = get_kb()
    found = kb.figures(**filters, **order, limit=FIGURE_PAGE, offset=(page - 1) * FIGURE_PAGE)
    total = kb.figure_count(**filters)
    pages = page_count(total, FIGURE_PAGE, page)
    episode = kb.episode(filters["episode"], paragraphs=False) if "episode" in filters else None
    return render_template(
        "figures.html", figures=found, total=total, page=page, pages=pages, episode=episode,
        order=order, sorts=FIGURE_SORTS, first_descending=DESCENDING_FIRST,
        choices={"kind": FIGURE_KINDS, "mismatch": ("any", *MISMATCHES), "metric": METRIC_NAMES},
    )  # fmt: skip


@bp.route("/figures.csv")
def figures_csv():
    found = get_kb().figures(**figure_args(), **figure_order())
    out = io.StringIO()
    write_figures_csv(out, found)
    disposition = 'attachment; filename="figures.csv"'
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": disposition}
    )


@bp.route("/api/figures")
def api_figures():
    limit = int_arg("limit", 0, 1, 100_000) or None  # no limit: the whole selection
    offset = int_arg("offset", 0, 0, 10_000_000)
    found = get_kb().figures(**figure_args(), **figure_order(), limit=limit, offset=offset)
    return jsonify([f.to_json() for f in found])


@bp.route("/ask")
def ask():
    question = request.args.get("q", "").strip()
    answer = get_kb().ask(question) if question else None
    return render_template("ask.html", question=question, answer=answer)


@bp.route("/api/ask")
def api_ask():
    return jsonify(get_kb().ask(request.args.get("q", "")).to_json())


@bp.route("/api/search")
def api_search():
    result = get_kb().search(
        request.args.get("q", ""),
        **filter_args(),
        sort=request.args.get("sort", "relevance"),
        limit=int_arg("limit", 10, 1, 100),
        offset=int_arg("offset", 0, 0, MAX_PAGE * PAGE_SIZE),
        exact=exact_arg(),
    )
    return jsonify(dataclasses.asdict(result))


@bp.route("/api/episodes/<episode_id>")
def api_episode(episode_id: str):
    return jsonify(get_kb().episode(episode_id))
