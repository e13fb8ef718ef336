"""The words and patterns that make a figure: units, scales, currencies, periods and metrics.

Kept apart from the code that reads them so that a new currency or metric is one line here.
Each pattern is compiled once at import; importing does nothing else.
"""

from __future__ import annotations

import re


def alternation(words) -> str:
    """A regex matching any of `words`, the longest where several do, written as a trie
    (增(?:加|长)?): the regex engine tries it far faster than a flat list of the words."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return trie_pattern(trie)


def trie_pattern(node: dict) -> str:
    branches = [re.escape(c) + trie_pattern(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


# Chinese scale words after a number; longest first so 万亿 wins over 万.
SCALES_ZH = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
}
SCALES_EN = {
    "trillion": 1e12,
    "billion": 1e9,
    "million": 1e6,
    "thousand": 1e3,
    "tn": 1e12,
    "bn": 1e9,
    "mn": 1e6,
    "T": 1e12,
    "B": 1e9,
    "M": 1e6,
    "K": 1e3,
    "k": 1e3,
}
CURRENCIES_ZH = {
    "美元": "USD",
    "美金": "USD",
    "元人民币": "CNY",
    "人民币": "CNY",
    "块钱": "CNY",
    "块人民币": "CNY",
    "块美金": "USD",  # spoken: 5块美金
    "块美元": "USD",
    "块加币": "CAD",
    "块港币": "HKD",
    "元": "CNY",
    "加币": "CAD",
    "加元": "CAD",
    "港币": "HKD",
    "港元": "HKD",
    "日元": "JPY",
    "欧元": "EUR",
    "英镑": "GBP",
    "澳元": "AUD",
    "韩元": "KRW",
    "新台币": "TWD",
    "台币": "TWD",
    "澳币": "AUD",
    "新加坡元": "SGD",
    "新西兰元": "NZD",
    "挪威克朗": "NOK",
    "瑞典克朗": "SEK",
    "丹麦克朗": "DKK",
    "瑞士法郎": "CHF",
    "卢比": "INR",
    "卢布": "RUB",
    "泰铢": "THB",
    "越南盾": "VND",
    "雷亚尔": "BRL",
    "印尼盾": "IDR",
    "日币": "JPY",
    "沙特里亚尔": "SAR",
    "里亚尔": "IRR",  # in the notes, Iran's: 1美元兑150万里亚尔
    "里尔": "IRR",
    "新币": "SGD",  # Singapore's, said as Singaporeans say it
    "刀": "USD",  # spoken slang: 3万刀
}
CURRENCY_SIGNS = {
    "US$": "USD",
    "HK$": "HKD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "CNY",
    "RMB": "CNY",
    "人民币": "CNY",
}
CURRENCIES_EN = {
    "us dollars": "USD",
    "cents": "USD",  # a hundredth: see CENTS
    "cent": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "canadian dollars": "CAD",
    "hong kong dollars": "HKD",
    "yuan": "CNY",
    "renminbi": "CNY",
    "yen": "JPY",
    "euros": "EUR",
    "euro": "EUR",
    "pounds": "GBP",
    "usd": "USD",
    "cad": "CAD",
    "hkd": "HKD",
    "rmb": "CNY",
    "cny": "CNY",
    "jpy": "JPY",
    "eur": "EUR",
    "gbp": "GBP",
    "australian dollars": "AUD",
    "swiss francs": "CHF",
    "rupees": "INR",
    "rubles": "RUB",
    "won": "KRW",
    "kroner": "NOK",
    "kronor": "SEK",
    "krone": "NOK",
}
# Units that are not money: (unit, kind). Strong units make any numeral a figure.
UNITS_ZH = {
    "%": ("%", "percent"),
    "％": ("%", "percent"),
    "个百分点": ("pp", "percent"),
    "百分点": ("pp", "percent"),
    "个点": ("pp", "percent"),  # 跌了五个点: only after a change (一个点 is also "a point")
    "个基点": ("bp", "percent"),
    "基点": ("bp", "percent"),
    "倍": ("multiple", "multiple"),
}
UNITS_EN = {
    "%": ("%", "percent"),
    "percent": ("%", "percent"),
    "per cent": ("%", "percent"),
    "percentage points": ("pp", "percent"),
    "percentage point": ("pp", "percent"),
    "basis points": ("bp", "percent"),
    "basis point": ("bp", "percent"),
    "bps": ("bp", "percent"),
    "x": ("multiple", "multiple"),
    "times": ("multiple", "multiple"),
    "fold": ("multiple", "multiple"),
}
# Weak units: a bare Chinese digit before them is ordinary language (两家公司, 三年), not a figure.
DURATIONS_ZH = {"年": "years", "个月": "months", "个季度": "quarters", "周": "weeks", "天": "days"}
DURATIONS_ZH |= {"小时": "hours", "个小时": "hours", "个星期": "weeks", "星期": "weeks"}
DURATIONS_ZH |= {"分钟": "minutes", "个交易日": "days", "个工作日": "days", "岁": "years"}
DURATIONS_ZH |= {"个半月": "months", "个半小时": "hours"}  # 一个半月: a month and a half
DURATIONS_EN = {
    "year": "years",
    "month": "months",
    "quarter": "quarters",
    "week": "weeks",
    "day": "days",
    "hour": "hours",
    "minute": "minutes",
    "second": "seconds",
}
COUNT_WORDS_ZH = (
    "家|名|位|人|笔|台|部|张|辆|座|颗|款|件|份|户|所|项|架|艘|套|枚|个|页|种|只|支|条|篇|票|例|片"
    "|次|字|行|册|封|首|栋|棵|匹|场|粒|步|块"
)
# A measure word that begins another word is no measure there: 三部分, 千亿行业, 10万封顶,
# 30万首付, 数千亿次贷, 10的80次方, 2千字节.
NOT_MEASURE_BEFORE = {
    "部": "分门署长队委",
    "行": "业情为动长使驶程政列人李",
    "次": "日年方贷要级元",
    "字": "节母样幕",
    "封": "锁面顶杀存装控禁",
    "首": "席都先次发付个家富相脑款批位选",
    "场": "景所面合地上",
    "匹": "配",
    "步": "伐入",
    "年": "化",  # 4000万年化: annualised, not years
    "克": "朗林里莱罗拉隆劳",
    "米": "勒兰尔国亚",
}
COUNT_WORDS_EN = (
    "companies|firms|customers|clients|users|subscribers|people|employees|workers|engineers|"
    "stores|orders|shares|units|GPUs|chips|cards|servers|deals|contracts|banks|countries|"
    "members|investors|KOLs|analysts|products|vehicles|cars|stocks|sectors|data centers|homes"
)
# Units of measure, neither money nor counts: kind "measure".
MEASURES_ZH = {"吨": "t", "桶": "bbl", "公里": "km", "千米": "km", "英里": "mi", "平方米": "m2",
               "平米": "m2", "平方公里": "km2", "公斤": "kg", "千克": "kg", "毫升": "ml",
               "千瓦时": "kWh", "千瓦": "kW", "兆瓦": "MW", "吉瓦": "GW", "GW": "GW",
               "MW": "MW", "纳米": "nm", "英寸": "in", "英亩": "acre", "公顷": "ha",
               "平方英尺": "ft2", "立方米": "m3", "摄氏度": "°C", "华氏度": "°F", "℃": "°C",
               "°C": "°C", "℉": "°F", "°F": "°F", "英尺": "ft", "立方英尺": "ft3",
               "平方英里": "mi2", "加仑": "gal", "亩": "mu", "斤": "jin", "光年": "ly",
               "赫兹": "Hz", "伏特": "V", "马力": "hp", "米": "m", "厘米": "cm", "毫米": "mm",
               "克": "g", "毫克": "mg"}  # fmt: skip
MEASURES_EN = {"tons": "t", "tonnes": "t", "barrels": "bbl", "km": "km", "kilometers": "km",
               "kilometres": "km", "miles": "mi", "square feet": "ft2", "square meters": "m2",
               "kg": "kg", "kilograms": "kg", "liters": "L", "litres": "L", "kWh": "kWh",
               "MW": "MW", "GW": "GW", "megawatts": "MW", "gigawatts": "GW", "nm": "nm",
               "nanometers": "nm", "hectares": "ha", "acres": "acre", "cubic meters": "m3",
               "cubic metres": "m3", "degrees Celsius": "°C", "Celsius": "°C",
               "degrees Fahrenheit": "°F", "Fahrenheit": "°F", "°C": "°C", "°F": "°F"}  # fmt: skip
# What a count counts, named by the measure word (辆 → vehicles) or the noun after it, or the
# English noun: the metric of a count, never one of the finance METRICS below.
COUNTED = {
    "vehicles": ("辆", "汽车", "电动车", "电动汽车", "新车", "车", "vehicles", "cars", "evs",
                 "trucks"),
    "people": ("人", "名", "位", "人口", "居民", "成年人", "男女", "网民", "国民", "新生儿", "婴儿",
               "people", "persons",
               "residents", "citizens", "individuals", "adults"),
    "developers": ("开发者", "程序员", "developers", "programmers"),
    "employees": ("员工", "雇员", "职工", "工人", "employees", "workers", "staff"),
    "jobs": ("岗位", "就业岗位", "工作岗位", "职位", "jobs", "positions"),
    "users": ("用户", "活跃用户", "月活", "日活", "月活用户", "日活用户", "月活跃用户",
              "日活跃用户", "users", "accounts"),
    "subscribers": ("会员", "订户", "订阅", "订阅者", "订阅用户", "付费用户", "subscribers",
                    "members"),
    "customers": ("客户", "customers", "clients"),
    "companies": ("家", "公司", "企业", "中小企业", "companies", "firms", "businesses"),
    "banks": ("银行", "banks"),
    "stores": ("门店", "店铺", "商店", "stores", "shops"),
    "chips": ("芯片", "显卡", "加速卡", "GPU", "chips", "gpus", "accelerators"),
    "wafers": ("晶圆", "wafers"),
    "units": ("台", "units", "devices"),
    "homes": ("房子", "住房", "房屋", "套房", "homes", "houses"),
    "households": ("户", "家庭", "households", "families"),
    "aircraft": ("架", "飞机", "aircraft", "planes", "jets"),
    "orders": ("订单", "orders"),
    "barrels": ("桶", "barrels"),
    "countries": ("国家", "countries"),
    "shares": ("股", "shares"),
    "stocks": ("股票", "stocks"),
    "tokens": ("tokens", "token"),
    "robots": ("机器人", "robots"),
    "drones": ("无人机", "drones"),
    "ships": ("船", "船只", "舰艇", "军舰", "ships", "vessels", "warships"),
    "satellites": ("卫星", "satellites"),
    "missiles": ("导弹", "missiles"),
    "products": ("产品", "products"),
    "cases": ("病例", "cases"),
    "patients": ("患者", "病人", "patients"),
    "students": ("学生", "新生", "students"),
    "pages": ("pages",),
    "cities": ("城市", "cities"),
    "teams": ("球队", "teams"),
    "bases": ("基地", "bases"),
    "projects": ("项目", "projects"),
    "papers": ("论文", "papers"),
    "hospitals": ("医院", "hospitals"),
    "clinics": ("诊所", "clinics"),
    "schools": ("学校", "中学", "小学", "schools"),
    "universities": ("大学", "高校", "universities", "colleges"),
    "factories": ("工厂", "factories", "plants"),
    "restaurants": ("餐厅", "餐馆", "饭店", "restaurants"),
    "hotels": ("酒店", "hotels"),
    "data centers": ("数据中心", "data centers", "data centres"),
    "followers": ("粉丝", "关注者", "followers"),
    "viewers": ("观众", "viewers"),
    "views": ("观看", "播放", "浏览", "views"),
    "parameters": ("参数", "parameters"),
    "children": ("儿童", "孩子", "children", "kids"),
    "soldiers": ("士兵", "军人", "军队", "解放军", "soldiers", "troops"),
    "voters": ("选民", "voters"),
    "fans": ("球迷", "fans"),
    "emails": ("邮件", "电子邮件", "emails"),
    "books": ("册", "books", "copies"),
    "trees": ("棵", "树", "trees"),
    "lines of code": ("行代码", "lines of code"),
}  # fmt: skip
# What a measure word that names its kind can count: 家 a business, a bank, a shop or a
# household, never the goods it deals in (5家车企 are companies); 名 and 位 people, never what
# they work on (数百名产品经理 are people).
KINDS_COUNTED = {
    "家": frozenset(
        (
            "companies",
            "banks",
            "stores",
            "households",
            "customers",
            "people",
            "hospitals",
            "clinics",
            "schools",
            "universities",
            "factories",
            "restaurants",
            "hotels",
            "data centers",
        )
    ),
    "名": frozenset(
        ("people", "employees", "customers", "users", "subscribers", "patients", "students")
    ),
}
KINDS_COUNTED["位"] = KINDS_COUNTED["名"]
COUNTED_WORDS = {w.lower(): metric for metric, words in COUNTED.items() for w in words}
# Measure words alone, never nouns: 借款 holds 款 and 比例 holds 例.
COUNTED_WORDS |= {"票": "votes", "款": "products", "例": "cases", "页": "pages", "艘": "ships"}
# A rate of barrels: 100万桶/日, 日产100万桶, 2 million barrels a day.
PER_DAY_AFTER = re.compile(r"\s?(?:/|每)\s?(?:日|天)|\s(?:a|per)\s+day\b|/d\b", re.I)
PER_DAY_BEFORE = re.compile(r"(?:日产量?|日均|每日|每天|日)\s?(?:约|达到?|为|超过|近)?\s?$")
# What a price is per (每股, 一盎司, /月). 每年 names a year's amount (每年50亿美元), not a price,
# so it is left out; a month's, a day's or a night's is a rent, a wage or a fee.
PER_UNITS = {
    "小时": "hour",
    "股": "share",
    "张卡": "card",
    "张": "card",
    "台": "unit",
    "人": "person",
    "桶": "barrel",
    "吨": "ton",
    "盎司": "ounce",
    "度": "kWh",
    "千瓦时": "kWh",
    "月": "month",
    "个月": "month",
    "年": "year",
    "周": "week",
    "星期": "week",
    "天": "day",
    "日": "day",
    "晚": "night",
    "斤": "jin",
    "公斤": "kg",
}
# An average said per a unit of time before an amount: 月均房租为1500元 is per month.
AVERAGE_PER = {"月": "month", "年": "year", "日": "day", "周": "week"}
WORD_NUMBERS = {
    "one and a half": 1.5,
    "a quarter of a": 0.25,
    "quarter of a": 0.25,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "hundred": 100,
    "half a": 0.5,
    "half an": 0.5,
}
# Small whole numbers as they are written out, to tell whether the other side carries one.
SPELLED = {
    1: ("一", "one", "a", "an", "single"),
    2: ("两", "二", "一倍", "翻", "two", "double", "twice"),
    3: ("三", "three", "triple"),
    4: ("四", "four"),
    5: ("五", "five"),
    6: ("六", "six"),
    7: ("七", "seven"),
    8: ("八", "eight"),
    9: ("九", "nine"),
    10: ("十", "ten", "decade"),
    20: ("二十", "twenty", "two decades"),
    100: ("百", "hundred"),
    1000: ("千", "thousand"),
}

# The bounds said before a figure (超过7亿 ≥, 不到40% ≤), and the hedges that are none (约5%).
LOWER_BEFORE_ZH = ("超过", "超", "逾", "至少", "最少", "高于", "多于", "大于", "突破", "远超",
                   "远远超过")  # fmt: skip
UPPER_BEFORE_ZH = ("近", "快", "将近", "接近", "几乎", "最多", "至多", "最高", "不到", "不足",
                   "低于", "少于", "小于", "不超过", "未超过", "不会超过", "没有超过", "没超过",
                   "不得超过", "不能超过", "不可超过", "不应超过", "未满", "多达")  # fmt: skip
HEDGES_BEFORE_ZH = ("约合", "约", "大约", "大概", "差不多", "大致", "大体", "估计", "高达")
# A hedge and the words that may stand between it and the figure: 约为5%, 超过了 7 亿,
# 大约只有1.5万亿, 大约仅相当于四千张, 不超过库存的25%. 快 is no hedge after a word it ends
# (加快, 很快).
SAID_BEFORE_ZH = {*HEDGES_BEFORE_ZH, *LOWER_BEFORE_ZH, *UPPER_BEFORE_ZH} - {"快"}
APPROX_BEFORE_ZH = re.compile(
    rf"({alternation(SAID_BEFORE_ZH)}|(?<![加很更较最太越赶])快)(?:了|为|是|有|只有|仅有|仅|在|达|达到|相当于|翻|\s)*$"
    # 不超过库存的25%: the whole it is a share of, between a bound and a percentage
    r"|(约|大约|不超过|未超过|不会超过|不到|不足|至少|至多)(?:了|占|为|是)?"  # not 低于预期的
    r"[\u4e00-\u9fff]{1,5}的\s?$"
)
# Before a figure or after it (9000多亿, 10%以上, 50岁以下).
LOWER_BOUND_ZH = (*LOWER_BEFORE_ZH, "多", "余", "以上", "出头", "上")
UPPER_BOUND_ZH = (*UPPER_BEFORE_ZH, "以下", "以内", "之内")
LOWER_BOUND_EN = ("over", "more than", "above", "at least", "just over", "upwards of", "north of",
                  "in excess of", "exceeding", "topping", "surpassing")  # fmt: skip
UPPER_BOUND_EN = ("nearly", "almost", "up to", "close to", "just under", "below", "less than",
                  "under")  # fmt: skip
HEDGES_BEFORE_EN = ("about", "around", "roughly", "approximately", "some", "like")
APPROX_BEFORE_EN = re.compile(
    rf"\b({alternation((*HEDGES_BEFORE_EN, *LOWER_BOUND_EN, *UPPER_BOUND_EN))})\s+$"
    # a softer hedge, read across a word or two: "maybe the last 30 years", "something like 5%"
    r"|\b(something like|more like|somewhere around|in the region of|on the order of|an estimated|"
    r"estimated|maybe|perhaps|probably|roughly)\s+(?:(?:the|a|an|just|last|past|first|next)\s+){0,2}$",
    re.I,
)
# A hedge or bound after an English figure: "10 years or so", "30 people or more".
HEDGE_AFTER_EN = re.compile(
    r"\s+(?:or so|or something|or thereabouts|give or take|(?P<more>or more|or higher|and up)"
    r"|(?P<less>or less|or fewer|or lower))\b",
    re.I,
)

# The words of a change, which give a figure after them its direction. 降到/跌至 name a level,
# not a change, so 到/至 never stand between the word and the figure.
RISE_ZH = ("增长", "上涨", "上升", "提升", "提高", "增加", "回升", "反弹", "加快", "加息", "飙升",
           "暴涨", "大涨", "猛增", "激增", "跃升", "攀升", "走高", "扩大", "增幅", "涨幅", "上调",
           "调高", "上扬", "拉升", "抬升", "高出", "多出", "涨", "升", "增", "多增")  # fmt: skip
DECLINE_ZH = ("下跌", "下降", "减少", "降低", "下滑", "回落", "缩水", "萎缩", "降息", "重挫",
              "暴跌", "大跌", "急跌", "狂跌", "骤降", "锐减", "缩减", "削减", "跌幅", "降幅",
              "跌去", "下调", "调低", "下修", "走低", "收缩", "缩短", "蒸发", "跳水", "回调", "跌",
              "降", "减", "少了", "少增", "向下调整")  # fmt: skip
CHANGE_FILLER_ZH = (
    r"(?:了|约|大约|大概|近|将近|接近|超过|超|逾|为|达|达到|高达|多达|约为|幅度|至少|将|将会|会|"
    r"可能|或将|有望|已|已经|仅|仅为|\s)*"
)
# 掉 is a fall (胜率掉了十五个百分点), but not where it ends another verb (卖掉了20%的股份);
# 涨跌幅 is a move either way.
DIRECTION_ZH = re.compile(
    rf"(?:(?P<up>{alternation(RISE_ZH)})|(?P<down>(?<!涨)(?:{alternation(DECLINE_ZH)})"
    rf"|(?<![卖扔丢砍删去甩花用烧干卡吃耗消])掉))"
    rf"{CHANGE_FILLER_ZH}$"
)
# The characters a Chinese change or hedge can end with, before the figure: a window ending with
# another cannot hold one, and is not searched.
CHANGE_LAST_ZH = frozenset(w[-1] for w in (*RISE_ZH, *DECLINE_ZH)) | frozenset(
    "了约概近过逾为达度少 \u00a0\u3000超多高足到于是有仅在满合乎致体计翻快破掉"
)
# A hedge may also end with 的, across the whole a share is of: 不超过库存的25%.
HEDGE_LAST_ZH = CHANGE_LAST_ZH | {"的"}
# After the figure: 19%的损失, 30%的增长.
DIRECTION_AFTER_ZH = re.compile(
    r"\s?的?(?:大幅|小幅|显著|明显|急剧|持续)?"
    r"(?:(?P<down>损失|跌幅|降幅|下跌|下降|下滑|减少|缩水|回落|回调|亏损|萎缩)"
    r"|(?P<up>增长|涨幅|增幅|上涨|增加|上升|提升))"
)
RISE_EN = ("up", "rose", "rise", "rises", "rising", "grew", "grow", "grows", "growing", "lifted",
           "growth of", "increased", "increase", "increases", "increasing", "increase of",
           "gained", "gain", "gains", "gaining", "jumped", "jumps", "jump", "climbed", "climbs",
           "surged", "surges", "soared", "soars", "rallied", "spiked", "advanced", "added",
           "raised", "boosted", "higher", "expanded", "accelerated")  # fmt: skip
DECLINE_EN = ("down", "fell", "fall", "falls", "falling", "dropped", "drop", "drops",
              "dropping", "declined", "decline", "declines", "declining", "decline of",
              "decreased", "decrease", "decreases", "decrease of", "lost", "lose", "loses",
              "losing", "loss of", "slid", "slides", "shrank", "shrunk", "shrinks", "lower",
              "cut", "cuts", "cutting", "plunged", "plunge", "plunges", "tumbled", "tumbles",
              "slumped", "slumps", "sank", "sinks", "slipped", "slips", "shed", "sheds", "dipped",
              "contracted", "slashed", "trimmed", "reduced", "reduces", "reduction of",
              "lowered", "off", "negative")  # fmt: skip
CHANGE_FILLER_EN = (
    r"(?:\s+(?:by|of|about|roughly|nearly|around|some|almost|over|more than|another|just|only|"
    r"a further|an additional|as much as|sharply|slightly))*"
)
DIRECTION_EN = re.compile(
    rf"\b(?:(?P<up>{alternation(RISE_EN)})|(?P<down>{alternation(DECLINE_EN)})){CHANGE_FILLER_EN}\s+$",
    re.I,
)
# The words a change can end with in English, before the figure.
CHANGE_LAST_EN = frozenset(w.split()[-1] for w in (*RISE_EN, *DECLINE_EN)) | frozenset(
    "by of about roughly nearly around some almost over than another just only further "
    "additional much as sharply slightly".split()
)
# "cut OCR error rates by 35%": the verb, its object, then by.
DIRECTION_BY_EN = re.compile(
    rf"\b(?:(?P<up>{alternation(RISE_EN)})|(?P<down>{alternation(DECLINE_EN)}))\b[^.;,:!?\d]{{1,60}}?"
    r"\bby(?:\s+(?:about|around|roughly|nearly|almost|some|over|more than|just|only))?\s+$",
    re.I,
)
DIRECTION_AFTER_EN = re.compile(
    r"\s(?:(?P<down>reduction|reductions|decline|drop|decrease|fall|loss|losses|cut|plunge|"
    r"slump|lower|less|fewer|smaller|reduced|drawdown|draw down|pullback|selloff|sell-off|"
    r"haircut|correction|downturn)|(?P<up>increase|increases|rise|gain|jump|growth|"
    r"surge|higher|more|larger|bigger|boost))\b",
    re.I,
)
# 负 in a word is not a minus: 正负 (±), 背负 (to carry debt), 胜负, 抱负.
NOT_SIGN_BEFORE_ZH = frozenset("正背胜抱辜欺担肩自身重")

# Said as "absolutely", not as a quantity: 百分之百确定, 一百个放心, "a hundred percent sure".
# 100%同意 in digits is an idiom only before an attitude: 100%是 may be a share.
ATTITUDES_ZH = (
    "放心|确定|肯定|相信|同意|支持|满意|愿意|把握|信任|信心|真|诚意|努力|投入|决心|认同|掌控|赞同|反对|"
    "理解|正确|安全|保证|是的"
)
IDIOM_AFTER_ZH = re.compile(
    rf"\s?(?:的?(?:{ATTITUDES_ZH}|可以|能|会|是|不|没|地|要|得|都|就|也|还|有))"
)
ATTITUDE_AFTER_ZH = re.compile(rf"\s?的?(?:{ATTITUDES_ZH})")
KIND_OF_PERSON_EN = re.compile(
    r"\s?(?:engineers?|developers?|programmers?|founders?|employees?|hires?|coders?)\b", re.I
)
IDIOM_AFTER_EN = re.compile(
    r"\s?(?:sure|certain|confident|committed|agree|honest|right|correct|true|behind|convinced|"
    r"serious|on board|with you|yes)\b",
    re.I,
)
# "you should 100% try it", "of course, 100%": said as an adverb, after a modal or a subject
IDIOM_BEFORE_EN = re.compile(
    r"\b(?:should|will|would|must|can|could|I|you|we|they|definitely|totally|of course),?\s+$",
    re.I,
)
IDIOM_ALONE_EN = re.compile(
    r"(?:^|[.!?]\s*|\b(?:yes|yeah|oh|absolutely|exactly|agreed),?\s*)$", re.I
)

# Vague amounts: 几 is 2 to 9 of its place (十几 11 to 19), 数 before 十/百/千 likewise, and
# 上千 "a thousand or more". English phrases as (low, high).
VAGUE_EN = {
    "several hundred": (200, 900), "a few hundred": (200, 900), "several thousand": (2e3, 9e3),
    "a few thousand": (2e3, 9e3), "several million": (2e6, 9e6), "a few million": (2e6, 9e6),
    "several billion": (2e9, 9e9), "a few billion": (2e9, 9e9), "several trillion": (2e12, 9e12),
    "hundreds of thousands of": (2e5, 9e5), "hundreds of millions of": (2e8, 9e8),
    "hundreds of billions of": (2e11, 9e11), "tens of thousands of": (2e4, 9e4),
    "tens of millions of": (2e7, 9e7), "tens of billions of": (2e10, 9e10),
    "hundreds of": (200, 900), "thousands of": (2e3, 9e3), "millions of": (2e6, 9e6),
    "billions of": (2e9, 9e9), "trillions of": (2e12, 9e12), "dozens of": (24, 108),
    "multibillion-dollar": (2e9, 9e9), "multi-billion-dollar": (2e9, 9e9),
    "multimillion-dollar": (2e6, 9e6), "multi-million-dollar": (2e6, 9e6),
}  # fmt: skip

METRICS = {
    "revenue": ("营收", "营业收入", "收入", "销售额", "revenue", "sales"),
    "eps": ("每股收益", "EPS", "earnings per share"),
    "rpo": ("RPO", "剩余履约义务", "remaining performance obligation"),
    "capex": ("资本开支", "资本性开支", "资本性支出", "资本支出", "capex", "capital expenditure"),
    "interest": ("利息", "interest"),
    "gross margin": ("毛利率", "毛利润率", "gross margin"),
    "operating margin": ("营业利润率", "运营利润率", "经营利润率", "operating margin"),
    "margin": ("利润率", "净息差", "margin", "profit margin"),
    "net margin": ("净利率", "净利润率", "net margin", "net profit margin"),
    "net income": ("净利润", "净利", "纯利", "净赚", "net income", "net profit"),
    "operating income": ("运营利润", "营业利润", "operating income", "operating profit"),
    "gross profit": ("毛利", "毛利润", "gross profit"),
    "ebitda": ("EBITDA", "息税折旧摊销前利润"),
    "profit": ("利润", "盈利", "profit", "profits"),
    "free cash flow": ("自由现金流", "free cash flow"),
    "market cap": ("市值", "market cap", "market value"),
    "valuation": ("估值", "valuation"),
    "pe ratio": ("市盈率", "P/E", "PE", "price-to-earnings", "price to earnings", "PE ratio"),
    "ps ratio": ("市销率", "P/S", "price-to-sales", "price to sales"),
    "pb ratio": ("市净率", "P/B", "price-to-book", "price to book"),
    "peg ratio": ("PEG", "PEG ratio"),
    "roic": ("ROIC", "投入资本回报率", "资本回报率", "return on invested capital"),
    "roe": ("ROE", "净资产收益率", "股本回报率", "return on equity"),
    "price": (
        "价格",
        "股价",
        "租金",
        "售价",
        "定价",
        "标价",
        "票价",
        "单价",
        "均价",
        "房价",
        "油价",
        "金价",
        "目标价",
        "收盘价",
        "开盘价",
        "price",
        "pricing",
        "rent",
    ),
    "financing": ("融资", "发债", "借款", "financing", "borrow"),
    "subscribers": ("订阅", "订户", "付费用户", "subscriber"),  # a count: see COUNTED
    "users": ("用户", "users"),  # a count of those who use it, paying or not
    "buyback": ("回购", "buyback", "bought back", "repurchase"),
    "dividend": ("股息", "dividend"),
    "depreciation": ("折旧", "depreciat"),
    "gmv": ("GMV", "商品交易总额", "gross merchandise volume"),
    "gdp": ("GDP", "国内生产总值", "gross domestic product"),
    "inflation": ("通胀", "通货膨胀", "通胀率", "CPI", "inflation"),
    "unemployment rate": ("失业率", "unemployment rate", "jobless rate"),
    "interest rate": ("利率", "interest rate", "interest rates"),
    "bond yield": ("国债收益率", "美债收益率", "债券收益率", "bond yield", "treasury yield"),
    "tariff": ("关税", "关税税率", "tariff", "tariffs"),
    "market share": ("市场份额", "市占率", "市场占有率", "market share"),
    "approval rating": ("支持率", "approval rating"),
    "salary": (
        "工资",
        "薪资",
        "薪水",
        "薪酬",
        "月薪",
        "年薪",
        "时薪",
        "salary",
        "salaries",
        "wage",
        "wages",
    ),
    "discount": ("折扣", "discount"),
    "share": (),  # given where 占 or "share of" says a share and no lexicon word what of
    "age": ("岁数",),  # an age in 岁 carries it when read (年龄 before a share would mislead)
    "backlog": (
        "积压订单",
        "未完成订单",
        "在手订单",
        "订单积压",
        "订单储备",
        "backlog",
        "order backlog",
        "order book",
    ),
    "bookings": ("订单", "新订单", "新签订单", "订单额", "bookings", "orders", "order"),
    "policy rate": ("政策利率", "policy rate"),
    "rate cut": ("降息", "rate cut", "cut rates"),
    "return": ("回报", "return"),
    "probability": ("概率", "可能性", "几率", "probability", "chance", "odds"),
}
# How a change is measured, named after the metric: "revenue yoy" by 同比 in its clause; "price
# change" for a percentage a level rose or fell by, said with no such word.
CHANGE_MARKERS = {"yoy": ("同比", "year over year", "year-over-year"), "qoq": ("环比",),
                  "change": ()}  # fmt: skip
CHANGE_MARKERS["qoq"] += ("quarter over quarter", "quarter-over-quarter", "sequential")
CHANGE_MARKERS["mom"] = ("月环比", "月度环比", "month over month", "month-over-month")
# Phrases holding a metric word that are not the metric: "in return", 家庭收入 (household income),
# 金融资产 (融资 inside it), 回购市场 (the repo market, not a buyback).
NOT_METRICS = ("in return", "in order", "on the order of", "order of magnitude", "return to",
               "interest in", "家庭收入", "个人收入", "中位数收入", "收入中位数",
               "税后收入", "人均收入", "平均收入", "平均年收入", "收入分配", "收入差距",
               "收入水平", "工资收入", "金融资产", "金融资本", "回购市场", "回购协议")  # fmt: skip
# The kinds of figure a metric can measure; a percentage or multiple with a change word (同比,
# 增长) or a share (占) can measure any of them, a count only what it counts.
MONEY_METRICS = frozenset(
    ("revenue", "eps", "rpo", "capex", "interest", "net income", "operating income",
     "free cash flow", "market cap", "valuation", "price", "financing", "buyback", "dividend",
     "depreciation", "gmv", "backlog", "bookings", "gdp", "salary", "discount", "profit",
     "gross profit", "ebitda")
)  # fmt: skip
METRIC_KINDS = {"money": MONEY_METRICS, "price": MONEY_METRICS, "number": MONEY_METRICS,
                "percent": frozenset(("gross margin", "operating margin", "margin", "policy rate",
                                      "rate cut", "return", "inflation", "unemployment rate",
                                      "interest rate", "bond yield", "tariff", "market share",
                                      "approval rating", "discount", "share", "net margin",
                                      "roic", "roe", "probability")),
                "multiple": frozenset(("valuation", "pe ratio", "ps ratio", "pb ratio",
                                       "peg ratio", "price")),
                "duration": frozenset(("depreciation", "age")), "count": frozenset(),
                "measure": frozenset()}  # fmt: skip


def base_metric(metric: str | None) -> str | None:
    """revenue for "revenue yoy": the thing measured, without the change marker."""
    if not metric:
        return None
    for marker in CHANGE_MARKERS:
        metric = metric.removesuffix(f" {marker}")
    return metric


# Words that name a metric anywhere in text, as found beside figures and in questions.
LINK_WORDS = {w.lower(): m for m, ws in {**METRICS, **CHANGE_MARKERS}.items() for w in ws}
LINK_WORDS |= {w.lower(): None for w in NOT_METRICS}
# Every metric a figure can carry, by any of its words: what `kb figures --metric` takes.
METRIC_WORDS = {w: m for w, m in LINK_WORDS.items() if m} | COUNTED_WORDS | {m: m for m in COUNTED}
METRIC_NAMES = (*METRICS, *CHANGE_MARKERS, *COUNTED)

# 比 that sets one thing against another (比AMD高): not in 相比, 对比, 占比, 好比, 无比.
COMPARING_ZH = r"(?<![相对类占好无])比"
# What a multiple is of: 是AMD的三倍, 是2019年沙特阿美筹资的三倍; no verb between (英伟达的营收是…,
# 中国的产能明年可能达到越南的五倍: the subject).
MULTIPLE_OF_ZH = (
    r"(?:(?!是|为|达到|多达|高达|超过|相当于?|等于|高于|低于|增长|上涨|下跌|下降|比)[^，。；,;！？\d])"
    r"{0,12}?的\s*[\d.,一二两三四五六七八九十百千万几]+\s*倍"
)
QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "first": 1, "second": 2, "third": 3, "fourth": 4}
RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "明年": 1, "前年": -2, "后年": 2}
RELATIVE_YEARS |= {"年初至今": 0, "年内": 0, "YTD": 0}  # this year to date
# Words for the time of speaking, and how many days before the episode's date they point to.
NOW_WORDS = dict.fromkeys(
    (
        "目前",
        "现在",
        "当前",
        "如今",
        "今天",
        "今日",
        "当日",
        "当天",
        "眼下",
        "本周",
        "这周",
        "这一周",
        "这个星期",
        "today",
        "currently",
        "right now",
        "this week",
        "at the moment",
        "this morning",
        "as of today",
        "今早",
        "今晨",
        "今晚",
        "tonight",
        "on the day",
    ),
    0,
)
NIGHT_BEFORE = ("昨晚", "昨夜", "last night")
NOW_WORDS |= dict.fromkeys(("昨天", "昨日", "yesterday", *NIGHT_BEFORE), 1)
# The time-of-speaking words that name one day: a market recap's moves are that day's.
DAY_WORDS = frozenset(("今天", "今日", "当日", "当天", "today", "昨天", "昨日", "yesterday",
                       "今早", "今晨", "今晚", "this morning", "tonight", "on the day",
                       *NIGHT_BEFORE))  # fmt: skip
NOW_WORDS |= dict.fromkeys(("前天", "the day before yesterday"), 2)
NOW_WORDS |= dict.fromkeys(("上周", "上个星期", "上星期", "last week"), 7)
RELATIVE_YEARS.update({"this": 0, "last": -1, "next": 1})
