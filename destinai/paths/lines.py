"""Same line of work: what makes a career move natural (head chef is the step up from chef,
not from accountant), computed once at build time over all occupation pairs.

``line`` [a, b] = relative similarity — the transition similarity divided by the origin's
    ``REFERENCE_RANK``-th best (and, averaged, by the destination's), so an occupation with
    few close neighbours (international relations officer) is judged against its own options
  + ``TITLE_WEIGHT`` × title share (IDF-weighted share of the shorter title's *core* words —
    the words left once seniority words are removed — that the other title has: "chef" in
    "head chef", "bank" in "bank teller" and "bank manager")
  + ``SUPERVISION_WEIGHT`` when one is an ISCO-08 supervisor or manager group over the other's
    group (construction supervisors over building trades, shop supervisors over shop sales,
    education managers over teachers, restaurant managers over cooks …: ``SUPERVISES``,
    ``MANAGES``)
  + ``ASSIST_WEIGHT`` when one's ISCO-08 elementary or assistant group assists the other's
    work (building construction labourers the building trades, kitchen helpers the cooks,
    teachers' aides the teachers …: ``ASSISTS``): the usual way into that work
  + ``BROADER_WEIGHT`` when one is the other's ESCO broader occupation.

A pair is in the same line of work when ``line`` ≥ ``SAME_LINE`` (engine.py). The build also
keeps, for every origin, its ``UP_CANDIDATES`` best same-line occupations that are more senior
and its ``DOWN_CANDIDATES`` best less senior ones, so that advancement and entry points can be
found beyond the most similar destinations (a bank manager is not among a bank teller's 80 most
similar occupations).
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter

import numpy as np

from destinai.paths.seniority import TITLE_POINTS, title_words

REFERENCE_RANK = 10
ASSIST_WEIGHT = 0.3
TITLE_WEIGHT = 0.30
SUPERVISION_WEIGHT = 0.45
BROADER_WEIGHT = 0.15
UP_CANDIDATES = 30
DOWN_CANDIDATES = 20
# supervisor unit group -> ISCO prefixes of the groups it supervises
# (manufacturing supervisors and managers run crafts, plant operators and assemblers, not
# the drivers and mobile plant operators of sub-major group 83: a delivery driver's step up
# is not a food production planner)
SUPERVISES = {"3121": ("811", "8111", "9311"), "3122": ("7", "81", "82", "932"),
              "3123": ("71", "741", "8342", "8343", "9312", "9313"),
              "3341": ("4", "3342", "3343", "3344"),
              "5151": ("91", "515"),
              "5222": ("52",)}
# ISCO-08 manager unit group -> ISCO prefixes of the work it manages (the ISCO-08 group
# definitions: education managers run schools of teaching professionals, …)
MANAGES = {
    "1112": ("2422", "2619"), "1211": ("241", "331", "4311", "4312"), "1212": ("2423", "4416"),
    "1219": ("334", "41", "242"), "1221": ("243", "332", "522", "524"), "1222": ("2432", "2431"),
    "1223": ("21", "31"), "1311": ("61", "92", "621"), "1312": ("622", "6221", "9216"),
    "1321": ("3122", "7", "81", "82"), "1322": ("3121", "811", "9311"),
    "1323": ("3123", "71", "2142", "3112", "9312"),
    "1324": ("432", "833", "9333", "834", "4323"), "1330": ("25", "35"),
    "1341": ("5311", "2342"), "1342": ("22", "32"), "1343": ("5322", "3412"),
    "1344": ("2635", "3412"), "1345": ("23",), "1346": ("3312", "4211", "241", "3311"),
    "1349": ("2611", "3411", "2622", "4411", "2621", "3433"), "1411": ("4224", "515", "4225"),
    "1412": ("512", "513", "3434", "9412"), "1420": ("52",), "1431": ("342", "3435"),
    "1439": ("5244", "4222", "5113", "422"),
}
# ISCO-08 elementary or assistant unit group -> ISCO prefixes of the skilled work it assists
# (the ISCO-08 group definitions: crop farm labourers work for crop growers, building
# construction labourers for the building trades, freight handlers beside stock clerks and
# forklift drivers, teachers' aides and health care assistants under teachers and nurses)
ASSISTS = {
    "9111": ("5152",), "9211": ("611",), "9212": ("612",), "9213": ("61",), "9214": ("6113",),
    "9215": ("621",), "9216": ("622",), "9311": ("811",), "9312": ("8342",),
    "9313": ("711", "712", "713"), "9321": ("8183",), "9329": ("81", "82"),
    "9333": ("4321", "8344"), "9411": ("512",), "9412": ("512",), "9621": ("4412",),
    "5312": ("23",), "5321": ("222", "322"), "3213": ("2262",), "3251": ("2261",),
    "3255": ("2264",), "3256": ("221",),
}
LINE_COLUMNS = ("line", "title_share", "supervision", "broader", "assists")   # stored per edge
HOMOGRAPHS = frozenset(("sewer",))     # a sewer is a drain, not one who sews
GENERIC = frozenset(("worker", "work", "operator", "officer", "offic", "technician", "specialist",
                     "professional", "general", "responsible", "care"))


def core_words(label: str, activities: frozenset[str] = frozenset()) -> set[str]:
    """Title words that name the line of work (no seniority words, stop words or 'of'), an
    agent noun by the activity it names where ``activities`` has it (``agent_base``)."""
    # the text layer (stemmer, ~15 ms to import) is for the build: queries import this
    # module only for its constants
    from destinai.paths.text import STOP, stem

    out = set()
    for w in title_words(label):
        if w in TITLE_POINTS or w in STOP or len(w) < 3:
            continue
        out.add(agent_base(stem(w), activities))
    return out


def activity_stems(label: str) -> set[str]:
    """The stems of a title's "-ing" words, the activities it names (rigging, driving)."""
    from destinai.paths.text import stem

    return {stem(w) for w in title_words(label) if w.endswith("ing") and len(w) > 5}


def agent_base(s: str, activities: frozenset[str] = frozenset()) -> str:
    """The activity an agent noun names, so that a trade and its supervisor share the title:
    rigger → rig (rigging supervisor), knitter → knit, driver → drive (driving instructor),
    painter → paint — the first base that is an activity some title names (``activities``;
    a porter is no port worker); else the stem less its "-er" when long enough (computer →
    comput, as in computing)."""
    if not s.endswith("er") or len(s) < 5 or s in HOMOGRAPHS:
        return s
    doubled = s[:-3] if s[-3] == s[-4] else ""
    for base in (s[:-2], s[:-1], doubled, s[:-2] + "e"):
        if len(base) >= 3 and base in activities:
            return base
    return s[:-2] if len(s) >= 6 else s


def title_share(labels: list[str]) -> np.ndarray:
    """Dense [a, b]: IDF-weighted share of the smaller core that the other title shares."""
    activities = frozenset().union(*(activity_stems(label) for label in labels))
    cores = [core_words(label, activities) for label in labels]
    df = Counter(w for c in cores for w in sorted(c))     # sorted: same sums in every process
    n = len(labels)
    vocab = {w: i for i, w in enumerate(df)}
    idf = np.array([math.log((n + 1) / (df[w] + 1)) + 1 for w in vocab], np.float32)
    idf[[vocab[w] for w in vocab if w in GENERIC]] *= 0.25
    x = np.zeros((n, len(vocab)), np.float32)
    for i, c in enumerate(cores):
        for w in c:
            x[i, vocab[w]] = idf[vocab[w]]
    shared = x @ (x > 0).T.astype(np.float32)          # weight of a's words that b has
    weight = x.sum(axis=1)
    smaller = np.minimum(weight[:, None], weight[None, :])
    smaller[smaller == 0] = 1
    shared = np.minimum(shared, shared.T)              # symmetric: shared words, both sides
    return (shared / smaller).astype(np.float32)


def supervision(groups: list[str]) -> np.ndarray:
    """Dense [a, b]: 1 when b's ISCO group supervises or manages a's (or the other way)."""
    return _relation(groups, SUPERVISES | MANAGES)


def assists(groups: list[str]) -> np.ndarray:
    """Dense [a, b]: 1 when a's ISCO group assists b's work (or the other way, ``ASSISTS``)."""
    return _relation(groups, ASSISTS)


def _relation(groups: list[str], relation: dict[str, tuple[str, ...]]) -> np.ndarray:
    n = len(groups)
    out = np.zeros((n, n), np.float32)
    codes = np.array(groups)
    for boss, prefixes in relation.items():
        bosses = codes == boss
        staff = np.array([any(g.startswith(p) for p in prefixes) for g in groups])
        out[np.ix_(staff, bosses)] = 1
        out[np.ix_(bosses, staff)] = 1
    return out


def broader_pairs(db: sqlite3.Connection, index: dict[str, int]) -> np.ndarray:
    """Dense [a, b]: 1 when one is the other's ESCO broader occupation."""
    n = len(index)
    out = np.zeros((n, n), np.float32)
    for a, b in db.execute("SELECT uri, broader_uri FROM occupation_broader "
                           "WHERE broader_type = 'Occupation'"):
        if a in index and b in index:
            out[index[a], index[b]] = out[index[b], index[a]] = 1
    return out


def relative_similarity(similarity: np.ndarray, rank: int = REFERENCE_RANK) -> np.ndarray:
    """Dense [a, b]: similarity over the origin's and the destination's ``rank``-th best."""
    sim = similarity.astype(np.float32).copy()
    np.fill_diagonal(sim, 0)
    rank = max(1, min(rank, len(sim) - 1))
    row = -np.partition(-sim, rank - 1, axis=1)[:, rank - 1]
    col = -np.partition(-sim, rank - 1, axis=0)[rank - 1, :]
    row[row <= 0], col[col <= 0] = 1, 1
    return 0.5 * (sim / row[:, None] + sim / col[None, :])


def line_of_work(db: sqlite3.Connection, occupations: list[str],
                 similarity: np.ndarray) -> dict[str, np.ndarray]:
    """The ``LINE_COLUMNS`` matrices for all pairs."""
    rows = dict((u, (label, isco or "")) for u, label, isco in db.execute(
        "SELECT uri, label, isco_group FROM occupations"))
    labels = [rows[u][0] for u in occupations]
    share = title_share(labels)
    groups = [rows[u][1] for u in occupations]
    supervises = supervision(groups)
    assisted = assists(groups)
    broader = broader_pairs(db, {u: i for i, u in enumerate(occupations)})
    line = (relative_similarity(similarity) + TITLE_WEIGHT * share
            + SUPERVISION_WEIGHT * supervises + ASSIST_WEIGHT * assisted
            + BROADER_WEIGHT * broader)
    np.fill_diagonal(line, -np.inf)
    return {"line": line.astype(np.float32), "title_share": share, "supervision": supervises,
            "broader": broader, "assists": assisted}


def candidate_mask(line: np.ndarray, seniority: np.ndarray, structural: np.ndarray,
                   step: float) -> np.ndarray:
    """Boolean [a, b]: b is among a's best same-line occupations that are more senior (by at
    least ``step``, in total or structurally) or not more senior; and a is among b's best
    not-more-senior sources (its entry points)."""
    n = len(line)
    mask = np.zeros((n, n), bool)
    delta = seniority[None, :] - seniority[:, None]
    up = (delta >= step) | (structural[None, :] - structural[:, None] >= step)
    for cond, k, axis in ((up, UP_CANDIDATES, 1), (delta <= 0, DOWN_CANDIDATES, 1),
                          (delta >= 0, DOWN_CANDIDATES, 0)):
        scored = np.where(cond, line, -np.inf)
        k = min(k, n - 1)
        if k <= 0:
            continue
        if axis == 0:
            scored = scored.T
        best = np.argpartition(-scored, k - 1, axis=1)[:, :k]
        rows = np.repeat(np.arange(n), k)
        cols = best.ravel()
        keep = np.isfinite(scored[rows, cols])
        if axis == 0:
            mask[cols[keep], rows[keep]] = True
        else:
            mask[rows[keep], cols[keep]] = True
    return mask
