"""Labelled sentences for the extraction ranker: the validation sets and ESCO/O*NET-built ones.

Data recipe (all from the catalog, nothing downloaded):

- ``TECH`` / ``HOUSE``: the SkillSpan-ESCO validation sentences (Decorte et al.), gold = the
  ESCO skills their spans are labelled with; one group per sentence.
- ``ONET-TASK``: O*NET task statements of occupations with a reviewed ESCO link (the
  Nesta crosswalk), gold = the essential skills of the linked ESCO occupations: the skills a
  sentence about that work implies. Grouped by the ESCO occupation's ISCO unit group, so a
  fold never holds two sentences about the same kind of work on both sides.
- ``ESCO-OCC``: sentences of ESCO occupation descriptions, gold = that occupation's essential
  skills; grouped by ISCO unit group, the same groups as ``ONET-TASK``.
- ``ONET-TECH``: O*NET technology examples (product names) in a job-ad frame, gold = the
  ESCO skill named like their commodity class (see :func:`technology_sentences`).
- ``ESCO-ALT``: a skill's alternative label in a short job-ad frame ("Experience in {alt}."),
  gold = that skill; grouped by the skill's ISCO-free id. Teaches what a verbatim mention
  of a non-preferred label is worth.
- ``JOB-AD``: 159 requirement/responsibility sentences written by hand in job-ad wording
  across 14 domains (``benchmarks/data/extract_sentences.jsonl``), gold = the 1-3 ESCO
  skills (preferred labels) each expresses; one group per sentence, like TECH/HOUSE.

Each sentence is ranked by :func:`destinai.extract.ranking.rank_with_features` and every
candidate becomes one row: its features and whether it is gold.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from destinai.catalog.db import Catalog
from destinai.extract.evaluation import load_eval_set, whole_sentence
from destinai.extract.extractor import get_extractor
from destinai.extract.ranking import rank_with_features
from destinai.search.embedder import single_threaded_blas
from destinai.search.index import get_index

VALIDATION = {"TECH": "skill_extraction_tech_validation_annotations.csv",
              "HOUSE": "skill_extraction_house_validation_annotations.csv"}
FRAMES = ("Experience in {}.", "Knowledge of {} is required.", "You will {}.",
          "Skills: {}.", "We expect good {}.")
WRITTEN = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "extract_sentences.jsonl"
SENTENCE_END = re.compile(r"(?<=[a-z)])\. (?=[A-Z])")


@dataclass
class Labelled:
    """One sentence, its gold skills (owner indices) and its source and group."""

    text: str
    gold: set[int]
    count: int           # gold labels, mapped or not (the RP denominator)
    source: str
    group: str


@dataclass
class Rows:
    """Candidate rows of many sentences: features, gold flags, which sentence."""

    features: np.ndarray
    gold: np.ndarray
    sentence: np.ndarray
    owners: np.ndarray


def validation_sentences(catalog: Catalog, eval_dir: Path) -> list[Labelled]:
    """The two SkillSpan-ESCO validation files (each sentence its own group)."""
    out = []
    for name, file in VALIDATION.items():
        data = load_eval_set(catalog, eval_dir / file)
        for n, (text, gold, count) in enumerate(zip(data.sentences, data.gold,
                                                     data.gold_counts, strict=True)):
            out.append(Labelled(text, gold, count, name, f"{name}-{n}"))
    return out


def written_sentences(catalog: Catalog, path: Path = WRITTEN) -> list[Labelled]:
    """``JOB-AD``: the hand-written job-ad sentences; gold labels are matched to the catalog
    by preferred label, case-insensitively (one that does not match stays in the count)."""
    if not path.exists():
        return []
    skills = get_index(catalog).kinds["skill"]
    by_label: dict[str, int] = {}
    for owner, label in enumerate(skills.labels):
        by_label.setdefault(label.lower(), owner)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            gold = {by_label[g.lower()] for g in item["skills"] if g.lower() in by_label}
            out.append(Labelled(item["text"], gold, len(item["skills"]), "JOB-AD",
                                f"JOB-AD-{item['id']}"))
    return out


def _essential(catalog: Catalog, owner: dict[str, int]) -> dict[str, set[int]]:
    skills: dict[str, set[int]] = {}
    for r in catalog.rows("SELECT occupation_uri, skill_uri FROM occupation_skills "
                          "WHERE relation = 'essential'"):
        if r["skill_uri"] in owner:
            skills.setdefault(r["occupation_uri"], set()).add(owner[r["skill_uri"]])
    return skills


def derived_sentences(catalog: Catalog, per_source: int = 1200, seed: int = 0
                      ) -> list[Labelled]:
    """``ONET-TASK``, ``ESCO-OCC`` and ``ESCO-ALT`` sentences (see the module docstring)."""
    rng = random.Random(seed)
    skills = get_index(catalog).kinds["skill"]
    owner = {u: i for i, u in enumerate(skills.uris)}
    essential = _essential(catalog, owner)
    isco = {r["uri"]: r["isco_group"] or r["uri"] for r in catalog.rows(
        "SELECT uri, isco_group, description FROM occupations")}
    links: dict[str, list[str]] = {}
    for r in catalog.rows("SELECT esco_uri, onet_code FROM occupation_onet "
                          "WHERE method = 'reviewed'"):
        if r["esco_uri"] in essential:
            links.setdefault(r["onet_code"], []).append(r["esco_uri"])
    tasks = [(r["code"], r["task"]) for r in catalog.rows(
        "SELECT code, task FROM onet_tasks WHERE task_type = 'Core' ORDER BY code, task_id")
        if r["code"] in links]
    out = []
    for code, task in rng.sample(tasks, min(per_source, len(tasks))):
        gold = set().union(*(essential[u] for u in links[code]))
        out.append(Labelled(task, gold, len(gold), "ONET-TASK", isco[links[code][0]]))
    described = [(r["uri"], s) for r in catalog.rows(
        "SELECT uri, description FROM occupations WHERE description IS NOT NULL")
        if r["uri"] in essential for s in SENTENCE_END.split(r["description"] or "")[:2]
        if len(s.split()) >= 6]
    for uri, text in rng.sample(described, min(per_source, len(described))):
        gold = essential[uri]
        out.append(Labelled(text, gold, len(gold), "ESCO-OCC", isco[uri]))
    alternatives = [(r["uri"], alt) for r in catalog.rows(
        "SELECT uri, alt_labels FROM skills WHERE alt_labels != '[]'") if r["uri"] in owner
        for alt in json.loads(r["alt_labels"]) if 2 <= len(alt.split()) <= 6]
    for uri, alt in rng.sample(alternatives, min(per_source // 3, len(alternatives))):
        out.append(Labelled(rng.choice(FRAMES).format(alt), {owner[uri]}, 1, "ESCO-ALT", uri))
    return out + technology_sentences(catalog, rng, owner, per_source // 3)


def technology_sentences(catalog: Catalog, rng: random.Random, owner: dict[str, int],
                         limit: int) -> list[Labelled]:
    """``ONET-TECH``: "Experience with {product}." for O*NET technology examples whose
    commodity class is an ESCO skill label ("Accounting software" -> *accounting*); gold =
    that skill, and the product's own ESCO skill when its name is one ("Microsoft Access")."""
    skills = get_index(catalog).kinds["skill"]
    examples = {(r["example"], r["commodity_title"]) for r in catalog.rows(
        "SELECT example, commodity_title FROM onet_technology_skills")}
    out = []
    for example, commodity in sorted(examples):
        name = re.sub(r"\s*\bsoftware\b", "", commodity).strip()
        classes = [o for o, source in skills.exact_owners(name) if source <= 1]
        if not classes or name.lower() in example.lower():
            continue
        gold = {classes[0]} | {o for o, source in skills.exact_owners(example)[:1]
                               if source <= 1}
        out.append(Labelled(rng.choice(FRAMES[:2]).format(example), gold, len(gold),
                            "ONET-TECH", commodity))
    return rng.sample(out, min(limit, len(out)))


def candidate_rows(catalog: Catalog, sentences: list[Labelled]) -> Rows:
    """Every ranked candidate of every sentence as one feature row."""
    extractor = get_extractor(get_index(catalog))
    features, gold, which, owners = [], [], [], []
    with single_threaded_blas():
        for start in range(0, len(sentences), 256):
            chunk = sentences[start:start + 256]
            ranked = rank_with_features(extractor, [whole_sentence(s.text) for s in chunk],
                                        depth=10_000)
            for n, (item, found) in enumerate(zip(chunk, ranked, strict=True)):
                for f, row in found:
                    features.append(row)
                    gold.append(f.owner in item.gold)
                    which.append(start + n)
                    owners.append(f.owner)
    return Rows(np.asarray(features, dtype=np.float32), np.asarray(gold),
                np.asarray(which), np.asarray(owners))
