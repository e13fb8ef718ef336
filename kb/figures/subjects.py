"""Which entity a figure is about: the subject of its clause, not the nearest name.

The subject is the nearest entity named before the figure in its sentence, skipping sources
(据彭博社报道, "according to Reuters", 路透社的民调显示, "a CNN poll", 在《人民日报》上), people
who only say something (黄仁勋表示, 田中: ...), a place where something happens when a name
comes before it (英伟达在中国的营收), a person who only acts or a place that only says where in
a clause before the figure's (鲍威尔开了会，说每降1%…; 他在日本的仓库干活，…), names in an aside
(例如 SEC), the other side of a comparison (比AMD高, 是Gemini的2.7倍, 与摩根大通相当, "than
Nvidia"), a name that only begins a longer one (GPT-5 in GPT-5.5) and a promo code or link
(优惠码 Acme, site.com/acme); a company's own filing (根据小米发布的公告) is no source. A name
in a list (微软、谷歌和Meta) shares the figure with the others: it is left empty. Else one named
after it in its own clause (营收300亿美元的英伟达), not a place it comes from (来自中国) nor
past a list's next item or a partner (、2辆法拉利, 和马斯克一起); else the one entity its
paragraph names before it, when no other competes and it is named twice or in the heading (a
name said once in passing is no topic); else, when the paragraph names none before it, the
heading's one entity, unless one of a pair (ADP与非农). Beyond the sentence, a person (whose
talk the paragraph is), a length of time (an age, "for 40 years") and a name the sentence itself
cites as a source are nobody's. A name after the figure in another clause is more often a
customer or rival than its subject. Nothing else is a guess worth storing: the entity is left
empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kb.entities import EntityTable
from kb.figures.metrics import find_metrics
from kb.figures.words import COMPARING_ZH, MULTIPLE_OF_ZH

SOURCE_BEFORE = re.compile(
    r"(?:据|根据|援引|引用|引述|依据|来自|告诉|接受|\b(?:according to|per|citing|cited by|"
    r"data from|a report (?:by|from)|reported by|survey by|poll by|analysts? at|told|"
    r"(?:article|op-ed|column|editorial|interview|wrote|writing|published)\s+(?:in|on|with|for)))"
    r"\s*(?:the\s+)?[《“\"]?\s*$",
    re.I,
)
SOURCE_AFTER = re.compile(
    r"[》”\"]?\s*(?:（[^）]{0,30}）|\([^)]{0,30}\))?\s*(?:的)?(?:一项|一份|最新的?|最近的?|新的?)?\s*"
    r"(?:报道|报导|民调|民意调查|调查显示|数据显示|数据(?!中心|库|集|资产|业务)|数据表明|统计|研究显示|"
    r"报告显示|援引|分析认为|认为|分析指出|估算|测算|推算|(?:他们)?的(?:预期|分析)|"
    r"\b(?:reported that|reports that|reported on|poll|polls|survey|data show(?:s|ed)?)\b)",
    re.I,
)
SPEECH_AFTER = re.compile(
    r"\s*(?:身边|周围|的)?(?:的?(?:知情|消息)?人士)?"  # 接近黄仁勋的人士透露: those close to him
    r"(?:在[^，。,]{0,10})?(?:就|也|还|曾|曾经|又)?(?:表示|称|说|认为|指出|提出|提到|提醒|预测|"
    r"预言|估计|透露|强调|坦言|直言|告诉|回忆|解释|写道|宣布|承认|警告|补充|"
    r"\b(?:said|says|told|noted|predicted|estimated|argued|thinks|believes|wrote|mentioned|"
    r"explained|warned|announced|admitted|claimed|claiming|added|attempted to)\b)",
    re.I,
)
# The other side of a comparison, not its subject: 比英伟达高20%, 是英伟达的3倍, 是中国的46%
# (相比英伟达的50% is Nvidia's own).
BASE_BEFORE = re.compile(rf"{COMPARING_ZH}\s*$")
BASE_AFTER = re.compile(r"\s*的\s*[\d.,一二两三四五六七八九十百千万几]+\s*倍")  # 微软的21倍
MULTIPLE_OF = re.compile(MULTIPLE_OF_ZH)  # after 是: 是2019年沙特阿美筹资的三倍
COPULA_BEFORE = re.compile(r"是[^，。；,;！？是]{0,8}$")
# 与摩根大通相当, 跟英伟达一样, 和去年的苹果相比; "than Nvidia", "compared with Apple".
LIKE_BEFORE = re.compile(r"(?:与|跟|同|和)\s*$")
LIKE_AFTER = re.compile(
    r"\s*(?:的[^，。,;；]{0,6})?\s*(?:相当|相比|一样|差不多|持平|相同|类似|相近)"
)
THAN_BEFORE = re.compile(
    r"\b(?:than|compared (?:with|to)|relative to|versus|vs\.?|as (?:much|many) as)\s+(?:the\s+)?$",
    re.I,
)
SHARE_OF_BEFORE = re.compile(r"(?:是|为|相当于|仅为|只有|只是)\s*$")
SHARE_OF_AFTER = re.compile(r"\s*的\s*[\d.,一二两三四五六七八九十百千万几]+\s*[%％]")
# What lies outside a place is not it: 美国以外的贸易.
OUTSIDE_AFTER = re.compile(r"\s*(?:以外|之外)")
# A place where something happens, not what it is about, when another name comes before it:
# 英伟达在中国的营收 is Nvidia's, 在中国，失业率 China's.
# (Not the same characters ending a word: 现在, 由于, 提到.)
AT = (
    r"(?<![现正存实所好自内外])在|(?<![对由关等属至终善敢急勇])于|(?<!自)从"
    r"|(?<![提达来得看想等直受遇做办收找感说谈])到|赴"
)
LOCATIVE_BEFORE = re.compile(
    rf"(?:{AT}|向|对于|对|来自|\b(?:in|from|to|into|across|at|throughout|within))[\s,，]*(?:the\s+)?$",
    re.I,
)
# A Chinese clause that is a move said of its own subject: 义乌小盘下跌0.4%, Big Bear下跌11%.
MOVE_CLAUSE = re.compile(
    r"\s*(?P<lead>[^\s，,；;：:。（(]{2,12}?|[A-Za-z][\w&.\- ]{1,20}?)\s*(?:的股价)?\s*"
    r"(?:上涨|下跌|大涨|大跌|暴涨|暴跌|收涨|收跌|涨超|跌超|涨|跌)了?\s*"
)
# Words that open such a clause without naming its subject: 同比增长, 今天大跌, 其中下跌.
NO_SUBJECT = re.compile(
    r"(?:同比|环比|也|则|还|又|都|分别|其中|整体|全天|盘中|盘后|盘前|尾盘|日内|单日|今天|昨天|今日|当天"
    r"|股价|市值|指数|大盘|最终|一度|累计|全年|今年|年初|本周|上周|这周|过去|近|最近|至今|目前|现在|随后"
    r"|之后|然后|再|即|更|是|已|继续|一共|总共|只|仅|预期|预计|在|它|他|她|其|该|这|那|此"
    r"|收盘|开盘|比|较|与|和|去年|明年|YTD|自|从|上一|下一|所以|因此|但|而|尽管|虽然|不过|你|我"
    r"|上市|首日|进口|出口|周[一二三四五六日]|星期|第|能够|因|买入|[\d一二三四五六七八九十]+[天周年]"
    r"|[\d一二三四五六七八九十]+月)",
    re.I,
)
# A person's own (鲍威尔的支持率, "Musk's stake") is theirs, whichever clause it is in.
OWNER_AFTER = re.compile(r"\s*(?:[（(][^（()）]{0,40}[）)]\s*)?(?:的|['’]s\b)")
# Of the words that make a place locative, those that name a target or an origin, not where
# something happens: a tariff's or a policy's target (对印度征收关税) is what its figures are of.
# (A glossed name, 加拿大（Canada: …）, says where only through the name it glosses.)
TARGET = re.compile(r"向|对于|对|来自")
# A place set off before the clauses it frames is their topic: 在加拿大，失业率为6.5%.
FRAME_AFTER = re.compile(r"\s*(?:地区|市场|国内|境内|方面|的话|\s)?\s*[，,]")
# A place a figure comes from, named after it, is where, not who: 90%的营收来自中国.
FROM_BEFORE = re.compile(r"(?:来自|源自|从|\bfrom)[\s,，]*(?:the\s+)?$", re.I)
# A name in brackets right after another glosses it: 美国疾病控制与预防中心（CDC）.
GLOSS_OPENING = re.compile(r"\s?[（(]\s?")
GLOSS_CLOSING = re.compile(r"\s?[:：）)]")
# A known name that begins a longer one: GPT-5 in GPT-5.5, A1 in A17.
LONGER_NAME = re.compile(r"[.\-]?\d")
# A company's own filing tells its own figures: 根据小米发布的公告, "according to Apple's 10-K".
FILING_AFTER = re.compile(
    r"\s*(?:集团|公司)?\s*(?:最新)?(?:发布|公布|披露|提交)?的?\s*(?:公告|财报|年报|季报|招股书|文件|"
    r"业绩|(?:['’]s\s+)?\b(?:filings?|10-[KQ]|annual report|quarterly report|earnings|results)\b)",
    re.I,
)
# Where a name is published or interviewed, not what it is about: 在《人民日报》上公布,
# 《经济学人》的一篇文章, 接受CNBC采访 (but 英伟达发表了声明 is Nvidia's own).
VENUE = re.compile(
    r"》\s*(?:上|中|里)(?![市涨升调])|(?:》|》?\s*(?:上|中))\s*(?:发表|刊登|撰文|发文|刊文|刊出|采访)"
    r"|》?\s*的(?:一篇|最新)?(?:文章|社论|专栏|专访)"
)
# A platform or shop someone does something on, not what is measured: 我在微信群里认识三百个商户,
# 泡泡玛特在天猫上预售了200款 (but 在微信上，月活达到13亿 is set off before the clause it
# frames, and 在小米内部 is within Xiaomi: theirs).
WHO = r"我们?|他们?|她们?|你们?|咱们|大家|人们|网友|用户|有人"
ON_PLATFORM_GAP = re.compile(r"\s*(?:也|还|都|已经|曾经|最近|刚刚|一直|每天)?\s*(?:在|于)\s*")
ON_PLATFORM_BEFORE = re.compile(rf"(?:{WHO}){ON_PLATFORM_GAP.pattern}$")
ON_PLATFORM_AFTER = re.compile(
    r"\s*(?:群|平台|频道|账号|店铺?|商城|旗舰店|直播间|社区|app|App|APP)?\s*(?:上|里|中)"
    r"(?![市涨升调年半\s，,])(?!\s*(?:花|投|支出|开支))"
)
# A promo code, a link or a handle names no subject: 输入代码 Acme, "use code ACME", site.com/acme.
CODE_BEFORE = re.compile(
    r"(?:代码|优惠码|折扣码|促销码|邀请码|\b(?:promo|coupon|discount)?\s*code)\s*[：:]?\s*"
    r"[“\"'「]?\s*$|[/@]$|[a-z]\.$",
    re.I,
)
# A person before a colon is who speaks: 田中: 大概有一万人.
LABEL_AFTER = re.compile(r"\s*[:：]")
# What joins the names of a list; a comma alone joins one of three names at least.
LIST_GAP = re.compile(
    r"\s*(?:、|[,，]?\s*(?:和|与|及|以及|跟|同|还有|或|或者|或是|\band\b|\bor\b|&|\bas well as\b)"
    r"|[,，])\s*",
    re.I,
)
COMMA = re.compile(r"\s*[,，]\s*")
# One of a pair or list of topics (ADP与非农, 从A到B) is no heading's topic.
PAIRED_BEFORE = re.compile(r"(?:与|和|、|及|跟|&|vs\.?|\band|从|到)\s*[“\"《]?\s*$", re.I)
PAIRED_AFTER = re.compile(r"\s*[”\"》]?\s*(?:与|和|、|及|跟|&|vs\.?|\band\b|对比|对决|之争)", re.I)
# Between a figure and a name after it, what makes the name another's: a list's next item
# (2辆保时捷、2辆法拉利), a partner or object (和马斯克一起运), an agent ("after a quarter by
# Nvidia").
AFTER_BREAK = re.compile(
    r"、|(?<![总温缓柔])和(?![平谐])|(?<![参给赠])与|跟|被(?!动)"
    r"|\b(?:by|after|with|than|and|or|against|for)\b",
    re.I,
)
# Sentences of transcripts run long: a name this far before a figure is another clause's.
REACH = {"zh": 150, "en": 400}
CONFIDENCE = {"clause": 0.9, "sentence": 0.8, "topic": 0.7, "paragraph": 0.6, "heading": 0.5}


@dataclass(frozen=True, slots=True)
class Name:
    start: int
    end: int
    key: str
    person: bool = False
    locative: bool = False  # a place named as where, not who: 在中国, "in Canada"
    role: str = ""  # why it is no subject (a source, a speaker, ...); "" when it can be one
    shared: bool = False  # one of a list (微软、谷歌和Meta): the figure is all of theirs
    topic: bool = False  # a heading's name not one of a pair: 英伟达财报, not "ADP与非农"
    place: bool = False


def aside(text: str, start: int) -> bool:
    """A name inside brackets, not first in them: （例如 SEC 或司法部的调查） is an aside, while
    小火箭（Rocket Lab） glosses the name before it."""
    for opening, closing in (("（", "）"), ("(", ")")):
        at = text.rfind(opening, max(0, start - 60), start)
        if at >= 0 and text.rfind(closing, at, start) < 0 and text[at + 1 : start].strip():
            return True
    return False


def subject_names(text: str, table: EntityTable) -> list[Name]:
    """The entities named in `text`, each with the role that makes it no subject (a source, a
    speaker, ...) or none; a gloss in brackets right after a name (疾控中心（CDC）) names it
    again, in the same role."""
    names: list[Name] = []
    previous_end = -1
    for start, end, key in outermost(table.spans(text)):
        glosses = previous_end >= 0 and GLOSS_OPENING.fullmatch(text, previous_end, start)
        previous_end = end
        if glosses:  # 疾控中心（CDC）; but in 义乌医药（Yiwu Pharma: …） a part of the term
            said = key if GLOSS_CLOSING.match(text, end) else names[-1].key
            names.append(replace(names[-1], start=start, end=end, key=said))
            continue
        entity = table.entities.get(key)
        kind = entity.kind if entity else None
        before = text[max(0, start - 16) : start]
        role = role_of(text, start, end, kind)
        if not role and on_platform(text, start, end, kind, names[-1].end if names else None):
            role = "platform"
        locative = kind == "place" and bool(LOCATIVE_BEFORE.search(before))
        names.append(Name(start, end, key, kind == "person", locative, role, place=kind == "place"))
    return shared_lists(names, text)


def role_of(text: str, start: int, end: int, kind: str | None) -> str:
    """Why the name at text[start:end], of kind `kind`, is no subject, or "" when it can be."""
    before, after = text[max(0, start - 16) : start], text[end : end + 40]
    cited = SOURCE_BEFORE.search(before) or SOURCE_AFTER.match(after) or VENUE.match(after)
    if cited and not (kind == "company" and FILING_AFTER.match(after)):
        return "source"
    if BASE_BEFORE.search(before) or BASE_AFTER.match(after) or THAN_BEFORE.search(before):
        return "base"
    if COPULA_BEFORE.search(before) and MULTIPLE_OF.match(after):
        return "base"
    if LIKE_BEFORE.search(before) and LIKE_AFTER.match(after):
        return "base"
    if SHARE_OF_BEFORE.search(before) and SHARE_OF_AFTER.match(after):
        return "base"
    if text[end - 1 : end].isascii() and text[end - 1].isalnum() and LONGER_NAME.match(after):
        return "longer"
    if CODE_BEFORE.search(before):
        return "code"
    if kind == "person" and (SPEECH_AFTER.match(after) or LABEL_AFTER.match(after)):
        return "speaker"
    if aside(text, start):
        return "aside"
    if kind == "place" and OUTSIDE_AFTER.match(after):
        return "outside"
    return ""


def on_platform(text: str, start: int, end: int, kind: str | None, previous: int | None) -> bool:
    """Whether the company or product at text[start:end] is a platform someone does something
    on, after a pronoun (我在推特上有300万粉丝) or another name ending at `previous`
    (泡泡玛特在天猫上预售了200款: Pop Mart's, on Tmall)."""
    if kind not in ("company", "product") or not ON_PLATFORM_AFTER.match(text, end):
        return False
    return bool(ON_PLATFORM_BEFORE.search(text, max(0, start - 16), start)) or bool(
        previous is not None and ON_PLATFORM_GAP.fullmatch(text, previous, start)
    )


def shared_lists(names: list[Name], text: str) -> list[Name]:
    """The names, those of a list marked shared: 微软、谷歌和Meta, "Google and Facebook",
    "Microsoft, Google, Meta" (a list joined by commas alone has three names at least, as
    在中国，苹果 is no list)."""
    chains: list[list[int]] = []
    joined: list[bool] = []  # whether a word (和, and), not a comma alone, joins each chain
    for i, name in enumerate(names):
        gap = text[names[i - 1].end : name.start] if i else ""
        link = LIST_GAP.fullmatch(gap) if i and not kin(text, names[i - 1], name) else None
        if link and not (names[i - 1].role or name.role):
            chains[-1].append(i)
            joined[-1] = joined[-1] or not COMMA.fullmatch(gap)
        else:
            chains.append([i])
            joined.append(False)
    shared = {i for chain, word in zip(chains, joined, strict=True)
              if len(chain) > 1 and (word or len(chain) > 2) for i in chain}  # fmt: skip
    return [replace(n, shared=True) if i in shared else n for i, n in enumerate(names)]


def kin(text: str, a: Name, b: Name) -> bool:
    """Whether two names are one entity or one family (Claude、Claude Max): no list of rivals."""
    first, second = text[a.start : a.end].casefold(), text[b.start : b.end].casefold()
    return a.key == b.key or first.startswith(second) or second.startswith(first)


def outermost(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans not inside a longer one (彭博 inside 彭博社), in order."""
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and span[1] <= kept[-1][1]:
            continue
        kept.append(span)
    return kept


def subject_for(
    start: int,
    end: int,
    names: list[Name],
    bounds: tuple[int, int, int],
    text: str,
    lang: str,
    heading: list[Name],
    kind: str,
) -> tuple[str | None, float | None]:
    """(entity key, confidence) of the figure at text[start:end], of kind `kind`.

    :param bounds: where its sentence and its clause begin, where its clause ends
    """
    lo, clause, stop = bounds
    subjects = [n for n in names if not n.role]
    reach = start - REACH[lang]
    before = [n for n in subjects if lo <= n.start and reach <= n.end <= start]
    if before:
        nearest = max(before, key=lambda n: (n.end, n.end - n.start))
        if nearest.locative:
            nearest = max(before, key=lambda n: (not n.locative, n.end, n.end - n.start))
        if nearest.shared:
            return None, None
        if nearest.start >= clause:
            return nearest.key, CONFIDENCE["clause"]
        if acting(nearest, text, kind) or placing(nearest, text):
            return None, None  # who acts or where, in a clause before, is not what is measured
        if lang == "zh" and moved_alone(text, clause, start):
            return None, None  # …，纳指上涨2.3%，义乌小盘下跌0.4%: 义乌小盘 is this clause's own
        return nearest.key, CONFIDENCE["sentence"]
    if any(n.role == "platform" and lo <= n.start < start for n in names):
        return None, None  # 我在推特上有300万粉丝: someone's own, on a platform
    after = [
        n
        for n in subjects
        if end <= n.start <= n.end <= stop
        and not comes_from(text, n)
        and not AFTER_BREAK.search(text, end, n.start)
    ]
    if after:
        return (None, None) if after[0].shared else (after[0].key, CONFIDENCE["topic"])
    if kind == "duration":  # an age or a span of years belongs to its own sentence's subject
        return None, None
    # a name its sentence gives another role (据彭博社, 彭博他们的预期) is not its subject
    other = {n.key for n in names if n.role and lo <= n.start < stop}
    return beyond(start, [n for n in subjects if n.key not in other], heading, other)


def beyond(
    start: int, names: list[Name], heading: list[Name], other: set[str]
) -> tuple[str | None, float | None]:
    """(entity key, confidence) from beyond a figure's sentence: the paragraph's one entity named
    before it, else the heading's."""
    said = [n for n in names if n.end <= start]
    earlier = {n.key for n in said}
    heading_keys = {n.key for n in heading if not n.role and n.key not in other}
    people = {n.key for n in (*said, *heading) if n.person}  # who talks, not what is cited
    if len(earlier) == 1 and not (heading_keys - earlier) and (len(said) > 1 or heading_keys):
        return (None, None) if earlier & people else (earlier.pop(), CONFIDENCE["paragraph"])
    # a place in the heading sets the scene (加拿大的房价与就业): read by hand, the figures it
    # alone named were of a company or a person there more often than of the place
    topics = {n.key for n in heading if n.topic and not n.place}
    if not earlier and len(heading_keys) == 1 and heading_keys <= topics - people:
        return heading_keys.pop(), CONFIDENCE["heading"]
    return None, None


def moved_alone(text: str, clause: int, start: int) -> bool:
    """Whether a Chinese figure's clause is a move said of a subject of its own that kb does
    not know (…，纳指上涨2.3%，义乌小盘下跌0.4%; …，Big Bear下跌11%): a name in a clause
    before is that clause's. A metric (净利润下降5%), a pronoun (它上涨了5%) or a word of time,
    manner or comparison (同比增长, 今天大跌, 比去年上涨) is no subject."""
    said = MOVE_CLAUSE.fullmatch(text, clause, start)
    if not said or NO_SUBJECT.match(said["lead"]):
        return False
    return not find_metrics(said["lead"])


def acting(name: Name, text: str, kind: str) -> bool:
    """Whether a person named in an earlier clause only acts or speaks there (鲍威尔开了会，说
    每降1%…): their own (鲍威尔的支持率) and an age or a length of time (21岁就到…) are theirs."""
    return name.person and kind != "duration" and not OWNER_AFTER.match(text, name.end)


def placing(name: Name, text: str) -> bool:
    """Whether a place named in an earlier clause is only where something happens (他在义乌的仓库
    干活，…), not set off before the clauses it frames (在加拿大，失业率为6.5%)."""
    where = LOCATIVE_BEFORE.search(text, max(0, name.start - 8), name.start)
    return (
        name.locative
        and bool(where)
        and not TARGET.match(where.group())
        and not FRAME_AFTER.match(text, name.end)
    )


def heading_topics(heading: str, names: list[Name]) -> list[Name]:
    """A heading's names, each marked as its topic unless one of a pair (ADP与非农, 人才、芯片与
    英伟达, 从A到B): only a topic names the figures its paragraphs leave unnamed."""
    return [replace(n, topic=not PAIRED_BEFORE.search(heading, 0, n.start)
                    and not PAIRED_AFTER.match(heading, n.end)) for n in names]  # fmt: skip


def comes_from(text: str, name: Name) -> bool:
    """Whether `name` is a place something comes from (来自中国, "from China")."""
    return name.locative and bool(FROM_BEFORE.search(text[max(0, name.start - 16) : name.start]))
