"""A paragraph pair's figures: found on each side, linked to what they are about, paired."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from kb.entities import EntityTable
from kb.figures.align import DOLLARS, align_figures, bare_dollar
from kb.figures.extract import extract_figures
from kb.figures.links import link_figures
from kb.figures.table import MONEY_KINDS
from kb.models import Figure, Paragraph
from kb.notes import is_english, is_mostly_chinese
from kb.segment import to_simplified

# A paragraph that names the yuan or China (国内 as a Chinese speaker says it): its 块 are yuan.
YUAN_NAMED = re.compile(r"人民币|RMB|中国|国内|大陆|内地|全国", re.I)
KUAI_NAMED = re.compile(r"块(?:人民币|美金|美元|加币|港币)")  # 5块美金 says its currency
CHINESE_MEASURES = ("jin", "mu")  # 七块钱一斤: a price in yuan, wherever it is said


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
    """(paragraph number, figures) of every paragraph of an episode that cites any."""
    found, yuan = [], set()
    for p in paragraphs:
        figures = paragraph_figures(p.zh, p.en, heading=p.heading, date=date, entities=entities)
        if figures:
            found.append((p.number, figures))
        if YUAN_NAMED.search(p.zh) or any(f.unit == "CNY" and not said_as_kuai(f) for f in figures):
            yuan.add(p.number)  # 折合人民币两百块, 在国内两千块: 块 is the yuan here
    dollar = local_dollar(f for _, figures in found for f in figures)
    if dollar:
        found = [(n, [replace(f, unit=dollar) if bare_dollar(f) else f for f in figures])
                 for n, figures in found]  # fmt: skip
    spoken = spoken_currency(f for _, figures in found for f in figures)
    if spoken:
        found = [(n, figures if n in yuan else [replace(f, unit=spoken) if said_as_kuai(f)
                                                else f for f in figures])
                 for n, figures in found]  # fmt: skip
    return found


def said_as_kuai(f: Figure) -> bool:
    """Whether a Chinese amount is said in 块 alone (两万块, 20块钱), which names no currency:
    a speaker abroad says it of the money they live with. Not a price per 斤 or 亩."""
    return (f.lang == "zh" and f.unit == "CNY" and "块" in f.raw
            and not KUAI_NAMED.search(f.raw) and f.per not in CHINESE_MEASURES)  # fmt: skip


def spoken_currency(figures: Iterable[Figure]) -> str | None:
    """The one currency other than the yuan that an episode's Chinese names (美元, 加元) at
    least twice, when it never names the yuan (元, 人民币) but in 块: what its 块 means
    (股价从30块涨到40块 in a channel on American stocks)."""
    named = Counter(f.unit for f in figures if f.lang == "zh" and f.kind in MONEY_KINDS
                    and f.unit and not said_as_kuai(f))  # fmt: skip
    if len(named) != 1:
        return None
    unit, times = named.popitem()
    return unit if unit != "CNY" and times >= 2 else None


def local_dollar(figures: Iterable[Figure]) -> str | None:
    """The one dollar other than the US one that an episode's Chinese names (加元), when it
    never names 美元: the dollar its "$" means where no counterpart says so."""
    named = {f.unit for f in figures if f.lang == "zh" and f.unit in DOLLARS | {"USD"}
             and not bare_dollar(f)}  # fmt: skip
    return named.pop() if len(named) == 1 and "USD" not in named else None
