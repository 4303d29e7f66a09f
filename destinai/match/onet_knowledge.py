"""O*NET knowledge profiles: which occupations draw on the same bodies of knowledge.

ESCO files an occupation's knowledge under ISCED-F fields, but unevenly: a general
practitioner or a composer has little or none under "medicine" or "music", while O*NET rates
every US occupation on 33 knowledge areas ("Medicine and Dentistry", "Fine Arts", "Public
Safety and Security", ...). For a field of study, the occupations its ESCO knowledge prepares
for give a *knowledge signature* (their mean O*NET profile); any occupation whose profile is
close to that signature draws on the same knowledge, whatever ESCO files it under.
"""

from __future__ import annotations

import numpy as np

from destinai.catalog.db import Catalog
from destinai.match.data import MatchData

SIGNATURE_SIZE = 12       # the best fitting occupations that make a field's signature


def knowledge_profiles(catalog: Catalog, data: MatchData) -> tuple[np.ndarray, np.ndarray]:
    """(profiles, known): occupation × area O*NET knowledge importance, z-scored per area and
    each row scaled to unit length; ``known`` is False where the occupation has no O*NET
    rating (its row is zero). Built once per catalog."""
    if "onet_knowledge" not in data.cache:
        data.cache["onet_knowledge"] = _load(catalog, data)
    return data.cache["onet_knowledge"]  # type: ignore[return-value]


def _load(catalog: Catalog, data: MatchData) -> tuple[np.ndarray, np.ndarray]:
    cursor = catalog.connection.cursor()
    cursor.row_factory = None       # ~30k rows: plain tuples, not dicts
    rows = cursor.execute("SELECT code, element_id, importance FROM onet_ratings "
                          "WHERE domain = 'knowledge' AND importance IS NOT NULL").fetchall()
    areas = sorted({element for _, element, _ in rows})
    col = {a: i for i, a in enumerate(areas)}
    # one (code × area) table filled in one assignment, not an array made per row (each
    # code's area is rated once: the O*NET file's key)
    by_code: dict[str, int] = {}
    at = np.array([(by_code.setdefault(code, len(by_code)), col[element])
                   for code, element, _ in rows], np.int64).reshape(-1, 2)
    table = np.full((len(by_code), len(areas)), np.nan)
    table[at[:, 0], at[:, 1]] = [importance for _, _, importance in rows]
    occupations = data.index.matrix.occupations
    raw = np.full((len(occupations), len(areas)), np.nan)
    for o, uri in enumerate(occupations):
        code = data.index.facts.get(uri, {}).get("onet_code")
        if code in by_code:
            raw[o] = table[by_code[code]]
    known = ~np.isnan(raw).all(axis=1)
    if not known.any():
        return np.zeros((len(occupations), max(len(areas), 1))), known
    mean = np.nanmean(raw[known], axis=0)
    std = np.nanstd(raw[known], axis=0)
    z = np.nan_to_num((raw - mean) / np.where(std > 0, std, 1.0))
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    return z / np.where(norms > 0, norms, 1.0), known


def knowledge_fit(catalog: Catalog, data: MatchData, fit: np.ndarray) -> np.ndarray:
    """Per occupation 0..1: closeness of its O*NET knowledge profile to the signature of the
    occupations that fit the field best (``fit``: the ESCO field fit). Zero without O*NET."""
    profiles, known = knowledge_profiles(catalog, data)
    candidates = np.where(known & (fit > 0))[0]
    if not len(candidates):
        return np.zeros(len(fit))
    best = candidates[np.argsort(-fit[candidates], kind="stable")[:SIGNATURE_SIZE]]
    signature = (fit[best, None] * profiles[best]).sum(axis=0)
    norm = float(np.linalg.norm(signature))
    if norm == 0:
        return np.zeros(len(fit))
    return np.clip(profiles @ (signature / norm), 0.0, 1.0) * known
