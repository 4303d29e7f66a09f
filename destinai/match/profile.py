"""A person's profile: skills (named, from a CV, implied by past job titles), education, interests.

Every phrase is read by the search and extraction engines (``destinai.match.reading``): used
when the reading is confident, counted at half strength and flagged for confirmation when it is
doubtful, or reported back as unrecognised with suggestions; nothing is dropped silently.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from destinai.catalog.db import Catalog
from destinai.errors import BadInput
from destinai.match.batch import search_each
from destinai.match.context import disambiguate, title_in_context
from destinai.match.data import RIASEC, MatchData, match_data
from destinai.match.reading import (
    ALTERNATIVE_SHARE,
    ALTERNATIVE_STRENGTH,
    DOUBTFUL_ALTERNATIVES,
    DOUBTFUL_STRENGTH,
    FLOOR,
    _combine,
    _reading,
    cv_clauses,
    cv_name_line,
    cv_title_lines,
    doubtful_title_in_context,
    first_line_is_name,
    is_vague,
    read_cv_skills,
    read_title,
    spelled_out,
    title_with_line,
)
from destinai.search.text import fold

EXPLICIT, FROM_CV, FROM_TITLE = 1.0, 0.9, 0.6   # evidence strength of a held skill
# long CV queries cost the search engine much and add little
MAX_ITEMS, WORDS_CHARS, CV_WORDS_CHARS = 300, 500, 200
MAX_PHRASES, READERS = 40, 4     # phrases read in parallel
TITLE_PHRASES = 3.0        # a job title weighs as much as three things said about oneself


class EmptyProfile(BadInput):
    """The profile holds nothing to match on; ``suggestions`` for unrecognised names."""

    def __init__(self, message: str, suggestions: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


@dataclass
class Profile:
    """Resolved evidence: skill index -> (strength, source) and the other signals."""

    skills: dict[int, tuple[float, str]] = field(default_factory=dict)
    recognised: list[dict[str, Any]] = field(default_factory=list)
    unrecognised: list[dict[str, Any]] = field(default_factory=list)
    titles: list[dict[str, Any]] = field(default_factory=list)
    read_as: list[dict[str, Any]] = field(default_factory=list)
    groups: list[tuple[float, dict[int, float]]] = field(default_factory=list)  # per phrase
    text: str | None = None          # the person's own words, for the occupation search
    phrases: list[str] = field(default_factory=list)   # ... one by one, for O*NET tasks
    words_hits: list[dict[str, Any]] | None = None   # the search engine's answer to ``text``
    field_query: str | None = None
    level: int | None = None
    interests: str | None = None
    notes: list[str] = field(default_factory=list)
    title_skills: dict[str, int] = field(default_factory=dict)   # uri -> index, from titles

    def add(self, skill: int, strength: float, source: str) -> None:
        """Hold ``skill``, keeping the strongest evidence."""
        if skill not in self.skills or self.skills[skill][0] < strength:
            self.skills[skill] = (strength, source)

    def phrase_groups(self) -> list[tuple[float, dict[int, float]]]:
        """(weight, {skill: strength}) per thing the person said; one per skill by default."""
        return self.groups or [(1.0, {s: v}) for s, (v, _) in self.skills.items()]

    def title_only(self) -> set[str]:
        """URIs of skills held only because a job title implies them (none of the person's
        own words show them)."""
        return {u for u, s in self.title_skills.items() if self.skills[s][1].startswith("title:")}

    def is_empty(self) -> bool:
        """True when there is nothing to rank on."""
        return not (self.skills or self.field_query or self.level is not None
                    or self.interests)


def split_skills(text: str | None) -> list[str]:
    """Split a ``"a; b; c"`` (or newline separated) list into names."""
    return [p.strip() for p in re.split(r"[;\n]", text or "") if p.strip()][:MAX_ITEMS]


def _exact(data: MatchData, name: str) -> dict[str, Any] | None:
    """An ESCO URI or an exact preferred/alternative label: no reading needed."""
    m = data.index.matrix
    s = m.skill_index.get(name) if name.startswith("http") else data.skill_by_label.get(
        name.casefold())
    if s is None:
        return None
    how = "uri" if name.startswith("http") else "label"
    return {"input": name, "status": "used", "index": s, "matched_by": how, "confidence": 1.0,
            "reason": "an ESCO URI" if how == "uri" else "an ESCO skill name, word for word"}


def resolve_skill_name(catalog: Catalog, data: MatchData, name: str) -> dict[str, Any]:
    """A reading of one skill phrase (see ``destinai.match.reading``), with ``index``."""
    return resolve_skill_names(catalog, data, [name])[0]


def resolve_skill_names(catalog: Catalog, data: MatchData, names: list[str],
                        clauses: list[str] | None = None) -> list[dict[str, Any]]:
    """Readings of skill phrases (``names``: searched and extracted; ``clauses``, a CV's:
    extracted only), in order; exact ESCO labels and URIs need no reading."""
    from destinai.extract.skills import extract_skills_many

    clauses = clauses or []
    out: list[dict[str, Any] | None] = [_exact(data, n) for n in names] + [None] * len(clauses)
    for n, name in enumerate(names):
        if out[n] is None and name.startswith("http"):
            out[n] = {"input": name, "status": "unrecognised", "suggestions": [],
                      "reason": "no ESCO skill has this URI"}
    todo = [n for n, r in enumerate(out[:len(names)]) if r is None]
    queries = [spelled_out(names[n]) for n in todo] + [spelled_out(c) for c in clauses]
    searched = _pool().submit(search_each, catalog, queries[:len(todo)], "skill", 6)
    extracted = extract_skills_many(catalog, queries, 5)
    for n, found in zip(todo, searched.result(), strict=True):
        reading = _reading(names[n], _combine(found, extracted[todo.index(n)]))
        if "uri" in reading:
            reading["index"] = data.index.matrix.skill_index.get(reading["uri"])
        out[n] = reading | ({"matched_by": "search"} if "uri" in reading else {})
    for k, clause in enumerate(clauses):
        reading = _reading(clause, _combine([], extracted[len(todo) + k]))
        out[len(names) + k] = reading | ({"matched_by": "search"} if "uri" in reading else {})
    return [r for r in out if r is not None]


_POOL: list[ThreadPoolExecutor] = []


def _pool() -> ThreadPoolExecutor:
    """Threads kept for the process (each keeps its SQLite connection and page cache warm)."""
    if not _POOL:
        _POOL.append(ThreadPoolExecutor(READERS, thread_name_prefix="destinai-read"))
    return _POOL[0]


def _hold(profile: Profile, data: MatchData, reading: dict[str, Any], strength: float,
          source: str) -> None:
    """Count a reading: full strength when confident, less when it awaits confirmation."""
    m = data.index.matrix
    s = reading.get("index")
    if s is None:
        profile.unrecognised.append({k: reading[k] for k in ("input", "suggestions")
                                     if k in reading} | {"kind": "skill"})
        profile.read_as.append(reading)
        return
    reading.pop("index")
    doubtful = reading["status"] == "check"
    group = {s: strength * (DOUBTFUL_STRENGTH if doubtful else 1.0)}
    profile.add(s, group[s], source)
    for n, alt in enumerate(reading.get("alternatives", [])):
        t = m.skill_index.get(alt["uri"])
        close = alt["confidence"] >= ALTERNATIVE_SHARE * reading["confidence"] or (
            doubtful and n < DOUBTFUL_ALTERNATIVES and alt["confidence"] >= FLOOR)
        if t is not None and close:
            alt["counted"] = True
            group.setdefault(t, strength * ALTERNATIVE_STRENGTH)
            profile.add(t, strength * ALTERNATIVE_STRENGTH, f"{source}:alternative")
    profile.groups.append((1.0, group))
    profile.recognised.append({**reading, **data.index.skill_ref(s)})
    profile.read_as.append({**reading, **data.index.skill_ref(s)})


def _add_title(profile: Profile, data: MatchData, reading: dict[str, Any],
               source: str) -> None:
    m = data.index.matrix
    if "uri" not in reading:
        profile.unrecognised.append({"input": reading["input"], "kind": "title",
                                     "suggestions": reading.get("suggestions", [])})
        profile.read_as.append(reading | {"kind": "title"})
        return
    o = m.occupation_index[reading["uri"]]
    if any(t["uri"] == reading["uri"] for t in profile.titles):
        return
    strength = FROM_TITLE * (1.0 if reading["status"] == "used" else DOUBTFUL_STRENGTH)
    profile.titles.append({**reading, "matched_by": source, **data.index.occupation_ref(o)})
    profile.read_as.append(reading | {"kind": "title"})
    essential = m.essential[o].indices
    for s in essential:
        profile.add(int(s), strength, f"title:{data.index.occupation_labels[o]}")
        profile.title_skills[m.skills[int(s)]] = int(s)
        profile.groups.append((TITLE_PHRASES / max(len(essential), 1), {int(s): strength}))


WORDS_DEPTH = 40         # occupations the search engine ranks for the person's own words


def occupation_hits(catalog: Catalog, text: str) -> list[dict[str, Any]]:
    """The search engine's occupations for the person's own words (the words-fit part)."""
    from destinai.search.hybrid import search_hybrid

    return search_hybrid(catalog, text, "occupation", WORDS_DEPTH)


def build_profile(catalog: Catalog, skills: str | list[str] | None = None,
                  cv_text: str | None = None, titles: list[str] | None = None,
                  study: str | None = None, level: int | None = None,
                  interests: str | None = None) -> Profile:
    """Resolve every part of a profile; raises EmptyProfile when nothing usable is given.

    Free text goes through the search and extraction engines; every phrase ends up in
    ``profile.read_as`` (used, to check, or unrecognised), never silently dropped.
    """
    data = match_data(catalog)
    m = data.index.matrix
    profile = Profile(field_query=(study or "").strip() or None, level=level)
    names = split_skills(skills) if isinstance(skills, str) else [
        n.strip() for n in (skills or []) if n and n.strip()][:MAX_ITEMS]
    pool = _pool()
    given = [t.strip() for t in titles or [] if t.strip()]
    has_cv = bool(cv_text and cv_text.strip())
    in_cv = cv_title_lines(cv_text or "") if has_cv else []
    named = cv_name_line(cv_text or "") if has_cv else None
    named = None if named and fold(named[1]) in {fold(t) for t, _ in in_cv} else named
    in_cv += [(named[1], named[1])] if named else []   # "Jane Doe — Staff nurse": the job
    title_readings = [pool.submit(read_title, catalog, t) for t in given + [t for t, _ in in_cv]]
    cv_found = pool.submit(read_cv_skills, catalog, cv_text or "") if has_cv else None
    clauses = cv_clauses(cv_text or "") if has_cv else []
    readings = resolve_skill_names(catalog, data, names, clauses)
    context = "; ".join([n for n in names if not n.startswith("http")] + [cv_text or ""])
    results = [f.result() for f in title_readings]
    name = named and first_line_is_name(named, in_cv[:-1], results[len(given):-1]) and named[0]
    if named and not name:
        results.pop()           # "Warehouse manager — XPO Logistics": an employer follows
    for n, reading in enumerate(results):
        if n >= len(given) and is_vague(reading):
            reading = title_with_line(catalog, reading, in_cv[n - len(given)][1])
        reading = title_in_context(catalog, reading, context)
        if reading.get("status") == "check":
            reading = doubtful_title_in_context(catalog, reading, context)
        if n < len(given):
            _add_title(profile, data, reading, "title")
        elif reading.get("status") in ("used", "check"):
            _add_title(profile, data, reading, "cv")
    words = [n for n in names if not n.startswith("http")]   # URIs are not words
    own_words = "; ".join(words + [t["input"] for t in profile.titles if t["matched_by"] ==
                                   "title"])
    if cv_text and cv_text.strip():   # titles and the first lines say most; a name, nothing
        start = cv_text.strip().removeprefix(name or "")[:CV_WORDS_CHARS]
        own_words = f"{own_words}; {start}" if own_words else start
    profile.text = own_words[:WORDS_CHARS] or None
    words_hits = pool.submit(occupation_hits, catalog, profile.text) if profile.text else None
    profile.phrases = (words + clauses)[:MAX_PHRASES]
    readings = disambiguate(catalog, readings, [t["label"] for t in profile.titles])
    for n, reading in enumerate(readings):
        if "uri" in reading:
            reading["index"] = m.skill_index.get(reading["uri"])
        if n < len(names):
            _hold(profile, data, reading, EXPLICIT, "explicit")
        elif "uri" in reading:      # a CV clause that reads as no skill is just prose
            _hold(profile, data, reading, FROM_CV, "cv")
    if cv_found is not None:
        for item in cv_found.result():
            s = m.skill_index.get(item["uri"])
            if s is not None and s not in profile.skills:
                _hold(profile, data, item | {"index": s, "matched_by": "cv"}, FROM_CV, "cv")
    profile.words_hits = words_hits.result() if words_hits is not None else []
    if interests:
        letters = "".join(ch for ch in interests.upper() if ch in RIASEC)
        profile.interests = "".join(dict.fromkeys(letters))[:3] or None
        if not profile.interests:
            profile.notes.append(f"interests {interests!r} hold no RIASEC letter (R I A S E C)")
    if level is not None and not 0 <= level <= 8:
        raise EmptyProfile(f"education level must be an ISCED 2011 level 0..8, got {level}")
    if profile.is_empty():
        raise EmptyProfile(_empty_message(profile), [
            s for u in profile.unrecognised for s in u.get("suggestions", [])[:2]])
    return profile


def _empty_message(profile: Profile) -> str:
    if profile.unrecognised:
        names = ", ".join(repr(u["input"]) for u in profile.unrecognised[:5])
        return f"none of the given skills or titles was recognised ({names})"
    return ("the profile is empty: give --skills, --cv, --title, --study, --level or "
            "--interests")


def read_cv(path: Path) -> str:
    """A CV's text: PDF, DOCX or plain text, through extract's document reader."""
    from destinai.extract.reader import read_path

    return read_path(path)[:200_000]
