"""How well the O*NET content reached through a crosswalk link fits the ESCO occupation.

Two questions, answered from the data only:

* **Is the link close?** A link is *close* when it was reviewed (Nesta) and the O*NET
  occupation is named like the ESCO one: an ESCO label is the O*NET title or one of O*NET's
  alternate titles (case-insensitive), the preferred label's character similarity to one of
  them is at least 0.85, or the Nesta crosswalk recorded matching job titles for the pair;
  and no unlinked O*NET occupation carries the preferred label exactly. Otherwise it is
  *coarse* (every derived link is coarse):
  O*NET then describes a neighbouring occupation, so its titles are not shown as "also known
  as", its pay is a range over candidates, and its items must each earn their place.
* **Does an item fit?** Every O*NET task, technology or tool text is scored against the ESCO
  occupation itself: ``fit = (max cosine to an essential ESCO skill + cosine to the ESCO
  description) / 2`` in the WordLlama static embedding space (the search feature's
  embedder; weights ship in the wheel). An item is shown when its fit reaches
  ``FIT_MIN[closeness]``, best first.

Candidate codes: the linked codes, plus any unlinked O*NET occupation whose title or
alternate title *is* the ESCO preferred label (``software developer`` is linked to Computer
Programmers by the reviewed crosswalk, while O*NET's Software Developers carries that exact
title), plus, for links derived by DestinAI's builder, the builder's next best candidates.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from destinai.catalog.db import Catalog

FIT_MIN = {"close": 0.25, "coarse": 0.5}
TITLE_RATIO_MIN = 85.0
MIN_FITTING_TASKS = 5
MAX_EXTRA_CANDIDATES = 2


def _marks(items: list[str]) -> str:
    return ",".join("?" * len(items))


def onet_titles(catalog: Catalog, codes: list[str]) -> dict[str, set[str]]:
    """Each code's O*NET title and alternate titles, case-folded."""
    if not codes:
        return {}
    found: dict[str, set[str]] = {c: set() for c in codes}
    for r in catalog.rows(f"SELECT code, title FROM onet_occupations WHERE code IN "
                          f"({_marks(codes)}) UNION ALL SELECT code, title FROM "
                          f"onet_alternate_titles WHERE code IN ({_marks(codes)})",
                          [*codes, *codes]):
        found[r["code"]].add(r["title"].casefold())
    return found


def title_fit(label: str, alt_labels: list[str], titles: set[str]) -> float:
    """1.0 when an ESCO label is an O*NET title; else the best character similarity (0-1)
    of the preferred label to one of them."""
    labels = {label.casefold(), *(a.casefold() for a in alt_labels)}
    if labels & titles:
        return 1.0
    best = max((fuzz.ratio(label.casefold(), t) for t in titles), default=0.0)
    return round(best / 100, 3)


def exact_title_codes(catalog: Catalog, label: str) -> list[str]:
    """O*NET codes whose title or an alternate title equals ``label`` (case-insensitive)."""
    return [r["code"] for r in catalog.rows(
        "SELECT code FROM onet_title_codes WHERE title = ? ORDER BY code", (label.casefold(),))]


def assess_links(catalog: Catalog, occ: dict[str, Any]) -> dict[str, Any]:
    """Closeness of the occupation's O*NET links and the candidate codes behind it.

    Returns ``closeness`` (``close``, ``coarse`` or ``none``), ``links`` (each with
    ``title_fit``, ``shared_by`` = ESCO occupations linked to the same code, ``close``),
    ``candidates`` (codes to draw content and pay from, best first, each with ``why``) and a
    ``reason`` in words.
    """
    links = occ["onet"]
    if not links:
        return {"closeness": "none", "links": [], "candidates": [],
                "reason": "no O*NET occupation is linked to this ESCO occupation"}
    codes = [x["code"] for x in links]
    exact = [c for c in exact_title_codes(catalog, occ["label"]) if c not in codes]
    titles = onet_titles(catalog, codes + exact)
    evidence = {r["onet_code"]: r["evidence"] for r in catalog.rows(
        "SELECT onet_code, evidence FROM occupation_onet WHERE esco_uri = ?", (occ["uri"],))}
    shared = {r["onet_code"]: r["n"] for r in catalog.rows(
        f"SELECT onet_code, count(*) AS n FROM occupation_onet WHERE onet_code IN "
        f"({_marks(codes)}) GROUP BY onet_code", codes)}
    assessed = []
    for link in links:
        fit = title_fit(occ["label"], occ["alt_labels"], titles[link["code"]])
        titled = fit >= TITLE_RATIO_MIN / 100 or _nesta_titles(evidence.get(link["code"]))
        close = link["method"] == "reviewed" and titled and not exact
        assessed.append({"code": link["code"], "title": link["title"],
                         "method": link["method"], "confidence": link["confidence"],
                         "title_fit": fit, "shared_by": shared.get(link["code"], 1),
                         "close": close})
    candidates = [{"code": x["code"], "title": x["title"], "why": "linked"} for x in assessed]
    for code in exact[:MAX_EXTRA_CANDIDATES]:
        row = catalog.row("SELECT title FROM onet_occupations WHERE code = ?", (code,))
        candidates.append({"code": code, "title": row["title"] if row else code,
                           "why": f"O*NET title or alternate title is {occ['label']!r}"})
    if all(x["method"] == "derived" for x in assessed):
        for r in catalog.rows(
                "SELECT c.onet_code, n.title FROM crosswalk_candidates c JOIN onet_occupations "
                "n ON n.code = c.onet_code WHERE c.esco_uri = ? AND c.rank <= 3 ORDER BY "
                "c.rank", (occ["uri"],)):
            if all(c["code"] != r["onet_code"] for c in candidates):
                candidates.append({"code": r["onet_code"], "title": r["title"],
                                   "why": "next candidate of DestinAI's crosswalk builder"})
    close = any(x["close"] for x in assessed)
    if close:
        reason = "reviewed link to an O*NET occupation named like this one"
    elif exact:
        reason = (f"the linked O*NET occupation is not named {occ['label']!r}, while "
                  f"{', '.join(c['title'] for c in candidates if c['why'] != 'linked')} is")
    elif assessed[0]["method"] == "derived":
        reason = (f"the link was derived by DestinAI's crosswalk builder (confidence "
                  f"{assessed[0]['confidence']:.2f}), not reviewed")
    else:
        reason = ("the reviewed link goes to an O*NET occupation with a different title "
                  f"({'; '.join(x['title'] for x in assessed)})")
    return {"closeness": "close" if close else "coarse", "links": assessed,
            "candidates": candidates, "reason": reason}


def _nesta_titles(evidence: str | None) -> bool:
    """True when the Nesta crosswalk recorded ESCO job titles matching the O*NET titles."""
    if not evidence:
        return False
    titles = json.loads(evidence).get("matching_job_titles")
    return bool(titles) and titles not in ("na", "[]")


class OccupationContext:
    """The ESCO occupation in embedding space: its description and essential skills."""

    def __init__(self, occ: dict[str, Any]) -> None:
        from destinai.search.embedder import get_embedder

        self.embedder = get_embedder()
        skills = [s["label"] for s in occ["essential_skills"]] or [occ["label"]]
        text = occ["description"] or occ["definition"] or occ["label"]
        vectors = self._encode([text, *skills])
        self.description, self.skills = vectors[0], vectors[1:]
        self._memo: dict[str, np.ndarray] = dict(zip(skills, self.skills, strict=True))
        self.anchors: np.ndarray | None = None  # the best-fitting O*NET tasks, once known

    def _encode(self, texts: list[str]) -> np.ndarray:
        """Mean-pooled, unit-length token embeddings (the embedder's method, summed with
        ``np.add.reduceat`` in float32: for a few dozen short texts the embedder's float64
        cumulative sums cost more than the rest of the profile)."""
        encodings = self.embedder.tokenizer.encode_batch(texts, add_special_tokens=False)
        out = np.zeros((len(texts), self.embedder.dim), np.float32)
        lengths = np.array([len(e.ids) for e in encodings])
        filled = np.flatnonzero(lengths)
        if filled.size:
            ids = np.concatenate([np.asarray(encodings[i].ids, np.int64) for i in filled])
            starts = np.concatenate([[0], np.cumsum(lengths[filled])[:-1]])
            out[filled] = np.add.reduceat(self.embedder.rows(ids), starts, axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    def anchor(self, tasks: list[str]) -> None:
        """Remember the occupation's best-fitting tasks: skills close to them rank higher."""
        self.anchors = self.vectors(tasks) if tasks else None

    def vectors(self, texts: list[str]) -> np.ndarray:
        """Embeddings of ``texts``, each text encoded once per context."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            self._memo.update(zip(missing, self._encode(missing), strict=True))
        return np.stack([self._memo[t] for t in texts]) if texts else np.zeros((0, 256))

    def fit(self, texts: list[str]) -> list[float]:
        """The fit (0-1, rounded) of each text to the occupation."""
        if not texts:
            return []
        from destinai.search.embedder import single_threaded_blas

        x = self.vectors(texts)
        with single_threaded_blas():  # small products: BLAS threads only add hand-offs
            score = ((x @ self.skills.T).max(axis=1) + x @ self.description) / 2
        return [round(float(v), 3) for v in np.clip(score, 0, 1)]


def rank_items(context: OccupationContext, items: list[dict[str, Any]], key: str,
               closeness: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Score ``items`` (dicts with text under ``key``): (fitting, best first; the rest)."""
    scores = context.fit([i[key] for i in items])
    for item, score in zip(items, scores, strict=True):
        item["fit"] = score
    threshold = FIT_MIN.get(closeness, FIT_MIN["coarse"])
    ordered = sorted(items, key=lambda i: -i["fit"])
    return ([i for i in ordered if i["fit"] >= threshold],
            [i for i in ordered if i["fit"] < threshold])


REUSE_BONUS = {"occupation-specific": 0.06, "sector-specific": 0.04, "cross-sector": 0.02}


def rank_skills(context: OccupationContext, skills: list[dict[str, Any]]
                ) -> list[dict[str, Any]]:
    """ESCO skills, most telling for the occupation first: closeness of the label to the
    occupation's description (averaged, when the occupation has fitting O*NET tasks, with
    the mean of its two best similarities to the ten best-fitting tasks), plus a small bonus
    for occupation- and sector-specific skills over cross-sector ones."""
    if not skills:
        return []
    from destinai.search.embedder import single_threaded_blas

    x = context.vectors([s["label"] for s in skills])
    with single_threaded_blas():
        scores = x @ context.description
        if context.anchors is not None and len(context.anchors):
            near = np.sort(x @ context.anchors.T, axis=1)[:, -2:].mean(axis=1)
            scores = (scores + near) / 2
    ranked = [{**s, "fit": round(float(v) + REUSE_BONUS.get(s.get("reuse_level") or "", 0), 3)}
              for s, v in zip(skills, scores, strict=True)]
    return sorted(ranked, key=lambda s: (-s["fit"], s["label"]))

