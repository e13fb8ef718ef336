"""The `kb` command: parse options, make one library call, print text or JSON."""

from __future__ import annotations

import dataclasses
import functools
import html
import ipaddress
import json
import re
import sys

import click

from kb.config import Settings
from kb.core import KnowledgeBase
from kb.errors import BadParameter, KbError
from kb.models import Answer, IndexReport, SearchResult, write_figures_csv

MARK = re.compile(r"<mark[^>]*>(.*?)</mark>", re.S)
TAG = re.compile(r"<[^>]+>")
SNIPPET = 160


def home_option(command):
    """`--home DIR` (or $KB_HOME): where the store and the index are built."""
    return click.option(
        "--home",
        envvar="KB_HOME",
        type=click.Path(file_okay=False),
        help="Folder holding the built store and index [env: KB_HOME; default: ./.kb].",
    )(command)


def json_option(command):
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")(command)


def library_errors(command):
    """A KbError is the user's to fix: one line on stderr and exit 1 or 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except BadParameter as e:
            raise click.UsageError(said(e)) from None
        except KbError as e:
            raise click.ClickException(said(e)) from None

    return wrapper


def said(e: KbError) -> str:
    return f"{e}; {e.hint}" if e.hint else str(e)


def open_kb(home: str | None, readonly: bool = True, wait: float = 0) -> KnowledgeBase:
    """The knowledge base; a writable one tells on stderr when it waits for another writer."""
    say = functools.partial(click.echo, err=True)
    return KnowledgeBase(Settings.from_env(home), readonly=readonly, wait=wait, notify=say)


def emit_json(document) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2, default=plain))


def plain(value):
    """JSON for the records inside a document."""
    return dataclasses.asdict(value) if dataclasses.is_dataclass(value) else str(value)


@click.group()
@click.version_option(package_name="kb")
def cli():
    """Search and ask a knowledge base of bilingual (Chinese + English) transcript notes."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--rebuild", is_flag=True, help="Forget everything built and index from scratch.")
@click.option("--procs", type=click.IntRange(1, 64), help="Worker processes [default: all cores].")
@click.option("--wait", type=click.FloatRange(0), default=0, metavar="SECONDS",
              help="If another kb index is writing, wait up to SECONDS for it to finish "
              "[default: refuse at once].")  # fmt: skip
@home_option
@json_option
@library_errors
def index(paths, rebuild, procs, wait, home, as_json):
    """Add, update and remove episodes from notes in PATHS (files or folders of *.md).

    Only files whose content changed are read again; episodes whose files are gone leave.
    One kb index writes at a time: another refuses, naming it, or waits with --wait.

    Example: kb index data/
    """
    with open_kb(home, readonly=False, wait=wait) as kb, ProgressBar() as bar:
        report = kb.index(paths, rebuild=rebuild, procs=procs, progress=bar.update)
    for skipped in report.skipped:
        click.echo(f"skipped {skipped}", err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        emit_json(dataclasses.asdict(report))
    else:
        click.echo(summary(report))


class ProgressBar:
    """A tqdm bar over bytes read, on a terminal only."""

    def __enter__(self):
        self.bar = None
        return self

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                desc="indexing",
                leave=False,
                disable=None,
                file=sys.stderr,
            )
        self.bar.update(done - self.bar.n)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


def summary(report: IndexReport) -> str:
    learned = (
        f"; lexicon learned from {report.lexicon_pairs:,} paragraph pairs in "
        f"{report.lexicon_seconds:.1f} s"
        if report.lexicon_seconds
        else ""
    )
    return (
        f"{report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped; "
        f"{report.paragraphs:,} paragraphs and {report.chars:,} characters read, "
        f"{report.entities:,} entities in all; {report.seconds:.1f} s{learned}"
    )


@cli.command()
@click.argument("query")
@click.option("--company", help="Only episodes about this company (any name: 英伟达, Nvidia).")
@click.option("--tag", help="Only episodes with this tag.")
@click.option("--speaker", help="Only episodes by this speaker.")
@click.option("--since", help="Only episodes on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", help="Only episodes on or before this date.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--all", "include_excluded", is_flag=True, help="Include notes marked `exclude`.")
@click.option(
    "--exact", is_flag=True, help="Search the words as written: no translations, every word."
)
@home_option
@json_option
@library_errors
def search(query, company, tag, speaker, since, until, limit, include_excluded, exact, home,
           as_json):  # fmt: skip
    """Episodes matching QUERY, best first, with their best paragraphs.

    Words may be Chinese or English; each also searches its translations (revenue → 营收) and
    a company's other names, unless --exact. "quoted words" must appear together; NOT word
    leaves out.

    Example: kb search 折旧 --company 英伟达 --since 2025
    """
    with open_kb(home) as kb:
        result = kb.search(
            query,
            company=company,
            tag=tag,
            speaker=speaker,
            since=since,
            until=until,
            limit=limit,
            include_excluded=include_excluded,
            facets=as_json,  # the listing does not show them
            exact=exact,
        )
    if as_json:
        emit_json(dataclasses.asdict(result))
    else:
        print_result(result)


def print_result(result: SearchResult) -> None:
    click.echo(f"{result.total} episode{'s' * (result.total != 1)} found")
    for line in widened_lines(result):
        click.echo(line)
    for rank, hit in enumerate(result.hits, 1):
        click.echo()
        click.secho(f"{rank}. {hit.title}", bold=True)
        meta = " · ".join(x for x in (hit.date, hit.speaker, hit.episode_id) if x)
        click.echo(f"   {meta}")
        if hit.missing:
            click.echo(f"   missing: {', '.join(hit.missing)}")
        if hit.tags:
            click.echo("   #" + " #".join(hit.tags))
        for p in hit.passages:
            click.echo(f"   ¶{p.paragraph} {snippet(p.highlight)}")


WHY = {"translation": "{word} → {names}", "entity": "{word} → {names}",
       "spelling": "also searched: {names}"}  # fmt: skip


def widened_lines(result: SearchResult) -> list[str]:
    """What the query was widened with: "revenue → 营收, 收入", "also searched: CoreWeave"."""
    return [WHY[w.why].format(word=w.word, names=", ".join(w.alternatives)) for w in result.widened]


def snippet(marked: str) -> str:
    """A highlighted passage as terminal text around its first match, matches in bold."""
    first = marked.find("<mark")
    start = max(0, len(html.unescape(TAG.sub("", marked[:first]))) - 40) if first > 0 else 0
    plain = html.unescape(TAG.sub("", MARK.sub(lambda m: f"\x00{m.group(1)}\x01", marked)))
    text = plain[start : start + SNIPPET]
    text = ("…" if start else "") + text + ("…" if start + SNIPPET < len(plain) else "")
    return text.replace("\x00", click.style("", bold=True, reset=False)).replace(
        "\x01", click.style("", reset=True)
    )


@cli.command()
@click.argument("word")
@home_option
@json_option
@library_errors
def lexicon(word, home, as_json):
    """The translations kb learned for WORD (Chinese or English), with their weights.

    Learned from the notes' own paragraph pairs by `kb index`; words the notes never translate
    show the general dictionary's (CC-CEDICT) translations, marked as such.

    Example: kb lexicon revenue
    """
    with open_kb(home) as kb:
        found = kb.translations(word)
    if as_json:
        emit_json([dataclasses.asdict(t) for t in found])
        return
    if not found:
        click.echo(f"No translation of {word!r} is known.")
    for t in found:
        origin = " (dictionary)" if t.origin == "dictionary" else ""
        click.echo(f"{t.display}\t{t.weight:.3f}{origin}")


@cli.command()
@click.argument("question")
@home_option
@json_option
@library_errors
def ask(question, home, as_json):
    """Answer QUESTION (Chinese or English) from the figures and passages, with citations.

    Says "not found", with the nearest things kb holds, when no note answers it.

    Example: kb ask "CoreWeave的RPO是多少？"
    """
    with open_kb(home) as kb:
        answer = kb.ask(question)
    if as_json:
        emit_json(answer.to_json())
    else:
        print_answer(answer)


def print_answer(answer: Answer) -> None:
    if answer.text is None:
        click.echo("Not found: no note answers this question.")
        if answer.closest:
            click.echo("Closest:")
            for line in answer.closest:
                click.echo(f"  - {line}")
        return
    click.secho(answer.text, bold=True)
    click.echo(f"confidence {answer.confidence:.2f}")
    for n, c in enumerate(answer.citations, 1):
        click.echo()
        click.echo(f"[{n}] {c.title}")
        click.echo(f"    {' · '.join(x for x in (c.date, c.episode_id, f'¶{c.paragraph}') if x)}")
        for text in (c.zh, c.en):
            if text:
                click.echo(f"    {text}")


@cli.command()
@click.argument("episode")
@home_option
@json_option
@library_errors
def show(episode, home, as_json):
    """One episode: metadata, entities and its paragraphs with their English originals.

    Ids may start with '-': put them after --.

    Example: kb show -- -Fq3LkW9aZc
    """
    with open_kb(home) as kb:
        row = kb.episode(episode)
    if as_json:
        emit_json(row)
        return
    click.secho(row["title"], bold=True)
    for label in ("date", "speaker", "source", "category"):
        if row[label]:
            click.echo(f"{label}: {row[label]}")
    if row["tags"]:
        click.echo("tags: " + ", ".join(row["tags"]))
    if row["entities"]:
        click.echo("entities: " + ", ".join(e["name"] for e in row["entities"]))
    if row["summary"]:
        click.echo(f"\n{row['summary']}")
    heading = None
    for p in row["paragraphs"]:
        if p["heading"] != heading:
            heading = p["heading"]
            click.secho(f"\n### {heading}", bold=True)
        click.echo(f"\n[{p['number']}] {p['zh']}")
        if p["en"]:
            click.echo(f"    {p['en']}")
        for f in p["figures"]:
            click.echo(f"    · {figure_line(f)}")


@cli.command()
@click.option("--episode", help="Only this episode's figures.")
@click.option("--company", help="Only figures about this company (any name: 英伟达, Nvidia).")
@click.option("--metric", help="Only this metric, named in either language (revenue, 营收, RPO).")
@click.option("--kind", help="money, percent, count, duration, multiple, price or number.")
@click.option("--period", help="Only this period or those within it: 2025, 2025Q3, FY2024.")
@click.option("--min", "min_value", type=float, help="Only values at least this (1.4e9 for 14亿).")
@click.option("--max", "max_value", type=float, help="Only values at most this.")
@click.option("--mismatch", is_flag=False, flag_value="any",
              help="Only figures the translation disagrees with; or one kind of disagreement: "
              "value, period, missing_in_translation, missing_in_chinese.")  # fmt: skip
@click.option("--limit", type=click.IntRange(1), help="At most this many figures.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@home_option
@json_option
@library_errors
def figures(home, as_json, as_csv, limit, **filters):
    """The figures the episodes cite, newest episode first, each with its translation.

    Example: kb figures --company CoreWeave --metric RPO
    """
    with open_kb(home) as kb:
        found = kb.figures(limit=limit, **filters)
    if as_json:
        emit_json([f.to_json() for f in found])
    elif as_csv:
        write_figures_csv(sys.stdout, found)
    else:
        for f in found:
            line = figure_line(f.to_json())
            click.echo(f"{f.date or '-':10}  {f.episode_id} ¶{f.paragraph}  {line}")
        click.echo(f"{len(found)} figure{'s' * (len(found) != 1)}")


def figure_line(f: dict) -> str:
    """500亿美元 = 50,000,000,000 USD · rpo · CoreWeave · 2025Q3 ↔ $50 billion [flag]"""
    value = f["value"]
    value = "?" if value is None else f"{value:,.0f}" if abs(value) >= 1e3 else f"{value:g}"
    parts = [f"{f['raw']} = {value} {f['unit']}"]
    line = " · ".join([*parts, *(f[k] for k in ("metric", "entity", "period") if f[k])])
    if f["counterpart"]:
        line += f" ↔ {f['counterpart']['raw']}"
    return line + (f" [{f['mismatch']}]" if f["mismatch"] else "")


@cli.command()
@home_option
@json_option
@library_errors
def stats(home, as_json):
    """Counts of episodes, paragraphs, entities and figures, files skipped, and names to check.

    Example: kb stats --json
    """
    with open_kb(home) as kb:
        numbers = kb.stats()
    if as_json:
        emit_json(numbers)
        return
    for label in ("episodes", "paragraphs", "entities", "figures"):
        click.echo(f"{label}: {numbers[label]:,}")
    click.echo(f"skipped: {len(numbers['skipped'])}")
    for s in numbers["skipped"]:
        click.echo(f"  {s['path']}:{s['line']}: {s['reason']}")
    if numbers["similar_names"]:
        click.echo("similar company names, not merged (check them):")
        for pair in numbers["similar_names"]:
            click.echo(
                f"  {pair['name']} ({pair['episodes']}) ~ "
                f"{pair['similar']} ({pair['similar_episodes']})"
            )


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine only (127.0.0.1, ::1, localhost)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() == "localhost"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 opens the server to the network.")  # fmt: skip
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64),
              help="Processes answering requests at once [default: one per core].")  # fmt: skip
@home_option
@library_errors
def serve(host, port, workers, home):
    """Serve the web interface and its JSON API (/api/search, /api/episodes/ID).

    The knowledge base is opened read-only; `kb index` may update it while the server runs.

    Example: kb serve --port 8000
    """
    settings = Settings.from_env(home)
    with open_kb(home) as kb:
        kb.finds("kb")  # a missing store or index is said here, not by each worker
    click.echo(f"serving {settings.home} on http://{host}:{port}/", err=True)
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}, not on loopback: anyone who can reach this "
                   "machine can read the knowledge base, which has no login", err=True)  # fmt: skip
    # Imported here: Flask and gunicorn would add a fifth to the start-up of every other command.
    from web.server import serve as serve_app

    serve_app(str(settings.home), host, port, workers)
