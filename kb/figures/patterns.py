"""The compiled patterns that find figure candidates in Chinese and English text.

Built once at import from the lexicons in kb/figures/words.py; kb/figures/extract.py reads the
matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kb.figures.words import (
    COUNT_WORDS_EN,
    COUNT_WORDS_ZH,
    COUNTED,
    CURRENCIES_EN,
    CURRENCIES_ZH,
    CURRENCY_SIGNS,
    DURATIONS_EN,
    DURATIONS_ZH,
    MEASURES_EN,
    MEASURES_ZH,
    NOT_MEASURE_BEFORE,
    PER_UNITS,
    SCALES_ZH,
    UNITS_ZH,
    VAGUE_EN,
    WORD_NUMBERS,
    alternation,
)

AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CN_DIGITS = "零〇一二两三四五六七八九十"
# 几 stands for a digit not said (几十亿, 十几年): a vague amount, read as a range.
CN = f"[{CN_DIGITS}几][{CN_DIGITS}百千万亿几]*(?:点[{CN_DIGITS}]+)?"
NUM_ZH = f"(?:{AR}|{CN})"
SIGNS = alternation(CURRENCY_SIGNS)
# A unit is not read where it begins another word (千亿行业, 10万封顶): see NOT_MEASURE_BEFORE.
WORD_GOES_ON = "(?!{})".format(
    "|".join(f"(?<={word})[{chars}]" for word, chars in NOT_MEASURE_BEFORE.items())
)
UNIT_ZH = (
    alternation(
        [*CURRENCIES_ZH, *UNITS_ZH, *DURATIONS_ZH, *MEASURES_ZH, *COUNT_WORDS_ZH.split("|")]
    )
    + WORD_GOES_ON
)
PER_ZH = alternation(PER_UNITS)
SCALE_ZH = alternation(SCALES_ZH)
SPACE = "[ \u00a0\u3000]?"
RANGE_SEP_ZH = "到|至|~|～|-|–|—|、|或者|或"
# A length of time said in years and months: 两年零八个月, 3年6个月.
YEARS_MONTHS_ZH = re.compile(
    rf"(?<![\d.,{CN_DIGITS}])(?P<years>\d{{1,2}}|[{CN_DIGITS}]{{1,3}})\s?年\s?(?:零|又)?\s?"
    rf"(?P<months>\d{{1,2}}|[{CN_DIGITS}]{{1,3}})\s?个多?月"
)

# A Chinese numeral counts only with 万/亿 in it or a unit after it: 一 alone is just "a". Said
# aloud, the last place goes unnamed: 两万四 is 24,000, 一千二 1,200 (万一 stays "if by chance").
CN_FIGURE = (
    rf"{CN}(?:(?<=[万亿])|(?<=[万千][二两三四五六七八九])(?![{CN_DIGITS}百千万亿])"
    rf"|(?=[多余万亿千百 \u00a0\u3000%％]|{UNIT_ZH}))"
)
# The pattern starts with a number or a literal so that the regex engine can skip ahead fast;
# what may stand before the number (每小时, 负, $) is read backwards by `prefixed`.
RANGE_LOW_ZH = (
    rf"(?:(?P<lo>{NUM_ZH})(?:多|余)?{SPACE}(?P<lo_scale>{SCALE_ZH})?(?:多|余)?(?P<lo_pct>%|％)?"
    rf"(?P<lo_unit>{UNIT_ZH})?"
    rf"{SPACE}(?P<sep>{RANGE_SEP_ZH}){SPACE})"
)
# Said after a figure: about (左右, 上下), at least (以上, 出头, 上方, 甚至更多), at most (以下,
# 下方, 不到).
AFTER_ZH = (
    r"左右|以上|以下|以内|之内|出头|上下|上方|下方|多(?![了少])|甚至更多|或更多|或者更多"
    r"|不到(?![一二三四五六七八九十\d])|不足(?![一二三四五六七八九十\d])"  # 40%不到, not 不到一半
)
WORD_AFTER_ZH = re.compile(rf"{SPACE}(?P<after>{AFTER_ZH})")  # after 百分之七, 七成
FIGURE_ZH_TEMPLATE = (
    rf"(?P<pct_cn>百分之)(?:(?P<plo>{NUM_ZH}){SPACE}(?P<psep>{RANGE_SEP_ZH}){SPACE}(?:百分之)?)?"
    rf"(?P<pnum>{NUM_ZH}|百)"
    rf"|(?P<double>翻倍|翻番|翻了一番|翻了一倍)"
    r"|(?P<tenth>[一二三四五六七八九])成(?![不为了功本交立长熟绩员])"
    r"|{low}"
    rf"(?:(?P<vague>[数上])(?P<vnum>[十百千万亿][十百千万亿]*)|(?P<num>{AR}|{CN_FIGURE}))"
    rf"(?P<more>多|余)?{SPACE}(?:个(?=[万亿]))?(?P<scale>{SCALE_ZH})?"
    rf"(?P<more2>多|余)?{SPACE}(?P<unit>{UNIT_ZH})?(?P<half>(?<=[年天])半(?![导岛途价场个]))?"
    rf"(?:{SPACE}(?P<after>{AFTER_ZH}))?"
    # 60美元/盎司, 60美元一盎司, 5000元一个月
    rf"(?P<per_after>(?:/|每|一个?)(?P<per2>{PER_ZH})(?!收益|净资产))?"
)
# Most numbers start no range: they are matched without trying a range's low end first, and
# matched again with it (FIGURE_ZH) only when a range word follows (RANGE_NEXT_ZH).
NO_LOW = "(?:(?P<lo>(?!))(?P<lo_scale>)(?P<lo_pct>)(?P<lo_unit>)(?P<sep>))?"
FIGURE_ZH_ONE = re.compile(FIGURE_ZH_TEMPLATE.replace("{low}", NO_LOW))
FIGURE_ZH = re.compile(FIGURE_ZH_TEMPLATE.replace("{low}", RANGE_LOW_ZH + "?"))
RANGE_NEXT_ZH = re.compile(rf"{SPACE}(?:{RANGE_SEP_ZH})")
NUMERAL_RANGE_ZH = re.compile(rf"(?:{NUM_ZH}){SPACE}(?:{RANGE_SEP_ZH})")  # 一到两个百分点
# Where a match of FIGURE_ZH can begin: trying the pattern only there is four times faster.
START_ZH = re.compile(rf"[\d{CN_DIGITS}百翻几数上]")
# A price's unit said with its noun earlier in the clause: 每小时的租赁价格涨到了6美元.
PER_IN_CLAUSE_ZH = re.compile(
    rf"每(?P<per>{PER_ZH})(?!收益|净资产)[^，。；,;！？!?\d]{{0,10}}?"
    r"(?:价格|价|租金|费用|费|工资|薪|收入|成本|租|赚|挣|开销|花费|支出|开支|亏损|亏|养老金)"
    r"[^，。；,;！？!?\d]{0,12}$"
    r"|(?P<average>[月年日周])均(?!线)[^，。；,;！？!?\d]{0,12}$"  # 月均房租为1500元, not 20日均线
)
# A count, measure or length of time said per a unit of time earlier in its clause: 每天有3000人,
# 每天工作11小时, 月产能提升到8万件, 日均访客5万人.
RATE_IN_CLAUSE_ZH = re.compile(
    r"(?:每(?P<per>天|日|周|星期|个?月|年|小时)|(?P<average>[日月年周])(?:产量?|产能|均))"
    r"[^，。；,;！？!?\d]{0,10}$"
)
PREFIX_ZH = re.compile(
    rf"(?:(?P<per>每(?:{PER_ZH}))(?:约|大约|是|为|仅|只要|只有)?)?(?P<sign>负的?|零下|-|−)?(?P<cur>{SIGNS})?$"
)
NOT_BEFORE_ZH = frozenset("0123456789.," + CN_DIGITS + "百千万亿第几数") | frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)
TRIGGER_ZH = re.compile(
    rf"\d|百分之|翻[倍番了]|[一二三四五六七八九]成|[数上][十百千万亿]|[{CN_DIGITS}几][{CN_DIGITS}百千点几]*"
    rf"(?:[万亿倍%％]|个百分点|基点|{alternation(CURRENCIES_ZH)}|{COUNT_WORDS_ZH}|年|个月)"
)
# 一 ending a word (单一, 唯一, 统一) is no number; a price's unit (五千块钱一平米) no measure.
ONE_IN_WORD = frozenset("单唯统同专划逐")
PRICE_BEFORE = re.compile(r"(?:元|钱|块|美元|美金|\d)\s?$")
# 二零二五年 and 25年 are years; N年前 a date past; 10年期 a bond's name; 年代 a decade.
AFTER_DURATION_ZH = re.compile(r"(?:以前|之前|前|期(?!间)|代|级)")  # 三到九年级: grades
ERA_BEFORE_ZH = re.compile(r"公元前?\s?$")  # 公元前300多年: a date, not a length of time
# 过去50年，, 几十年来，, "Over the last 10 years,": a time set off before its clause says what
# the clause looks over, a span back or on from now, not a length the episode measures
# (过去十几年都在亏损 and 这是15年来的新高 measure one).
FRAMING_BEFORE_ZH = re.compile(r"(?:过去|未来|最近|接下来|今后)的?\s?$")
# 过去50年，, 在过去的二十六年里, 过去两百年的历史中, 今后的几十年里
FRAMING_AFTER_ZH = re.compile(r"来?\s?[，,]|(?:里|中|间|当中|之中|的历史)")
FRAMING_BEFORE_EN = re.compile(
    r"\b(?:over|in|for|during)\s+the\s+(?:last|past|next|coming)\s+$", re.I
)
# 不是30%，也不是40%: a value said not to hold.
NEGATED_BEFORE_ZH = re.compile(r"(?:(?<!是)不是|并非|而非)\s?$")  # not 是不是, a question
# 今年前10个月, 2024年前三季度: the months or quarters of a year to date, a period, not a length
TO_DATE_BEFORE_ZH = re.compile(
    r"(?:今年|去年|明年|本年|前年|\d{4}\s?年|[〇零一二三四五六七八九]{4}年)\s?前\s?$"
)
# A counted noun right after a number (30万雇员, 3亿非洲人) or right before it (员工16万).
COUNTED_ZH = alternation(w for words in COUNTED.values() for w in words if not w.isascii())
# 人 counts people, not in a longer word: 私人信贷, 机器人, 无人机, 人力工作日, 人民币. The guard
# before 人 lets a longer noun that holds it (机器人 → robots) be read whole.
PEOPLE_BEFORE = r"(?:(?=人)(?<!私)(?<!机器)(?<!法)(?<!无)|(?!人))"
NOT_PEOPLE = r"(?!(?<=人)[力民工次均才士格物类性生身权造])"
NOUN_AFTER_ZH = re.compile(
    rf"{SPACE}(?:的?[\u4e00-\u9fff]{{0,2}}(?=人))?{PEOPLE_BEFORE}"
    rf"(?P<noun>{COUNTED_ZH}|[Tt]okens?(?![A-Za-z])){NOT_PEOPLE}"  # 150万Token
)
# After a measure word, the noun it counts may come after up to two characters that qualify
# it, if it is a word of two or more: 15家三甲医院 are hospitals, 2000名本地员工 employees (but
# 3个席位 are no people, and 127页的论文 are pages).
COUNTED_WORDS_ZH = alternation(
    w for words in COUNTED.values() for w in words if not w.isascii() and len(w) > 1
)
QUALIFIED_NOUN_AFTER_ZH = re.compile(
    rf"{SPACE}(?:(?!的)[\u4e00-\u9fff]){{1,2}}?(?P<noun>{COUNTED_WORDS_ZH})"
)
COUNTED_NOUN_ZH = re.compile(rf"{PEOPLE_BEFORE}(?P<noun>{COUNTED_ZH}){NOT_PEOPLE}")
NOUN_BEFORE_ZH = re.compile(
    rf"(?P<noun>{COUNTED_ZH})(?:数量|人数|总数|数|规模)?"
    r"(?:已经|已|达到|达|高达|多达|超过|超|逾|突破|约|大约|大概|将近|接近|为|有|近|了|仅|只有|也|"
    r"现在|目前|如今|共|总共|一共|累计|减少|增加|新增|净增|不到|不足|少于|从|\s)*$"
)  # 员工16万, 人口也减少了339万, 会员现在有280万


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
    rf"|\s(?:{alternation(DURATIONS_EN)})s?\b(?![\s-]+old)|\syears?\sold\b|-years?-old\b"
    rf"|\s(?:{COUNT_WORDS_EN})\b"
    rf"|\s?(?-i:{alternation(MEASURES_EN)})\b"
)
PER_EN = (
    r"\s?/\s?(?P<per_a>hour|hr|share|card|GPU|year|month|day|unit)\b"
    r"|\sper\s(?P<per_b>[A-Za-z]\w*)"  # not "per 1,000 tokens": a base, said as a number
)
# "$14 a month", "$2,000 an ounce"; not "10% a year ago"
PER_EN += (
    r"|\s(?:an\s(?P<per_c>hour|ounce)|a\s(?P<per_d>share|month|day|week|night|barrel|ton|tonne"
    r"|gallon|pound|kilo|head|person|seat|user|ticket))\b(?!\s+(?:ago|earlier|before|later)\b)"
)
# A range's low end may say its unit too: "3 years to 5 years", "5 hours or 6 hours".
LOW_UNIT_EN = r"(?:\s(?P<lo_unit>years?|months?|weeks?|days?|hours?|minutes?|seconds?|percent))?"
FIGURE_EN = re.compile(
    r"(?<![\w$€£¥.,])(?P<sign>[-−])?"
    rf"(?P<cur>US\$|HK\$|C\$|CA\$|A\$|\$|€|£|¥|RMB\s?|USD\s?)?"
    rf"(?:(?P<lo>{NUM_EN})(?P<lo_scale>{SCALE_EN})?(?P<lo_pct>%)?{LOW_UNIT_EN}"
    rf"(?P<sep>\s?[-–]\s?|\sto\s|\sor\s|\sand\s)(?P<cur2>US\$|HK\$|C\$|\$|€|£)?)?"
    rf"(?P<num>{NUM_EN})(?P<scale>{SCALE_EN})?(?P<unit>{UNIT_EN})?(?P<per_all>{PER_EN})?"
    r"|(?<![\w-])(?P<double>doubl(?:ed|es|ing)\b|(?<=than )double\b|double(?= the\b))"
    rf"|(?<![\w-])(?P<vague>{alternation(VAGUE_EN)})(?=\s)(?P<vunit>{UNIT_EN})?",
    re.I,
)
# Where a match of FIGURE_EN can begin, searched in the text lowered (ASCII_LOWER keeps every
# offset): a case-sensitive trie is several times faster than the same words under re.I. A number
# word counts only before what makes it a figure.
ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
TRIGGERS_EN = ("doubl", "several", "a few", "hundreds", "thousands", "multi", "millions",
               "billions", "trillions", "tens of", "dozens", "us$", "hk$", "c$", "ca$", "a$",
               "rmb", "usd")  # fmt: skip
START_EN = re.compile(
    rf"[-−$€£¥\d]|{alternation(TRIGGERS_EN)}"
    rf"|(?:{WORDS})(?:-[a-z]+)?(?=\s?(?:trillion|billion|million|thousand|percent|%|percentage|"
    r"basis|times|to\s))"
)
SPOKEN_RANGE = re.compile(r"[一二两三四五六七八九]{2}")
LIST_NEXT_ZH = re.compile(r"[、和或及与]")
LIST_NEXT_EN = re.compile(r",\s|\s(?:or|and)\s")
LIST_GAP_ZH = re.compile(r"\s*(?:、|和|及|与|或|或者|甚至|乃至)\s*")
LIST_GAP_EN = re.compile(r",?\s(?:or\s|and\s)?|,\s")
INDEX_BEFORE = re.compile(r"(?:S&P|Russell|Nasdaq|标普|罗素|纳斯达克)\s?$", re.I)
STRONG_UNITS = {"%", "pp", "bp", "multiple"}
YEAR_AFTER = re.compile(r"第|Q|[上下]半|初|底|末|[一二三四]季|全年|的时候")
AGO_EN = re.compile(r"\s+(?:ago|earlier|before)\b", re.I)
# "the first 4 months of 2024": the months of a year to date, a period, not a length
FIRST_BEFORE_EN = re.compile(r"\bfirst\s+$", re.I)
OF_AFTER_EN = re.compile(
    r"\s+of\s+(?:(?:the|this|last|next)\s+(?:fiscal\s+)?year|(?:fiscal\s+)?(?:19|20)\d\d|FY)\b",
    re.I,
)
# "3 times a week", "elected five times at this point": occasions, not a multiple.
OCCASIONS_EN = re.compile(r"\s+(?:a|an|per|each|every|this|so far|already|now|at|in a)\b", re.I)
BETWEEN_EN = re.compile(r"\bbetween\s+(?:\S+\s+)?$", re.I)
# A plural noun a number counts, after up to two words that qualify it: 600,000 EVs, 1.5 million
# registered agents, 18,000 vacuum tubes, "6 million of the Blackwells". Each reading (the
# fewest words before the noun first) is tried in turn.
NOUN_AFTER_EN = [
    re.compile(
        r"\s(?:of\s(?:the|its|their|our)\s)?"
        rf"(?:(?!(?:{WORDS}|hundred|thousand|million|billion|trillion|is|was|are|were|has|had|"
        r"have|and|or|to|in|of|for|on|at|by|the|a|an)\s)"  # no number goes on, no verb
        rf"[a-z]{{3,}}\s){{{words}}}"
        r"(?P<noun>[A-Za-z][A-Za-z-]*[^\Wsui]s|people|children|men|women|staff|personnel|"
        r"aircraft)\b"
    )
    for words in (0, 1, 2)
]
NOT_NOUNS_EN = frozenset(
    "has was does goes its hers ours yours theirs always perhaps sometimes besides towards "
    "afterwards whereas news series species means thanks lots yes this thus plus less across "
    "versus unless".split()
)


def scan(
    pattern: re.Pattern, starts: re.Pattern, text: str, seen: str | None = None, wider=None
) -> Iterator[re.Match]:
    """`pattern.finditer(text)`, trying the pattern only where `starts` says a match can begin:
    a character class or a case-sensitive trie finds those places many times faster than the
    engine tries a large pattern at every position.

    :param seen: the text as `starts` reads it (lowered), if not `text` itself
    :param wider: the Chinese pattern that reads a range, tried only where a range word follows
        the number (RANGE_NEXT_ZH, NUMERAL_RANGE_ZH)
    """
    seen = text if seen is None else seen
    pos = 0
    while candidate := starts.search(seen, pos):
        at = candidate.start()
        m = pattern.match(text, at)
        if wider and (
            RANGE_NEXT_ZH.match(text, m.end()) if m else NUMERAL_RANGE_ZH.match(text, at)
        ):
            m = wider.match(text, at) or m
        if m and m.end() > m.start():
            yield m
            pos = m.end()
        else:
            pos = at + 1
