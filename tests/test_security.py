"""What a hostile note or request can do to a reader: nothing. Fields are escaped, only web
addresses become links, no script runs but kb's own files, the server reads no file a request
names and cannot write the store, and a figures CSV holds no formula a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import subprocess
import sys

import pytest
from conftest import index_notes
from web_bench import free_port

from kb.models import FIGURE_CSV_FIELDS, FigureRecord, write_figures_csv
from web import create_app
from web.context import close_pool, get_kb
from web.views import safe_link

HOSTILE = """---
title: "=HYPERLINK(\\"http://x.example\\") <img src=x onerror=alert(1)>"
date: 2024-05-06
speaker: "<b onmouseover=alert(2)>主持人</b>"
source: " JavaScript:alert(3)"
tags: ["<script>alert(4)</script>", "@risk"]
summary: "+摘要 <iframe src=//x.example>"
---

### <svg onload=alert(5)>

-注入 <a href="javascript:alert(6)">链接</a> 营收下跌17%，为"@SUM(1+1)"。

<details>
<summary>View/Hide Original English</summary>
<p class="english-text">=cmd|' /C calc'!A0 revenue fell 17% <script>alert(7)</script></p>
</details>
"""
HOSTILE_ID = "Zz9hostile2"
# A policy that allows inline script in any form would defeat its purpose.
CSP = re.compile(r"(^|; )script-src 'self'(;|$)")


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return index_notes(tmp_path_factory, {f"{HOSTILE_ID}.md": HOSTILE})


PAGES = [
    "/",
    "/search?q=注入",
    f"/episode/{HOSTILE_ID}?q=注入",
    "/tag/@risk",
    "/figures",
    f"/figures?episode={HOSTILE_ID}",
    "/ask?q=营收下跌多少",
    "/company/nvidia",
]


TAG = re.compile(r"<[a-zA-Z][^>]*>")


@pytest.mark.parametrize("path", PAGES)
def test_no_field_of_a_note_becomes_markup(client, path):
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200
    for tag in TAG.findall(response.get_data(as_text=True)):  # escaped text holds no "<"
        assert not re.match(r"<(img|iframe|object|embed|b )", tag), tag
        assert not re.search(r"\son\w+\s*=", tag), tag  # no event handler
        assert not re.search(r"(href|src|action)=\"?\s*(javascript|data|vbscript):", tag, re.I)
        if tag.startswith("<script"):
            assert re.fullmatch(r'<script src="/static/[\w.]+">', tag), tag


def test_the_hostile_fields_show_as_text(client):
    html = client.get(f"/episode/{HOSTILE_ID}").get_data(as_text=True)
    assert "&lt;b onmouseover=alert(2)&gt;主持人&lt;/b&gt;" in html
    assert "=HYPERLINK(&#34;http://x.example&#34;) &lt;img src=x onerror=alert(1)&gt;" in html
    assert "#&lt;script&gt;alert(4)&lt;/script&gt;" in html
    assert "&lt;svg onload=alert(5)&gt;" in html
    assert '<span class="source">JavaScript:alert(3)</span>' in html


@pytest.mark.parametrize(
    "url, link",
    [
        ("https://example.com/watch?v=1&t=2", True),
        ("http://example.com/", True),
        ("HTTPS://EXAMPLE.COM/", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("//example.com/no-scheme", False),
        ("file:///etc/passwd", False),
        ("example.com", False),
    ],
)
def test_only_web_addresses_become_source_links(url, link):
    assert safe_link(url) == (url if link else None)


def test_a_source_link_is_escaped_inside_its_attribute(tmp_path_factory):
    note = "---\ntitle: 链接\nsource: 'https://example.com/a?b=1&c=\"><script>'\n---\n\n正文。\n"
    app = create_app({"KB_HOME": str(index_notes(tmp_path_factory, {"Zz9link.md": note}))})
    try:
        html = app.test_client().get("/episode/Zz9link").get_data(as_text=True)
    finally:
        close_pool(app)
    assert (
        '<a class="source" href="https://example.com/a?b=1&amp;c=&#34;&gt;&lt;script&gt;"' in html
    )


@pytest.mark.parametrize(
    "path", ["/", "/search?q=营收", "/api/search?q=营收", "/episode/nope", "/api/episodes/nope",
             "/figures.csv", "/static/kb.css", "/static/reader.js", "/no/such/page"],
)  # fmt: skip
def test_every_response_forbids_inline_scripts_and_sniffing(client, path):
    with client.get(path) as response:  # a file's response holds it open until closed
        policy = response.headers["Content-Security-Policy"]
        sniffing = response.headers["X-Content-Type-Options"]
    assert CSP.search(policy) and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert sniffing == "nosniff"


def test_pages_hold_no_inline_script(client):
    scripts = 0
    for path in PAGES:
        html = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert not re.search(r"<script\b[^>]*>[^<]", html), path
        scripts += len(re.findall(r'<script src="/static/[\w.]+"></script>', html))
    assert scripts  # the reader's script is a file of its own


@pytest.mark.parametrize(
    "path",
    ["/static/../kb.sqlite", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/..%2fviews.py",
     "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/episode/..%2f..%2fkb.sqlite",
     "/api/episodes/%2e%2e", "/tag/..%2f..%2fetc%2fpasswd"],
)  # fmt: skip
def test_no_request_reads_a_file_it_names(client, path):
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 404
    body = response.get_data()
    assert b"SQLite format" not in body and b"root:" not in body and b"[project]" not in body


def test_the_web_process_cannot_write_the_store(app):
    with app.app_context():
        kb = get_kb()
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            kb.store.db.execute("DELETE FROM episodes")
        assert kb.stats()["episodes"] == 16
        assert kb.lock is None  # a reader never takes the writer lock


def figure(**fields) -> FigureRecord:
    defaults = {name: None for name in FigureRecord.__dataclass_fields__}
    defaults.update(id=1, episode_id="e", title="t", date="2024-01-01", paragraph=1, heading="",
                    lang="zh", raw="17%", start=0, end=3, value=17.0, unit="%", kind="percent",
                    approximate=False, sentence="s")  # fmt: skip
    return FigureRecord(**(defaults | fields))


@pytest.mark.parametrize("text", ["=1+1", "+1", "-17%", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_csv_cell_that_a_spreadsheet_would_run_is_written_as_text(text):
    out = io.StringIO()
    write_figures_csv(out, [figure(title=text, raw=text, sentence=text, value=-17.0, low=-20.0)])
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert (row["title"], row["raw"], row["sentence"]) == (f"'{text}",) * 3
    assert (row["value"], row["low"], row["start"]) == ("-17.0", "-20.0", "0")  # numbers stay


def test_the_figures_csv_of_a_hostile_note(client):
    response = client.get(f"/figures.csv?episode={HOSTILE_ID}")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == FIGURE_CSV_FIELDS
    assert [(r["lang"], r["raw"], r["value"]) for r in rows] == [
        ("zh", "17%", "-17.0"),
        ("en", "17%", "-17.0"),  # a fall of 17%: a negative number
    ]
    assert all(r["title"].startswith("'=HYPERLINK") for r in rows)
    assert rows[0]["sentence"].startswith("'-注入")


@pytest.mark.parametrize(
    "host, warned", [(None, False), ("localhost", False), ("::1", False), ("0.0.0.0", True)]
)
def test_kb_serve_listens_on_loopback_unless_told_and_warns_then(home, host, warned):
    options = ["--host", host] if host else []
    server = subprocess.Popen(
        [sys.executable, "-m", "kb", "serve", "--home", str(home), "--port", str(free_port()),
         *options],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        first = server.stderr.readline()
        second = server.stderr.readline() if warned else ""
    finally:
        server.terminate()
        server.communicate(timeout=10)
    assert first.startswith(f"serving {home} on http://{host or '127.0.0.1'}:")
    assert second.startswith(f"warning: listening on {host}, not on loopback") == warned
