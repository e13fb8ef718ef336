"""Read stored figures by hand: a random sample to judge, the table of verdicts, whole-store counts.

    .venv/bin/python bench/figures_audit.py draw --home KB_HOME [-n 200] [--seed 1] --out A.tsv
    .venv/bin/python bench/figures_audit.py table A.tsv
    .venv/bin/python bench/figures_audit.py counts --home KB_HOME

`draw` picks N stored figures at random (the same N for the same seed and store), prints each
with its heading, sentence, surrounding text and stored fields, and writes them to a TSV whose
last columns a person fills in:

- real: y, a quantity the text states; n, a year, an idiom, a name, a rhetorical word.
- value_ok, unit_ok: y/n, the value (sign and range ends included) and the unit read right.
- period_stated: y when the sentence, paragraph, heading or a relative word (今年) against the
  episode's date says the figure's period; n when nothing does.
- period_ok: y stored and right; w stored and wrong; m stated but not stored; - neither.
- entity_named: s its sentence names the entity the figure is about; p only its paragraph or
  heading does; n nothing does.
- entity_ok, metric_ok: y set and right; n set and wrong; m not set though the sentence says
  it; - not set.
- note: free text.

`table` reads a filled TSV and prints the summary; `counts` prints counts over the whole store
(years stored as figures, decline words read as rises, share of figures with a period, ...).
The TSVs hold the notes' text: keep them out of the repository.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path

from kb import KnowledgeBase, Settings
from kb.figures.table import FigureFilter

FIELDS = ["value", "unit", "kind", "direction", "approximate", "low", "high", "per", "metric",
          "entity", "period", "counterpart", "mismatch", "confidence", "entity_confidence",
          "metric_confidence", "period_confidence"]  # fmt: skip
VERDICTS = ["real", "value_ok", "unit_ok", "period_stated", "period_ok", "entity_named",
            "entity_ok", "metric_ok", "note"]  # fmt: skip
CONTEXT = 300  # characters of the paragraph shown on each side of the figure


def connect(home: Path) -> sqlite3.Connection:
    path = Settings.from_env(home).db_path
    if not path.exists():
        sys.exit(f"{path}: no knowledge base here")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def draw(home: Path, n: int, seed: int, out: Path) -> None:
    """Write n figures, drawn at random, with what a reader needs to judge them."""
    ids = [row[0] for row in connect(home).execute("SELECT id FROM figures ORDER BY id")]
    chosen = random.Random(seed).sample(ids, min(n, len(ids)))
    rows = []
    with KnowledgeBase(Settings.from_env(home), readonly=True) as kb:
        for number, ident in enumerate(chosen, 1):
            rows.append(describe(kb, number, ident))
    with open(out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    for row in rows:
        show(row)
    print(f"\n{len(rows)} figures written to {out}", file=sys.stderr)


def describe(kb: KnowledgeBase, number: int, ident: int) -> dict:
    """The row of one figure: where it is, its stored fields, its text, empty verdicts."""
    episode, paragraph = kb.store.db.execute(
        "SELECT episode_id, paragraph FROM figures WHERE id = ?", [ident]
    ).fetchone()
    chosen = FigureFilter(paragraphs=((episode, paragraph),))
    f = next(r for r in kb.store.figures(chosen) if r.id == ident)
    text = kb.store.paragraph_texts([(episode, paragraph)])[(episode, paragraph)][f.lang]
    before = text[max(0, f.start - CONTEXT) : f.start]
    after = text[f.end : f.end + CONTEXT]
    row = {"n": number, "id": ident, "episode_id": episode, "date": f.date or "",
           "paragraph": paragraph, "lang": f.lang, "raw": f.raw}  # fmt: skip
    for name in FIELDS:
        value = getattr(f, name, None)
        if name == "counterpart":
            value = (value or {}).get("raw")
        row[name] = "" if value is None else value
    row["heading"] = f.heading
    row["sentence"] = flat(f.sentence)
    row["context"] = flat(f"{before}【{f.raw}】{after}")
    return row | dict.fromkeys(VERDICTS, "")


def flat(text: str) -> str:
    return " ".join(text.split())


def show(row: dict) -> None:
    fields = ", ".join(f"{k}={row[k]}" for k in FIELDS if row.get(k) not in ("", None))
    print(f"\n#{row['n']} {row['episode_id']} ¶{row['paragraph']} {row['date']} {row['lang']} "
          f"[{row['raw']}] {fields}")  # fmt: skip
    print(f"  H: {row['heading']}")
    print(f"  S: {row['sentence']}")
    print(f"  C: {row['context']}")


def table(path: Path) -> None:
    """Print the summary of a filled verdict file."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    missing = [r["n"] for r in rows if not r["real"].strip()]
    if missing:
        sys.exit(f"{path}: rows without a verdict: {', '.join(missing[:20])}")
    v = [{k: (r[k] or "").strip().lower() for k in VERDICTS} for r in rows]
    real = [r for r in v if r["real"] == "y"]
    stated = [r for r in real if r["period_stated"] == "y"]
    period = Counter(r["period_ok"] for r in stated)
    unstated = Counter(r["period_ok"] for r in real if r["period_stated"] != "y")
    entity_set = [r for r in real if r["entity_ok"] in ("y", "n")]
    named = [r for r in real if r["entity_named"] == "s"]
    metric_set = [r for r in real if r["metric_ok"] in ("y", "n")]
    lines = [
        ("figures read", len(v), None),
        ("real quantities", len(real), len(v)),
        ("value right", sum(r["value_ok"] == "y" for r in real), len(real)),
        ("unit right", sum(r["unit_ok"] == "y" for r in real), len(real)),
        ("period stated (sentence, paragraph, heading, 今年)", len(stated), len(real)),
        ("  captured right", period["y"], len(stated)),
        ("  captured wrong", period["w"], len(stated)),
        ("  missing", period["m"], len(stated)),
        ("period stored where none is stated", unstated["y"] + unstated["w"],
         len(real) - len(stated)),
        ("entity set", len(entity_set), len(real)),
        ("  right", sum(r["entity_ok"] == "y" for r in entity_set), len(entity_set)),
        ("sentence names the entity", len(named), len(real)),
        ("  entity set there", sum(r["entity_ok"] in ("y", "n") for r in named), len(named)),
        ("  set and right there", sum(r["entity_ok"] == "y" for r in named), len(named)),
        ("metric set", len(metric_set), len(real)),
        ("  right", sum(r["metric_ok"] == "y" for r in metric_set), len(metric_set)),
        ("metric missing though its sentence says it", sum(r["metric_ok"] == "m" for r in real),
         len(real)),
    ]  # fmt: skip
    for label, count, total in lines:
        share = f"{count / total:6.1%} of {total}" if total else ""
        print(f"{label:<52} {count:>5}  {share}")


# Whole-store counts. A year in Chinese numerals: 二零二五年, 一九九九年, 二〇二四年.
CN_YEAR = re.compile(
    r"^[一二三四五六七八九][零〇一二三四五六七八九]{3}(?:[、到至-][零〇一二三四五六七八九]{2,4})?年"
)
DIGIT_YEAR = re.compile(r"^(?:19|20)\d\d\s*年|^\d\d年$")
YEAR_NEXT = re.compile(
    r"^\s*(?:\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|第?[一二三四1-4]季|[上下]半年|底|初|末|Q[1-4])"
)
DECLINE_ZH = re.compile(
    r"(?:下跌|下降|减少|降低|下滑|回落|缩水|萎缩|重挫|暴跌|大跌|跌幅|降幅|下调|缩减)(?:了|约|近)*(\s*)$"
)
DECLINE_EN = re.compile(r"\b(?:lose|lost|plunged|plunge|fell|dropped|declined|cut)\s+(?:by\s+)?$")
SENTENCE_CN_YEAR = re.compile(r"[一二三四五六七八九][零〇一二三四五六七八九]{3}年")
SENTENCE_DIGIT_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d\s*年")
LOW_END_BEFORE = re.compile(
    r"(?<!从)(?<!从 )(?:\d|[一二两三四五六七八九十])\s*[%％]?\s*(?:到|至|~|～|–)\s*$|\d%?\s+or\s+$"
)
UNIT_AFTER_SPACE = re.compile(r"^\s+(?:个小时|小时|个月|个|年|倍|家|人|名|亿|万|美元|元|%)")
PLURAL_AFTER = re.compile(r"^\s(?!plus\b|versus\b|less\b|species\b|towards\b)[a-z]{2,}[^su\W]s\b")
VAGUE_ZH = re.compile(r"(?:数|几|上)$")
NOT_SIGN = re.compile(r"(?:正负|背负)\s?$")
VAGUE_EN = re.compile(r"\b(?:several|a few|hundreds of|thousands of|tens of|dozens of)\s+$", re.I)
AGO = re.compile(r"^\s*(?:前|以前|之前|ago)\b|^前")


# Every count, in the order printed (a zero is printed too).
COUNT_LABELS = (
    "figures", "with a period",
    "years in Chinese numerals stored as figures",
    "years in digits stored as figures (2025年, 26年3月)",
    "N years/months ago stored as durations", "negative durations",
    "after a decline word (no space)", "after a decline word (no space), read as a decline",
    "after a decline word (with a space)",
    "after a decline word (with a space), read as a decline",
    "after a decline word (English)", "after a decline word (English), read as a decline",
    "after 正负/背负", "after 正负/背负, read as negative",
    "ranges with both ends", "after a range's low end left out of it (2 到 3 倍, 25 or 30%)",
    "vague amounts (数十亿, several hundred)",
    "vague amounts (数十亿, several hundred), approximate",
    "a unit after a space, left out", "English counts without a unit (600,000 EVs)",
    "in a sentence whose only year is in Chinese numerals",
    "in a sentence whose only year is in Chinese numerals, without a period",
    "in a sentence whose only year is in digits",
    "in a sentence whose only year is in digits, without a period",
)  # fmt: skip


def counts(home: Path) -> None:
    """Counts over every stored figure, read against its paragraph's text."""
    db = connect(home)
    c: Counter[str] = Counter(dict.fromkeys(COUNT_LABELS, 0))
    sql = """SELECT f.episode_id, f.paragraph, f.lang, f.raw, f.start, f."end", f.value, f.unit,
                    f.kind, f.period, f.low, f.high, f.approximate
             FROM figures f ORDER BY f.episode_id, f.paragraph"""
    key, texts = None, {}
    for ep, para, lang, raw, start, end, value, unit, kind, period, low, high, approx in db.execute(
        sql
    ):
        if (ep, para) != key:
            key = (ep, para)
            texts = dict(zip(("zh", "en"), db.execute(
                "SELECT zh, en FROM paragraphs WHERE episode_id = ? AND number = ?", key
            ).fetchone(), strict=True))  # fmt: skip
        text = texts[lang]
        before = text[max(0, start - 12 if lang == "zh" else start - 30) : start]
        after = text[end : end + 12]
        c["figures"] += 1
        c["with a period"] += period is not None
        count_figure(c, lang, raw, before, after, value, unit, kind, low, high, approx)
        if lang == "zh":
            sentence_year(c, text, start, period)
    for label, count in c.items():
        share = ""
        if label != "figures":
            head = label.rsplit(", ", 1)[0]
            base = c[head] if head != label and head in c else c["figures"]
            share = f"{count / max(1, base):7.1%}"
        print(f"{label:<72} {count:>8} {share}")


def count_figure(c: Counter, lang, raw, before, after, value, unit, kind, low, high, approx):
    zh = lang == "zh"
    if CN_YEAR.match(raw):
        c["years in Chinese numerals stored as figures"] += 1
    four = raw[:4].isdigit() and raw[:2] in ("19", "20")
    if zh and DIGIT_YEAR.match(raw) and (four or YEAR_NEXT.match(after)):
        c["years in digits stored as figures (2025年, 26年3月)"] += 1
    if unit in ("years", "months", "days", "weeks") and AGO.match(after):
        c["N years/months ago stored as durations"] += 1
    if kind == "duration" and value is not None and value < 0:
        c["negative durations"] += 1
    decline = DECLINE_ZH.search(before) if zh else DECLINE_EN.search(before)
    if decline and kind != "duration":
        spaced = ("with a space" if decline.group(1) else "no space") if zh else "English"
        c[f"after a decline word ({spaced})"] += 1
        c[f"after a decline word ({spaced}), read as a decline"] += (value or 0) < 0
    if zh and (raw.startswith("负") and before[-1:] in ("正", "背") or NOT_SIGN.search(before)):
        c["after 正负/背负"] += 1
        c["after 正负/背负, read as negative"] += (value or 0) < 0
    if LOW_END_BEFORE.search(before):
        c["after a range's low end left out of it (2 到 3 倍, 25 or 30%)"] += 1
    if low is not None and high is not None:
        c["ranges with both ends"] += 1
    if zh and UNIT_AFTER_SPACE.match(after):
        c["a unit after a space, left out"] += 1
    if not zh and kind == "number" and PLURAL_AFTER.match(after):
        c["English counts without a unit (600,000 EVs)"] += 1
    if (zh and (VAGUE_ZH.search(before) or raw[:1] in "数几")) or (
        not zh and VAGUE_EN.search(before)
    ):
        c["vague amounts (数十亿, several hundred)"] += 1
        c["vague amounts (数十亿, several hundred), approximate"] += bool(approx)


def sentence_year(c: Counter, text: str, start: int, period: str | None) -> None:
    """Count figures whose sentence names a year only in Chinese numerals, or only in digits."""
    lo = max(text.rfind(mark, 0, start) for mark in "。！？；") + 1
    ends = [i for i in (text.find(mark, start) for mark in "。！？；") if i >= 0]
    sentence = text[lo : min(ends) if ends else len(text)]
    cn, digit = SENTENCE_CN_YEAR.findall(sentence), SENTENCE_DIGIT_YEAR.findall(sentence)
    if len(set(cn)) == 1 and not digit:
        c["in a sentence whose only year is in Chinese numerals"] += 1
        c["in a sentence whose only year is in Chinese numerals, without a period"] += not period
    if len(set(digit)) == 1 and not cn:
        c["in a sentence whose only year is in digits"] += 1
        c["in a sentence whose only year is in digits, without a period"] += not period


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("draw", help="draw a sample and write it for verdicts")
    one.add_argument("--home", type=Path, required=True)
    one.add_argument("-n", type=int, default=200)
    one.add_argument("--seed", type=int, default=1)
    one.add_argument("--out", type=Path, required=True)
    two = sub.add_parser("table", help="summarise a filled verdict file")
    two.add_argument("path", type=Path)
    three = sub.add_parser("counts", help="counts over the whole store")
    three.add_argument("--home", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "draw":
        draw(args.home, args.n, args.seed, args.out)
    elif args.command == "table":
        table(args.path)
    else:
        counts(args.home)


if __name__ == "__main__":
    main()
