"""Evidence for every (ESCO occupation, O*NET code) pair, as dense matrices of scores in 0..1.

Text similarities come from TF-IDF cosines (see :mod:`destinai.text`); structure
comes from the BLS ISCO-08 → SOC 2010 crosswalk, the O*NET-SOC 2010 → 2019 crosswalk, the
ILO skill level of the ISCO major group against the O*NET job zone, and the reviewed links of
related ESCO occupations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from destinai.crosswalk.grouped import grouped_max, row_grouped_max
from destinai.crosswalk.inputs import CrosswalkInputs
from destinai.text import TfidfSpace, char_ngrams, cosine, title_words, words

# Job zone expected from the ISCO-08 major group's ILO skill level (ISCO-08 vol. 1, table 1):
# managers and professionals skill level 3-4, technicians 3, clerical to operators 2,
# elementary occupations 1; job zones run 1 (little preparation) to 5 (extensive).
EXPECTED_JOB_ZONE = {"0": 3.0, "1": 4.0, "2": 4.5, "3": 3.3, "4": 2.5, "5": 2.2, "6": 2.0,
                     "7": 2.4, "8": 2.0, "9": 1.5}

TEXT_FEATURES = ("title_words", "title_chars", "title_official", "description",
                 "skills_tasks", "description_tasks")
STRUCTURE_FEATURES = ("isco_member", "isco_share", "isco_minor", "soc_major_agrees",
                      "level_gap", "zone_unknown", "relatives_share", "all_other")
FEATURES = TEXT_FEATURES + STRUCTURE_FEATURES


@dataclass
class PairEvidence:
    """Feature matrices (n_occ × n_codes) and what explains them."""

    matrices: dict[str, np.ndarray]
    spaces: TextSpaces
    isco_members: dict[int, set[int]]  # occupation -> codes reached through ISCO → SOC


def isco_paths(inputs: CrosswalkInputs, isco: str) -> dict[int, str]:
    """O*NET code index -> 'ISCO 7212 → SOC 2010 51-4121 → O*NET 51-4121.06' for a unit group."""
    position = {c: i for i, c in enumerate(inputs.codes)}
    paths: dict[int, str] = {}
    for soc in inputs.isco_soc.get(isco, []):
        targets = set(inputs.soc_2010_to_2019.get(soc, []))
        targets |= {c for c in inputs.codes if c.startswith(soc)}
        for code in sorted(targets):
            paths.setdefault(position[code], f"ISCO {isco} → SOC 2010 {soc} → O*NET {code}")
    return paths


def _isco_members(inputs: CrosswalkInputs) -> dict[str, set[int]]:
    return {isco: set(isco_paths(inputs, isco)) for isco in set(inputs.isco) if isco}


@dataclass
class TextSpaces:
    """The fitted vector spaces, kept to explain a pair (which title, which tasks)."""

    chars: TfidfSpace
    prose: TfidfSpace
    labels: sp.csr_matrix          # ESCO preferred labels, char n-grams
    alt_titles: sp.csr_matrix      # O*NET titles and alternate titles, char n-grams


def text_matrices(inputs: CrosswalkInputs) -> tuple[dict[str, np.ndarray], TextSpaces]:
    """The TF-IDF similarity features of every pair, and the spaces that produced them."""
    alt_code = np.array([c for c, _ in inputs.alt_titles], dtype=np.int64)
    alt_text = [t for _, t in inputs.alt_titles]
    label_rows = [(i, label) for i, labels in enumerate(inputs.alt_labels) for label in labels]
    label_occ = np.array([i for i, _ in label_rows], dtype=np.int64)
    n, m = inputs.n_occ, inputs.n_codes

    title_space = TfidfSpace(title_words, alt_text + [t for _, t in label_rows], remember=True)
    words_best = grouped_max(title_space.transform([t for _, t in label_rows]), label_occ, n,
                             title_space.transform(alt_text), alt_code, m)
    title_chars = TfidfSpace(char_ngrams, alt_text + inputs.labels, remember=True)
    pref = title_chars.transform(inputs.labels)
    alt_vectors = title_chars.transform(alt_text)
    chars_best = row_grouped_max(pref, alt_vectors, alt_code, m)
    official = cosine(pref, title_chars.transform(inputs.titles))

    prose = TfidfSpace(words, inputs.descriptions + inputs.onet_descriptions + inputs.task_texts
                       + inputs.skill_texts, min_df=2, remember=True)
    esco_desc = prose.transform(inputs.descriptions)
    onet_tasks = prose.transform(inputs.task_texts)
    matrices = {
        "title_words": words_best,
        "title_chars": chars_best,
        "title_official": official,
        "description": cosine(esco_desc, prose.transform(inputs.onet_descriptions)),
        "skills_tasks": cosine(prose.transform(inputs.skill_texts), onet_tasks),
        "description_tasks": cosine(esco_desc, onet_tasks),
    }
    return matrices, TextSpaces(title_chars, prose, pref, alt_vectors)


def structure_matrices(
        inputs: CrosswalkInputs) -> tuple[dict[str, np.ndarray], dict[int, set[int]]]:
    """ISCO → SOC membership, level agreement and residual-category features."""
    n, m = inputs.n_occ, inputs.n_codes
    by_group = _isco_members(inputs)
    member = np.zeros((n, m), dtype=np.float32)
    share = np.zeros((n, m), dtype=np.float32)
    minor = np.zeros((n, m), dtype=np.float32)
    major = np.zeros((n, m), dtype=np.float32)
    soc_major = np.array([s[:2] for s in inputs.soc])
    minor_members: dict[str, set[int]] = {}
    for isco, codes in by_group.items():
        minor_members.setdefault(isco[:3], set()).update(codes)
    members: dict[int, set[int]] = {}
    for i, isco in enumerate(inputs.isco):
        codes = by_group.get(isco, set())
        members[i] = codes
        if codes:
            idx = np.fromiter(codes, dtype=np.int64)
            member[i, idx] = 1.0
            share[i, idx] = 1.0 / len(codes)
            major[i] = np.isin(soc_major, list({inputs.soc[c][:2] for c in codes}))
        near = minor_members.get(isco[:3], set())
        if near:
            minor[i, np.fromiter(near, dtype=np.int64)] = 1.0
    expected = np.array([EXPECTED_JOB_ZONE.get(g[:1], 3.0) for g in inputs.isco],
                        dtype=np.float32)
    zone = inputs.job_zone
    gap = np.abs(expected[:, None] - zone[None, :]) / 4.0
    gap[:, zone == 0] = 0.0
    residual = np.array(["All Other" in t for t in inputs.titles], dtype=np.float32)
    matrices = {
        "isco_member": member, "isco_share": share, "isco_minor": minor,
        "soc_major_agrees": major, "level_gap": gap.astype(np.float32),
        "zone_unknown": np.broadcast_to((zone == 0).astype(np.float32), (n, m)).copy(),
        "all_other": np.broadcast_to(residual, (n, m)).copy(),
    }
    return matrices, members


def relatives_share(inputs: CrosswalkInputs, known: dict[int, set[int]],
                    occupations: np.ndarray) -> np.ndarray:
    """For each occupation: the share of its closest reviewed relatives linked to each code.

    The closest relatives are its nearest ESCO ancestor with a known link, else the other
    occupations of its ISCO-08 unit group that have one. ``known`` must not contain the
    held-out occupations' own links (it never includes the occupation itself here).
    """
    by_group: dict[str, list[int]] = {}
    for i in known:
        by_group.setdefault(inputs.isco[i], []).append(i)
    out = np.zeros((len(occupations), inputs.n_codes), dtype=np.float32)
    for row, i in enumerate(occupations):
        linked_up = [a for a in inputs.ancestors[i] if a in known]
        relatives = linked_up[:1] or [j for j in by_group.get(inputs.isco[i], []) if j != i]
        for j in relatives:
            codes = np.fromiter(known[j], dtype=np.int64)
            out[row, codes] += 1.0 / len(relatives)
    return out


def pair_evidence(inputs: CrosswalkInputs) -> PairEvidence:
    """All features except the relatives' links, which depend on which links are known."""
    text, spaces = text_matrices(inputs)
    structure, members = structure_matrices(inputs)
    return PairEvidence({**text, **structure}, spaces, members)
