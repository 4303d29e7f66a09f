"""Profile benchmarks: occupation profile, job profile, interview guide and skill profile
generated in a warm process, over occupations of different kinds."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from benchmarks.common import summary, table, timings_ms
from destinai.catalog.db import Catalog
from destinai.catalog.occupations import resolve_occupation
from destinai.profiles.interview import interview_guide
from destinai.profiles.jobprofile import job_profile
from destinai.profiles.occupation_profile import occupation_profile
from destinai.profiles.render_md import interview_md, job_profile_md
from destinai.profiles.sector import sector_overview
from destinai.profiles.skill_profile import skill_profile

OCCUPATIONS = ["chief executive officer", "welder", "general practitioner", "policy officer",
               "software developer", "nurse responsible for general care",
               "commercial art gallery manager", "tobacco shop manager", "diplomat",
               "electrician"]
SKILLS = ["manage budgets", "Python (computer programming)", "work in teams"]
REPEAT = 20
SECTORS = ["2", "7", "22", "25", "health", "construction", "international relations",
           "education"]
REVIEW = Path(__file__).parent / "data" / "profiles_coarse_review.json"


def cpu_ms(fn, queries: list[str], repeat: int = 5) -> dict[str, float]:
    """CPU milliseconds per call (process time): on a shared machine wall time also counts
    the other processes' turns, CPU time does not."""
    times = []
    for q in queries:
        fn(q)
        for _ in range(repeat):
            start = time.process_time()
            fn(q)
            times.append(1000 * (time.process_time() - start))
    return summary(times)


def _load_average() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "n/a"


def _pooled(fn, queries: list[str]) -> tuple[dict[str, float], list[dict[str, object]]]:
    pooled: list[float] = []
    per: list[dict[str, object]] = []
    for q in queries:
        ms = timings_ms(lambda q=q: fn(q), REPEAT)
        pooled += ms
        per.append({"query": q, **summary(ms)})
    return summary(pooled), per


def run(db: Path) -> str:
    """Time each generator over the occupations (by URI, so title search is not counted)."""
    catalog = Catalog(db)
    uris = [resolve_occupation(catalog, q)[0] for q in OCCUPATIONS]
    names = dict(zip(uris, OCCUPATIONS, strict=True))
    ops = [
        ("occupation profile", lambda u: occupation_profile(catalog, u), 20.0),
        ("job profile (JSON)", lambda u: job_profile(catalog, u), 50.0),
        ("job profile + Markdown", lambda u: job_profile_md(job_profile(catalog, u, "public")),
         50.0),
        ("interview guide + Markdown", lambda u: interview_md(interview_guide(catalog, u)),
         50.0),
    ]
    rows, details = [], []
    for name, fn, target in ops:
        pooled, per = _pooled(fn, uris)
        rows.append({"operation": name, **pooled, "target_ms": target,
                     "median / target": f"{pooled['median_ms'] / target:.2f}",
                     "p95 / target": f"{pooled['p95_ms'] / target:.2f}"})
        if name == "occupation profile":
            details = [{"occupation": names[str(r["query"])], "median_ms": r["median_ms"],
                        "p95_ms": r["p95_ms"]} for r in per]
    by_title, _ = _pooled(lambda q: occupation_profile(catalog, q), OCCUPATIONS[:4])
    rows.append({"operation": "occupation profile by title (resolution included)",
                 **by_title, "target_ms": 20.0,
                 "median / target": f"{by_title['median_ms'] / 20:.2f}",
                 "p95 / target": f"{by_title['p95_ms'] / 20:.2f}"})
    skill, _ = _pooled(lambda q: skill_profile(catalog, q, "wage"), SKILLS)
    rows.append({"operation": "skill profile sorted by wage", **skill, "target_ms": 20.0,
                 "median / target": f"{skill['median_ms'] / 20:.2f}",
                 "p95 / target": f"{skill['p95_ms'] / 20:.2f}"})
    sector, per_sector = _pooled(lambda q: sector_overview(catalog, q), SECTORS)
    rows.append({"operation": "sector overview (issue 14)", **sector, "target_ms": 100.0,
                 "median / target": f"{sector['median_ms'] / 100:.2f}",
                 "p95 / target": f"{sector['p95_ms'] / 100:.2f}"})
    load_before = _load_average()
    cpu = [{"operation": name, **cpu_ms(fn, uris)} for name, fn, _ in ops]
    cpu.append({"operation": "sector overview", **cpu_ms(
        lambda q: sector_overview(catalog, q), SECTORS)})
    return "\n".join([
        "## Profiles (issues 3 and 14)", "",
        f"Warm process, {REPEAT} timed calls per occupation after 3 untimed ones, pooled over "
        f"{len(OCCUPATIONS)} occupations (a manager, trades, health, public administration, "
        "ICT, an occupation with four O*NET codes, one without a reviewed link). "
        "Targets: profile < 20 ms, job profile < 50 ms.", "",
        table(rows, ["operation", "median_ms", "p95_ms", "max_ms", "n", "target_ms",
                     "median / target", "p95 / target"]), "",
        f"CPU time per call (process time, 5 calls per query; load average {load_before} "
        "when measured — the wall times above include other processes' turns on the two "
        "cores):", "",
        table(cpu, ["operation", "median_ms", "p95_ms", "max_ms", "n"]), "",
        "Occupation profile per occupation:", "",
        table(details, ["occupation", "median_ms", "p95_ms"]), "",
        "Sector overview per sector (the per-process sector index is loaded before timing; "
        "loading it costs 1-2 s once):", "",
        table([{"sector": r["query"], "median_ms": r["median_ms"], "p95_ms": r["p95_ms"]}
               for r in per_sector], ["sector", "median_ms", "p95_ms"]), "",
        review(catalog)])


def review(catalog: Catalog) -> str:
    """The coarse-link review set: share of shown responsibilities judged relevant before
    and after, recomputing "after" with the current code (unjudged new items are counted)."""
    data = json.loads(REVIEW.read_text())["occupations"]
    before = [x["relevant"] for o in data for x in o["before"]]
    judged_after, unjudged, esco, lost, basis = [], 0, 0, 0, Counter()
    for o in data:
        known = {x["item"]: x["relevant"] for x in
                 o["after"] + o["before"] + o.get("also_judged", [])}
        j = job_profile(catalog, o["uri"])
        shown = j["responsibilities"]["primary"][:5]
        for item in shown:
            if item in known:
                judged_after.append(known[item])
            else:
                unjudged += 1
        if j["responsibilities"]["primary_source"].startswith("ESCO"):
            esco += 1
            lost += sum(x["relevant"] for x in o["before"]) >= 4
        basis[j["salary"].get("basis", "none")] += 1
    rows = [{"measure": "shown responsibilities judged relevant, before",
             "value": f"{sum(before)}/{len(before)} ({sum(before) / len(before):.1%})"},
            {"measure": "shown responsibilities judged relevant, after",
             "value": f"{sum(judged_after)}/{len(judged_after)} "
                      f"({sum(judged_after) / max(1, len(judged_after)):.1%})"},
            {"measure": "items shown now that the set has no judgement for",
             "value": str(unjudged)},
            {"measure": "occupations whose responsibilities now come from ESCO skills",
             "value": f"{esco}/{len(data)}"},
            {"measure": "… of which the old O*NET tasks were mostly relevant (>= 4 of 5): "
                        "good tasks no longer shown", "value": str(lost)},
            {"measure": "pay basis shown", "value": ", ".join(
                f"{k} {v}" for k, v in sorted(basis.items()))}]
    return "\n".join([
        f"Coarse-link review set (`benchmarks/data/profiles_coarse_review.json`, "
        f"{len(data)} occupations, first five responsibilities each, judged by hand):", "",
        table(rows, ["measure", "value"]), ""])
