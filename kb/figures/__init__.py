"""Figures: the numbers a paragraph cites, read, linked to what they are about, and stored.

One module per stage: extract finds them (chinese and english read each match, surface the
words around it, numerals the numbers), links ties each to its metric (metrics), entity
(subjects) and period (periods), align pairs the two languages, paragraph does all of it for a
paragraph pair, table stores and selects them and refresh re-reads them when their format
changes. The lexicons live in words and patterns, sentence bounds in sentences.
"""

from kb.figures.align import align_figures
from kb.figures.extract import extract_figures
from kb.figures.links import link_figures
from kb.figures.numerals import NUMERALS
from kb.figures.paragraph import episode_figures, paragraph_figures

__all__ = [
    "NUMERALS",
    "align_figures",
    "episode_figures",
    "extract_figures",
    "link_figures",
    "paragraph_figures",
]
