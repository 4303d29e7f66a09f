"""Skill-extraction evaluation: R-Precision@K per sentence on the SkillSpan-ESCO sets.

The CSVs (``sentence,span,sub_span,label``) label spans of job-ad sentences with ESCO 1.1.0
preferred labels; spans labelled UNDERSPECIFIED or LABEL NOT PRESENT are skipped. Labels are
mapped to this catalog (ESCO 1.1.1) by preferred label, case-insensitively; gold labels that
do not map stay in the denominator (they cannot be retrieved).
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from destinai.catalog.db import Catalog
from destinai.extract.extractor import get_extractor
from destinai.extract.ranking import DEFAULT, Method, rank_sentences
from destinai.extract.sentences import Sentence, split_sentences
from destinai.search.embedder import single_threaded_blas
from destinai.search.index import get_index

SKIP = {"UNDERSPECIFIED", "LABEL NOT PRESENT"}


@dataclass
class EvalSet:
    """Sentences with their gold skills (owner indices) and the labels that did not map."""

    sentences: list[str]
    gold: list[set[int]]
    gold_counts: list[int]
    unmatched: set[str]


def load_eval_set(catalog: Catalog, path: Path) -> EvalSet:
    """Read one validation CSV, merging rows of the same sentence."""
    labels: dict[str, set[str]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            label = (row.get("label") or "").strip()
            gold = labels.setdefault(row["sentence"], set())
            if label and label not in SKIP:
                gold.add(label)
    skills = get_index(catalog).kinds["skill"]
    by_label: dict[str, int] = {}
    for owner, label in enumerate(skills.labels):
        by_label.setdefault(label.lower(), owner)
    kept = [(s, g) for s, g in labels.items() if g]
    unmatched = {g for _, gold in kept for g in gold if g.lower() not in by_label}
    return EvalSet([s for s, _ in kept],
                   [{by_label[g.lower()] for g in gold if g.lower() in by_label}
                    for _, gold in kept],
                   [len(gold) for _, gold in kept], unmatched)


def r_precision(ranked: list[list[int]], data: EvalSet, k: int) -> float:
    """Mean over sentences of |top-k ∩ gold| / min(k, |gold|)."""
    values = [len(set(r[:k]) & gold) / min(k, count)
              for r, gold, count in zip(ranked, data.gold, data.gold_counts, strict=True)]
    return float(np.mean(values)) if values else 0.0


def whole_sentence(text: str) -> Sentence:
    """The evaluation sentence as one unit (the sets are already split into sentences)."""
    pieces = split_sentences(text)
    words = tuple((w[0] + p.start, w[1] + p.start) for p in pieces for w in p.words)
    return Sentence(text, 0, words)


def evaluate(catalog: Catalog, data: EvalSet, method: Method = DEFAULT
             ) -> dict[str, float]:
    """RP@5, RP@10 and sentences per second (wall, and per CPU second: BLAS runs on one
    thread, so on a shared machine the CPU figure is the one that carries over)."""
    extractor = get_extractor(get_index(catalog))
    sentences = [whole_sentence(s) for s in data.sentences]
    with single_threaded_blas():
        rank_sentences(extractor, sentences[:5], method=method)      # warm up
        started, cpu = time.perf_counter(), time.process_time()
        ranked = rank_sentences(extractor, sentences, depth=10, method=method)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    owners = [[f.owner for f in found] for found in ranked]
    return {"rp5": round(r_precision(owners, data, 5), 3),
            "rp10": round(r_precision(owners, data, 10), 3),
            "sentences_per_s": round(len(sentences) / seconds, 1),
            "sentences_per_cpu_s": round(len(sentences) / max(cpu, 1e-9), 1)}
