"""Facet counts: tags, companies, speakers and years over the episodes of a result."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class FacetTable:
    """Every episode's facet values as integer codes, so that a result of a thousand episodes
    is counted by numpy rather than value by value."""

    slots: dict[str, int]  # episode id → its number in `owners`
    facets: dict[str, tuple[list, np.ndarray, np.ndarray, np.ndarray]]
    # name → (values, owners, codes, each value's place in alphabetical order)

    @classmethod
    def build(cls, facet_values: dict[str, dict[str, tuple]]) -> FacetTable:
        slots: dict[str, int] = {}
        facets = {}
        for name, by_episode in facet_values.items():
            values: dict[object, int] = {}
            owners, codes = [], []
            for episode, episode_values in by_episode.items():
                slot = slots.setdefault(episode, len(slots))
                for value in episode_values:
                    owners.append(slot)
                    codes.append(values.setdefault(value, len(values)))
            names = list(values)
            alphabetical = np.argsort(np.argsort(np.array(names, dtype=object)))
            facets[name] = (names, np.array(owners, np.int64), np.array(codes, np.int64),
                            alphabetical)  # fmt: skip
        return cls(slots, facets)

    def count(self, ids: set[str], limit: int) -> dict[str, dict[str, int]]:
        chosen = np.zeros(len(self.slots), bool)
        chosen[[self.slots[e] for e in ids if e in self.slots]] = True
        counts = {}
        for name, (values, owners, codes, alphabetical) in self.facets.items():
            tally = np.bincount(codes[chosen[owners]], minlength=len(values))
            top = np.lexsort((alphabetical, -tally))[:limit]
            counts[name] = {values[i]: int(tally[i]) for i in top.tolist() if tally[i]}
        return counts
