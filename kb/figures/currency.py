"""The currency of an amount its words do not name, read from the episode it is said in.

A bare "$" is the one dollar an episode's Chinese names other than the US one (加元); 块 is the
one currency other than the yuan an episode names, when it never names the yuan but in 块 (a
speaker abroad says it of the money they live with); an amount said as money (营收129亿,
投资了50亿) is in the currency named right before it or in its paragraph, the yuan where its
paragraph speaks of China, else the currency its episode names most.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from kb.figures.align import DOLLARS, bare_dollar
from kb.figures.table import MONEY_KINDS
from kb.figures.words import CURRENCIES_ZH, alternation
from kb.models import Figure

# A paragraph that names the yuan or China (国内 as a Chinese speaker says it): its 块 are yuan.
YUAN_NAMED = re.compile(r"人民币|RMB|中国|国内|大陆|内地|全国", re.I)
KUAI_NAMED = re.compile(r"块(?:人民币|美金|美元|加币|港币)")  # 5块美金 says its currency
CHINESE_MEASURES = ("jin", "mu")  # 七块钱一斤: a price in yuan, wherever it is said
# What an amount is of, said right before it in its clause: 营收129亿, 这家厂投资了五个亿.
MONEY_BEFORE_ZH = re.compile(
    r"(?:受贿|贿赂|本金|片酬|售价|卖了|卖出|卖掉|买了|买下|价格|价值|租金|房租|收入|收益|赚了|花了|"
    r"投资|投入|融资|估值|市值|营收|成本|利润|净利|亏损|亏了|罚款|补贴|工资|年薪|月薪|薪水|预算|"
    r"贷款|债务|存款|现金|资金|成交额|销售额|营业额|身家|财富|资产|开支|支出|费用|经费|拨款|赔偿|"
    r"奖金|税收|收购|回购|分红|股息|报价|标价|总价|造价|募资|募集|筹集|捐款|捐赠)"
    r"[^，。；！？,;\d]{0,6}$"
)
NAMES_ZH = [c for c in CURRENCIES_ZH if len(c) > 1 and "块" not in c]  # 人民币, 美元: not 元, 块钱
CURRENCY_BEFORE_ZH = re.compile(rf"(?P<currency>{alternation(NAMES_ZH)})[^，。；！？,;\d]{{0,10}}$")
COUNTER_AFTER = re.compile(r"\s*[副个台辆人名家只条件张套栋座部架艘头匹颗粒位项户股次]")
MOST_NAMED = 2 / 3  # the share of an episode's named amounts its currency must hold


Paragraphs = list[tuple[int, list[Figure]]]  # (paragraph number, its figures)


def episode_currencies(found: Paragraphs, texts: dict[int, str]) -> Paragraphs:
    """The figures of each paragraph with the currencies their words leave unsaid; `texts` are
    the paragraphs' Chinese."""
    figures = [f for _, fs in found for f in fs]
    dollar = local_dollar(figures)
    if dollar:
        found = [(n, [replace(f, unit=dollar) if bare_dollar(f) else f for f in fs])
                 for n, fs in found]  # fmt: skip
    spoken = spoken_currency(figures)
    if spoken:
        yuan = {n for n, fs in found if YUAN_NAMED.search(texts.get(n, ""))
                or any(f.unit == "CNY" and not said_as_kuai(f) for f in fs)}  # fmt: skip
        found = [(n, fs if n in yuan else [replace(f, unit=spoken) if said_as_kuai(f) else f
                                           for f in fs])
                 for n, fs in found]  # fmt: skip
    named = named_currencies(f for _, fs in found for f in fs)
    most = named.most_common(1)[0] if named else None
    episodes = most[0] if most and most[1] >= MOST_NAMED * sum(named.values()) else None
    out = []
    for n, fs in found:
        text = texts.get(n, "")
        here = named_currencies(fs)
        if here:
            unit = next(iter(here)) if len(here) == 1 else None
        else:
            unit = "CNY" if YUAN_NAMED.search(text) else episodes
        out.append((n, [as_money(f, text, unit) for f in fs]))
    return out


def as_money(f: Figure, text: str, unit: str | None) -> Figure:
    """The figure as an amount of money in `unit`, or in the currency named right before it
    (人民币存款余额325万亿), when it is said as money; else as it was."""
    if not said_as_money(f, text):
        return f
    named = CURRENCY_BEFORE_ZH.search(text, max(0, f.start - 12), f.start)
    unit = CURRENCIES_ZH[named["currency"]] if named else unit
    return replace(f, unit=unit, kind="money") if unit else f


def said_as_money(f: Figure, text: str) -> bool:
    """Whether a Chinese amount without a unit is said as money: what it is of stands right
    before it (营收129亿), and no measure word follows it (卖出了200万副)."""
    return (f.lang == "zh" and f.kind == "number" and f.value is not None
            and bool(MONEY_BEFORE_ZH.search(text, max(0, f.start - 12), f.start))
            and not COUNTER_AFTER.match(text, f.end))  # fmt: skip


def named_currencies(figures: Iterable[Figure]) -> Counter:
    """How many of the Chinese amounts of money name each currency."""
    return Counter(f.unit for f in figures if f.lang == "zh" and f.kind in MONEY_KINDS
                   and f.unit and not said_as_kuai(f))  # fmt: skip


def local_dollar(figures: Iterable[Figure]) -> str | None:
    """The one dollar other than the US one that an episode's Chinese names (加元), when it
    never names 美元: the dollar its "$" means where no counterpart says so."""
    named = {f.unit for f in figures if f.lang == "zh" and f.unit in DOLLARS | {"USD"}
             and not bare_dollar(f)}  # fmt: skip
    return named.pop() if len(named) == 1 and "USD" not in named else None


def said_as_kuai(f: Figure) -> bool:
    """Whether a Chinese amount is said in 块 alone (两万块, 20块钱), which names no currency.
    Not a price per 斤 or 亩."""
    return (f.lang == "zh" and f.unit == "CNY" and "块" in f.raw
            and not KUAI_NAMED.search(f.raw) and f.per not in CHINESE_MEASURES)  # fmt: skip


def spoken_currency(figures: Iterable[Figure]) -> str | None:
    """The one currency other than the yuan that an episode's Chinese names (美元, 加元) at
    least twice, when it never names the yuan (元, 人民币) but in 块: what its 块 means
    (股价从30块涨到40块 in a channel on American stocks)."""
    named = named_currencies(figures)
    if len(named) != 1:
        return None
    unit, times = named.popitem()
    return unit if unit != "CNY" and times >= 2 else None
