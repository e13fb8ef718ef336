"""Marking figures and searched words in a note's text, and writing figures for reading."""

from __future__ import annotations

import pytest

from web.charts import figure_value
from web.marks import marked_text


def fig(id_: int, start: int, end: int, **more) -> dict:
    return {"id": id_, "start": start, "end": end, "metric": "revenue", "entity": "Nvidia",
            "period": None, "counterpart": None, "mismatch": None} | more  # fmt: skip


def test_markup_in_the_text_is_escaped_around_the_marks():
    text = "<script>alert(1)</script>营收5亿美元"
    html = marked_text(text, [fig(7, 27, 31)], [(25, 27)])
    assert html == (
        "&lt;script&gt;alert(1)&lt;/script&gt;<mark>营收</mark>"
        '<a class="fig" id="figure-7" href="#figure-7" title="revenue · Nvidia">5亿美元</a>'
    )


def test_a_word_overlapping_a_figure_is_cut_at_its_edges():
    text = "营收增长17%以上"
    html = marked_text(text, [fig(1, 4, 7)], [(2, 5), (0, 3)], link=lambda f: "/x?a=1&b=2")
    assert html == (
        "<mark>营收增长</mark>"
        '<a class="fig" id="figure-1" href="/x?a=1&amp;b=2" title="revenue · Nvidia">'
        "<mark>1</mark>7%</a>以上"
    )


def test_overlapping_figures_keep_the_first_and_spans_outside_the_text_are_dropped():
    text = "20%到30%"
    html = marked_text(text, [fig(2, 0, 7), fig(3, 4, 7), fig(4, 5, 40)], [(-3, 1), (9, 12)])
    assert html.count("<a ") == 1 and 'id="figure-2"' in html
    assert html.startswith('<a class="fig" id="figure-2"') and "<mark>2</mark>0%到30%</a>" in html


def test_a_mismatch_is_flagged_with_the_counterpart_on_hover():
    figure = fig(5, 0, 4, mismatch="value", counterpart={"raw": "<b>$5 billion</b>"})
    html = marked_text("50亿元", [figure])
    assert 'class="fig mismatch"' in html
    assert (
        'title="revenue · Nvidia ↔ &lt;b&gt;$5 billion&lt;/b&gt; · translation differs: value"'
        in html
    )


def test_plain_text_is_only_escaped():
    assert marked_text('a < b & "c"') == "a &lt; b &amp; &#34;c&#34;"


@pytest.mark.parametrize(
    ("value", "unit", "per", "shown"),
    [
        (68_100_000_000.0, "USD", None, "68.1 billion USD"),
        (-17.0, "%", None, "-17%"),
        (2.0, "multiple", None, "2×"),
        (166.0, "count", None, "166"),
        (2.72, "USD", "hour", "2.72 USD/hour"),
        (1_500_000_000_000.0, "CNY", None, "1.5 trillion CNY"),
        (1234.5, "", None, "1,234.5"),
        (None, "USD", None, "?"),
    ],
)
def test_values_in_words(value, unit, per, shown):
    assert figure_value(value, unit, per) == shown
