"""Skill extraction: R-Precision@5/10 on the SkillSpan-ESCO validation sets, and speed."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from benchmarks.common import table
from destinai.catalog.db import Catalog
from destinai.config import REPO_ROOT
from destinai.extract import extract_skills
from destinai.extract.evaluation import (
    EvalSet,
    evaluate,
    load_eval_set,
    r_precision,
    whole_sentence,
)
from destinai.extract.extractor import get_extractor
from destinai.extract.ranker import WEIGHTS_FILE
from destinai.extract.ranking import Method, rank_sentences
from destinai.search.embedder import MODEL_ID, single_threaded_blas
from destinai.search.index import get_index

EVAL = REPO_ROOT.parent / "shared" / "eval"
SETS = {"TECH": "skill_extraction_tech_validation_annotations.csv",
        "HOUSE": "skill_extraction_house_validation_annotations.csv"}
METHODS = {
    "sentence vs preferred labels": Method(description=False, windows=False,
                                           explicit_bonus=0.0, learned=False),
    "sentence vs all labels (max)": Method(all_labels=True, description=False,
                                           windows=False, explicit_bonus=0.0, learned=False),
    "sentence vs preferred + label·description": Method(windows=False, explicit_bonus=0.0,
                                                        learned=False),
    "+ n-gram windows re-rank (1–5 words)": Method(explicit_bonus=0.0, learned=False),
    "+ verbatim-label bonus (hand-weighted sum, previous default)": Method(learned=False),
    "learned re-ranker (**shipped**; in-sample, see CV below)": Method(),
}


def literal(catalog: Catalog, data: EvalSet) -> dict[str, float]:
    """Baseline: only skills whose label appears verbatim, in sentence order."""
    extractor = get_extractor(get_index(catalog))
    with single_threaded_blas():
        ranked = rank_sentences(extractor, [whole_sentence(s) for s in data.sentences])
    owners = [[f.owner for f in found if f.explicit] for found in ranked]
    return {"rp5": round(r_precision(owners, data, 5), 3),
            "rp10": round(r_precision(owners, data, 10), 3)}


def lexical(catalog: Catalog, data: EvalSet) -> dict[str, float]:
    """Baseline: BM25 of the sentence over skill labels (FTS5, any word)."""
    index = get_index(catalog)
    owners = [[o for o, _ in index.lexical("skill", s, 10)] for s in data.sentences]
    return {"rp5": round(r_precision(owners, data, 5), 3),
            "rp10": round(r_precision(owners, data, 10), 3)}


def document_seconds(catalog: Catalog, sets: dict[str, EvalSet], words: int = 5000
                     ) -> tuple[float, float, int, int]:
    """Median wall and CPU seconds to extract from a ~5,000-word document."""
    sentences = [s for data in sets.values() for s in data.sentences]
    lines, count = [], 0
    while count < words:
        for s in sentences:
            lines.append(s)
            count += len(s.split())
            if count >= words:
                break
    document = ".\n".join(lines)
    extract_skills(catalog, document[:2000])                        # warm up
    walls, cpus = [], []
    for _ in range(3):
        started, cpu = time.perf_counter(), time.process_time()
        found = extract_skills(catalog, document)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return (statistics.median(walls), statistics.median(cpus), len(document.split()),
            len(found))


def cv_tables() -> list[str]:
    """The cross-validation report the training run stored beside the weights."""
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    out = []
    for name, title in (("shipped", f"trained on {', '.join(data['trained_on'])} (shipped)"),
                        ("all_sources", "trained on every source")):
        report = data["report"][name]
        rows = [{"source": source, **{k: f"{m:.3f} ± {s:.3f}" for k, (m, s) in v.items()}}
                for source, v in report["summary"].items()]
        rows += [{"source": f"{source}, trained without it", **{
            k: f"{v:.3f}" for k, v in figures.items()}}
            for source, figures in report["leave_one_source_out"].items()]
        out += [f"**{title}** — grouped 5-fold CV (mean ± sd over folds), then "
                "leave-one-source-out:", "",
                table(rows, ["source", "threshold", "ranked_rp5", "reported_rp5",
                             "precision", "shown_per_sentence"]), ""]
    counts = ", ".join(f"{k} {v}" for k, v in data["sentences"].items())
    return [f"Sentences: {counts}.", "", *out]


def run(db: Path) -> str:
    """Evaluate every method on both validation sets."""
    catalog = Catalog(db)
    started = time.perf_counter()
    get_extractor(get_index(catalog))
    load_seconds = time.perf_counter() - started
    sets = {name: load_eval_set(catalog, EVAL / file) for name, file in SETS.items()}
    rows = []
    for name, fn in (("literal: verbatim labels only", literal),
                     ("lexical: FTS5 BM25 over labels", lexical)):
        r = {k: fn(catalog, d) for k, d in sets.items()}
        rows.append({"method": name, "TECH RP@5": r["TECH"]["rp5"],
                     "TECH RP@10": r["TECH"]["rp10"], "HOUSE RP@5": r["HOUSE"]["rp5"],
                     "HOUSE RP@10": r["HOUSE"]["rp10"], "sentences/s": "",
                     "sentences/CPU s": ""})
    for name, method in METHODS.items():
        r = {k: evaluate(catalog, d, method) for k, d in sets.items()}
        rows.append({"method": name, "TECH RP@5": r["TECH"]["rp5"],
                     "TECH RP@10": r["TECH"]["rp10"], "HOUSE RP@5": r["HOUSE"]["rp5"],
                     "HOUSE RP@10": r["HOUSE"]["rp10"],
                     "sentences/s": round(statistics.mean(
                         v["sentences_per_s"] for v in r.values())),
                     "sentences/CPU s": round(statistics.mean(
                         v["sentences_per_cpu_s"] for v in r.values()))})
    wall, cpu, words, found = document_seconds(catalog, sets)
    counts = ", ".join(f"{k}: {len(d.sentences)} sentences, {sum(d.gold_counts)} gold labels, "
                       f"{len(d.unmatched)} unmatched in ESCO 1.1.1" for k, d in sets.items())
    return "\n".join([
        "## Skill extraction", "",
        f"Model: {MODEL_ID} (static embeddings, CPU, BLAS on one thread) and the learned "
        f"re-ranker (destinai/extract/ranker.json). {counts}. "
        "R-Precision@K per sentence, UNDERSPECIFIED / LABEL NOT PRESENT spans skipped. "
        "Validation sets (the published anchors are on the test splits): literal ≈ 0.31 "
        "RP@5; Decorte et al. 2023 0.546 TECH / 0.457 HOUSE; ConTeXT-match 0.640 / 0.511 "
        "at about 7 sentences/s on 2 vCPUs. The rows below are measured on the sets the "
        "methods were chosen or trained on: the cross-validated figures follow.", "",
        table(rows, ["method", "TECH RP@5", "TECH RP@10", "HOUSE RP@5", "HOUSE RP@10",
                     "sentences/s", "sentences/CPU s"]), "",
        "### Cross-validated (`python -m destinai.extract.fitting`, stored in ranker.json)", "",
        "Folds by group: one validation sentence; one ISCO unit group for O*NET tasks and ESCO "
        "descriptions; one skill for alternative labels; one commodity class for O*NET "
        "technology examples. Each fold fits the ranker and chooses the reporting threshold "
        "on the other four. `ranked_rp5` is `--min-score 0`; `reported_rp5` what the command "
        "reports by default; `precision` the share of reported skills that are gold. The "
        "thresholds are probabilities of the fold models before Platt scaling; the shipped "
        f"model's, after it: {json.loads(WEIGHTS_FILE.read_text())['threshold']}.", "",
        *cv_tables(),
        f"A {words:,}-word document: {wall:.2f} s wall, {cpu:.2f} s CPU (median of 3; "
        f"{found} skills reported), in a warm process (index and extractor set-up: "
        f"{load_seconds:.1f} s, once per process; see the search section for a cold load).",
        "",
        "Held-out figures (the TECH / HOUSE / TECHWOLF test splits) are unknown to us: those "
        "files are never opened. Targets there: ranked RP@5 ≥ 0.62 / 0.50 / 0.56, the "
        "reported set within 0.05 of it. The cross-validated means above, and their "
        "fold-to-fold spread (±0.10–0.12 over folds of 12–15 sentences), are the estimate; "
        "last round the held-out RP@5 came out 0.15 below the validation figure on TECH and "
        "0.11 on HOUSE.",
    ])
