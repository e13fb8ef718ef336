"""The pages and the JSON API: read the request, make one library call, render the answer."""

from __future__ import annotations

import dataclasses
import html
import math
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from kb.errors import BadParameter, BadQuery, NotFound
from kb.models import Passage, SearchResult
from web.context import get_kb

bp = Blueprint("web", __name__)

FILTERS = ("company", "tag", "speaker", "since", "until")
SORTS = {"relevance": "Relevance", "date": "Newest"}
PAGE_SIZE = 10
LIST_SIZE = 20
MAX_PAGE = 10_000
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


def filter_args() -> dict[str, str]:
    return {name: request.args[name].strip() for name in FILTERS if request.args.get(name, "")}


def page_count(result: SearchResult, size: int, page: int) -> int:
    """The number of pages; NotFound when `page` lies past the last one."""
    pages = max(1, math.ceil(result.total / size))
    if page > pages:
        raise NotFound(f"page {page} is past the end: there are {pages} page(s) of results")
    return pages


@bp.app_template_global()
def search_url(**changes: str | None) -> str:
    """The current search with some parameters changed (None drops one), from page 1."""
    args = {k: v for k, v in request.args.items() if k != "page"}
    args.update(changes)
    return url_for("web.search", **{k: v for k, v in args.items() if v})


@bp.app_template_global()
def page_url(page: int) -> str:
    return url_for(request.endpoint, **{**request.view_args, **request.args, "page": page})


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
                           offset=(page - 1) * PAGE_SIZE)  # fmt: skip
    else:  # no words: every episode that passes the filters, newest first
        result = kb.episodes(**filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    pages = page_count(result, PAGE_SIZE, page)
    alternatives = kb.alternatives(query, **filters) if query and not result.total else []
    return render_template("search.html", query=query, filters=filters, sort=sort, sorts=SORTS,
                           result=result, page=page, pages=pages,
                           alternatives=alternatives)  # fmt: skip


@bp.route("/episode/<episode_id>")
def episode(episode_id: str):
    kb = get_kb()
    row = kb.episode(episode_id)
    query = request.args.get("q", "").strip()
    return render_template("episode.html", episode=row, query=query,
                           sections=sections(row["paragraphs"]), mark=marker(query))  # fmt: skip


def sections(paragraphs: list[dict]) -> list[dict]:
    """Runs of paragraphs under the same heading, in order, for the table of contents."""
    runs: list[dict] = []
    for p in paragraphs:
        if not runs or runs[-1]["heading"] != p["heading"]:
            runs.append({"heading": p["heading"], "anchor": f"s{len(runs) + 1}", "paragraphs": []})
        runs[-1]["paragraphs"].append(p)
    return runs


def marker(query: str) -> Callable[..., Markup]:
    """Marks the words of `query` in a text; with no usable query it only escapes the text."""
    if query:
        try:
            highlight = get_kb().highlighter(query)
        except BadQuery:  # the reader came with a query search would refuse: show plain text
            pass
        else:
            return lambda text, english=False: Markup(highlight(text, english))
    return lambda text, english=False: escape(text)


@bp.route("/company/<path:name>")
def company(name: str):
    kb = get_kb()
    canonical = kb.company(name)["name"]
    if canonical != name:
        return redirect(url_for(".company", name=canonical, **request.args))
    return listing("company", canonical)


@bp.route("/tag/<path:name>")
def tag(name: str):
    canonical = get_kb().tag(name)
    if canonical != name:
        return redirect(url_for(".tag", name=canonical, **request.args))
    return listing("tag", canonical)


def listing(kind: str, name: str):
    """The page of a company or a tag: its episodes, newest first."""
    page = int_arg("page", 1, 1, MAX_PAGE)
    result = get_kb().episodes(**{kind: name}, limit=LIST_SIZE, offset=(page - 1) * LIST_SIZE)
    pages = page_count(result, LIST_SIZE, page)
    return render_template(
        f"{kind}.html", kind=kind, name=name, result=result, page=page, pages=pages
    )


@bp.route("/ask")
def ask():
    question = request.args.get("q", "").strip()
    return render_template("ask.html", question=question)


@bp.route("/api/search")
def api_search():
    result = get_kb().search(
        request.args.get("q", ""),
        **filter_args(),
        sort=request.args.get("sort", "relevance"),
        limit=int_arg("limit", 10, 1, 100),
        offset=int_arg("offset", 0, 0, MAX_PAGE * PAGE_SIZE),
    )
    return jsonify(dataclasses.asdict(result))


@bp.route("/api/episodes/<episode_id>")
def api_episode(episode_id: str):
    return jsonify(get_kb().episode(episode_id))
