"""The compiled patterns that find figure candidates in Chinese and English text.

Built once at import from the lexicons in kb/figures/words.py; kb/figures/extract.py reads the
matches.
"""

from __future__ import annotations

import re

from kb.figures.words import (
    COUNT_WORDS_EN,
    COUNT_WORDS_ZH,
    CURRENCIES_EN,
    CURRENCIES_ZH,
    CURRENCY_SIGNS,
    DURATIONS_EN,
    DURATIONS_ZH,
    PER_UNITS,
    SCALES_ZH,
    UNITS_ZH,
    WORD_NUMBERS,
    alternation,
)

AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CN_DIGITS = "零〇一二两三四五六七八九十"
CN = f"[{CN_DIGITS}][{CN_DIGITS}百千万亿]*(?:点[{CN_DIGITS}]+)?"
NUM_ZH = f"(?:{AR}|{CN})"
SIGNS = alternation(CURRENCY_SIGNS)
UNIT_ZH = alternation([*CURRENCIES_ZH, *UNITS_ZH, *DURATIONS_ZH, *COUNT_WORDS_ZH.split("|")])
PER_ZH = alternation(PER_UNITS)

# A Chinese numeral counts only with 万/亿 in it or a unit after it: 一 alone is just "a".
CN_FIGURE = rf"{CN}(?:(?<=[万亿])|(?=[多余万亿千百 \u00a0%％]|{UNIT_ZH}))"
# The pattern starts with a number or a literal so that the regex engine can skip ahead fast;
# what may stand before the number (每小时, 负, $) is read backwards by `prefixed`.
FIGURE_ZH = re.compile(
    rf"(?P<pct_cn>百分之)(?P<pnum>{NUM_ZH}|百)"
    rf"|(?P<double>翻倍|翻番|翻了一番|翻了一倍)"
    r"|(?P<tenth>[一二三四五六七八九])成(?![不为了功本交立长熟绩员])"
    rf"|(?:(?P<lo>{NUM_ZH})(?P<lo_scale>{alternation(SCALES_ZH)})?(?P<lo_pct>%|％)?"
    rf"(?P<sep>到|至|~|～|-|–|—|、))?"
    rf"(?P<num>{AR}|{CN_FIGURE})(?P<more>多|余)?[ \u00a0]?(?P<scale>{alternation(SCALES_ZH)})?"
    rf"(?P<more2>多|余)?[ \u00a0]?(?P<unit>{UNIT_ZH})?(?P<after>左右|以上|出头|上下)?"
    rf"(?:(?:/|每)(?P<per2>{PER_ZH}))?"
)
# Where a match of FIGURE_ZH can begin: trying the pattern only there is four times faster.
START_ZH = re.compile(rf"[\d{CN_DIGITS}百翻]")
PREFIX_ZH = re.compile(
    rf"(?:(?P<per>每(?:{PER_ZH}))(?:约|大约|是|为|仅|只要|只有)?)?(?P<sign>负|-|−)?(?P<cur>{SIGNS})?$"
)
NOT_BEFORE_ZH = frozenset("0123456789.," + CN_DIGITS + "百千万亿第几数") | frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)
TRIGGER_ZH = re.compile(
    rf"\d|百分之|翻[倍番了]|[一二三四五六七八九]成|[{CN_DIGITS}][{CN_DIGITS}百千点]*"
    rf"(?:[万亿倍%％]|个百分点|基点|{alternation(CURRENCIES_ZH)}|{COUNT_WORDS_ZH}|年|个月)"
)


WORDS = alternation(WORD_NUMBERS)
WORD_NEXT = r"(?=\s?(?:trillion|billion|million|thousand|percent|%|percentage|basis|times|to\s))"
NUM_EN = rf"(?:{AR}|(?:{WORDS})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?{WORD_NEXT})"
# "millionth" is a fraction and "3m" may be minutes or metres: scale words stand alone, and a
# one-letter scale is upper case (k excepted).
SCALE_EN = r"\s?(?:trillion|billion|million|thousand)\b|(?:tn|bn|mn|(?-i:[TBMK]|k))(?![A-Za-z0-9])"
UNIT_EN = (
    r"\s?(?:%|percent|per cent|percentage points?|basis points?|bps)\b|%|x(?![A-Za-z0-9])"
    r"|\s(?:times|fold)\b|-fold"
    rf"|\s(?:{alternation(CURRENCIES_EN)})\b"
    rf"|\s(?:{alternation(DURATIONS_EN)})s?\b(?![\s-]+old)|\s(?:{COUNT_WORDS_EN})\b"
)
PER_EN = r"\s?/\s?(?P<per_a>hour|hr|share|card|GPU|year|month|day|unit)\b|\sper\s(?P<per_b>\w+)"
PER_EN += r"|\s(?:an\s(?P<per_c>hour)|a\s(?P<per_d>share))\b"
FIGURE_EN = re.compile(
    r"(?<![\w$€£¥.,])(?P<sign>[-−])?"
    rf"(?P<cur>US\$|HK\$|C\$|CA\$|A\$|\$|€|£|¥|RMB\s?|USD\s?)?"
    rf"(?:(?P<lo>{NUM_EN})(?P<lo_scale>{SCALE_EN})?(?P<lo_pct>%)?"
    rf"(?P<sep>\s?[-–]\s?|\sto\s)(?P<cur2>US\$|HK\$|C\$|\$|€|£)?)?"
    rf"(?P<num>{NUM_EN})(?P<scale>{SCALE_EN})?(?P<unit>{UNIT_EN})?(?P<per_all>{PER_EN})?"
    r"|(?<![\w-])(?P<double>doubl(?:ed|es|ing)\b|(?<=than )double\b|double(?= the\b))",
    re.I,
)
START_EN = re.compile(rf"[-−$€£¥\d]|\b(?:US\$|HK\$|C\$|CA\$|A\$|RMB|USD|doubl|{WORDS})", re.I)
HAS_NUMBER_EN = re.compile(r"\d|doubl|half|illion|percent|times|points", re.I)
SPOKEN_RANGE = re.compile(r"[一二两三四五六七八九]{2}")
LIST_NEXT_ZH = re.compile(r"[、和或及与]")
LIST_NEXT_EN = re.compile(r",\s|\s(?:or|and)\s")
LIST_GAP_ZH = re.compile(r"\s*(?:、|和|及|与|或|或者)\s*")
LIST_GAP_EN = re.compile(r",?\s(?:or\s|and\s)?|,\s")
INDEX_BEFORE = re.compile(r"(?:S&P|Russell|Nasdaq|标普|罗素|纳斯达克)\s?$", re.I)
STRONG_UNITS = {"%", "pp", "bp", "multiple"}
YEAR_AFTER = re.compile(r"第|Q|[上下]半|初|底|末|[一二三四]季|全年|的时候")
