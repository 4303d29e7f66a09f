"""Agreement of career paths with O*NET Related Occupations, on a fixed held-out half.

- **Split**: occupations are halved by ISCO-08 unit group (SHA-256 of ``SEED:group``), so
  near-identical ESCO siblings never sit on both sides. Half 0 tunes weights and thresholds,
  half 1 is reported.
- **Yardstick**: for an origin with an O*NET link (its best one), the related O*NET codes of
  tiers Primary-Short and Primary-Long that some ESCO occupation links to.
- **Recall@k**: the share of those distinct codes reached by the first k ranked destinations,
  each mapped through all its ``occupation_onet`` links. ``methods`` = ``("reviewed",
  "derived")`` or ``("reviewed",)`` (origins and destinations through reviewed links only).

O*NET Related Occupations are never an input to the similarity (see similarity.py).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from destinai.catalog.db import Catalog

SEED = 7
TIERS = ("Primary-Short", "Primary-Long")
ALL_LINKS = ("reviewed", "derived")


def holdout_half(catalog: Catalog, occupations: Sequence[str]) -> np.ndarray:
    """0 (tuning) or 1 (held out) per occupation, by ISCO unit group."""
    groups = dict(catalog.connection.execute("SELECT uri, isco_group FROM occupations"))
    return np.array([int(hashlib.sha256(f"{SEED}:{groups.get(u) or u}".encode()).hexdigest(),
                         16) % 2 for u in occupations])


class RelatedYardstick:
    """Related O*NET codes per origin and O*NET codes per destination, for one link set."""

    def __init__(self, catalog: Catalog, occupations: Sequence[str],
                 methods: Sequence[str] = ALL_LINKS) -> None:
        links: dict[str, list[str]] = defaultdict(list)
        marks = ",".join("?" * len(methods))
        for uri, code in catalog.connection.execute(
                f"SELECT esco_uri, onet_code FROM occupation_onet WHERE method IN ({marks}) "
                "ORDER BY esco_uri, method = 'reviewed' DESC, confidence DESC, onet_code",
                tuple(methods)):
            links[uri].append(code)
        reachable = {c for codes in links.values() for c in codes}
        related: dict[str, set[str]] = defaultdict(set)
        for code, other, tier in catalog.connection.execute(
                "SELECT code, related_code, tier FROM onet_related"):
            if tier in TIERS:
                related[code].add(other)
        self.codes = [set(links.get(u, ())) for u in occupations]
        self.wanted: dict[int, set[str]] = {}
        for i, uri in enumerate(occupations):
            if links.get(uri):
                want = related.get(links[uri][0], set()) & reachable
                if want:
                    self.wanted[i] = want

    def recall(self, ranked: Callable[[int], Sequence[int]], origins: Sequence[int] | None = None,
               ks: Sequence[int] = (10, 20)) -> dict[str, float]:
        """Mean recall@k over ``origins`` (default: all with a yardstick); ``ranked(o)`` gives
        destination indices best first. Returns ``{"recall@10": …, "n": …}``."""
        chosen = [o for o in (self.wanted if origins is None else origins) if o in self.wanted]
        scores: dict[int, list[float]] = {k: [] for k in ks}
        for o in chosen:
            order = list(ranked(o))
            for k in ks:
                hit = set().union(*(self.codes[d] for d in order[:k])) & self.wanted[o]
                scores[k].append(len(hit) / len(self.wanted[o]))
        return {**{f"recall@{k}": float(np.mean(v)) if v else 0.0 for k, v in scores.items()},
                "n": len(chosen)}
