"""Numeral strings to values: Arabic, English words, and Chinese numerals through cn2an.

cn2an is run only on the numeral itself (over a whole sentence it rewrites ordinary words) and
imported on first use; the values it gives are kept in NUMERALS, which index runs share.
"""

from __future__ import annotations

import math
import re
from functools import cache

from kb.figures.words import WORD_NUMBERS

# Chinese numeral → its value (None when cn2an cannot read it), as converted so far.
NUMERALS: dict[str, float | None] = {}


@cache
def numeral_value(text: str) -> float | None:
    """The value of an Arabic, Chinese or English numeral string, or None."""
    if text[0].isdigit():
        return float(text.replace(",", ""))
    lowered = text.lower()
    if lowered in WORD_NUMBERS:
        return float(WORD_NUMBERS[lowered])
    if "-" in lowered:
        tens, units = lowered.split("-", 1)
        return float(WORD_NUMBERS.get(tens, 0) + WORD_NUMBERS.get(units, 0)) or None
    return chinese_value(text)


def chinese_value(text: str) -> float | None:
    """cn2an on one numeral string, imported on first use: it compiles its patterns at import
    for a quarter of a second. Values are kept in NUMERALS, which runs pass on to each other."""
    if text not in NUMERALS:
        import cn2an

        try:
            NUMERALS[text] = float(cn2an.cn2an(text, "normal"))
        except (ValueError, KeyError, TypeError):
            NUMERALS[text] = None
    return NUMERALS[text]


def numeral_bounds(text: str) -> tuple[float, float] | None:
    """(low, high) of a numeral: equal for an exact one, 2 to 9 of the place for each 几 in a
    vague one (几十亿 2e9 to 9e9; 十几 11 to 19)."""
    if "几" not in text:
        value = numeral_value(text)
        return None if value is None else (value, value)
    low = numeral_value(re.sub(r"(?<=十)几", "一", text).replace("几", "二"))
    high = numeral_value(text.replace("几", "九"))
    return None if low is None or high is None else (low, high)


def power_of_ten(value: float) -> bool:
    """10, 100, 1,000, 100,000: a round base, as rates are told per (每10万人, "per 1,000")."""
    return value >= 10 and math.log10(value).is_integer()


def shared_places(low: float, high: float) -> float:
    """A range's low end said without the places its high end has: 两到三千亿 is 2000亿 to 3000亿,
    一到两百万 1百万 to 2百万, "30 to 40,000" 30,000 to 40,000, "two to $300" 200 to 300. It
    takes them when it is a count of the same length as the high end's leading one, and less;
    a high end under a hundred (1到20) gives none."""
    if not 0 < low < high or low != int(low) or high != int(high):
        return low
    for step in (1, 3):  # 3千亿 reads digit by digit; 40,000 by thousands
        lead, places = int(high), 0
        while lead % 10**step == 0:
            lead, places = lead // 10**step, places + step
        if places >= 2 and low < lead and len(str(int(low))) == len(str(lead)):
            return low * 10**places
    return low
