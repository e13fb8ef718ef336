"""Periods named in text, in any script: 2025年, 二零二五年, 25财年, Q3 2024, 今年, 本季度, 3月.

Each mention gets a label (2025, FY2025, 2025Q3, 2025H1, 2025-03, 1990s) and a role: the time
of what is said, or a start ("since 2021", 自2021年以来) or the other side of a comparison
(比2022年, "than last year"), which are not the period of a figure beside them. Relative words
and quarters or months named without a year are resolved against the episode's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kb.figures.patterns import ASCII_LOWER, scan
from kb.figures.relative import (
    WEEKDAYS,
    month_of,
    now_label,
    quarter_of,
    shifted_month,
    shifted_quarter,
    weekday_label,
)
from kb.figures.words import MULTIPLE_OF_ZH, NOW_WORDS, QUARTERS, RELATIVE_YEARS, alternation

CN_DIGITS = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0"}
MONTHS_ZH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10, "十一": 11, "十二": 12}  # fmt: skip
MONTHS_EN = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), 1)}  # fmt: skip
MONTHS_EN |= {m[:3]: i for m, i in MONTHS_EN.items()} | {"sept": 9}
RELATIVE_QUARTERS = {"本季度": 0, "这个季度": 0, "这一季度": 0, "当季": 0, "本季": 0,
                     "上季度": -1, "上个季度": -1, "上一季度": -1, "上一个季度": -1,
                     "最新季度": -1, "最新一个季度": -1, "最近一个季度": -1, "最近一季": -1,
                     "下季度": 1, "下个季度": 1, "下一季度": 1, "下一个季度": 1,
                     "this": 0, "current": 0, "last": -1, "latest": -1, "previous": -1,
                     "prior": -1, "most recent": -1, "next": 1, "coming": 1}  # fmt: skip
RELATIVE_MONTHS = {"上个月": -1, "上月": -1, "本月": 0, "这个月": 0, "当月": 0, "下个月": 1,
                   "下月": 1, "this": 0, "last": -1, "next": 1, "previous": -1}  # fmt: skip
FISCAL_YEARS = {"本财年": 0, "今财年": 0, "上财年": -1, "上一财年": -1, "下财年": 1, "下一财年": 1}
COUNTS_EN = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11}  # fmt: skip
DECADES_ZH = {"六十": "1960", "七十": "1970", "八十": "1980", "九十": "1990"}
YEAR_DIGITS_ZH = r"1[5-9]\d\d|20\d\d|[一二][零〇一二三四五六七八九]{3}"
MONTH_ZH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
QUARTER_ZH = r"第?[一二三四1-4]季度|[一二三四1-4]季报|Q[1-4]|[上下]半年"
JOIN_ZH = r"\s?(?:-|－|–|—|~|～|至|到)\s?"
# The months or quarters of a year counted from January: 前5个月, 前三季度, 1-7月.
YTD_ZH = r"前(?:[一二两三四五六七八九十]{1,2}|1[01]|[1-9])个?月|前[一二两三]个?季度"
RELQ_ZH = "|".join(sorted((k for k in RELATIVE_QUARTERS if not k.isascii()), key=len, reverse=True))
COUNTED_GROUPS = ("back", "backu1", "since", "ahead")  # the groups of a span counted from now
# A count of years or months: 三, 30, 十二 (not 十几: a vague span has no ends).
COUNT_ZH = r"\d{1,3}|[一二两三四五六七八九十]{1,3}"
PERIOD_ZH = re.compile(
    rf"(?:过去|過去|(?<![将將接])近|最近)的?\s?(?P<back>{COUNT_ZH})\s?多?(?P<backu>年|个月|個月)(?![前后後底初末])"
    rf"|(?<![\d.零〇一二两三四五六七八九十几多数每])(?P<since>{COUNT_ZH})\s?多?(?P<sinceu>年|个月|個月)"
    r"(?:以来|以來|来(?![看说讲自到的临])|來(?![看說講自到的臨]))"
    rf"|(?:未来|未來|今后|今後|接下来的?|接下來的?)\s?(?P<ahead>{COUNT_ZH})\s?(?P<aheadu>年|个月|個月)"
    r"(?![前后後底初末])"
    rf"|(?P<decade>(?:19|20)?\d0|[六七八九]十)年代"
    rf"|(?P<ago>\d{{1,3}}|[一二两三四五六七八九十]{{1,3}})年(?:以前|之前|前)"
    rf"|(?:(?P<year>{YEAR_DIGITS_ZH})\s?(?P<fy>财年|年度|年)|(?P<y2>\d\d)(?P<fy2>财年|年)"
    rf"|(?P<bare>(?:19|20)\d\d)(?=[上下]半年|第[一二三四]季度|全年)|FY\s?(?P<fyd>\d\d(?:\d\d)?)"
    rf"|(?P<rel>今年|本年|去年|明年|前年|后年|年初至今|(?<![\d一二两三四五六七八九十几多半数])年内|YTD)|(?P<relfy>{'|'.join(FISCAL_YEARS)}))"
    rf"(?:\s?的?\s?(?P<tail>{QUARTER_ZH})|\s?的?(?P<tmon>{MONTH_ZH})\s?月份?"
    rf"|(?P<ytdt>{YTD_ZH})|(?P<edge>底|初|末|年底|年初|年末))?"
    rf"|(?P<alone>{QUARTER_ZH})"
    rf"|(?P<relq>{RELQ_ZH})|(?P<justq>刚刚?(?:过去|结束)的?(?:这个|这一|一个)?季度)"
    rf"|(?P<ytd>前[二两三]季度|(?<![\d.])(?:0?1|一)月?份?{JOIN_ZH}(?P<ytdm>{MONTH_ZH})月份?)"
    rf"|(?P<within>(?<![\d.])[\d一二两三四五六七八九十几多半数]{{1,3}}年内)"
    rf"|(?P<mspan>(?<![\d.])(?:{MONTH_ZH})月?份?{JOIN_ZH}(?:{MONTH_ZH})月份?)"
    rf"|(?<![个\d零〇一二三四五六七八九十两几多每])(?P<mon>{MONTH_ZH})月份?"
    rf"|(?P<relm>上个月|上月|本月|这个月|当月|下个月|下月)"
    rf"|(?<![每一二两三四五六七八九十几个到至~～\-—–])(?<!\D\d)(?<!\D\d\d)"  # 每周一, 3周一直
    rf"(?P<wrel>上上|上|下|这|本)?个?(?:周(?!天)|星期|礼拜)(?P<wday>[一二三四五六天]|日(?!均))"
    rf"(?![到至~～\-—–直共次般样切定些起])"
    rf"|(?<![之提事])(?P<now>{alternation(w for w in NOW_WORDS if not w.isascii())})"
)
# A two-digit year (25年, 97年) is told from a duration (25年里, 15年前) by its neighbours.
Y2_NEXT = re.compile(
    rf"\s?(?:的?(?:{QUARTER_ZH})|(?:{MONTH_ZH})月|底|初|末|年底|年初|的时候|时|\d|、\d\d年)"
)
Y2_SUBJECT_NEXT = re.compile(r"(?:我们|我|他们|他|她们|她|咱们)")
CLAUSE_START = re.compile(r"(?:^|[。！？；，,：:\s])$")
Y2_BEFORE = re.compile(
    r"(?:在|于|到|(?<![甚乃以])至|自|从|截至|截止|直到|\d\d年、|(?:19|20)\d\d、)\s?$"
)
# A year written whole (2025年) or with a leading zero (08年) beside a two-digit one
NEARBY_YEAR = re.compile(r"(?<!\d)(?:(?:19|20)\d\d|0\d)(?=\s?年)")
YEARS_AROUND = 30
# A length of time said before it: 被判15年, 服刑12年, 用了10年, 长达20年.
Y2_LENGTH_BEFORE = re.compile(
    r"(?:判|判处|刑期|服刑|坐牢|用了|花了|历时|长达|为期|持续|干了|做了|工作了|活了|过了)\s?$"
)
Y2_NOT_NEXT = re.compile(
    r"\s?(?:里|内|间|中|来|以来|期|前|后|多|左右|时间|的时间|历史|的历史|之久|以上)"
)
MONTH_NAMES = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
PERIOD_EN = re.compile(
    r"\b(?:(?:the\s+)?(?:past|last|previous)\s+(?P<back>\d{1,3}|two|three|four|five|six|seven|"
    r"eight|nine|ten|twelve|fifteen|twenty|thirty|fifty|a hundred)\s+"
    r"(?P<backu>years|months|decades)"
    r"|(?:the\s+)?(?:past|last|previous|(?P<aheadu1>next))\s+"
    r"(?P<backu1>decade|twelve months|12 months)"
    r"|(?:the\s+)?next\s+(?P<ahead>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twelve|"
    r"fifteen|twenty|thirty|fifty)\s+(?P<aheadu>years|months|decades)"
    r"|(?P<decade>(?:19|20)\d0)s"
    r"|(?P<ago>\d{1,3}|a|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|"
    r"a hundred)\s+years?\s+ago"
    r"|(?:Q(?P<q>[1-4])|(?P<qw>first|second|third|fourth)[- ]quarter)"
    r"(?:\s+(?:and|&)\s+Q(?P<q_to>[1-4]))?(?:,?\s+(?:of\s+)?(?P<qfy>fiscal\s+(?:year\s+)?|FY\s?)?"
    r"(?P<qyear>(?:19|20)\d\d))?"
    r"|first\s+(?P<ytdn>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})\s+"
    r"(?P<ytdu>months|quarters)\s+of\s+(?:(?P<ytdyear>(?:19|20)\d\d)|(?P<ytdrel>this|last|the)"
    r"\s+year)"
    r"|(?P<half>first|second)\s+half(?:\s+of\s+(?:(?P<hyear>(?:19|20)\d\d)|the\s+year))?"
    r"|(?P<fy>fiscal\s+(?:year\s+)?|FY\s?)(?P<fyear>(?:19|20)\d\d|'?\d\d\b)"
    r"|(?P<relq>this|current|last|latest|previous|prior|most recent|next|coming)\s+quarter"
    r"|(?P<relm>this|last|next|previous)\s+month"
    r"|(?P<rel>this|last|next)\s+(?P<relfy>fiscal\s+)?year"
    r"|(?:(?P<wrel>last|this|next)\s+)?(?<!black )(?<!cyber )(?<!good )(?<!super )(?<!giving )"
    r"(?<!easter )(?-i:(?P<wday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
    rf"|(?-i:(?P<month>{MONTH_NAMES.title()}|{MONTH_NAMES.upper()}))"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+(?P<myear>(?:19|20)\d\d))?"
    r"|(?P<yearend>(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year|year-end"
    r"|year[- ]to[- ]date|ytd)"
    r"|(?P<year>1[5-9]\d\d|20\d\d)"
    rf"|(?P<now>{alternation(w for w in NOW_WORDS if w.isascii())}))\b",
    re.I,
)
# Where a period can begin (English: in the text lowered), for `scan`.
START_ZH = re.compile(
    r"[\d零〇一二两三四五六七八九十今本去明前后上下这当最第QFY年目现如昨眼刚周星礼过過近未接]"
)
START_EN = re.compile(
    r"\d|q[1-4]|end of|year-end|year to date|year-to-date|ytd|the past|the previous|past|previous|"
    + alternation(("first", "second", "third", "fourth", "fiscal", "fy", "this", "last", "next",
                   "current", "latest", "previous", "prior", "most recent", "coming", *MONTHS_EN,
                   *(d for d in WEEKDAYS if d.isascii()),
                   *(w for w in NOW_WORDS if w.isascii())))
    + r"|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|a hundred)"
    r"\s+years?\s+ago"
)  # fmt: skip
EN_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20,
            "thirty": 30, "fifty": 50, "a hundred": 100}  # fmt: skip
MONTH_BEFORE_EN = re.compile(
    r"\b(?:in|since|by|until|through|from|of|last|this|next|early|late|mid|end of|during)[\s-]$",
    re.I,
)
HALF_BEFORE_EN = re.compile(r"\b(?:in|during|for|over|through)\s+the\s+$", re.I)
HALF_OF_EN = re.compile(r"\s+of\s+(?!the\s+year\b|(?:19|20)\d\d\b)", re.I)
START_BEFORE = re.compile(
    r"(?:自从|(?<![来各独亲擅])自|\bsince|\bstarting (?:in|from))\s*(?:the\s+)?$", re.I
)
# 到现在, "until today": the end of a span, which dates no figure in it.
UNTIL_BEFORE = re.compile(r"(?:到|(?<!截)至|直到|\b(?:until|till|through|to))\s*$", re.I)
START_AFTER = re.compile(r"^\s*(?:以来|至今|到现在|到今天|迄今)")
SO_FAR_BEFORE = re.compile(r"\bso far\s+$", re.I)
FROM_START = re.compile(r"^\s*(?:开始|起(?!来))")
FROM_BEFORE = re.compile(r"(?:从|\bfrom)\s*$", re.I)
BASE_BEFORE = re.compile(
    r"(?:比|较|相比于?|相较于?|相对于|对比|低于|高于|不及|从|由|"
    r"\b(?:than|from|compared (?:with|to)|versus|vs\.?|relative to|over))\s*(?:the\s+)?$",
    re.I,
)
BASE_AFTER = re.compile(r"^\s*(?:相比|相较|比较|同期相比)")
MULTIPLE_OF = re.compile(MULTIPLE_OF_ZH)  # 是2019年沙特阿美筹资的三倍: the base's period
# 去年同期, "the same quarter last year": a past point, as 三年前 is.
SAME_PERIOD_AFTER = re.compile(r"^\s*同期")
SAME_PERIOD_BEFORE = re.compile(r"\bsame\s+(?:quarter|period|month|time)\s+(?:of\s+)?$", re.I)
BASE_WITH = re.compile(r"(?:与|和|跟|同)\s*$")
# A comparison's period still dates a figure that hangs on it: 较上个月的2.8%, 比去年的近3%,
# last year's 5%.
ATTACHED = re.compile(
    r"^\s*(?:同期)?\s*(?:的|为|是|'s|’s)?\s*(?:接近|将近|近|约|大约|仅|只有|超过)?\s*$"
)
# What joins the two ends of a span (2018年到2022年, 3月1日至5月, "from 2018 to 2022"); "and" only
# after "between".
SPAN_JOIN = re.compile(
    r"(?:\d{1,2}\s?[日号]|\s\d{1,2}(?:st|nd|rd|th)?)?\s*(?:-|－|–|—|~|～|至|到|to|through|until"
    r"|(?P<and>and))\s*(?:the\s+)?",
    re.I,
)
BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
# The ends of a span kb labels: a year or a month (2018..2022, 2016-03..2025-11).
SPAN_END = re.compile(r"\d{4}(?:-\d\d)?")
# A year in digits the period reader leaves alone, as a span's first end: 2018到2022年, 2026-2028年.
BARE_FROM = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*(?:-|－|–|—|~|～|至|到|to|through)\s*$", re.I)
FISCAL_BEFORE = re.compile(r"(?:\bfiscal[\s-]+(?:year\s+)?|财年的?)$", re.I)


@dataclass(frozen=True, slots=True)
class Mention:
    """A period named at text[start:end].

    :param role: "" for the time of what is said, "start" for since/以来, "base" for the other
        side of a comparison, "past" for 三年前, 去年同期 or "a year ago": the time of what is
        said, unless the figure is a change or multiple measured against it
    :param dated: resolved against the episode's date (今年, 本季度, 3月 said without a year)
    :param same: the same period of another year (去年同期, "the same quarter last year"), which
        a figure compared with it is a year after
    :param weekday: a day of the week (周三, "on Wednesday"), which dates what its own sentence
        says happened, not a length of time nor the sentences after it
    :param counted: a span counted from now (过去三年, "the next ten years"): said before what
        it dates in Chinese, and the period of no other length of time than its own
    """

    start: int
    end: int
    label: str
    role: str = ""
    dated: bool = False
    spoken: bool = False  # the time of speaking (目前, 昨天, "this week"), not a period named
    same: bool = False
    weekday: bool = False
    counted: bool = False  # a span counted from now (过去三年, "the next ten years")


def find_periods(
    text: str, lang: str, year: int | None, date: str | None = None
) -> list[tuple[int, int, str]]:
    """Every period named in the text as (start, end, label), e.g. 2024年第四季度 → 2024Q4."""
    return [(m.start, m.end, m.label) for m in period_mentions(text, lang, year, date) if m.label]


def period_mentions(
    text: str, lang: str, year: int | None, date: str | None = None
) -> list[Mention]:
    """Every period named in the text, with its role.

    :param year: the year 今年 and "this year" stand for; None leaves them out
    :param date: the episode's date (YYYY-MM-DD), against which quarters and months said
        without a year are read; without it they stay yearless (Q3) or are left out
    """
    month = int(date[5:7]) if date and len(date) >= 7 and date[5:7].isdigit() else None
    if lang == "zh":
        matches, reader = scan(PERIOD_ZH, START_ZH, text), zh_label
    else:
        matches, reader = scan(PERIOD_EN, START_EN, text, text.translate(ASCII_LOWER)), en_label
    found: list[Mention] = []
    for m in matches:
        read = read_match(m, text, reader, year, date)
        if not read:
            continue
        label, dated = read
        near = found and m.start() - found[-1].end <= 2 and found[-1].label[-4:].isdigit()
        if near and label[0] in "YS":  # 2024年1-7月 is 2024-01..2024-07; 2024年3-5月 a span
            prev = found[-1]
            said = to_date(prev.label[-4:], label) if label[0] == "Y" else prev.label
            found[-1] = replace(prev, end=m.end(), label=said, role="span" if label == "S" else "")
            continue
        if label == "S":  # dates nothing, but says the figure's time is no single period
            found.append(Mention(m.start(), m.end(), "", "span"))
            continue
        if found and m.start() - found[-1].end <= 2 and merges(found[-1].label, label):
            prev = found[-1]
            found[-1] = Mention(prev.start, m.end(), prev.label + label, prev.role, prev.dated)
            continue
        whole = label[0] == "Y"
        if label[0] in "QHY":  # a quarter, half or months to date said without a year
            label, dated = quarter_of(label, year, month)
        counted = any(m.groupdict().get(g) for g in COUNTED_GROUPS)
        said = mention_role(m, text, dated, whole, counted)
        if month and label.isdigit() and dated and to_now(m, text):  # 今年以来: January to now
            label = f"{label}-01..{label}-{month:02d}" if month > 1 else f"{label}-01"
        # 今年前5个月 ends at 今年: 5个月 is read as a figure of its own
        end = m.start("ytdt") if m.groupdict().get("ytdt") else m.end()
        spoken = bool(m["wday"] or m["now"])
        same = same_period(text, m.start(), m.end())
        found.append(
            Mention(m.start(), end, label, said, dated, spoken, same, bool(m["wday"]), counted)
        )
    return spans(found, text)


def read_match(m: re.Match, text: str, reader, year: int | None, date: str | None):
    """(label, dated) of a match, or None; the time of speaking and weekdays by the date."""
    if m["now"]:
        until = UNTIL_BEFORE.search(text, max(0, m.start() - 6), m.start())
        return None if until else now_label(m["now"], date)  # 到现在 ends a span
    if m["wday"]:
        return weekday_label(m["wday"], m["wrel"], date)
    month = int(date[5:7]) if date and len(date) >= 7 and date[5:7].isdigit() else None
    return reader(m, text, year, month)


def mention_role(m: re.Match, text: str, dated: bool, whole: bool, counted: bool) -> str:
    """The role of a period read at m (see `Mention`); `whole` for months to date said as one
    span (1月到7月), whose 从 is no comparison's; `counted` for a span counted from now, the
    time of what is said whatever comes before it."""
    if counted:
        return ""
    said = "past" if m["ago"] else role(text, m.start(), m.end())
    if whole and said == "base" and FROM_BEFORE.search(text, max(0, m.start() - 6), m.start()):
        return ""
    if said == "start" and dated and current(m):
        return ""  # 今年以来, 本月迄今: this year or month to date
    return said


def same_period(text: str, start: int, end: int) -> bool:
    """去年同期, "the same quarter last year": the same period of another year."""
    return bool(SAME_PERIOD_AFTER.match(text[end : end + 4])
                or SAME_PERIOD_BEFORE.search(text, max(0, start - 24), start))  # fmt: skip


def to_now(m: re.Match, text: str) -> bool:
    """Whether a match is this year up to the time of speaking: 今年以来, 今年迄今, 年初至今,
    "year to date", "so far this year"."""
    said = m.group(0).lower()
    if said in ("年初至今", "ytd", "year to date", "year-to-date"):
        return True
    return current(m) and bool(
        START_AFTER.match(text[m.end() : m.end() + 6])
        or SO_FAR_BEFORE.search(text, max(0, m.start() - 8), m.start())
    )


def current(m: re.Match) -> bool:
    """Whether a match is this year, quarter or month said relative to now (今年, 本月)."""
    tables = (("rel", RELATIVE_YEARS), ("relq", RELATIVE_QUARTERS), ("relm", RELATIVE_MONTHS),
              ("relfy", FISCAL_YEARS))  # fmt: skip
    for group, shifts in tables:
        word = m.groupdict().get(group)
        if word:
            return shifts.get(word, shifts.get(word.lower())) == 0
    return False


def spans(found: list[Mention], text: str) -> list[Mention]:
    """The mentions, with the two ends of a span (2018年到2022年, 3月至5月, "from 2018 to 2022")
    marked so that neither dates a figure, except months counted from January of one year
    (1月到7月, "January through July"): those are that year to date, 2025-01..2025-07.
    Quarters from the first (第一季度到第四季度) are mostly listed one by one (分别), and stay a
    span."""
    out: list[Mention] = []
    for m in found:
        prev = out[-1] if out else None
        joint = SPAN_JOIN.fullmatch(text, prev.end, m.start) if prev else None
        if joint and joint["and"] and not BETWEEN.search(text, max(0, prev.start - 12), prev.start):
            joint = None
        if prev and joint:
            year = m.label[:4] if prev.dated else prev.label[:4]
            one_year = m.dated or m.label[:4] == year  # 2024年1月到7月: 7月 is read as 2025-07
            if prev.label[4:] == "-01" and m.label[4:5] == "-" and one_year:
                out[-1] = Mention(
                    prev.start, m.end, f"{year}-01..{year}{m.label[4:7]}", "", prev.dated
                )
                continue
            opened = prev.role in ("", "start") or FROM_BEFORE.search(
                text, max(0, prev.start - 6), prev.start
            )  # 从1980年到1988年: the 从 of a span, not of a comparison
            last = m.label
            if m.dated and not prev.dated and last[4:5] == "-":  # 2024年5月至8月: 2024-08
                last = f"{prev.label[:4]}{last[4:]}"
            if spanned(prev.label, last) and opened:
                out[-1] = Mention(prev.start, m.end, f"{prev.label}..{last}", "", prev.dated)
                continue
            out[-1] = replace(prev, role="span")
            m = replace(m, role="span")
        elif m.label.isdigit() and (bare := BARE_FROM.search(text, max(0, m.start - 12), m.start)):
            if bare[1] < m.label:
                m = replace(m, start=bare.start(1), label=f"{bare[1]}..{m.label}")
        out.append(m)
    return out


def spanned(first: str, last: str) -> bool:
    """Whether two periods make a span kb labels (2016-03..2025-11, 1980..1988): years or
    months, the first before the last. Quarters from one to another are mostly listed one by
    one (第一季度到第四季度分别…), and stay unlabelled."""
    return bool(SPAN_END.fullmatch(first) and SPAN_END.fullmatch(last)) and first < last


def merges(previous: str, label: str) -> bool:
    """fiscal 2025 + fourth quarter: a year-only label right before a yearless quarter."""
    return label[:1] in "QH" and previous[-4:].isdigit() and "Q" not in previous


def role(text: str, start: int, end: int) -> str:
    before, after = text[max(0, start - 16) : start], text[end : end + 8]
    if START_BEFORE.search(before) or START_AFTER.match(after):
        return "start"
    if FROM_START.match(after) and before.rstrip().endswith(("从", "from")):
        return "start"
    if BASE_BEFORE.search(before) or (BASE_WITH.search(before) and BASE_AFTER.match(after)):
        return "base"
    if before.rstrip().endswith("是") and MULTIPLE_OF.match(text, end):
        return "base"
    if SAME_PERIOD_AFTER.match(after) or SAME_PERIOD_BEFORE.search(before):
        return "past"
    return ""


def attached(mention: Mention, text: str, figure_start: int) -> bool:
    """The figure hangs on the period: 较上个月的2.8%, from last year's $5 billion."""
    return mention.end <= figure_start and bool(ATTACHED.match(text[mention.end : figure_start]))


def zh_label(m: re.Match, text: str, year: int | None, month: int | None):
    """(label, dated) of a Chinese match, or None when it is not a period here."""
    if m["decade"]:
        decade = m["decade"]
        if decade in DECADES_ZH:
            return DECADES_ZH[decade] + "s", False
        return (decade if len(decade) == 4 else "19" + decade) + "s", False
    if m["ago"]:
        n = zh_small(m["ago"])
        return (str(year - n), True) if year and n and n <= 100 else None
    for count, unit in (("back", "backu"), ("since", "sinceu"), ("ahead", "aheadu")):
        if m[count]:
            n = zh_small(m[count])
            in_years = m[unit] == "年"  # else 个月
            return counted_span(n and n * (12 if in_years else 1), in_years, count == "ahead",
                                year, month)  # fmt: skip
    if m["alone"]:  # a fiscal quarter said without its year (财年Q3) is no calendar quarter
        fiscal = FISCAL_BEFORE.search(text, max(0, m.start() - 4), m.start())
        return None if fiscal else (quarter_label(m["alone"]), False)
    if m["relq"]:
        return shifted_quarter(RELATIVE_QUARTERS[m["relq"]], year, month)
    if m["justq"]:
        return shifted_quarter(-1, year, month)
    if m["ytd"]:  # Yb:e: the months of a year to date, the last part from month b to e
        if m["ytdm"]:
            last = MONTHS_ZH.get(m["ytdm"]) or int(m["ytdm"])
            return f"Y{last}:{last}", False
        quarters = zh_small(m["ytd"][1]) or 1
        return f"Y{3 * quarters - 2}:{3 * quarters}", False
    if m["mspan"] or m["within"]:
        return "S", False
    if m["mon"]:
        return month_of(MONTHS_ZH.get(m["mon"]) or int(m["mon"]), None, year, month)
    if m["relm"]:
        return shifted_month(RELATIVE_MONTHS[m["relm"]], year, month)
    base, dated, fiscal = zh_year(m, text, year)
    if base is None:
        return None
    if m["tmon"]:
        return month_of(MONTHS_ZH.get(m["tmon"]) or int(m["tmon"]), int(base), year, month)
    if m["ytdt"] and not fiscal:  # 今年前5个月, 2024年前三季度: the year to that month
        return to_date(base, ytd_label(m["ytdt"])), dated
    tail = quarter_label(m["tail"] or "")
    return ("FY" if fiscal else "") + base + tail, dated


def zh_year(m: re.Match, text: str, year: int | None) -> tuple[str | None, bool, bool]:
    """(year, dated, fiscal) of a Chinese year match; None for a two-digit duration (25年里)."""
    if m["year"]:
        return digits(m["year"]), False, m["fy"] == "财年"
    if m["bare"]:
        return m["bare"], False, False
    if m["fyd"]:
        return full_year(m["fyd"]), False, True
    if m["y2"]:
        if m["fy2"] != "财年" and not two_digit_year(text, m.start(), m.end("fy2")):
            return None, False, False
        return full_year(m["y2"]), False, m["fy2"] == "财年"
    if m["relfy"]:
        return (str(year + FISCAL_YEARS[m["relfy"]]) if year else None), True, True
    return (str(year + RELATIVE_YEARS[m["rel"]]) if year else None), True, False


def two_digit_year(text: str, start: int, end: int) -> bool:
    """25年 is 2025 (and 97年 1997) when its neighbours say a year: 25年10月, 在97年, 到28年。"""
    if text[start:end][:2].isdigit() and 0 < start and text[start - 1].isdigit():
        return False
    if text[start] == "0":
        return True  # 09年: nobody says nine years so
    if Y2_LENGTH_BEFORE.search(text, max(0, start - 3), start):
        return False
    if Y2_NEXT.match(text, end):
        return True
    if Y2_SUBJECT_NEXT.match(text, end) and CLAUSE_START.search(text, max(0, start - 2), start):
        return True  # ，19年我在义乌开店: a clause that opens on its time, then its subject
    if Y2_NOT_NEXT.match(text, end):
        return False
    return bool(Y2_BEFORE.search(text, max(0, start - 6), start)) or among_years(text, start)


def among_years(text: str, start: int) -> bool:
    """Whether a two-digit number before 年 stands among years of its own decades: 2024年是61%，
    25年和26年是35%和28%; 07年买了义乌的铺子，12年又买了一间."""
    said = int(text[start : start + 2])
    window = text[max(0, start - YEARS_AROUND) : start + YEARS_AROUND]
    return any(abs(int(y[-2:]) - said) <= 10 for y in NEARBY_YEAR.findall(window))


def is_year_numeral(num: str, text: str, start: int, end: int) -> bool:
    """A number before 年 that is a year: 1789, 2025, 二零二五, or 25 in a year's place."""
    if len(num) == 4 and all(c in CN_DIGITS for c in num):
        return True
    if len(num) == 4 and num[:2] in ("19", "20"):
        return True
    if len(num) == 4 and num.isdigit() and "1500" <= num < "1900":
        # 1500年的历史 is a length of time; 1870年左右 is about the year 1870
        return not Y2_NOT_NEXT.match(text, end) or text.startswith("左右", end)
    return len(num) == 2 and num.isdigit() and two_digit_year(text, start, end)


def digits(year: str) -> str:
    """2025 for 2025 or 二零二五."""
    return "".join(CN_DIGITS.get(c, c) for c in year)


def full_year(two: str) -> str:
    """2025 for 25, 1997 for 97: two digits up to 49 are this century."""
    two = two.lstrip("'")
    if len(two) == 4:
        return two
    return ("20" if int(two) < 50 else "19") + two


def zh_small(text: str) -> int | None:
    """A small Chinese or Arabic count (三, 十二, 二十, 两) as an int."""
    if text.isdigit():
        return int(text)
    values = {"两": 2, **{c: int(d) for c, d in CN_DIGITS.items()}}
    if "十" not in text:
        return values.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    return (values.get(tens, 1) if tens else 1) * 10 + (values.get(units, 0) if units else 0)


def quarter_label(text: str) -> str:
    """Q3 for 第三季度, 三季报 or Q3; H1 for 上半年."""
    if "半年" in text:
        return "H1" if text[0] == "上" else "H2"
    for c in text:
        if c in "1234":
            return f"Q{c}"
        if c in QUARTERS:
            return f"Q{QUARTERS[c]}"
    return ""


def en_label(m: re.Match, text: str, year: int | None, month: int | None):
    """(label, dated) of an English match, or None."""
    if m["decade"]:
        return m["decade"] + "s", False
    if m["ago"]:
        n = EN_WORDS.get(m["ago"].lower()) or (int(m["ago"]) if m["ago"].isdigit() else None)
        return (str(year - n), True) if year and n and n <= 100 else None
    if m["back"] or m["backu1"] or m["ahead"]:
        said, unit = (m["back"], m["backu"]) if m["back"] else (m["ahead"], m["aheadu"])
        if m["backu1"]:  # the past decade, the last 12 months
            said, unit = ("1", "decades") if m["backu1"] == "decade" else ("12", "months")
        n = EN_WORDS.get((said or "").lower()) or (int(said) if said and said.isdigit() else None)
        size = {"months": 1, "years": 12, "decades": 120}[unit.lower()]
        ahead = bool(m["ahead"] or m["aheadu1"])
        return counted_span(n and n * size, size > 1, ahead, year, month)
    if m["fyear"]:
        return "FY" + full_year(m["fyear"]), False
    if m["relq"]:
        return shifted_quarter(RELATIVE_QUARTERS[m["relq"].lower()], year, month)
    if m["relm"]:
        return shifted_month(RELATIVE_MONTHS[m["relm"].lower()], year, month)
    if m["rel"]:
        label = str(year + RELATIVE_YEARS[m["rel"].lower()]) if year else None
        return (("FY" if m["relfy"] else "") + label, True) if label else None
    if m["ytdn"]:
        return ytd_en(m, year)
    if m["yearend"]:
        return (str(year), True) if year else None
    if m["month"]:
        return en_month(m, text, year, month)
    if m["half"]:
        half = "H1" if m["half"].lower() == "first" else "H2"
        said = m["hyear"] or m.group(0).endswith("year")
        if not (said or HALF_BEFORE_EN.search(text, max(0, m.start() - 16), m.start())):
            return None  # "the second half of their life cycle"
        if HALF_OF_EN.match(text, m.end()):
            return None
        return (m["hyear"] + half if m["hyear"] else half), False
    if m["year"]:
        return m["year"], False
    q = m["q"] or str(QUARTERS[m["qw"].lower()])
    quarter = f"Q{q}-Q{m['q_to']}" if m["q_to"] else f"Q{q}"
    fiscal = m["qfy"] or FISCAL_BEFORE.search(text, max(0, m.start() - 16), m.start())
    if not m["qyear"]:  # "the fiscal third quarter" without its year is no calendar quarter
        return None if fiscal else (quarter, False)
    return ("FY" if fiscal else "") + m["qyear"] + quarter, False


def counted_span(
    months: int | None, in_years: bool, ahead: bool, year: int | None, month: int | None
) -> tuple[str, bool] | None:
    """A span counted back from the episode's date (过去三年, 30年来, "the past two decades") or
    ahead of it (未来五年, "the next ten years"), labelled by its ends: years counted by years
    (2023..2026), months by months (2025-07..2026-07)."""
    if not months or months > 1200 or year is None or (month is None and not in_years):
        return None
    now = year * 12 + (month or 12) - 1  # without a month, years are counted from the year
    first, last = (now, now + months) if ahead else (now - months, now)
    if in_years:
        return f"{first // 12}..{last // 12}", True
    return f"{first // 12}-{first % 12 + 1:02d}..{last // 12}-{last % 12 + 1:02d}", True


def ytd_en(m: re.Match, year: int | None):
    """ "the first five months of this year", "the first three quarters of 2024": that year
    to date (2024-01..2024-09)."""
    count = COUNTS_EN.get(m["ytdn"].lower()) or int(m["ytdn"])
    months = m["ytdu"].lower() == "months"
    if not 1 < count <= (11 if months else 3):
        return None
    label = f"Y{count}:{count}" if months else f"Y{3 * count - 2}:{3 * count}"
    if m["ytdyear"]:
        return to_date(m["ytdyear"], label), False
    shift = {"this": 0, "last": -1}.get(m["ytdrel"].lower())
    if shift is None:  # "of the year": the latest such months begun by the episode's date
        return label, False
    return (to_date(str(year + shift), label), True) if year else None


def ytd_label(said: str) -> str:
    """Y5:5 for 前5个月, Y7:9 for 前三季度: the months to date a Chinese tail names."""
    count = zh_small(re.sub(r"[前个個月季度]", "", said)) or 1
    return f"Y{count}:{count}" if "月" in said else f"Y{3 * count - 2}:{3 * count}"


def within_year(label: str) -> bool:
    """Whether a span lies within one year (2025-01..2025-09): one period, as a year is."""
    first, _, last = label.partition("..")
    return bool(last) and first[:4] == last[:4]


def to_date(year: str, months: str) -> str:
    """2024-01..2024-07 for the year 2024 and Y7:7 (January to July)."""
    last = int(months[1:].split(":")[1])
    return f"{year}-01..{year}-{last:02d}"


def en_month(m: re.Match, text: str, year: int | None, month: int | None):
    """March 2025, March 5, in March; a bare "May" or "March" (the verb) is not a month."""
    name = m["month"].lower().rstrip(".")
    dated = m.group(0)[len(m["month"]) :].strip(" .,")
    if not dated and not MONTH_BEFORE_EN.search(text, max(0, m.start() - 12), m.start()):
        return None
    if name == "may" and not dated:
        return None
    return month_of(MONTHS_EN[name], int(m["myear"]) if m["myear"] else None, year, month)
