"""A paragraph pair's figures: found on each side, linked to what they are about, paired."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kb.entities import EntityTable
from kb.figures.align import align_figures
from kb.figures.currency import episode_currencies
from kb.figures.extract import extract_figures
from kb.figures.links import link_figures
from kb.models import Figure, Paragraph
from kb.notes import is_english, is_mostly_chinese
from kb.segment import to_simplified


def paragraph_figures(
    zh: str, en: str, *, heading: str, date: str | None, entities: EntityTable
) -> list[Figure]:
    """The zh figures then the en figures of one paragraph pair, linked and aligned.

    :param date: the episode's date (YYYY-MM-DD), against which 今年 or "last quarter" are read
    """
    # Chinese is read as Simplified (3億美元, 86輛), each figure keeping its text as written.
    original_zh, zh, heading = zh, to_simplified(zh), to_simplified(heading)
    # Some notes hold English where the Chinese should be ($70 billion), or a Chinese transcript
    # where the English should be: each side is read in the language it is written in.
    english_zh, chinese_en = is_english(zh), is_mostly_chinese(en)
    original_en, en = en, to_simplified(en) if chinese_en else en
    zh_found = extract_figures(zh, "en" if english_zh else "zh")
    en_found = extract_figures(en, "zh" if chinese_en else "en")
    if not zh_found and not en_found:
        return []
    zh_found = link_figures(zh_found, zh, heading=heading, date=date, entities=entities)
    en_found = link_figures(en_found, en, heading=heading, date=date, entities=entities)
    if english_zh:
        zh_found = [replace(f, lang="zh") for f in zh_found]
    if chinese_en:
        en_found = [replace(f, lang="en") for f in en_found]
    zh_done, en_done = align_figures(zh_found, en_found, zh_text=zh, en_text=en)
    return [*as_written(zh_done, original_zh), *as_written(en_done, original_en)]


def as_written(figures: list[Figure], text: str) -> list[Figure]:
    """The figures with their text as the note writes it, where it was read folded."""
    return [f if text[f.start : f.end] == f.raw else replace(f, raw=text[f.start : f.end])
            for f in figures]  # fmt: skip


def episode_figures(
    paragraphs: Iterable[Paragraph], *, date: str | None, entities: EntityTable
) -> list[tuple[int, list[Figure]]]:
    """(paragraph number, figures) of every paragraph of an episode that cites any, with the
    currencies their words leave unsaid (kb/figures/currency.py)."""
    found, texts = [], {}
    for p in paragraphs:
        figures = paragraph_figures(p.zh, p.en, heading=p.heading, date=date, entities=entities)
        if figures:
            found.append((p.number, figures))
            texts[p.number] = to_simplified(p.zh)
    return episode_currencies(found, texts)
