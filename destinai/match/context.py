"""Read each phrase in the light of the others, as a counsellor would.

"IV lines" alone could be train routes; next to "wound dressing" and "care plans" it is
intravenous infusion. For each phrase, the *other* phrases (their words and their readings) are
embedded with the search engine's sentence embedder; a candidate reading whose description is
close to that context, or that the occupations needing the other readings need too
(``co_used``), gains up to ``CONTEXT_WEIGHT``. When that changes the best reading, the
reason says so.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.match.data import match_data
from destinai.search.embedder import get_embedder, normalize
from destinai.search.index import SearchIndex, get_index

CO_USE = 1.0             # the other phrases' occupations support a reading as much as their words
CONTEXT_WEIGHT = 0.25     # how far the other phrases can lift a candidate (confidence units)
CONTEXT_CONFIDENT = 0.65  # a doubtful reading this sure that the context supports is used
SUPPORTED = 0.5


def _candidates(reading: dict[str, Any]) -> list[dict[str, Any]]:
    best = {k: reading[k] for k in ("uri", "label", "confidence")}
    return [best, *reading.get("alternatives", [])]


def support(index: SearchIndex, contexts: np.ndarray) -> np.ndarray:
    """(contexts, skills) 0..1: closeness of each skill's "label. description" to each context
    vector, from the median skill (0) to the top 1% of all skills (1)."""
    scores = index.description_scores("skill", contexts)
    low, high = np.percentile(scores, [50, 99], axis=1, keepdims=True)
    return np.clip((scores - low) / np.maximum(high - low, 1e-6), 0.0, 1.0)


def positions(catalog: Catalog, index: SearchIndex, kind: str) -> dict[str, int]:
    """URI -> row of the search index's ``kind`` ("skill", "occupation"), made once per
    catalog."""
    return catalog.derived(f"match.{kind}_positions",
                           lambda: {u: i for i, u in enumerate(index.kinds[kind].uris)})


def disambiguate(catalog: Catalog, readings: list[dict[str, Any]],
                 extra: list[str] | None = None) -> list[dict[str, Any]]:
    """Re-rank each searched reading's candidates by closeness to the other phrases.

    ``extra``: more context texts (the person's job titles), shared by every phrase.
    """
    searched = [i for i, r in enumerate(readings) if r.get("matched_by") == "search"
                and "uri" in r]
    if not searched or len(readings) + len(extra or []) < 2:
        return readings
    index = get_index(catalog)
    texts = [f"{r['input']}. {r.get('label', '')}" for r in readings]
    vectors = get_embedder().encode(texts + list(extra or []))
    total = vectors.sum(axis=0)
    fits = support(index, normalize(total[None, :] - vectors[searched]))
    position = positions(catalog, index, "skill")
    together = co_used(catalog, readings, searched)
    skill_index = match_data(catalog).index.matrix.skill_index
    for row, i in enumerate(searched):
        r = readings[i]
        cands = _candidates(r)
        fit = np.array([max(fits[row, position[c["uri"]]] if c["uri"] in position else 0.0,
                            CO_USE * together[row, skill_index[c["uri"]]]
                            if c["uri"] in skill_index else 0.0) for c in cands])
        order = np.argsort([-(c["confidence"] + CONTEXT_WEIGHT * f)
                            for c, f in zip(cands, fit, strict=True)], kind="stable")
        best, best_fit = cands[int(order[0])], float(fit[int(order[0])])
        r["context_support"] = round(best_fit, 3)
        if best["uri"] != r["uri"]:
            old = cands[0]
            r["alternatives"] = [old] + [a for a in r.get("alternatives", [])
                                         if a["uri"] != best["uri"]]
            r.update(uri=best["uri"], label=best["label"], confidence=best["confidence"])
            r["reason"] = (f"read as {best['label']!r} rather than {old['label']!r} because "
                           "it fits your other skills")
        if r["status"] == "check" and r["confidence"] >= CONTEXT_CONFIDENT and \
                best_fit >= SUPPORTED:
            r["status"] = "used"
            r["reason"] += "; your other skills support this reading"
    return readings


def co_used(catalog: Catalog, readings: list[dict[str, Any]], rows: list[int]) -> np.ndarray:
    """(rows, skills) 0..1: how often each skill is needed by the occupations that need the
    *other* phrases' readings ("intravenous infusion" goes with "apply wound dressings" and
    "plan nursing care" in nurses' profiles; "train routes" does not), from the median skill
    (0) to the top 1% (1)."""
    data = match_data(catalog)
    m = data.index.matrix
    if "uses_by_skill" not in data.cache:      # column and transposed forms, built once
        data.cache["uses_by_skill"] = by_skill = data.uses.tocsc()
        data.cache["uses_t"] = by_skill.T     # uses.T.tocsr(): the same arrays, one pass fewer
    by_skill, uses_t = data.cache["uses_by_skill"], data.cache["uses_t"]
    columns = [m.skill_index.get(r.get("uri", ""), -1) for r in readings]
    weight = np.array([r.get("confidence", 0.0) if c >= 0 else 0.0
                       for r, c in zip(readings, columns, strict=True)])
    occ = by_skill[:, [max(c, 0) for c in columns]].toarray() * weight[None, :]  # type: ignore[index]
    total = occ.sum(axis=1)
    context = total[:, None] - occ[:, rows]                    # occupations × rows
    scores = np.asarray(uses_t @ context).T  # rows × skills
    # the scale from every 8th skill: the same median and top 1%, a fraction of the sorting
    low, high = np.percentile(scores[:, ::8], [50, 99], axis=1, keepdims=True)
    return np.clip((scores - low) / np.maximum(high - low, 1e-6), 0.0, 1.0)


TITLE_TIE = 0.01          # title readings this close to the best are told apart by context


def title_in_context(catalog: Catalog, reading: dict[str, Any], context: str | None
                     ) -> dict[str, Any]:
    """A title reading with near-tied candidates ("Captain": pilot, ship or army captain)
    re-ranked by how well each occupation's description fits the rest of what the person
    wrote ("Royal Logistic Corps ... soldiers"); the reason says when that changed it."""
    if "uri" not in reading or reading.get("known_meaning") or not context or \
            not context.strip():
        return reading          # an ESCO name or an everyday title ("staff nurse") is known
    cands = [c for c in _candidates(reading)
             if c["confidence"] >= reading["confidence"] - TITLE_TIE]
    if len(cands) < 2:
        return reading
    index = get_index(catalog)
    position = positions(catalog, index, "occupation")
    vector = get_embedder().encode([context[:2000]])
    scores = index.description_scores("occupation", vector)[0]
    fit = [float(scores[position[c["uri"]]]) if c["uri"] in position else -1.0 for c in cands]
    best = cands[int(np.argmax(fit))]
    if best["uri"] == reading["uri"]:
        return reading
    old = cands[0]
    alternatives = [old] + [a for a in reading.get("alternatives", []) if a["uri"] != best["uri"]]
    return reading | {"uri": best["uri"], "label": best["label"],
                      "confidence": best["confidence"], "alternatives": alternatives,
                      "reason": f"read as {best['label']!r} rather than {old['label']!r}: "
                                "it fits the rest of what you wrote"}
