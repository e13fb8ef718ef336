"""Figures: extraction, normalisation, linking and alignment, against hand-checked golden tables."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from conftest import DATA, SAMPLE, SEED, needs_shared

from kb.entities import Entity, EntityTable
from kb.figures import align_figures, extract_figures, link_figures, paragraph_figures
from kb.figures import episode_figures as figures_of
from kb.models import Paragraph
from kb.notes import load_episode

GOLDEN = Path(__file__).parent / "golden"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not present")


def read_golden(name: str) -> list[list[str]]:
    with open(GOLDEN / name, encoding="utf-8") as f:
        return [row for row in csv.reader(f, delimiter="\t") if row and not row[0].startswith("#")]


def episode_figures(path: Path, table: EntityTable) -> dict[tuple[int, str], list]:
    """(paragraph, lang) → [(figure, counterpart figure or None)] for one note."""
    episode = load_episode(path)
    found = {}
    for p in episode.paragraphs:
        figures = paragraph_figures(
            p.zh, p.en, heading=p.heading, date=episode.date, entities=table
        )
        for f in figures:
            mate = figures[f.counterpart] if f.counterpart is not None else None
            found.setdefault((p.number, f.lang), []).append((f, mate))
    return found


def same(row: list[str], f) -> bool:
    """A figure matches a golden row when raw span, value and unit agree."""
    raw, value, unit = row[0], float(row[1]), row[2]
    return f.raw == raw and f.unit == unit and math.isclose(f.value, value, rel_tol=1e-9)


def score(golden: dict, found: dict) -> tuple[float, float, list[str]]:
    """Precision, recall and a readable list of differences."""
    hits, misses = 0, []
    total_found = sum(len(v) for v in found.values())
    for key, rows in golden.items():
        pool = list(found.get(key, []))
        for row in rows:
            match = next((x for x in pool if same(row, x[0])), None)
            if match:
                hits += 1
                pool.remove(match)
            else:
                misses.append(f"missed {key} {row}")
        misses += [f"extra {key} {f.raw} {f.value} {f.unit}" for f, _ in pool]
    for key in set(found) - set(golden):
        misses += [f"extra {key} {f.raw} {f.value} {f.unit}" for f, _ in found[key]]
    total_golden = sum(len(v) for v in golden.values())
    return hits / max(1, total_found), hits / max(1, total_golden), misses


def unaligned(golden: dict, found: dict) -> list[str]:
    """Golden pairs whose figure was found but not paired with the listed counterpart."""
    wrong = []
    for key, rows in golden.items():
        for row in rows:
            if not row[4]:
                continue
            got = [x for x in found.get(key, []) if same(row, x[0])]
            if got and not any(mate is not None and mate.raw == row[4] for _, mate in got):
                wrong.append(f"{key} {row[0]} → {[m.raw if m else None for _, m in got]}")
    return wrong


def group(rows: list[list[str]]) -> dict[tuple[int, str], list[list[str]]]:
    golden: dict[tuple[int, str], list[list[str]]] = {}
    for number, lang, raw, value, unit, _kind, mate in rows:
        golden.setdefault((int(number), lang), []).append([raw, value, unit, _kind, mate])
    return golden


@needs_seed
def test_seed_golden_precision_recall_and_pairs(table):
    golden = group(read_golden("figures_seed.tsv"))
    found = episode_figures(SEED, table)
    precision, recall, diff = score(golden, found)
    assert precision >= 0.95 and recall >= 0.95, "\n".join(diff)
    assert unaligned(golden, found) == []


@pytest.mark.parametrize("episode", ["Qx7vB2mLk0s", "_Lm4RtY8uQw", "Ya6hGd1rWmc", "Pw9eLr2KmXo"])
def test_sample_golden_precision_recall_and_pairs(table, episode):
    rows = [row[1:] for row in read_golden("figures_data.tsv") if row[0] == episode]
    golden = group(rows)
    found = episode_figures(DATA / f"{episode}.md", table)
    precision, recall, diff = score(golden, found)
    assert precision >= 0.95 and recall >= 0.95, "\n".join(diff)
    assert unaligned(golden, found) == []


def test_golden_tables_cover_every_form():
    raws = {row[3] for row in read_golden("figures_data.tsv")}
    text = " ".join(raws)
    forms = [
        "万",
        "亿",
        "万亿",
        "千亿",
        "百万",
        "千万",
        "美元",
        "美金",
        "元",
        "人民币",
        "块钱",
        "加币",
    ]
    forms += ["港币", "日元", "欧元", "英镑", "$", "三千亿", "两千万", "十倍", "%", "百分之"]
    forms += ["个百分点", "基点", "负", "到", "多", "翻倍", "倍", "家", "年", "每小时", "1.4B"]
    forms += ["$50bn", "-7.1%"[:1], "basis points", "half a trillion", " billion"]
    assert [form for form in forms if form not in text] == []


# Each form of the issue, zh and en: (text, lang, raw, value, unit, kind, direction, approximate).
FORMS = [
    ("营收14亿美元", "zh", "14亿美元", 1.4e9, "USD", "money", None, False),
    ("市值3万亿美元", "zh", "3万亿美元", 3e12, "USD", "money", None, False),
    ("约3千亿", "zh", "3千亿", 3e11, "", "number", None, True),
    ("超过5百万元", "zh", "5百万元", 5e6, "CNY", "money", None, True),
    ("大约两千万", "zh", "两千万", 2e7, "", "number", None, True),
    ("规模约三千亿美元", "zh", "三千亿美元", 3e11, "USD", "money", None, True),
    ("估值涨了十倍", "zh", "十倍", 10, "multiple", "multiple", "up", False),
    ("花了100块钱", "zh", "100块钱", 100, "CNY", "money", None, False),
    ("1000美金的赠股", "zh", "1000美金", 1000, "USD", "money", None, False),
    ("30加币的现金券", "zh", "30加币", 30, "CAD", "money", None, False),
    ("80亿港币的股票", "zh", "80亿港币", 8e9, "HKD", "money", None, False),
    ("4,500亿日元的补贴", "zh", "4,500亿日元", 4.5e11, "JPY", "money", None, False),
    ("**150亿欧元**", "zh", "150亿欧元", 1.5e10, "EUR", "money", None, False),
    ("500英镑", "zh", "500英镑", 500, "GBP", "money", None, False),
    ("汇率跌到150万里亚尔", "zh", "150万里亚尔", 1.5e6, "IRR", "money", None, False),
    ("花了5000日币", "zh", "5000日币", 5000, "JPY", "money", None, False),
    ("气温跌到零下20℃", "zh", "零下20℃", -20, "°C", "measure", "down", False),
    (
        "it boils at 2,500 degrees Celsius",
        "en",
        "2,500 degrees Celsius",
        2500,
        "°C",
        "measure",
        None,
        False,
    ),
    ("1,950亿元人民币", "zh", "1,950亿元人民币", 1.95e11, "CNY", "money", None, False),
    ("400 亿美元", "zh", "400 亿美元", 4e10, "USD", "money", None, False),
    ("0.62万元", "zh", "0.62万元", 6200, "CNY", "money", None, False),
    ("同比下跌17%", "zh", "17%", -17, "%", "percent", "down", False),
    ("同比增长134%", "zh", "134%", 134, "%", "percent", "up", False),
    ("流通股减少了约5%", "zh", "5%", -5, "%", "percent", "down", True),
    ("结果是负7.1%", "zh", "负7.1%", -7.1, "%", "percent", "down", False),
    ("百分之二十点五", "zh", "百分之二十点五", 20.5, "%", "percent", None, False),
    ("下降了5个百分点", "zh", "5个百分点", -5, "pp", "percent", "down", False),
    ("降息25个基点", "zh", "25个基点", -25, "bp", "percent", "down", False),
    ("增长20%到30%", "zh", "20%到30%", 25, "%", "percent", "up", True),
    ("9000多亿元", "zh", "9000多亿元", 9e11, "CNY", "money", None, True),
    ("超过十亿", "zh", "十亿", 1e9, "", "number", None, True),
    ("近7万名员工", "zh", "7万名", 7e4, "count", "count", None, True),
    ("营收翻倍", "zh", "翻倍", 2, "multiple", "multiple", None, False),
    ("营收翻了一倍多", "zh", "翻了一倍多", 2, "multiple", "multiple", None, True),
    ("义乌贷款同比少增400亿元", "zh", "400亿元", -4e10, "CNY", "money", "down", False),
    ("义乌队的胜率掉了5%", "zh", "5%", -5, "%", "percent", "down", False),
    ("义乌卖掉了20%的股份", "zh", "20%", 20, "%", "percent", None, False),
    ("the stock fell as much as 14% on Friday", "en", "14%", -14, "%", "percent", "down", False),
    ("义乌有几十到上百家工厂", "zh", "上百家", 100, "count", "count", None, True),
    ("3倍以上", "zh", "3倍以上", 3, "multiple", "multiple", None, True),
    ("有166家公司", "zh", "166家", 166, "count", "count", None, False),
    ("折旧5年", "zh", "5年", 5, "years", "duration", None, False),
    ("18个月", "zh", "18个月", 18, "months", "duration", None, False),
    ("每小时2.72美元", "zh", "每小时2.72美元", 2.72, "USD", "price", None, False),
    ("超过八成的公司", "zh", "八成", 80, "%", "percent", None, True),
    ("$1.4 billion", "en", "$1.4 billion", 1.4e9, "USD", "money", None, False),
    ("1.4B in revenue", "en", "1.4B", 1.4e9, "", "number", None, False),
    ("$50bn or so", "en", "$50bn", 5e10, "USD", "money", None, True),  # "or so": about
    ("up 134% year over year", "en", "134%", 134, "%", "percent", "up", False),
    ("the result was -7.1%", "en", "-7.1%", -7.1, "%", "percent", "down", False),
    ("grew 8.1% annualized", "en", "8.1%", 8.1, "%", "percent", "up", False),
    ("by 50 basis points", "en", "50 basis points", 50, "bp", "percent", None, False),
    (
        "approaching half a trillion dollars",
        "en",
        "half a trillion dollars",
        5e11,
        "USD",
        "money",
        None,
        False,
    ),
    ("1.4 billion dollars", "en", "1.4 billion dollars", 1.4e9, "USD", "money", None, False),
    ("about 500 billion", "en", "500 billion", 5e11, "", "number", None, True),
    ("a decrease of 17%", "en", "17%", -17, "%", "percent", "down", False),
    ("20% to 30% a year", "en", "20% to 30%", 25, "%", "percent", None, True),
    ("$28-29 last year", "en", "$28-29", 28.5, "USD", "money", None, True),
    ("more than 3x", "en", "3x", 3, "multiple", "multiple", None, True),
    ("grew 3-fold", "en", "3-fold", 3, "multiple", "multiple", "up", False),
    ("166 companies", "en", "166 companies", 166, "count", "count", None, False),
    ("over 5 years", "en", "5 years", 5, "years", "duration", None, False),
    ("$2.72 per hour", "en", "$2.72 per hour", 2.72, "USD", "price", None, False),
    ("HK$8 billion", "en", "HK$8 billion", 8e9, "HKD", "money", None, False),
    ("C$12 billion", "en", "C$12 billion", 1.2e10, "CAD", "money", None, False),
    ("€15 billion", "en", "€15 billion", 1.5e10, "EUR", "money", None, False),
    ("450 billion yen", "en", "450 billion yen", 4.5e11, "JPY", "money", None, False),
    ("£500", "en", "£500", 500, "GBP", "money", None, False),
    ("RMB 195 billion", "en", "RMB 195 billion", 1.95e11, "CNY", "money", None, False),
    ("a $30 CAD coupon", "en", "$30 CAD", 30, "CAD", "money", None, False),
    ("nearly 70,000", "en", "70,000", 7e4, "", "number", None, True),
    ("twenty percent", "en", "twenty percent", 20, "%", "percent", None, False),
    ("roughly doubled", "en", "doubled", 2, "multiple", "multiple", None, True),
]


@pytest.mark.parametrize(
    ("text", "lang", "raw", "value", "unit", "kind", "direction", "approx"), FORMS
)
def test_each_form(text, lang, raw, value, unit, kind, direction, approx):
    [f] = extract_figures(text, lang)
    assert (f.raw, f.unit, f.kind, f.direction, f.approximate) == (
        raw,
        unit,
        kind,
        direction,
        approx,
    )
    assert math.isclose(f.value, value) and text[f.start : f.end] == raw


def test_range_and_bounds():
    [f] = extract_figures("资本开支在120亿到140亿美元之间", "zh")
    assert (f.low, f.high, f.value, f.approximate) == (1.2e10, 1.4e10, 1.3e10, True)
    [f] = extract_figures("超过十亿", "zh")
    assert (f.low, f.high) == (1e9, None)
    [f] = extract_figures("nearly 70,000 employees", "en")
    assert (f.low, f.high) == (None, 7e4)
    [f] = extract_figures("义乌的市值突破五万亿元", "zh")
    assert (f.low, f.high, f.approximate) == (5e12, None, True)
    [f] = extract_figures("至多10家工厂", "zh")
    assert (f.low, f.high, f.approximate) == (None, 10, True)
    [f] = extract_figures("a net worth north of 200 million dollars", "en")
    assert (f.low, f.high, f.approximate) == (2e8, None, True)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("2025年营收", "zh"),
        ("2024年第四季度", "zh"),
        ("第三季度", "zh"),
        ("Q3财报", "zh"),
        ("3月5日发布", "zh"),
        ("第一个风险", "zh"),
        ("90年代", "zh"),
        ("早上10点、11点", "zh"),
        ("标普500指数", "zh"),
        ("这两家公司", "zh"),
        ("可以用三年", "zh"),
        ("微软是3A", "zh"),
        ("in 2025", "en"),
        ("Q3 of 2024", "en"),
        ("third-quarter results", "en"),
        ("the 1990s", "en"),
        ("on March 5", "en"),
        ("the first risk", "en"),
        ("the S&P 500 and the Russell 2000", "en"),
        ("an H100 or A100", "en"),
        ("rated double-A", "en"),
        ("returned to double digits", "en"),
        ("the 20-day moving average", "en"),
        ("around 10 or 11 o'clock", "en"),
    ],
)
def test_periods_and_names_are_not_figures(text, lang):
    assert extract_figures(text, lang) == []


@needs_shared
@pytest.mark.slow
def test_spans_hold_over_the_sample_corpus(table):
    count = 0
    for path in sorted(SAMPLE.glob("*.md")):
        episode = load_episode(path)
        for p in episode.paragraphs:
            for f in paragraph_figures(
                p.zh, p.en, heading=p.heading, date=episode.date, entities=table
            ):
                text = p.zh if f.lang == "zh" else p.en
                assert text[f.start : f.end] == f.raw, (path.name, p.number, f)
                count += 1
    assert count > 5_000


@pytest.mark.parametrize(
    ("text", "lang", "metric", "entity", "period"),
    [
        ("CoreWeave第三季度营收14亿美元，同比增长134%。", "zh", "revenue", "coreweave", "2025Q3"),
        ("英伟达2025年第三季度营收14亿美元。", "zh", "revenue", "nvidia", "2025Q3"),
        ("RPO达到了500亿美元。", "zh", "rpo", None, None),
        ("甲骨文2026财年第一季度资本开支350亿美元。", "zh", "capex", "oracle", "FY2026Q1"),
        ("苹果去年的毛利率为47.1%。", "zh", "gross margin", "apple", "2024"),
        (
            "Microsoft's capex in fiscal 2024 was $55.7 billion.",
            "en",
            "capex",
            "microsoft",
            "FY2024",
        ),
        ("Oracle's RPO came in at $455 billion last year.", "en", "rpo", "oracle", "2024"),
        ("EPS growth this year is 14.3%.", "en", "eps change", None, "2025"),
        ("今年GDP增速为5.2%。", "zh", "gdp change", None, "2025"),
    ],
)
def test_linking(table, text, lang, metric, entity, period):
    found = extract_figures(text, lang)
    [f] = link_figures(found[:1], text, heading="", date="2025-11-12", entities=table)
    assert (f.metric, f.entity, f.period) == (metric, entity, period)


def test_change_marker_joins_the_metric(table):
    text = "CoreWeave第三季度营收14亿美元，同比增长134%。"
    _, growth = link_figures(extract_figures(text, "zh"), text, date="2025-11-12", entities=table)
    assert growth.metric == "revenue yoy"


def test_entity_falls_back_to_the_heading(table):
    text = "本季度营收14亿美元。"
    [f] = link_figures(
        extract_figures(text, "zh"), text, heading="CoreWeave财报分析", entities=table
    )
    assert f.entity == "coreweave"


def pair(zh: str, en: str, date: str = "2025-11-12") -> list:
    return paragraph_figures(zh, en, heading="", date=date, entities=EntityTable.packaged())


def test_aligned_pairs_point_at_each_other():
    figures = pair("营收14亿美元，同比增长134%。", "Revenue was $1.4 billion, up 134%.")
    assert [f.counterpart for f in figures] == [2, 3, 0, 1]
    assert [f.mismatch for f in figures] == [None] * 4


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("RPO达到500亿美元。", "RPO is 50 billion."),
        ("营收14亿美元。", "Revenue was 1.4 billion dollars."),
        (
            "公司预计资本开支在120亿到140亿美元之间。",
            "Capex of between $12 billion and $14 billion.",
        ),
        ("分成5年、两年或15年去折旧。", "Over 5 years, 2 years, or 15 years."),
        ("大约两千万笔订单。", "About 20 million orders."),
        ("用户超过十亿。", "More than a billion users."),
    ],
)
def test_spoken_english_is_not_flagged(zh, en):
    assert [f.mismatch for f in pair(zh, en)] == [None] * len(pair(zh, en))


def test_the_sample_disagreement_is_flagged_as_period():
    episode = load_episode(DATA / "Qx7vB2mLk0s.md")
    p = next(p for p in episode.paragraphs if "2.72" in p.zh)
    figures = pair(p.zh, p.en)
    price = next(f for f in figures if f.lang == "zh" and f.kind == "price")
    assert (price.period, price.mismatch) == ("2024Q4", "period")
    mate = figures[price.counterpart]
    assert (mate.raw, mate.period, mate.mismatch) == ("$2.72 per hour", "2024Q3", "period")
    assert 0 < price.confidence <= 1


@needs_seed
def test_the_seed_disagreement_is_flagged_as_period():
    episode = load_episode(SEED)
    p = next(p for p in episode.paragraphs if "3.29" in p.zh)
    flagged = [(f.lang, f.raw, f.period) for f in pair(p.zh, p.en) if f.mismatch]
    assert flagged == [("zh", "3.29美元", "2024Q4"), ("en", "$3.29", "2024Q3-Q4")]


def test_value_and_missing_figures_are_flagged():
    figures = pair("营收15亿美元，利润率16%。", "Revenue was $1.4 billion.")
    assert [(f.raw, f.mismatch) for f in figures] == [
        ("15亿美元", "value"),
        ("16%", "missing_in_translation"),
        ("$1.4 billion", "value"),
    ]
    assert all(0 < f.confidence <= 1 for f in figures)
    [extra] = [f for f in pair("营收增长。", "Revenue grew 7%.") if f.mismatch]
    assert extra.mismatch == "missing_in_chinese"


def test_messy_english_lowers_confidence():
    clean = pair("营收52.2亿美元。", "Revenue was $5.22 billion.")
    messy = pair("营收52.2亿美元。", "Revenue was $5.2 2 billion.")
    assert [f.mismatch for f in clean] == [None, None]
    assert messy[0].mismatch and messy[0].confidence <= 0.4


def test_chinese_only_paragraphs_get_no_flags():
    figures = pair("营收14亿美元，同比增长134%。", "")
    assert [(f.mismatch, f.counterpart) for f in figures] == [(None, None), (None, None)]


def test_english_written_where_the_chinese_should_be_is_read_as_english():
    text = "That is where the $70 billion we pay out to creators every year comes from."
    [zh] = pair(text, "")
    assert (zh.lang, zh.raw, zh.value, zh.unit) == ("zh", "$70 billion", 7e10, "USD")


def test_chinese_written_as_the_translation_is_read_as_chinese():
    text = "2024年第四季度营收达到50亿美元。"
    zh, en = pair(text, text)
    assert (en.lang, en.raw, en.value, en.period) == ("en", "50亿美元", 5e9, zh.period)
    assert zh.period == "2024Q4"


def test_traditional_chinese_is_read_as_simplified_and_kept_as_written():
    zh, count = pair("輝達上季營收達到3億美元，追回了86輛被盜車輛。", "")
    assert (zh.raw, zh.value, zh.unit, zh.entity) == ("3億美元", 3e8, "USD", "nvidia")
    assert (count.raw, count.value, count.unit) == ("86輛", 86, "count")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("工厂去年卖出150万部手机。", [("150万部", 1.5e6, "count")]),
        ("水库蓄水800万立方米", [("800万立方米", 8e6, "m3")]),
        ("报告分成3部分", []),
        ("新增23例死亡", [("23例", 23, "count")]),
        ("受访者平均年龄达到 41.7 岁", [("41.7 岁", 41.7, "years")]),
        ("每人每月补贴2万挪威克朗", [("2万挪威克朗", 2e4, "NOK")]),
        ("涉及12部门", []),
        # counted with a measure word of its own, unless the word goes on (千亿行业, 10万封顶)
        ("这个应用一周下载了300万次", [("300万次", 3e6, "count")]),
        ("义乌的仓库里有3万行代码", [("3万行", 3e4, "count")]),
        ("义乌是个五百亿行业", [("五百亿", 5e10, "")]),
        ("补贴10万封顶", [("10万", 1e5, "")]),
        ("他准备了30万首付", [("30万", 3e5, "")]),
        ("义乌这家店4000万年化收入", [("4000万", 4e7, "")]),
        # measures
        ("义乌的塔高达320米", [("320米", 320, "m")]),
        ("水库漏了60万加仑水", [("60万加仑", 6e5, "gal")]),
        ("这片农田有一万二千亩", [("一万二千亩", 1.2e4, "mu")]),
        ("飞机在三万英尺高空", [("三万英尺", 3e4, "ft")]),
        # 块 counts pieces; said of anything else it is yuan
        ("他每个月在义乌挣两万块", [("两万块", 2e4, "CNY")]),
        ("实验室买了2000块GPU", [("2000块", 2e3, "count")]),
        ("他捐了20块美金", [("20块美金", 20, "USD")]),
        ("这里月租2000新币", [("2000新币", 2e3, "SGD")]),
        ("他一晚上赢了3万刀", [("3万刀", 3e4, "USD")]),
        ("这是一刀切的办法", []),
    ],
)
def test_measure_words_and_currencies_read_alike(text, found):
    assert [(f.raw, f.value, f.unit) for f in extract_figures(text, "zh")] == found


def test_a_dollar_sign_is_the_dollar_the_chinese_names():
    zh, en = pair("今年省预算赤字96亿加元。", "This year's deficit is $9.6 billion.")
    assert (zh.unit, en.unit, en.counterpart) == ("CAD", "CAD", 0)
    us = pair("营收14亿美元。", "Revenue was $1.4 billion.")
    assert [f.unit for f in us] == ["USD", "USD"]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("股价低于178美元", None, 178),
        ("少于40%的人", None, 40),
        ("通胀高于5%", 5, None),
        ("相当于5%", None, None),
    ],
)
def test_bounds_said_with_yu(text, low, high):
    [f] = extract_figures(text, "zh")
    assert (f.low, f.high, f.approximate) == (low, high, low is not None or high is not None)


def test_an_amount_said_without_its_currency_takes_its_translations():
    zh, en = pair("公司账上有60亿现金。", "The company has $6 billion in cash.")
    assert (zh.unit, zh.kind, zh.counterpart) == ("USD", "money", 1)
    zh, en = pair("营收14亿美元。", "Revenue was 1.4 billion.")
    assert (en.unit, en.kind) == ("USD", "money")


def test_an_episode_that_names_only_canadian_dollars_means_them_by_its_dollar_signs():
    paragraphs = [
        Paragraph(1, "", "省政府今年的赤字是96亿加元。", "", 5),
        Paragraph(2, "", "", "The province will spend $2 billion on transit.", 7),
    ]
    found = dict(figures_of(paragraphs, date="2026-04-01", entities=EntityTable.packaged()))
    assert [f.unit for f in found[2]] == ["CAD"]
    paragraphs.append(Paragraph(3, "", "账上有60亿现金。", "It has $6 billion in cash.", 9))
    found = dict(figures_of(paragraphs, date="2026-04-01", entities=EntityTable.packaged()))
    assert [f.unit for f in found[3]] == ["CAD", "CAD"]  # the pair alike
    paragraphs[0] = Paragraph(1, "", "美国的赤字是1.8万亿美元，加拿大是96亿加元。", "", 5)
    found = dict(figures_of(paragraphs, date="2026-04-01", entities=EntityTable.packaged()))
    assert [f.unit for f in found[2]] == ["USD"]


def test_an_episode_that_names_only_another_currency_means_it_by_its_kuai():
    def units(*texts):
        paragraphs = [Paragraph(n, "", text, "", n) for n, text in enumerate(texts, 1)]
        found = dict(figures_of(paragraphs, date="2026-04-01", entities=EntityTable.packaged()))
        return [f.unit for n in sorted(found) for f in found[n]]

    dollars = ("义乌这只股票的目标价是45美元。", "华尔街给的区间是40到50美元。")
    assert units(*dollars, "它从30块涨到了40块。") == ["USD"] * 4
    assert units(*dollars, "折合人民币也就两百块，比义乌的80元贵。") == ["USD"] * 2 + ["CNY"] * 2
    assert units(*dollars, "义乌的水饺7块钱一斤。") == ["USD"] * 2 + ["CNY"]  # a price per 斤
    assert units(*dollars, "折合人民币也就两百块。") == ["USD"] * 2 + ["CNY"]
    assert units(*dollars, "在国内找个师傅两千块就能装好。") == ["USD"] * 2 + ["CNY"]
    assert units(dollars[0], "它从30块涨到了40块。") == ["USD", "CNY", "CNY"]  # named once
    assert units(*dollars, "义乌的摊位月租3000元。", "它从30块涨到了40块。")[-2:] == ["CNY"] * 2


def test_an_amount_said_as_money_is_in_the_currency_its_paragraph_or_episode_names():
    def read(*texts):
        paragraphs = [Paragraph(n, "", text, "", n) for n, text in enumerate(texts, 1)]
        found = dict(figures_of(paragraphs, date="2026-04-01", entities=EntityTable.packaged()))
        return [(f.raw, f.kind, f.unit) for n in sorted(found) for f in found[n]]

    assert read("义乌集团的估值是80亿美元。", "去年的营收129亿，眼镜卖出了200万副。") == [
        ("80亿美元", "money", "USD"), ("129亿", "money", "USD"), ("200万", "number", "")]  # fmt: skip
    assert read("义乌去年的营收129亿。")[0][1:] == ("number", "")  # no currency named anywhere
    assert read("义乌集团的估值是80亿美元。", "人民币存款余额有3亿。")[-1][1:] == ("money", "CNY")
    assert read("义乌的补贴是3亿元，对手投了5亿美元。", "去年的营收129亿。")[-1][1:] == (
        "number",
        "",
    )


def test_align_figures_indexes_into_zh_then_en():
    zh_text, en_text = "毛利率75%。", "Gross margin was 75%."
    zh, en = extract_figures(zh_text, "zh"), extract_figures(en_text, "en")
    zh, en = align_figures(zh, en, zh_text=zh_text, en_text=en_text)
    assert (zh[0].counterpart, en[0].counterpart) == (1, 0)


def test_entity_spans_match_mentions(table):
    text = "英伟达和Nvidia都是NVIDIA。"
    spans = table.spans(text)
    assert [(text[s:e], key) for s, e, key in spans] == [
        ("英伟达", "nvidia"),
        ("Nvidia", "nvidia"),
        ("NVIDIA", "nvidia"),
    ]
    assert table.mentions(text)["nvidia"] == 3


# Golden tables for each way a note says a figure, in sentences written for these tests:
# (text, lang, [(raw, value, unit, kind, direction, approximate, low, high)]).
SURFACE = [
    # spaces and full-width characters change nothing
    ("营收下跌 30%", "zh", [("30%", -30, "%", "percent", "down", False, None, None)]),
    ("营收增长２０％", "zh", [("２０％", 20, "%", "percent", "up", False, None, None)]),
    ("会议持续了　4 个小时", "zh", [("4 个小时", 4, "hours", "duration", None, False, None, None)]),
    ("超过 1000 亿", "zh", [("1000 亿", 1e11, "", "number", None, True, 1e11, None)]),
    # the family of decline words, before the figure or after it
    ("跌幅为12%", "zh", [("12%", -12, "%", "percent", "down", False, None, None)]),
    ("降幅达8%", "zh", [("8%", -8, "%", "percent", "down", False, None, None)]),
    ("股价重挫15%", "zh", [("15%", -15, "%", "percent", "down", False, None, None)]),
    ("股价暴跌40%", "zh", [("40%", -40, "%", "percent", "down", False, None, None)]),
    ("将利率下调25个基点", "zh", [("25个基点", -25, "bp", "percent", "down", False, None, None)]),
    ("市场规模萎缩了一成", "zh", [("一成", -10, "%", "percent", "down", False, None, None)]),
    ("这次投资造成了19%的损失", "zh", [("19%", -19, "%", "percent", "down", False, None, None)]),
    ("出口比去年少了将近25%", "zh", [("25%", -25, "%", "percent", "down", True, -25, None)]),
    # a count of what fell is no fall
    ("指数里有17只股票下跌", "zh", [("17只", 17, "count", "count", None, False, None, None)]),
    ("恒指跌超1%", "zh", [("1%", -1, "%", "percent", "down", True, None, -1)]),
    ("股价回调了15%", "zh", [("15%", -15, "%", "percent", "down", False, None, None)]),
    ("这次出现了30%的回调", "zh", [("30%", -30, "%", "percent", "down", False, None, None)]),
    (
        "the stock plunged 40% in a week",
        "en",
        [("40%", -40, "%", "percent", "down", False, None, None)],
    ),
    (
        "they lost 30% of their customers",
        "en",
        [("30%", -30, "%", "percent", "down", False, None, None)],
    ),
    (
        "the company cut prices by 15%",
        "en",
        [("15%", -15, "%", "percent", "down", False, None, None)],
    ),
    ("a 20% reduction in costs", "en", [("20%", -20, "%", "percent", "down", False, None, None)]),
    ("Yiwu had a 3% drawdown", "en", [("3%", -3, "%", "percent", "down", False, None, None)]),
    ("义乌指数一天的涨跌幅超过4%", "zh", [("4%", 4, "%", "percent", None, True, 4, None)]),
    (
        "义乌的净利润录得12%的大幅下滑",
        "zh",
        [("12%", -12, "%", "percent", "down", False, None, None)],
    ),
    ("义乌的营收实现了20%的显著增长", "zh", [("20%", 20, "%", "percent", "up", False, None, None)]),
    (
        "每周加班不得超过36小时",
        "zh",
        [("36小时", 36, "hours", "duration", None, True, None, 36)],
    ),
    (
        "Yiwu expects growth exceeding 80%",
        "en",
        [("80%", 80, "%", "percent", None, True, 80, None)],
    ),
    (
        "义乌的货价在50多元至60元之间",
        "zh",
        [("50多元至60元", 55, "CNY", "money", None, True, 50, 60)],
    ),
    # 负 in a word is no minus; a duration has no direction
    (
        "这家公司背负200亿美元的债务",
        "zh",
        [("200亿美元", 2e10, "USD", "money", None, False, None, None)],
    ),
    ("误差在正负3%以内", "zh", [("3%以内", 3, "%", "percent", None, True, None, 3)]),
    # the unnamed last place of a numeral said aloud; 万一 is "if by chance"
    ("再加上两万四，就是总价", "zh", [("两万四", 24000, "", "number", None, False, None, None)]),
    ("亏了十万一不小心", "zh", [("十万", 1e5, "", "number", None, False, None, None)]),
    # a hedge and the words between it and the figure; bounds after it
    ("成本约为5%", "zh", [("5%", 5, "%", "percent", None, True, None, None)]),
    ("一天约合人民币40元", "zh", [("人民币40元", 40, "CNY", "money", None, True, None, None)]),
    ("成本超过了 7 亿美元", "zh", [("7 亿美元", 7e8, "USD", "money", None, True, 7e8, None)]),
    ("持股不超过3只", "zh", [("3只", 3, "count", "count", None, True, None, 3)]),
    (
        "大约只有1.5万亿美元",
        "zh",
        [("1.5万亿美元", 1.5e12, "USD", "money", None, True, None, None)],
    ),
    ("损耗在 1.3% 左右", "zh", [("1.3% 左右", 1.3, "%", "percent", None, True, None, None)]),
    ("未满18岁", "zh", [("18岁", 18, "years", "duration", None, True, None, 18)]),
    ("控制在10%以下", "zh", [("10%以下", 10, "%", "percent", None, True, None, 10)]),
    ("股市跌去了将近50%", "zh", [("50%", -50, "%", "percent", "down", True, -50, None)]),
    ("股价连续下跌了20年", "zh", [("20年", 20, "years", "duration", None, False, None, None)]),
    ("一共有1500年的历史", "zh", [("1500年", 1500, "years", "duration", None, False, None, None)]),
    ("和解了十五个亿", "zh", [("十五个亿", 1.5e9, "", "number", None, False, None, None)]),
    (
        "EPS came in at 61 cents",
        "en",
        [("61 cents", 0.61, "USD", "money", None, False, None, None)],
    ),
    (
        "it errs 57 million times an hour",
        "en",
        [("57 million times", 5.7e7, "count", "count", None, False, None, None)],
    ),
    ("you only have 100 rows", "en", []),
    # ranges keep both ends; a list stays a list, its members sharing the last one's unit
    ("估值在2 到 3 倍之间", "zh", [("2 到 3 倍", 2.5, "multiple", "multiple", None, True, 2, 3)]),
    (
        "义乌一年要接待数百甚至数千名外商",
        "zh",
        [
            ("数百", 550, "count", "count", None, True, 200, 900),
            ("数千名", 5500, "count", "count", None, True, 2000, 9000),
        ],
    ),
    # a bound across the whole a share is of, and 不到 said after the figure
    ("义乌的仓储费不超过库存的25%", "zh", [("25%", 25, "%", "percent", None, True, None, 25)]),
    ("义乌的出口占比40%不到", "zh", [("40%不到", 40, "%", "percent", None, True, None, 40)]),
    ("义乌的商户最少10家", "zh", [("10家", 10, "count", "count", None, True, 10, None)]),
    (
        "义乌的营收低于预期的26亿元",
        "zh",
        [("26亿元", 2.6e9, "CNY", "money", None, False, None, None)],
    ),
    # a low end said without the places of the high end takes them; a small range keeps its own
    (
        "义乌今年多卖了两到三千亿元",
        "zh",
        [("两到三千亿元", 2.5e11, "CNY", "money", None, True, 2e11, 3e11)],
    ),
    (
        "Yiwu needs 3 years to 5 years",
        "en",
        [("3 years to 5 years", 4, "years", "duration", None, True, 3, 5)],
    ),
    (
        "Yiwu prices range from $30 to $40",
        "en",
        [("$30 to $40", 35, "USD", "money", None, True, 30, 40)],
    ),
    (
        "a 30 minutes to 1 hour task in Yiwu",
        "en",
        [
            ("30 minutes", 30, "minutes", "duration", None, False, None, None),
            ("1 hour", 1, "hours", "duration", None, False, None, None),
        ],
    ),
    (
        "Yiwu hired 30 to 40,000 workers",
        "en",
        [("30 to 40,000 workers", 35000, "count", "count", None, True, 3e4, 4e4)],
    ),
    (
        "义乌的估值增长了1到20倍",
        "zh",
        [("1到20倍", 10.5, "multiple", "multiple", "up", True, 1, 20)],
    ),
    ("涨幅在6%或7%左右", "zh", [("6%或7%左右", 6.5, "%", "percent", None, True, 6, 7)]),
    (
        "利润率在百分之五到百分之八之间",
        "zh",
        [("百分之五到百分之八", 6.5, "%", "percent", None, True, 5, 8)],
    ),
    (
        "杠杆达到二十五倍到三十倍",
        "zh",
        [("二十五倍到三十倍", 27.5, "multiple", "multiple", None, True, 25, 30)],
    ),
    ("工期是三到五年", "zh", [("三到五年", 4, "years", "duration", None, True, 3, 5)]),
    ("margins of 25 or 30%", "en", [("25 or 30%", 27.5, "%", "percent", None, True, 25, 30)]),
    (
        "between 5 and 6 billion dollars",
        "en",
        [("5 and 6 billion dollars", 5.5e9, "USD", "money", None, True, 5e9, 6e9)],
    ),
    (
        "分成5年、两年或15年折旧",
        "zh",
        [
            ("5年", 5, "years", "duration", None, False, None, None),
            ("15年", 15, "years", "duration", None, False, None, None),
        ],
    ),
    (
        "lasting 5 or 15 years",
        "en",
        [
            ("5", 5, "years", "duration", None, False, None, None),
            ("15 years", 15, "years", "duration", None, False, None, None),
        ],
    ),
    # vague amounts are approximate ranges
    ("投资了数十亿美元", "zh", [("数十亿美元", 5.5e9, "USD", "money", None, True, 2e9, 9e9)]),
    ("罚款数亿元", "zh", [("数亿元", 5.5e8, "CNY", "money", None, True, 2e8, 9e8)]),
    ("上千家公司参与", "zh", [("上千家", 1000, "count", "count", None, True, 1000, None)]),
    ("吸引了几百万用户", "zh", [("几百万", 5.5e6, "count", "count", None, True, 2e6, 9e6)]),
    ("过去十几年都在亏损", "zh", [("十几年", 15, "years", "duration", None, True, 11, 19)]),
    (
        "several hundred basis points",
        "en",
        [("several hundred basis points", 550, "bp", "percent", None, True, 200, 900)],
    ),
    (
        "hundreds of millions of dollars",
        "en",
        [("hundreds of millions of dollars", 5.5e8, "USD", "money", None, True, 2e8, 9e8)],
    ),
    (
        "four multibillion-dollar deals",
        "en",
        [("multibillion-dollar", 5.5e9, "USD", "money", None, True, 2e9, 9e9)],
    ),
    # idioms are not figures; the same words as a quantity are
    ("我百分之百确定", "zh", []),
    ("你一百个放心", "zh", []),
    ("营收增长了百分之百", "zh", [("百分之百", 100, "%", "percent", "up", False, None, None)]),
    ("I am 100% sure", "en", []),
    ("这一点我100%同意", "zh", []),
    ("义乌的老板问能不能退货，我说100%是的", "zh", []),
    ("利润的100%是海外的", "zh", [("100%", 100, "%", "percent", None, False, None, None)]),
    ("He is a 10x engineer.", "en", []),
    ("Yes, a hundred percent.", "en", []),
    ("You should 100% try the new ferry.", "en", []),
    ("Of course, 100%, no doubt.", "en", []),
    ("they keep doubling down on chips", "en", []),
    (
        "他给这个计划泼了一桶冷水：成本增加20%",
        "zh",
        [("20%", 20, "%", "percent", "up", False, None, None)],
    ),
    (
        "房价涨到了八万块钱一平米",
        "zh",
        [("八万块钱", 8e4, "CNY", "money", None, False, None, None)],
    ),
    (
        "这不是单一零件的问题，而是12个系统",
        "zh",
        [("12个", 12, "count", "count", None, False, None, None)],
    ),
    ("she was elected five times at this point", "en", []),
    # 负的 is a minus, but not in 正负的 or 背负的; 缩短 is a fall
    ("净利率是负的2%", "zh", [("负的2%", -2, "%", "percent", "down", False, None, None)]),
    ("正负的2%", "zh", [("2%", 2, "%", "percent", None, False, None, None)]),
    ("周期缩短了30%", "zh", [("30%", -30, "%", "percent", "down", False, None, None)]),
    # what will or may happen between the change and its size
    ("跌幅将达30%", "zh", [("30%", -30, "%", "percent", "down", False, None, None)]),
    # 个点 after a change is a percentage point; elsewhere it is a point made
    ("指数跌了五个点", "zh", [("五个点", -5, "pp", "percent", "down", False, None, None)]),
    ("这是最后一个点", "zh", []),
    ("营收有望增长12%", "zh", [("12%", 12, "%", "percent", "up", False, None, None)]),
    # a change in percent then the level it came to; bounds said around the number
    (
        "营收同比增长150%至90亿美元",
        "zh",
        [
            ("150%", 150, "%", "percent", "up", False, None, None),
            ("90亿美元", 9e9, "USD", "money", None, False, None, None),
        ],
    ),
    ("一般都不会超过50%。", "zh", [("50%", 50, "%", "percent", None, True, None, 50)]),
    ("仓位能涨50%甚至更多", "zh", [("50%甚至更多", 50, "%", "percent", "up", True, 50, None)]),
    ("大概翻了4倍", "zh", [("4倍", 4, "multiple", "multiple", None, True, None, None)]),
    # hedges of speech: 差不多, 估计, 几乎 (at most), 3%多 (at least), "something like", "maybe the"
    ("差不多10万人", "zh", [("10万人", 1e5, "count", "count", None, True, None, None)]),
    ("估计有1650名居民", "zh", [("1650名", 1650, "count", "count", None, True, None, None)]),
    ("几乎90%的人", "zh", [("90%", 90, "%", "percent", None, True, None, 90)]),
    ("他快50岁了", "zh", [("50岁", 50, "years", "duration", None, True, None, 50)]),
    ("增速加快5%", "zh", [("5%", 5, "%", "percent", "up", False, None, None)]),  # 加快 is a rise
    ("股价涨了3%多", "zh", [("3%多", 3, "%", "percent", "up", True, 3, None)]),
    ("something like 50% of it", "en", [("50%", 50, "%", "percent", None, True, None, None)]),
    (
        "maybe the last 30 years",
        "en",
        [("30 years", 30, "years", "duration", None, True, None, None)],
    ),
    ("over the last 5 years", "en", [("5 years", 5, "years", "duration", None, False, None, None)]),
    ("10 years or so", "en", [("10 years", 10, "years", "duration", None, True, None, None)]),
    ("more like a billion", "en", [("a billion", 1e9, "", "number", None, True, None, None)]),
    ("30 people or more", "en", [("30 people", 30, "count", "count", None, True, 30, None)]),
    ("5% or less", "en", [("5%", 5, "%", "percent", None, True, None, 5)]),
    ("it was like 20% of sales", "en", [("20%", 20, "%", "percent", None, True, None, None)]),
    # a figure in words takes the words after it too; 上方 and 下方 bound a level
    ("成本在百分之七左右", "zh", [("百分之七左右", 7, "%", "percent", None, True, None, None)]),
    ("七成以上的人", "zh", [("七成以上", 70, "%", "percent", None, True, 70, None)]),
    ("股价在400美元上方", "zh", [("400美元上方", 400, "USD", "money", None, True, 400, None)]),
    # half a year, a day or an hour more
    ("用了两年半时间", "zh", [("两年半", 2.5, "years", "duration", None, False, None, None)]),
    ("过去3年半", "zh", [("3年半", 3.5, "years", "duration", None, False, None, None)]),
    ("3个半月后", "zh", [("3个半月", 3.5, "months", "duration", None, False, None, None)]),
    ("开了两个半小时", "zh", [("两个半小时", 2.5, "hours", "duration", None, False, None, None)]),
    ("2025年半导体营收", "zh", []),
    # a length in years and months is one, in months; a year before months is no length
    (
        "他坐了两年零八个月的牢",
        "zh",
        [("两年零八个月", 32, "months", "duration", None, False, None, None)],
    ),
    ("项目拖了3年6个月", "zh", [("3年6个月", 42, "months", "duration", None, False, None, None)]),
    ("2025年3个月后", "zh", [("3个月", 3, "months", "duration", None, False, None, None)]),
    ("每天半个 billion 的 token", "zh", []),
    # a term's gloss in brackets explains it: its numbers are not the episode's figures
    (
        "义乌的GMV（Gross Merchandise Volume: 成交总额，例如100元的订单计100元）增长了12%",
        "zh",
        [("12%", 12, "%", "percent", "up", False, None, None)],
    ),
    # the time a clause looks over, and a value said not to hold, are not figures
    ("过去50年，义乌变化很大", "zh", []),
    ("几十年来，义乌一直在扩张", "zh", []),
    ("在过去两百年的历史中，义乌经历了很多变化", "zh", []),
    ("在接下来的几十个月里，义乌会更好", "zh", []),
    ("今后的几十年里，义乌会更好", "zh", []),
    ("义乌过去十几年都在亏损", "zh", [("十几年", 15, "years", "duration", None, True, 11, 19)]),
    ("Over the last 10 years, Yiwu grew fast.", "en", []),
    ("这是义乌15年来的新高", "zh", [("15年", 15, "years", "duration", None, False, None, None)]),
    ("不是30%，也不是40%", "zh", []),
    ("是不是3万元的车型", "zh", [("3万元", 3e4, "CNY", "money", None, False, None, None)]),
    # the base of a rate, the window of an indicator and a name's number are not figures
    (
        "义乌每10万人有3家书店",
        "zh",
        [("3家", 3, "count", "count", None, False, None, None)],
    ),
    ("Crimes per 100,000 residents fell", "en", []),
    ("义乌股价创52周新高", "zh", []),
    ("义乌小商品站上了20周均线", "zh", []),
    ("It hit a 52-week high", "en", []),
    ("Yiwu hired engineers on H-1B visas", "en", []),
    ("It costs $5 per 1,000 tokens", "en", [("$5", 5, "USD", "money", None, False, None, None)]),
    ("义乌每17个商户配一名保安", "zh", [("17个", 17, "count", "count", None, False, None, None)]),
    # years in any script, dates past and names are not figures
    ("二零二五年", "zh", []),
    ("两年半前，义乌还没有这家店", "zh", []),
    ("一九九九年的夏天", "zh", []),
    ("二〇二四年", "zh", []),
    ("19年我在义乌开了第一家店", "zh", []),
    (
        "今年前10个月，义乌的出口增长了8%",
        "zh",
        [("8%", 8, "%", "percent", "up", False, None, None)],
    ),
    ("但是二零二零二五年我说", "zh", []),
    ("大约在2000年、2001年完成", "zh", []),
    ("在2008、09年", "zh", []),
    ("那是2009 年、10 年左右", "zh", []),
    ("从2025年到2100年是预测", "zh", []),
    ("二零零六年到一零年", "zh", []),
    ("在2012年到10亿美元营收", "zh", [("10亿美元", 1e9, "USD", "money", None, False, None, None)]),
    ("数十年前提出", "zh", []),
    ("thousands of years ago", "en", []),
    ("25年10月", "zh", []),
    ("我在97年开始投资", "zh", []),
    # among years of its own decades, a two-digit number before 年 is one of them
    (
        "义乌的营收在2024年翻倍，25年和26年还会涨",
        "zh",
        [("翻倍", 2, "multiple", "multiple", None, False, None, None)],
    ),
    (
        "2025年义乌工厂开了12年了",
        "zh",
        [("12年", 12, "years", "duration", None, False, None, None)],
    ),
    ("在零八年金融危机时", "zh", []),
    ("他拿十几万年薪", "zh", []),
    # 甚至 (even) is no 至 (to): its 10年 is a length of time, not 2010
    (
        "能持有5年甚至10年的公司",
        "zh",
        [
            ("5年", 5, "years", "duration", None, False, None, None),
            ("10年", 10, "years", "duration", None, False, None, None),
        ],
    ),
    ("自2025年以来", "zh", []),
    # a year said as about a year, a date of the era, and school grades are no lengths of time
    ("1870年左右", "zh", []),
    ("公元前300多年", "zh", []),
    ("三到九年级的学生", "zh", []),
    # a term served or a time taken is a length, though 时 follows it as it follows a year
    (
        "他被判15年时才30岁",
        "zh",
        [
            ("15年", 15, "years", "duration", None, False, None, None),
            ("30岁", 30, "years", "duration", None, False, None, None),
        ],
    ),
    ("2020年前后", "zh", []),
    ("三年前", "zh", []),
    ("六千年前", "zh", []),
    ("10年期国债", "zh", []),
    ("公司迎来100周年纪念", "zh", []),
    ("2023-24年度的预算", "zh", []),
    ("股价并没有翻倍", "zh", []),
    ("这只股票还能涨几倍？", "zh", []),
    ("九十年代", "zh", []),
    ("about 70,000 years ago", "en", []),
    ("five years ago", "en", []),
]


@pytest.mark.parametrize(("text", "lang", "expected"), SURFACE)
def test_surface_forms(text, lang, expected):
    found = extract_figures(text, lang)
    got = [
        (f.raw, f.value, f.unit, f.kind, f.direction, f.approximate, f.low, f.high) for f in found
    ]
    assert len(got) == len(expected), got
    for g, e in zip(got, expected, strict=True):
        assert g[0] == e[0] and g[2:6] == e[2:6], got
        assert [
            math.isclose(a, b) if b is not None else a is None
            for a, b in ((g[1], e[1]), (g[6], e[6]), (g[7], e[7]))
        ] == [True] * 3, got
        assert text[found[got.index(g)].start : found[got.index(g)].end] == g[0]


# What a count counts: (text, lang, raw, unit, metric).
COUNTED = [
    ("特斯拉交付了50万辆汽车", "zh", "50万辆", "count", "vehicles"),
    ("公司有7万名员工", "zh", "7万名", "count", "employees"),
    ("员工16万", "zh", "16万", "count", "employees"),
    ("管理着30万雇员", "zh", "30万", "count", "employees"),
    ("日产量达到100万桶", "zh", "100万桶", "bbl", "barrels per day"),
    ("出口量为每天200万桶", "zh", "200万桶", "bbl", "barrels per day"),
    # the noun after the measure word, past two characters that qualify it
    ("义乌有15家三甲医院", "zh", "15家", "count", "hospitals"),
    ("义乌招了2000名本地员工", "zh", "2000名", "count", "employees"),
    ("义乌新建了3家工厂", "zh", "3家", "count", "factories"),
    ("义乌写了一篇127页的报告", "zh", "127页", "count", "pages"),
    # a bare amount before the noun it counts
    ("这个开源模型有700亿参数", "zh", "700亿", "count", "parameters"),
    ("义乌的账号有300万粉丝", "zh", "300万", "count", "followers"),
    ("义乌还有2万中小企业", "zh", "2万", "count", "companies"),
    ("这套小说卖了800万册", "zh", "800万册", "count", "books"),
    # those who use it, and those who pay for it
    ("这款应用有8亿用户", "zh", "8亿", "count", "users"),
    ("义乌的平台帮助了25万开发者", "zh", "25万", "count", "developers"),
    ("义乌的工厂每月产3万片晶圆", "zh", "3万片", "count", "wafers"),
    ("义乌的常住人口也减少了3万", "zh", "3万", "count", "people"),
    ("这款应用有2000万付费用户", "zh", "2000万", "count", "subscribers"),
    # the noun before, with a word between: 不到, 现在, 高达, 累计
    ("义乌的人口不到两千万", "zh", "两千万", "count", "people"),
    ("这款应用去年四季度月活 7.5 亿", "zh", "7.5 亿", "count", "users"),
    ("义乌的会员现在有28万左右", "zh", "28万左右", "count", "subscribers"),
    ("义乌的外包工人高达十三万", "zh", "十三万", "count", "employees"),
    ("战后有一百万男女回到了义乌", "zh", "一百万", "count", "people"),
    ("义乌小模型的窗口有150万Token", "zh", "150万", "count", "tokens"),
    ("义乌去年有6万新生儿", "zh", "6万", "count", "people"),
    (
        "the Yiwu wallet has 400 million active consumer accounts",
        "en",
        "400 million",
        "count",
        "users",
    ),
    ("the app has 30 million users", "en", "30 million users", "count", "users"),
    ("the company sold 600,000 EVs", "en", "600,000", "count", "vehicles"),
    ("output of 2 million barrels a day", "en", "2 million barrels", "bbl", "barrels per day"),
    ("dozens of companies", "en", "dozens of companies", "count", "companies"),
    ("他敲了一万户人家的门", "zh", "一万户", "count", "households"),
    ("今年要招500个人来做客服", "zh", "500个", "count", "people"),
    # the noun or measure word names the thing: robots, drones, ships, stocks, products, cases
    ("仓库里已经有1200台机器人在分拣", "zh", "1200台", "count", "robots"),
    ("前线一夜之间出现了300多架无人机", "zh", "300多架", "count", "drones"),
    ("海军计划再建造12艘", "zh", "12艘", "count", "ships"),
    ("组合里一共只有8只股票", "zh", "8只", "count", "stocks"),
    ("今年他们推出了6款", "zh", "6款", "count", "products"),
    ("当天新增病例420例", "zh", "420例", "count", "cases"),
    ("the fleet now has 40 vessels", "en", "40", "count", "ships"),
    ("the portfolio holds 25 stocks", "en", "25 stocks", "count", "stocks"),
    ("the trial enrolled 1,500 patients", "en", "1,500", "count", "patients"),
    # 家 counts businesses, never the goods they deal in
    ("全国有2000多家汽车经销商", "zh", "2000多家", "count", "companies"),
    ("这一轮有30家车企降价", "zh", "30家", "count", "companies"),
    # 名 counts people, never what they work on
    ("团队里只有4名产品经理", "zh", "4名", "count", "people"),
    ("那里有300多家无人机配件厂", "zh", "300多家", "count", "companies"),
]


# 人 in a longer word counts no people: (text, raw).
NOT_PEOPLE = [
    ("这笔2万亿的私人信贷", "2万亿"),
    ("工厂里有300台机器人", "300台"),
    ("一年节省8000个人力工时", "8000个"),
]


@pytest.mark.parametrize(("text", "raw"), NOT_PEOPLE)
def test_a_longer_word_holding_ren_counts_no_people(table, text, raw):
    [f] = link_figures(extract_figures(text, "zh"), text, date="2025-08-20", entities=table)
    assert f.raw == raw and f.metric != "people"


# A bare amount of money takes the currency its sentence, else its text, names once.
PRICED = [
    ("扣掉2亿本金和550万利息，净剩290万美元。", "zh", "550万", "USD"),
    ("营收做到了85亿加元。第二年的营收是96亿。", "zh", "96亿", "CAD"),
    ("It is now at nine billion in revenue, up from $4 billion.", "en", "nine billion", "USD"),
    # the same amount said again, of whatever
    (
        "义乌商城的估值涨到了6000亿美元。这6000亿还算便宜，上市时还会更高。",
        "zh",
        "6000亿",
        "USD",
    ),
    (
        "He raised $3 million from Yiwu traders, and the 3 million went fast.",
        "en",
        "3 million",
        "USD",
    ),
]


@pytest.mark.parametrize(("text", "lang", "raw", "unit"), PRICED)
def test_a_bare_amount_of_money_takes_its_texts_currency(table, text, lang, raw, unit):
    found = link_figures(extract_figures(text, lang), text, date="2025-08-20", entities=table)
    [f] = [f for f in found if f.raw == raw]
    assert (f.kind, f.unit) == ("money", unit)


@pytest.mark.parametrize(
    ("text", "raw", "per"),
    [
        ("义乌仓库每小时的租赁价格一度攀升至6美元。", "6美元", "hour"),
        ("义乌仓库每小时的租金从2美元涨到了6美元。", "6美元", "hour"),  # the level it came to
        ("义乌仓库每小时的租金是2美元，6美元的也有。", "6美元", None),  # another clause's
        ("义乌工人每小时能挣20元。", "20元", "hour"),
        ("义乌公司每股的发行价定在12元。", "12元", "share"),
        ("义乌公司每年营收100亿元。", "100亿元", None),  # a year's revenue, not a price
        ("义乌工人每小时能挣不少，一年到手5万元。", "5万元", None),  # another clause's
    ],
)
def test_a_price_takes_the_unit_its_clause_names_with_it(text, raw, per):
    [f] = [f for f in extract_figures(text, "zh") if f.raw == raw]
    assert f.per == per and (f.kind == "price") == (per is not None)


@pytest.mark.parametrize(
    ("text", "lang", "raw", "kind", "per"),
    [
        ("义乌的白银卖60美元一盎司。", "zh", "60美元一盎司", "price", "ounce"),
        ("义乌的仓库租5000元一个月。", "zh", "5000元一个月", "price", "month"),
        ("义乌的水饺7块钱一斤。", "zh", "7块钱一斤", "price", "jin"),
        ("义乌的民宿300元一晚。", "zh", "300元一晚", "price", "night"),
        ("义乌仓库每天的开销可达1500元。", "zh", "1500元", "price", "day"),
        ("义乌的会员费每年88元。", "zh", "每年88元", "price", "year"),
        ("他每个月在义乌送货能赚3000元。", "zh", "3000元", "price", "month"),
        ("义乌的月均房租为1500元。", "zh", "1500元", "price", "month"),
        ("义乌的日均成交额为1.2亿元。", "zh", "1.2亿元", "price", "day"),
        ("义乌每年增长10%。", "zh", "10%", "percent", None),
        ("股价的20日均线已经来到了45美元。", "zh", "45美元", "money", None),
        ("The Yiwu app costs $14 a month.", "en", "$14 a month", "price", "month"),
        ("Silver traded at $60 an ounce.", "en", "$60 an ounce", "price", "ounce"),
        ("Sales grew 10% a year ago.", "en", "10%", "percent", None),
        # only money is a price; a count, measure or length keeps the per-unit, not its words
        ("义乌口岸每天3000人通关。", "zh", "3000人", "count", "day"),
        ("义乌口岸3000人一天。", "zh", "3000人", "count", "day"),
        ("义乌的师傅每天工作11小时。", "zh", "11小时", "duration", "day"),
        ("义乌工厂的月产能提升到8万件。", "zh", "8万件", "count", "month"),
        ("义乌每周要运走200吨货。", "zh", "200吨", "measure", "week"),
        ("The Yiwu port clears 3,000 people a day.", "en", "3,000 people", "count", "day"),
        ("She trains 2 hours a day.", "en", "2 hours", "duration", "day"),
        ("每10万人有3家书店。", "zh", "3家", "count", None),
    ],
)
def test_a_price_says_its_unit_after_the_amount(text, lang, raw, kind, per):
    [f] = extract_figures(text, lang)
    assert (f.raw, f.kind, f.per) == (raw, kind, per)


def test_the_level_a_rate_came_to_is_said_per_the_same_unit_of_time():
    found = extract_figures("义乌工厂的月产能从5万件提升至8万件，员工有900名。", "zh")
    assert [(f.raw, f.per) for f in found] == [("5万件", "month"), ("8万件", "month"),
                                               ("900名", None)]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["The Yiwu exchange had 18,000 vacuum tubes.", "Yiwu has shipped 6 million of the lanterns."],
)
def test_a_large_number_before_what_it_counts_is_a_count(text):
    [f] = extract_figures(text, "en")
    assert (f.kind, f.unit) == ("count", "count")


def test_the_level_a_count_came_to_counts_the_same_thing():
    found = extract_figures("义乌这款应用的月活用户从4.5亿增长到6.5亿。", "zh")
    assert [(f.raw, f.kind, f.metric) for f in found] == [("4.5亿", "count", "users"),
                                                           ("6.5亿", "count", "users")]  # fmt: skip


def test_a_measure_counts_nothing_after_it():
    [f] = extract_figures("义乌的工厂每年产300吨晶圆", "zh")
    assert (f.raw, f.unit, f.metric) == ("300吨", "t", None)


@pytest.mark.parametrize(
    ("text", "lang", "found"),
    [
        ("义乌的工厂做4纳米晶圆", "zh", []),
        ("义乌晶圆厂的5纳米制程", "zh", []),
        ("Yiwu Chips moved to 3 nm last year.", "en", []),
        # a length in nanometres says what it measures
        ("原子的直径仅为0.1纳米", "zh", ["0.1纳米"]),
        ("这台机器能刻出11纳米的线条", "zh", ["11纳米"]),
        ("light with a wavelength of 4.48 nanometers", "en", ["4.48 nanometers"]),
        ("波长500纳米的光", "zh", ["500纳米"]),
    ],
)
def test_a_process_node_is_a_name_not_a_length(text, lang, found):
    assert [f.raw for f in extract_figures(text, lang)] == found


def test_a_bare_amount_stays_bare_where_currencies_compete(table):
    text = "营收是5亿美元，另一家的营收是3亿欧元。明年营收会到10亿。"
    [f] = [f for f in link_figures(extract_figures(text, "zh"), text, entities=table)
           if f.raw == "10亿"]  # fmt: skip
    assert (f.kind, f.unit) == ("number", "")


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("我在微信群里有数百位义乌的朋友。", None),
        ("他在推特上有300万粉丝。", None),
        ("特斯拉在天猫上卖出了200辆车。", "tesla"),
        # set off before the clause it frames, within it, or spent on: theirs
        ("在微信上，月活用户达到13亿。", "wechat"),
        ("在小米内部有500个项目。", "xiaomi"),
        ("义乌商会每年在英伟达上花费3亿美元。", "nvidia"),
    ],
)
def test_a_platform_something_is_done_on_is_not_its_subject(table, text, entity):
    [f] = link_figures(extract_figures(text, "zh"), text, date="2025-08-20", entities=table)
    assert f.entity == entity


def test_an_episodes_own_names_are_its_figures_subjects(table):
    text = "义乌小商品城的营收增长了12%。"
    own = table.extended([("义乌小商品城", "yiwusmallcommoditiescity", "company")])
    [plain] = link_figures(extract_figures(text, "zh"), text, entities=table)
    [f] = link_figures(extract_figures(text, "zh"), text, entities=own)
    assert plain.entity is None and f.entity == "yiwusmallcommoditiescity"


@pytest.mark.parametrize(("text", "lang", "raw", "unit", "metric"), COUNTED)
def test_counts_carry_what_they_count(table, text, lang, raw, unit, metric):
    [f] = link_figures(extract_figures(text, lang), text, date="2025-08-20", entities=table)
    assert (f.raw, f.unit, f.metric, f.metric_confidence) == (raw, unit, metric, 0.9)


# Links read by syntax: (text, lang, heading, metric, entity, period); episode of 2025-08-20.
LINKS = [
    # periods in every script, relative ones against the episode's date
    ("二零二五年第三季度营收增长了12%。", "zh", "", "revenue change", None, "2025Q3"),
    ("一九九九年，公司营收只有3亿美元。", "zh", "", "revenue", None, "1999"),
    ("二零二四年，公司净赚12亿元。", "zh", "", "net income", None, "2024"),
    ("1789 年，98% 的人是农民。", "zh", "", "share", None, "1789"),
    ("公司预计2026全年的每股收益将达到30.3美元。", "zh", "", "eps", None, "2026"),
    ("I raised my end of year target to 7,200.", "en", "", None, None, "2025"),
    ("这里的平均年收入是524万日元。", "zh", "", None, None, None),
    ("The firm booked $2 billion in revenue last year.", "en", "", "revenue", None, "2024"),
    (
        "十月份营收为5亿美元，年底前还有一次发布。然后股价在今年的十二月份达到200美元。",
        "zh",
        "",
        "price",
        None,
        "2025-12",
    ),
    ("二〇二四年全年净利润为8亿元。", "zh", "", "net income", None, "2024"),
    ("25财年营收达到60亿美元。", "zh", "", "revenue", None, "FY2025"),
    ("本季度毛利率为41%。", "zh", "", "gross margin", None, "2025Q3"),
    ("上个月营收为5亿美元。", "zh", "", "revenue", None, "2025-07"),
    ("三年前公司只有200名员工。", "zh", "", "employees", None, "2022"),
    ("Revenue this quarter was $2 billion.", "en", "", "revenue", None, "2025Q3"),
    ("Five years ago it had 200 employees.", "en", "", "employees", None, "2020"),
    # a start or a comparison's other side is not the figure's period
    ("自2021年以来股价上涨了300%。", "zh", "", "price change", None, None),
    ("Since 2021, the stock has risen 300%.", "en", "", None, None, None),
    ("营收为30亿美元，比2022年增长了10%。", "zh", "", "revenue", None, None),
    ("较上个月的2.8%明显放缓。", "zh", "", None, None, "2025-07"),
    ("出口增速比去年的近3%明显放缓。", "zh", "", None, None, "2024"),
    ("食品板块年初至今上涨了9%。", "zh", "", None, None, "2025-01..2025-08"),
    ("The index is up 9% year to date.", "en", "", None, None, "2025-01..2025-08"),
    ("义乌的出口今年以来增长了12%。", "zh", "", None, None, "2025-01..2025-08"),
    ("Yiwu's exports are up 12% so far this year.", "en", "", None, None, "2025-01..2025-08"),
    (
        "In the first 4 months of 2025, Yiwu cut 1,500 jobs.",
        "en",
        "",
        "jobs",
        None,
        "2025-01..2025-04",
    ),
    ("义乌的出口今年增长了12%。", "zh", "", None, None, "2025"),
    ("核心通胀月环比上涨0.2%。", "zh", "", "inflation mom", None, None),
    # the period of the sentence before; not the paragraph's or the heading's
    ("苹果2024年的表现不错。营收达到400亿美元。", "zh", "", "revenue", None, "2024"),
    ("营收达到400亿美元。", "zh", "苹果2024年财报", "revenue", "apple", None),
    ("2024年苹果发布了新品。大家都很期待。营收达到400亿美元。", "zh", "", "revenue", None, None),
    # but the items of a list share the period of its lead, back to its colon
    (
        "商会调查显示：截至2025年3月，40%的义乌工厂亏损；28家工厂连续两年亏损；9家工厂无法偿还贷款。",
        "zh",
        "",
        "factories",
        None,
        "2025-03",
    ),  # fmt: skip
    (
        "2024年（旺季：义乌）很热闹；53家工厂连续三年亏损；15家工厂无法清偿债务。",
        "zh",
        "",
        "factories",
        None,
        None,
    ),  # fmt: skip
    # the time of speaking, against the episode's date
    ("目前市销率约为22倍。", "zh", "", "ps ratio", None, "2025-08"),
    ("昨天股价涨了20%。", "zh", "", "price change", None, "2025-08"),
    ("上周股价下跌了3%。", "zh", "", "price change", None, "2025-08"),
    ("昨晚纳指下跌了2%。", "zh", "", None, "nasdaq", "2025-08"),
    # the sentence before's time of speaking dates a move, not a level
    ("今天大盘震荡。英伟达下跌了2%。", "zh", "", None, "nvidia", "2025-08"),
    ("今天我们在92美元看到了买盘。我希望股价不再回到80美元。", "zh", "", "price", None, None),
    ("The stock was down about 2% on the day.", "en", "", None, None, "2025-08"),
    ("This week, Japan is investing $6 billion.", "en", "", None, "japan", "2025-08"),
    ("从2020年到现在涨了5倍。", "zh", "", None, None, None),
    # the time of speaking yields to a period its sentence names: 昨天 dates the telling
    ("苹果昨天公布了2024年第四季度财报。营收达到1240亿美元。", "zh", "", "revenue", None, "2024Q4"),
    (
        "义乌商会此前预计7月出口为50亿元，而海关今天公布的数字是45亿元。",
        "zh",
        "",
        None,
        None,
        "2025-07",
    ),
    # but said right before the figure in its own clause, it is the figure's
    ("义乌科技2027年的市盈率为30倍，按的是当前120美元的股价。", "zh", "", "price", None, "2025-08"),
    ("义乌科技2027年的目标价为200美元，目前股价只有120美元。", "zh", "", "price", None, "2025-08"),
    # the subject, skipping sources and speakers
    ("据彭博社报道，苹果营收增长了8%。", "zh", "", "revenue change", "apple", None),
    ("彭博社的数据显示，营收增长了8%。", "zh", "", "revenue change", None, None),
    (
        "According to Bloomberg, Tesla delivered 400,000 vehicles.",
        "en",
        "",
        "vehicles",
        "tesla",
        None,
    ),
    ("A CNN poll shows about 60% of voters agree.", "en", "", "share", None, None),
    ("按《金融时报》推算，义乌今年的出口增速约为6%。", "zh", "", None, None, "2025"),
    ("据接近黄仁勋的人士透露，上个月招聘了3000名工程师。", "zh", "", "people", None, "2025-07"),
    ("黄仁勋表示，营收将达到300亿美元。", "zh", "英伟达财报", "revenue", "nvidia", None),
    # a name beyond the sentence only when nothing competes; one after it is a customer
    ("苹果发布了财报，苹果的股价大涨。营收增长了8%。", "zh", "", "revenue change", "apple", None),
    (
        "苹果发布了财报。营收增长了8%。",
        "zh",
        "",
        "revenue change",
        None,
        None,
    ),  # named once in passing
    ("苹果发布了财报。营收增长了8%。", "zh", "苹果财报", "revenue change", "apple", None),
    ("苹果和微软都发布了财报。营收增长了8%。", "zh", "", "revenue change", None, None),
    ("营收达到50亿美元，主要来自微软和亚马逊。", "zh", "英伟达财报", "revenue", "nvidia", None),
    # what a multiple is of, with its period, is the base, not the figure's subject
    ("这是2019年英伟达营收的三倍。", "zh", "", "revenue", None, None),
    ("英伟达2025年的营收是AMD的三倍。", "zh", "", "revenue", "nvidia", "2025"),
    (
        "中国的产能明年可能达到越南的五倍。",
        "zh",
        "",
        None,
        "china",
        "2026",
    ),  # a verb between: no base
    # a place in the heading sets the scene: the figures it alone names are often another's
    ("营收达到50亿加元。", "zh", "加拿大的房地产", "revenue", None, None),
    # a place is a subject, unless it says where a named company does something
    ("在加拿大，失业率为6.5%。", "zh", "", "unemployment rate", "canada", None),
    ("加拿大98%的能源出口都卖给了美国。", "zh", "", None, "canada", None),
    ("英伟达在中国的营收为50亿美元。", "zh", "", "revenue", "nvidia", None),
    ("The US economy grew 2% last year.", "en", "", None, "unitedstates", "2024"),
    ("Tesla sold 80,000 cars in China.", "en", "", "vehicles", "tesla", None),
    ("欧洲以外的市场占营收的60%。", "zh", "", "revenue", None, None),
    # a name glossed in brackets is the name before it: a source stays a source
    ("根据联邦调查局（FBI）的数据，去年有1200名嫌犯落网。", "zh", "", "people", None, "2024"),
    # people who remind, mention or are told are no subject
    ("1990年，巴菲特就提醒大家，最后仅有3家汽车公司存活。", "zh", "", "companies", None, "1990"),
    ("一位研究员告诉《纽约时报》，她研究蜘蛛近二十年。", "zh", "", None, None, "2005..2025"),
    # the other side of a comparison is not the subject, nor a name that begins a longer one
    ("日本的出口额是韩国的80%。", "zh", "", None, "japan", None),
    ("在网页端，ChatGPT的规模是Gemini的2.7倍。", "zh", "", None, "chatgpt", None),
    ("英伟达的营收比AMD高出20%。", "zh", "", "revenue", "nvidia", None),
    ("比特币的价格下跌了3%。", "zh", "", "price change", "bitcoin", None),
    ("GPT-5.7 的准确率提高了23%。", "zh", "", None, None, None),
    # beyond the sentence, a person or a length of time is nobody's
    ("巴菲特常说要有耐心，巴菲特很少卖出。那家店开了40年。", "zh", "", None, None, None),
    ("巴菲特常说要有耐心，巴菲特很少卖出。营收增长了8%。", "zh", "", "revenue change", None, None),
    ("苹果发布了财报，苹果的股价大涨。这家店开了40年。", "zh", "", None, None, None),
    # a metric word in an earlier clause names only a change or share of it
    ("营收598亿美元，同比增长84%。", "zh", "", "revenue yoy", None, None),
    ("营收为30亿美元，公司另外花了5亿美元。", "zh", "", None, None, None),
    ("利息支出是400亿美元，占所有支出的13%。", "zh", "", "interest", None, None),
    ("营收增长20%，门店扩张很快，利润率下降了3%。", "zh", "", "margin", None, None),
    # the measures of an economy
    ("加拿大的失业率升至6.9%。", "zh", "", "unemployment rate", "canada", None),
    ("The jobless rate rose to 4.3% last month.", "en", "", "unemployment rate", None, "2025-07"),
    ("十年期国债收益率一度逼近4.5%。", "zh", "", "bond yield", None, None),
    ("核心CPI同比上涨3.4%。", "zh", "", "inflation yoy", None, None),
    # a metric word inside a longer word is none (融资 in 金融资产, 回购 in 回购市场)
    ("居民资产中，非金融资产占33%。", "zh", "", "share", None, None),
    ("回购市场的300亿美元借款断供了。", "zh", "", "financing", None, None),
    # an expectation or analysis is a source's
    ("高盛他们的预期是8万人。", "zh", "", "people", None, None),
    # a share of what no lexicon word names is a share
    ("银行持有320万股，占总股本3%。", "zh", "", "share", None, None),
    ("营收占比为40%。", "zh", "", "revenue", None, None),
    ("调查发现，将近六成的受访者不打算换车。", "zh", "", "share", None, None),
    ("Roughly 40% of voters said they would stay home.", "en", "", "share", None, None),
    ("About 70% of the revenue now comes from software.", "en", "", "revenue", None, None),
    # ages, pay and discounts
    ("他16岁时离开了家乡。", "zh", "", "age", None, None),
    ("She was 34 years old when she sold it.", "en", "", "age", None, None),
    ("The job went to a 27-year-old engineer.", "en", "", "age", None, None),
    ("这里的最低时薪是17.2加元。", "zh", "", "salary", None, None),
    ("结账时享受15%的折扣。", "zh", "", "discount", None, None),
    # a gloss's explanation names no metric; bookings are no backlog
    (
        "苹果的PEG比率（PEG Ratio: 市盈率与增长率之比）约为2倍。",
        "zh",
        "",
        "peg ratio",
        "apple",
        None,
    ),
    ("积压订单达到800亿美元。", "zh", "", "backlog", None, None),
    ("新签订单同比增长11%。", "zh", "", "bookings yoy", None, None),
    # named ratios, net margin, profit and a probability
    ("这家公司的市净率只有1.2倍。", "zh", "", "pb ratio", None, None),
    ("It trades at 12 times sales on a P/S basis, a P/S of 12x.", "en", "", "ps ratio", None, None),
    ("管理层说ROIC能维持在18%以上。", "zh", "", "roic", None, None),
    ("Return on equity came in at 21%.", "en", "", "roe", None, None),
    ("它的净利率只有6.5%，远低于同行。", "zh", "", "net margin", None, None),
    ("Its net profit margin was 31%.", "en", "", "net margin", None, None),
    ("公司的利润同比下滑了7%。", "zh", "", "profit yoy", None, None),
    ("Profits rose 15% last year.", "en", "", "profit change", None, "2024"),
    ("我觉得有七成的概率会降息。", "zh", "", "probability", None, None),
    ("Traders now see a 65% chance of a cut.", "en", "", "probability", None, None),
    # a level reached after the clause that names what reached it; a traded price's level
    ("它的毛利率连续三个季度下滑，最后降到了38%。", "zh", "", "gross margin", None, None),
    (
        "The jobless rate kept climbing for months, then fell back to 4.1%.",
        "en",
        "",
        "unemployment rate",
        None,
        None,
    ),
    ("营收为30亿美元，公司另外花了5亿美元。", "zh", "", None, None, None),
    ("这只股票周五收于86.5美元。", "zh", "", "price", None, "2025-08"),  # the Friday before
    ("它很可能回踩9万美元的支撑位。", "zh", "", "price", None, None),
    ("Shares closed at $212 after the call.", "en", "", "price", None, None),
    ("基金以每股48美元买入。", "zh", "", "price", None, None),
    ("The fund bought in at $31 a share.", "en", "", "price", None, None),
    ("公司计划通过市价发行再筹集40亿美元。", "zh", "", None, None, None),  # an offering, no price
    # a multiple is a valuation ratio's rather than its base's; 毛利润率 is a margin
    ("按这个价格，市盈率也就是盈利的18倍。", "zh", "", "pe ratio", None, None),
    ("把软件业务的盈利按20倍市盈率估值。", "zh", "", "pe ratio", None, None),
    ("毛利润率回升到了62%。", "zh", "", "gross margin", None, None),
    ("Adjusted EBITDA came in at $410 million.", "en", "", "ebitda", None, None),
    # a cause set inside the clause names no metric of the figure's
    ("炼油厂的利润因为原油价格走高而同比减少了9%。", "zh", "", "profit yoy", None, None),
    # a count is never revenue; words such as "in return" name no metric
    ("营收增长20%，员工增至1万人。", "zh", "", "people", None, None),
    ("In return, they hired 300 engineers.", "en", "", None, None, None),
]


@pytest.mark.parametrize("date", ["0000-00-00", "2025-13-01", "20", "2025", "abcd-ef-gh"])
def test_a_date_that_is_not_a_day_resolves_no_relative_period(table, date):
    text = "今年营收增长了20%。"
    [f] = link_figures(extract_figures(text, "zh"), text, date=date, entities=table)
    assert (f.period, f.period_confidence) == (None, None)


@pytest.mark.parametrize(("text", "lang", "heading", "metric", "entity", "period"), LINKS)
def test_links_by_syntax(table, text, lang, heading, metric, entity, period):
    found = link_figures(
        extract_figures(text, lang), text, heading=heading, date="2025-08-20", entities=table
    )
    f = found[-1]
    assert (f.metric, f.entity, f.period) == (metric, entity, period)
    for link, confidence in (
        (f.metric, f.metric_confidence),
        (f.entity, f.entity_confidence),
        (f.period, f.period_confidence),
    ):
        assert (confidence is None) == (link is None) and (
            confidence is None or 0 < confidence <= 1
        )


@pytest.mark.parametrize(
    ("text", "date", "period"),
    [
        ("本季度营收为20亿美元。", "2025-08-20", "2025Q3"),
        ("本季度营收为20亿美元。", "2025-10-28", "2025Q3"),  # results of the quarter just ended
        ("上个季度营收为20亿美元。", "2025-08-20", "2025Q2"),
        ("第三季度营收为20亿美元。", "2025-11-12", "2025Q3"),
        ("第四季度营收为20亿美元。", "2026-02-10", "2025Q4"),
        ("12月营收为20亿美元。", "2026-01-15", "2025-12"),
        ("预计12月营收为20亿美元。", "2025-11-12", "2025-12"),
    ],
)
def test_periods_said_without_a_year_are_read_against_the_episodes_date(table, text, date, period):
    [f] = link_figures(extract_figures(text, "zh"), text, date=date, entities=table)
    assert f.period == period and f.period_confidence < 0.95


# A period the figure's sentence states, read by general rules: (text, lang, episode date, period
# of the last figure). 2025-08-20 is a Wednesday.
STATED = [
    # months or quarters of one year counted from January are that year to date, a span
    ("2024年前三季度，营收为50亿元。", "zh", "2025-08-20", "2024-01..2024-09"),
    ("去年前三个季度，营收为50亿元。", "zh", "2025-08-20", "2024-01..2024-09"),
    ("前三季度营收为50亿元。", "zh", "2025-11-05", "2025-01..2025-09"),
    ("1到7月份，社会消费品零售总额增长4.8%。", "zh", "2025-08-20", "2025-01..2025-07"),
    ("1至5月，财政收入下降了2%。", "zh", "2026-01-10", "2025-01..2025-05"),
    ("2024年1月到7月，出口增长了5%。", "zh", "2025-08-20", "2024-01..2024-07"),
    ("2024 年 12 月的出口为 90 亿元。", "zh", "2025-08-20", "2024-12"),
    (
        "In the first seven months of the year, exports rose 6%.",
        "en",
        "2025-08-20",
        "2025-01..2025-07",
    ),
    ("From January through July, exports rose 6%.", "en", "2025-08-20", "2025-01..2025-07"),
    # a span of years or months is labelled by its ends, and leaves the sentence before unread;
    # one of quarters, or of months without their year, has no label
    ("从2019年到2023年，营收增长了3倍。", "zh", "2025-08-20", "2019..2023"),
    ("2026-2028年，每年采购不少于120亿美元。", "zh", "2025-08-20", "2026..2028"),
    ("二零一九年到二零二三年，营收增长了3倍。", "zh", "2025-08-20", "2019..2023"),
    ("3-5月，股价上涨了20%。", "zh", "2025-08-20", None),
    ("公司在2021年上市。2019到2023年，营收增长了3倍。", "zh", "2025-08-20", "2019..2023"),
    ("From 2019 to 2023, revenue tripled to $3 billion.", "en", "2025-08-20", "2019..2023"),
    ("Between 2019 and 2023, revenue tripled to $3 billion.", "en", "2025-08-20", "2019..2023"),
    ("从2024年1月到2025年7月，股价上涨了50%。", "zh", "2025-08-20", "2024-01..2025-07"),
    ("2024年5月至8月，义乌的客流减少了12%。", "zh", "2025-08-20", "2024-05..2024-08"),
    ("比2022年到2024年的均值高出5%。", "zh", "2025-08-20", None),
    ("第一季度到第四季度的营收分别为2.3、1.9、1.6、1.4亿美元。", "zh", "2025-08-20", None),
    ("从2019年到2021年底，三年内贷款达到了104亿美元。", "zh", "2025-08-20", "2019..2021"),
    ("2019到2023年，营收增长了3倍。公司有200名员工。", "zh", "2025-08-20", None),
    ("公司在2021年上市。未来三年内，营收将增长50%。", "zh", "2025-08-20", "2025..2028"),
    # a span counted from the episode's date, back or ahead, is labelled by its ends
    ("义乌的股价过去三年涨了200%。", "zh", "2025-08-20", "2022..2025"),
    ("近十年来，义乌的出口增长了5倍。", "zh", "2025-08-20", "2015..2025"),
    ("过去12个月营收增长了20%。", "zh", "2025-08-20", "2024-08..2025-08"),
    ("十几年来营收增长了5倍。", "zh", "2025-08-20", None),
    ("义乌商会与他有近七十年的交情。", "zh", "2025-08-20", "1955..2025"),
    ("他在义乌干了将近二十年，分红只占利润的5%。", "zh", "2025-08-20", None),
    ("三十多年以来，义乌的出口增长了9倍。", "zh", "2025-08-20", "1995..2025"),
    ("在過去 20 年裡，義烏的出口增長了9倍。", "zh", "2025-08-20", "2005..2025"),
    ("义乌计划在未来十年、甚至二十年里扩建市场。", "zh", "2025-08-20", None),
    ("义乌商会有80亿元的订单，未来两年交货。", "zh", "2025-08-20", None),
    ("Over the past two decades the Yiwu fund returned 9%.", "en", "2025-08-20", "2005..2025"),
    (
        "In the last 12 months, 31% of Yiwu shops added a website.",
        "en",
        "2025-08-20",
        "2024-08..2025-08",
    ),
    ("Over the next ten years it will spend $5 billion.", "en", "2025-08-20", "2025..2035"),
    ("Revenue grew 20% last year.", "en", "2025-08-20", "2024"),
    # a weekday is the month of the latest such day by the episode; 上周五 of the week before
    ("周二纳指下跌了1.2%。", "zh", "2025-08-20", "2025-08"),
    ("周五收盘价为210美元。", "zh", "2026-04-27", "2026-04"),
    ("周四公布的非农新增了7万人。", "zh", "2025-08-04", "2025-07"),
    ("The Nasdaq fell 1.2% on Tuesday.", "en", "2025-08-20", "2025-08"),
    ("Last Friday, shares fell 4%.", "en", "2025-08-01", "2025-07"),
    ("2008年9月15日，周一，道指下跌了4.4%。", "zh", "2025-08-20", "2008-09"),
    ("周一到周五，每天工作8小时。", "zh", "2025-08-20", None),
    ("这3周一直在跌，跌了12%。", "zh", "2025-08-20", None),
    ("Sales jumped 30% on Black Friday.", "en", "2025-08-20", None),
    ("学者周天勇认为，增长率会跌到2.5%。", "zh", "2025-08-20", None),
    ("前天，公司宣布再投资40亿美元。", "zh", "2025-08-20", "2025-08"),
    ("周三纳指大涨。研究人员混合了数十种成分。", "zh", "2025-08-20", None),
    ("周五公司宣布把计划推迟90天。", "zh", "2025-08-20", None),
    # a fiscal year or quarter is never a calendar one
    ("Revenue this fiscal year will be about $5 billion.", "en", "2025-08-20", "FY2025"),
    ("Revenue for fiscal Q3 2025 was $5 billion.", "en", "2025-08-20", "FY2025Q3"),
    ("Fiscal third-quarter revenue was $5 billion.", "en", "2025-08-20", None),
    ("财年Q3营收为50亿美元。", "zh", "2025-08-20", None),
    # a change against the same period a year before is of the year after it
    ("营收较去年同期增长了20%。", "zh", "2025-08-20", "2025"),
    ("营收是去年同期的3倍。", "zh", "2025-08-20", "2025"),
    ("Revenue rose 20% from the same quarter last year.", "en", "2025-08-20", "2025"),
    ("第二季度营收较去年同期增长了20%。", "zh", "2025-08-20", "2025Q2"),
    ("营收较去年同期增长了20%。", "zh", "2026-01-20", None),  # results of last year, mostly
    # this month or quarter to date; the quarter just ended
    ("本月迄今，指数上涨了3%。", "zh", "2025-08-20", "2025-08"),
    ("本季度以来，股价上涨了30%。", "zh", "2025-08-20", "2025Q3"),
    ("刚刚过去的这个季度，营收为87亿美元。", "zh", "2025-05-01", "2025Q1"),
    # a day's move in a paragraph whose only time is that day; not any other figure there
    ("今天义乌股市大跌。义乌小商品下跌了3%。", "zh", "2025-08-20", "2025-08"),
    ("今天聊聊义乌。义乌很热闹。义乌小商品的营收是5亿元。", "zh", "2025-08-20", None),
    ("Stocks fell today. Yiwu Trading was down 3%.", "en", "2025-08-20", "2025-08"),
    ("周一义乌股市大跌。义乌小商品下跌了3%，义乌物流上涨了1%。", "zh", "2025-08-20", "2025-08"),
    # periods each inside the next: the narrowest; two apart: neither
    ("回顾三年前，在二零二三年五月高点的时候，均价接近一百二十万。", "zh", "2026-05-10", "2023-05"),
    ("Back in 2024, in the 2024 third quarter, margins reached 31%.", "en", "2025-08-20", "2024Q3"),
    ("2021年和2022年，营收合计为87亿美元。", "zh", "2025-08-20", None),
]


@pytest.mark.parametrize(
    ("text", "lang", "kept"),
    [
        ("义乌商会看了过去七十年的账本。", "zh", []),
        ("三十年来，义乌新建了12家工厂。", "zh", [("12家", "1995..2025")]),
        ("未来五年，义乌计划新建3家工厂。", "zh", [("3家", "2025..2030")]),
        ("Over the past two decades the Yiwu fund returned 9%.", "en", [("9%", "2005..2025")]),
        # a length said as nearly or as passed is one
        ("义乌商会与他有近七十年的交情。", "zh", [("七十年", "1955..2025")]),
        ("义乌的大火已经过去41年了。", "zh", [("41年", "1984..2025")]),
        ("She has run the Yiwu shop for the last 14 years.", "en", [("14 years", "2011..2025")]),
    ],
)
def test_a_span_counted_from_now_dates_its_clause_and_is_no_figure(table, text, lang, kept):
    linked = link_figures(extract_figures(text, lang), text, date="2025-08-20", entities=table)
    assert [(f.raw, f.period) for f in linked] == kept


@pytest.mark.parametrize(("text", "lang", "date", "period"), STATED)
def test_periods_a_sentence_states(table, text, lang, date, period):
    f = link_figures(extract_figures(text, lang), text, date=date, entities=table)[-1]
    assert f.period == period


def test_the_same_period_a_year_before_dates_no_figure_before_it(table):
    text = "营收为50亿美元，去年同期为40亿美元。"
    found = link_figures(extract_figures(text, "zh"), text, date="2025-08-20", entities=table)
    assert [(f.raw, f.period) for f in found] == [("50亿美元", None), ("40亿美元", "2024")]


# Whose figure it is, when the sentence names others around it: (text, lang, heading, entity).
SUBJECTS = [
    # the other side of a comparison is no subject
    ("小米的员工数与苹果相当，但利润只有3亿美元。", "zh", "", "xiaomi"),
    ("和苹果相比，小米的利润率只有5%。", "zh", "", "xiaomi"),
    ("Xiaomi grew faster than Apple, up 30% this year.", "en", "", "xiaomi"),
    # a list of names shares the figure; a name and its own product are no list
    ("微软、谷歌和Meta的股价都涨了3%。", "zh", "", None),
    ("Microsoft, Google and Meta all rose 3% today.", "en", "", None),
    ("每月花200美元订阅Claude和Claude Code。", "zh", "", "claude"),
    # a promo code, a link or a speaker's label names no subject
    ("结账时输入优惠码 Notion 可享受 20% 的折扣。", "zh", "", None),
    ("Go to example.com/notion and use code NOTION for 20% off.", "en", "", None),
    ("黄仁勋: 那时候大概有两万名员工吧。", "zh", "", None),
    # where a name is published or interviewed is no subject
    ("苹果在《华尔街日报》上刊登了整版广告，花了200万美元。", "zh", "", "apple"),
    ("英伟达发表了声明，营收增长了12%。", "zh", "", "nvidia"),
    (
        "Tesla told an interview with The Wall Street Journal that it cut 10% of staff.",
        "en",
        "",
        "tesla",
    ),
    # a name its sentence cites as a source is not taken from the paragraph either
    ("高盛发布了报告，高盛很看好。高盛的分析认为，失业率会到4.5%。", "zh", "", None),
    (
        "Goldman Sachs put out a note. Goldman Sachs is upbeat. According to Goldman Sachs, "
        "unemployment will hit 4.5%.",
        "en",
        "",
        None,
    ),
    # a company's own filing tells its own figures
    ("根据小米发布的公告，公司计划回购10亿港元的股票。", "zh", "", "xiaomi"),
    ("According to Apple's annual report, it employs 160,000 people.", "en", "", "apple"),
    # a place a figure comes from is where, not who
    ("公司约90%的零部件从中国进口。", "zh", "", None),
    ("About 90% of its revenue comes from China.", "en", "", None),
    ("There are 300 million cars in the United States.", "en", "", "unitedstates"),
    # a name written partly in Chinese has no case to match by
    ("标普500上涨了0.8%。", "zh", "", "sp500"),
    # a person in a clause before only acts there; their own figure and their age are theirs
    ("鲍威尔开了会，说每降1%义乌能省30亿元。", "zh", "", None),
    ("鲍威尔的支持率在义乌只有20%，在杭州是35%。", "zh", "", "jeromepowell"),
    ("鲍威尔来到义乌，那年他51岁。", "zh", "", "jeromepowell"),
    # a place in a clause before is where, unless set off before the clauses it frames
    ("他在日本的仓库干活，一年挣了3万美元。", "zh", "", None),
    ("在加拿大，失业率为6.5%。", "zh", "", "canada"),
    ("在中国的话，其实有很多条线路，电压是800千伏。", "zh", "", "china"),
    # a word ending in 到, 在 or 于 is no "at": 提到，中国… is China's
    ("文章提到，中国在伦敦发行了债券，获得了3倍的认购。", "zh", "", "china"),
    ("马来西亚对于中国的好感度升到了77%。", "zh", "", "malaysia"),
    # a comma inside a gloss ends no clause
    ("这将对美国GDP（国内生产总值，即产出总量）产生1.9%的负面影响。", "zh", "", "unitedstates"),
    # a name after the figure is its subject, not the next item of a list or a partner
    ("义乌的提案得到了5名共和党议员的赞成。", "zh", "", "republicanparty"),
    ("我在义乌的70%的货和马斯克一起运。", "zh", "", None),
    ("It rose 2% after a strong quarter by Nvidia.", "en", "", None),
    # a clause that is a move of a subject kb does not know keeps the name before to its clause
    ("义乌指数上涨0.8%，纳指上涨2.3%，义乌小盘下跌0.4%。", "zh", "", None),
    ("义乌指数上涨0.8%，纳指上涨1.7%，道指下跌0.6%。", "zh", "", "dowjonesindustrialaverage"),
    ("恒指收涨1.2%。", "zh", "", "hangsengindex"),
    ("标普今天上涨了0.6%。", "zh", "", "sp500"),
    ("英伟达的营收增长了12%，它的股价上涨了5%。", "zh", "", "nvidia"),
    ("英伟达发布财报，盘后大涨了7%。", "zh", "", "nvidia"),
    # the heading's name is the topic, unless one of a pair
    ("营收增长了9%。", "zh", "英伟达财报点评", "nvidia"),
    ("营收增长了9%。", "zh", "点评：英伟达的新财季", "nvidia"),
    ("两年期收益率下跌了8个基点。", "zh", "就业数据：ADP与非农", None),
    ("全球芯片销售额达4000亿美元。", "zh", "人才、芯片与英伟达的布局", None),
]


@pytest.mark.parametrize(
    ("gloss", "entity"), [("Yiwu Pharma: 一家药企", "yiwupharma"), ("Yiwu", "yiwu")]
)
def test_a_gloss_names_the_term_again_unless_its_name_is_only_part_of_it(gloss, entity):
    table = EntityTable([Entity("yiwupharma", "company", "义乌医药", ()),
                         Entity("yiwu", "place", "Yiwu", ("义乌",))])  # fmt: skip
    text = f"义乌医药（{gloss}）被罚没了4.62亿元。"
    [f] = link_figures(extract_figures(text, "zh"), text, entities=table)
    assert f.entity == entity


@pytest.mark.parametrize(("text", "lang", "heading", "entity"), SUBJECTS)
def test_subjects(table, text, lang, heading, entity):
    found = link_figures(extract_figures(text, lang), text, heading=heading, entities=table)
    assert found[-1].entity == entity
