"""Cross-validated choice of the extraction reporting threshold (``MIN_SCORE``).

Labelled data: the two SkillSpan-ESCO validation sets (TECH, HOUSE), pooled and split into
5 folds by sentence. Each sentence goes through ``extract_skills`` exactly as the command runs
it (``--min-score 0``: every ranked candidate with its score); a threshold keeps the skills
scoring at least it (at most ``PER_SENTENCE``). On each fold the threshold is chosen on the
other four: the highest one whose reported RP@5 stays within 0.02 of the ranked RP@5; the
held-out fold then gives reported RP@5, ranked RP@5 and the reported set's precision.
"""

from __future__ import annotations

import random
import statistics
from pathlib import Path

from destinai.catalog.db import Catalog
from destinai.extract.evaluation import load_eval_set
from destinai.extract.skills import PER_SENTENCE, extract_skills
from destinai.search.index import get_index

GRID = [round(0.05 * i, 2) for i in range(0, 19)]


def _rp5(lists: list[list[int]], gold: list[set[int]], counts: list[int]) -> float:
    return statistics.mean(len(set(r[:5]) & g) / min(5, c)
                           for r, g, c in zip(lists, gold, counts, strict=True))


def _precision(lists: list[list[int]], gold: list[set[int]]) -> float:
    shown = sum(len(r[:PER_SENTENCE]) for r in lists)
    return sum(len(set(r[:PER_SENTENCE]) & g) for r, g in zip(lists, gold, strict=True)
               ) / max(shown, 1)


def run_cv(db: Path, eval_dir: Path, files: dict[str, str], folds: int = 5) -> dict:
    """Per-fold chosen threshold and held-out figures, with their mean and spread."""
    catalog = Catalog(db)
    uris = get_index(catalog).kinds["skill"].uris
    owner = {u: i for i, u in enumerate(uris)}
    items = []
    for name, file in files.items():
        data = load_eval_set(catalog, eval_dir / file)
        for sentence, gold, count in zip(data.sentences, data.gold, data.gold_counts,
                                         strict=True):
            ranked = [(owner[s["uri"]], s["score"])
                      for s in extract_skills(catalog, sentence, min_score=0)]
            items.append((name, ranked, gold, count))
    random.Random(0).shuffle(items)

    def lists(subset: list, t: float) -> list[list[int]]:
        return [[o for o, s in ranked if s >= t][:PER_SENTENCE] for _, ranked, _, _ in subset]

    out = []
    for k in range(folds):
        test = items[k::folds]
        train = [x for n, x in enumerate(items) if n % folds != k]
        gold_tr, cnt_tr = [x[2] for x in train], [x[3] for x in train]
        ranked_tr = _rp5(lists(train, 0.0), gold_tr, cnt_tr)
        chosen = max(t for t in GRID if _rp5(lists(train, t), gold_tr, cnt_tr)
                     >= ranked_tr - 0.02)
        gold, cnt = [x[2] for x in test], [x[3] for x in test]
        out.append({"threshold": chosen, "ranked_rp5": _rp5(lists(test, 0.0), gold, cnt),
                    "reported_rp5": _rp5(lists(test, chosen), gold, cnt),
                    "precision": _precision(lists(test, chosen), gold),
                    "shown_per_sentence": statistics.mean(len(r) for r in lists(test, chosen))})
    summary = {key: (statistics.mean(f[key] for f in out), statistics.pstdev(f[key] for f in out))
               for key in out[0]}
    return {"folds": out, "summary": summary}


if __name__ == "__main__":
    import json
    import sys

    from benchmarks.bench_extract import EVAL, SETS

    print(json.dumps(run_cv(Path(sys.argv[1] if len(sys.argv) > 1 else "data/catalog.sqlite"),
                            EVAL, SETS), indent=1, default=str))
