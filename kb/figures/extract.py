"""Figures in one side of a paragraph: found, and read as a value, unit, kind and direction.

Pure functions: no I/O, no jieba. One compiled regex per language finds the candidates
(kb/figures/patterns.py); kb/figures/chinese.py and kb/figures/english.py read each, and the
words around it (kb/figures/surface.py) give its direction, approximation and bounds. Years,
dates, quarters and ordinals are periods, never figures.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kb.figures.chinese import prefixed, zh_figure
from kb.figures.english import en_figure
from kb.figures.numerals import numeral_value
from kb.figures.patterns import (
    ASCII_LOWER,
    FIGURE_EN,
    FIGURE_ZH,
    FIGURE_ZH_ONE,
    LIST_GAP_EN,
    LIST_GAP_ZH,
    START_EN,
    START_ZH,
    TRIGGER_ZH,
    YEARS_MONTHS_ZH,
    scan,
)
from kb.figures.sentences import SENTENCE_END, gloss_spans
from kb.figures.surface import make, modify
from kb.figures.words import DECLINE_ZH, RISE_ZH, alternation
from kb.models import Figure

NODE_MAX_NM = 90  # no process node is named by more nanometres than this
MEASURED_NM = re.compile(
    r"直径|波长|线宽|线条|宽度|厚度|分辨率|精度|尺寸|大小|间距"
    r"|diameter|wavelength|wide|width|thick|resolution|size|lines?\b|pitch",
    re.I,
)
# Between a rate and the level it changed to: 月产能从11万片提升至16万片, 每小时从2美元涨到4美元.
CHANGED_TO_ZH = re.compile(
    rf"\s*(?:{alternation(RISE_ZH + DECLINE_ZH)})?了?\s*(?:至|到)了?\s*(?:约|大约|近|超过)?\s*"
)
SCALED = re.compile(r"[万亿]|illion|[BMK]\b|bn|tn", re.I)


def extract_figures(text: str, lang: str) -> list[Figure]:
    """Every figure in one paragraph's text, with its span, value, unit and kind."""
    if lang == "zh":
        if not TRIGGER_ZH.search(text):
            return []
        matches = scan(FIGURE_ZH_ONE, START_ZH, text, wider=FIGURE_ZH)
        found = (zh_figure(p, text) for m in matches if (p := prefixed(m, text)))
    else:
        lowered = text.translate(ASCII_LOWER)
        found = (en_figure(m, text) for m in scan(FIGURE_EN, START_EN, text, lowered))
    figures = share_units([f for group in found if group for f in group], text, lang)
    if lang == "zh" and "年" in text:
        figures = years_and_months(figures, text)
    if lang == "zh" and figures and (glosses := gloss_spans(text)):
        figures = [f for f in figures if not any(a <= f.start < b for a, b in glosses)]
    figures = [f for f in figures if not process_node(f, text)]
    return borrow_currency(carry_rate(figures, text) if lang == "zh" else figures, text)


def process_node(f: Figure, text: str) -> bool:
    """A chip's process node (7纳米, 3纳米制程, "3 nm"): the name of a generation, not a length.
    A length measured in nanometres says what it measures (直径仅为0.1纳米, "a wavelength of
    4.48 nanometers", 13纳米的线条)."""
    if f.unit != "nm" or f.value is None or f.value > NODE_MAX_NM:
        return False
    around = text[max(0, f.start - 20) : f.end + 8]
    return not MEASURED_NM.search(around)


def years_and_months(figures: list[Figure], text: str) -> list[Figure]:
    """A length said in years and months (两年零八个月, 3年6个月) as one, in months: not 8
    months, nor 3 years and 6 months apart."""
    for m in YEARS_MONTHS_ZH.finditer(text):
        years, months = numeral_value(m["years"]), numeral_value(m["months"].lstrip("零〇"))
        if years is None or months is None or years >= 100 or months >= 12:
            continue
        figures = [f for f in figures if f.end <= m.start() or f.start >= m.end()]
        whole = make(text, "zh", m.start(), m.end(), years * 12 + months, "months", "duration")
        figures.append(modify(whole, text, "多" in m.group(), None, None))
    return sorted(figures, key=lambda f: f.start)


def share_units(figures: list[Figure], text: str, lang: str) -> list[Figure]:
    """Give a list its last member's unit (320亿、730亿和1,440亿美元; 数百甚至数千人; 5, 6, 7, 8
    years).

    Bare numbers are kept only as list members; those that end up without a unit are dropped.
    """
    shared = list(figures)
    for i in range(len(shared) - 2, -1, -1):
        f, after = shared[i], shared[i + 1]
        shares = f.kind == "bare" or (
            lang == "zh" and f.kind == "number" and after.kind in ("money", "count", "measure")
        )
        if shares and after.unit and after.kind not in ("bare", "number"):
            gap = text[f.end : after.start]
            if (LIST_GAP_ZH if lang == "zh" else LIST_GAP_EN).fullmatch(gap):
                kind = "money" if after.kind == "price" else after.kind
                shared[i] = replace(f, unit=after.unit, kind=kind, metric=after.metric)
    return [f for f in shared if f.kind != "bare"]


def carry_rate(figures: list[Figure], text: str) -> list[Figure]:
    """The level an amount changed to is said as the amount it changed from: per the same
    unit of time (月产能从11万片提升至16万片: 160,000 a month; 每小时从2美元涨到4美元: a price),
    and counting the same thing (月活跃用户从4.5亿增长到6.5亿: users)."""
    out = list(figures)
    for i in range(1, len(out)):
        f, before = out[i], out[i - 1]
        if not CHANGED_TO_ZH.fullmatch(text, before.end, f.start):
            continue
        if f.kind == "number" and before.kind == "count":
            out[i] = f = replace(f, unit=before.unit, kind="count", metric=before.metric)
        if before.per and not f.per and f.unit == before.unit:
            out[i] = replace(f, per=before.per, kind=before.kind)
    return out


def borrow_currency(figures: list[Figure], text: str) -> list[Figure]:
    """A scaled amount said without its currency takes the currency of the amount next to it in
    its sentence: the one before it (1000亿到2000亿美元…总共5000亿), else the one after it."""
    out = list(figures)
    for i, f in enumerate(out):
        if f.kind != "number" or not SCALED.search(f.raw):
            continue
        near = out[i - 1] if i and not SENTENCE_END.search(text, out[i - 1].end, f.start) else None
        if (
            near is None
            and i + 1 < len(out)
            and not SENTENCE_END.search(text, f.end, out[i + 1].start)
        ):
            near = out[i + 1]
        if near is not None and near.kind in ("money", "price"):
            out[i] = replace(f, unit=near.unit, kind="money")
    return out
