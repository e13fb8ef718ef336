"""Months and quarters as the other language writes them: March is 3月, Q3 is 第三季度.

The lexicon translates March as 三月, a word the notes seldom use: they write 3月 and 2025年第三
季度, and English notes write Q3 for 三季度. A question's month or quarter is searched, and
weighed near a figure, in the forms the notes use.
"""

from __future__ import annotations

from kb.figures.periods import MONTHS_EN

QUARTERS_ZH = ("一", "二", "三", "四")


def calendar_names(word: str) -> list[str]:
    """The other language's ways of writing a month (March, Sept.) or quarter (Q3, 三季度)."""
    folded = word.lower().rstrip(".")
    if folded in MONTHS_EN and (len(folded) > 3 or word[:1].isupper()):  # "may", "mar" are words
        return [f"{MONTHS_EN[folded]}月"]
    if len(folded) == 2 and folded[0] == "q" and folded[1] in "1234":
        n = int(folded[1])
        return [f"第{QUARTERS_ZH[n - 1]}季度", f"{QUARTERS_ZH[n - 1]}季度"]
    for n, numeral in enumerate(QUARTERS_ZH, 1):
        if folded in (f"第{numeral}季度", f"{numeral}季度"):
            return [f"Q{n}"]
    return []
