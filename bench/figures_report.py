"""Figures over a folder of notes: how many, how many aligned or flagged, and how fast.

    .venv/bin/python bench/figures_report.py [FOLDER] [--flagged N] [--seed S]

prints the number of figures, the share of Chinese figures paired with a figure of the
translation (among paragraphs that have English), the share flagged, and extraction speed in
characters per second; `--flagged N` then prints N flagged figures, drawn at random, with both
sides of their paragraph for reading by hand.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from pathlib import Path

from kb.entities import EntityTable
from kb.figures import extract_figures, paragraph_figures
from kb.notes import NoteError, load_episode

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "sample"


def load(folder: Path) -> list:
    episodes = []
    for path in sorted(folder.glob("*.md")):
        try:
            episodes.append(load_episode(path))
        except NoteError:
            continue
    return episodes


def extraction_speed(episodes: list) -> float:
    """Characters per CPU-second of extraction alone, before linking and alignment."""
    texts = [(p.zh, p.en) for e in episodes for p in e.paragraphs]
    start = time.process_time()
    for zh, en in texts:
        extract_figures(zh, "zh")
        extract_figures(en, "en")
    return sum(e.chars for e in episodes) / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--flagged", type=int, default=0, help="print N flagged figures")
    parser.add_argument("--seed", type=int, default=1, help="random seed for --flagged")
    args = parser.parse_args()
    episodes = load(args.folder)
    table = EntityTable.packaged()
    counts: Counter[str] = Counter()
    flagged = []
    start = time.process_time()
    for e in episodes:
        for p in e.paragraphs:
            figures = paragraph_figures(p.zh, p.en, heading=p.heading, date=e.date, entities=table)
            counts["figures"] += len(figures)
            for f in figures:
                counts[f.lang] += 1
                if f.lang == "zh" and p.en.strip():
                    counts["zh_with_en"] += 1
                    counts["zh_aligned"] += f.counterpart is not None and f.mismatch is None
                if f.mismatch:
                    counts["flagged"] += 1
                    counts[f.mismatch] += 1
                    flagged.append((e.id, p, f, figures))
    full_speed = sum(e.chars for e in episodes) / (time.process_time() - start)
    extract_speed = extraction_speed(episodes)
    paragraphs = sum(len(e.paragraphs) for e in episodes)
    print(f"notes {len(episodes)}, paragraphs {paragraphs}")
    print(f"figures {counts['figures']} (zh {counts['zh']}, en {counts['en']})")
    share = counts["zh_aligned"] / max(1, counts["zh_with_en"])
    print(f"zh figures aligned, in paragraphs with English: {share:.1%} of {counts['zh_with_en']}")
    print(f"flagged {counts['flagged']} ({counts['flagged'] / max(1, counts['figures']):.1%}):")
    for kind in ("value", "period", "missing_in_translation", "missing_in_chinese"):
        print(f"  {kind} {counts[kind]}")
    print(f"speed: extraction {extract_speed:,.0f} chars/s;", end=" ")
    print(f"paragraph_figures {full_speed:,.0f} chars/s")
    show(flagged, args.flagged, args.seed)


def show(flagged: list, n: int, seed: int) -> None:
    """Print n flagged figures, drawn at random, with both sides of their paragraph."""
    random.Random(seed).shuffle(flagged)
    for episode_id, p, f, figures in flagged[:n]:
        mate = figures[f.counterpart].raw if f.counterpart is not None else None
        print(f"\n--- {episode_id} #{p.number} {f.lang} {f.raw!r} {f.mismatch} conf={f.confidence}")
        print(f"    value={f.value} unit={f.unit} period={f.period} counterpart={mate!r}")
        print(f"ZH: {p.zh}\nEN: {p.en}")


if __name__ == "__main__":
    main()
