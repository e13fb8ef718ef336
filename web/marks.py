"""A note's text as HTML with its figures and the searched words marked.

The text is cut at every span boundary and each piece escaped on its own, so the only markup on
the page is ours: a note's text is never trusted as HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial

from markupsafe import Markup, escape

from kb.models import FigureRecord


def marked_text(
    text: str,
    figures: Iterable[Mapping] = (),
    words: Iterable[tuple[int, int]] = (),
    link: Callable[[Mapping], str] = lambda figure: f"#figure-{figure['id']}",
) -> Markup:
    """`text` escaped, each figure's [start, end) in a link and each word span in <mark>.

    Figures overlapping an earlier one are left unmarked (a link cannot hold a link); word spans
    are merged and cut where a figure begins or ends, so marks nest inside figure links.
    """
    spans = usable_figures(text, figures)
    merged = merge(words, len(text))
    if not spans and not merged:  # most paragraphs of a long episode: nothing to cut
        return escape(text)
    cuts = sorted({0, len(text)} | {i for f in spans for i in (f["start"], f["end"])}
                  | {i for span in merged for i in span})  # fmt: skip
    opening = {f["start"]: f for f in spans}
    closing = {f["end"] for f in spans}
    # Plain strings joined once: Markup's own % and join cost a third of a long reader page,
    # and every piece of the note's text is escaped here all the same.
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a in opening:
            out.append(figure_tag(opening[a], link(opening[a])))
        piece = escape(text[a:b])
        out.append(f"<mark>{piece}</mark>" if covered(merged, a, b) else piece)
        if b in closing:
            out.append("</a>")
    return Markup("".join(out))


def usable_figures(text: str, figures: Iterable[Mapping]) -> list[Mapping]:
    """Figures whose span lies in `text` and overlaps none before it, in text order."""
    kept: list[Mapping] = []
    for f in sorted(figures, key=lambda f: (f["start"], -f["end"])):
        inside = 0 <= f["start"] < f["end"] <= len(text)
        if inside and (not kept or f["start"] >= kept[-1]["end"]):
            kept.append(f)
    return kept


def merge(spans: Iterable[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """Spans clipped to [0, size), overlapping ones joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(0, a), min(size, b)) for a, b in spans):
        if start >= end:
            continue
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def covered(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(start <= a and b <= end for start, end in spans)


def figure_tag(figure: Mapping, href: str) -> Markup:
    """The opening link of a figure: its anchor, and what it is on hover."""
    classes = "fig mismatch" if figure.get("mismatch") else "fig"
    return Markup('<a class="{}" id="figure-{}" href="{}" title="{}">').format(
        classes, figure["id"], href, describe(figure)
    )


def describe(figure: Mapping | FigureRecord) -> str:
    """revenue · Nvidia · 2025Q3 ↔ $68.1 billion · translation differs: value"""
    get = figure.get if isinstance(figure, Mapping) else partial(getattr, figure)
    parts = [get(k) for k in ("metric", "entity", "period") if get(k)]
    line = " · ".join(parts) or "figure"
    if get("counterpart"):
        line += f" ↔ {get('counterpart')['raw']}"
    if get("mismatch"):
        line += f" · translation differs: {get('mismatch').replace('_', ' ')}"
    return line
