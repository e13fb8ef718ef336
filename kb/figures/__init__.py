"""Figures: the numbers a paragraph cites, read, linked to what they are about, and stored.

extract (a number's value, unit, kind and direction), numerals, periods, links (metric, entity
and period of each figure), align (pairing with the translation), paragraph (all of it for one
paragraph pair) and table (the figures table's SQL); the lexicons live in words and patterns.
"""

from kb.figures.align import align_figures
from kb.figures.extract import extract_figures
from kb.figures.links import link_figures
from kb.figures.numerals import NUMERALS
from kb.figures.paragraph import paragraph_figures

__all__ = ["NUMERALS", "align_figures", "extract_figures", "link_figures", "paragraph_figures"]
