"""A person's profile: skills (named, from a CV, implied by past job titles), education, interests.

Every skill name is either recognised (with how it matched) or reported back as unrecognised
with suggestions; nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from destinai.catalog.db import Catalog, NotFound
from destinai.errors import BadInput
from destinai.match.data import RIASEC, MatchData, match_data
from destinai.search.resolve import resolve_occupation

EXPLICIT, FROM_CV, FROM_TITLE = 1.0, 0.9, 0.6   # evidence strength of a held skill
ACCEPT_FUZZY = 85          # token-set similarity (0..100) for accepting a search hit
MAX_ITEMS = 300


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
    field_query: str | None = None
    level: int | None = None
    interests: str | None = None
    notes: list[str] = field(default_factory=list)

    def add(self, skill: int, strength: float, source: str) -> None:
        """Hold ``skill``, keeping the strongest evidence."""
        if skill not in self.skills or self.skills[skill][0] < strength:
            self.skills[skill] = (strength, source)

    def is_empty(self) -> bool:
        """True when there is nothing to rank on."""
        return not (self.skills or self.field_query or self.level is not None
                    or self.interests)


def split_skills(text: str | None) -> list[str]:
    """Split a ``"a; b; c"`` (or newline separated) list into names."""
    return [p.strip() for p in re.split(r"[;\n]", text or "") if p.strip()][:MAX_ITEMS]


def _search_skills(catalog: Catalog, text: str, limit: int = 5) -> list[dict[str, Any]]:
    try:  # the search feature's hybrid ranking, when present
        from destinai.search.hybrid import search_hybrid
        return list(search_hybrid(catalog, text, "skill", limit))
    except ImportError:
        from destinai.catalog.search import search
        return search(catalog, text, "skill", limit)


def resolve_skill_name(catalog: Catalog, data: MatchData, name: str) -> dict[str, Any]:
    """``{input, uri, label, matched_by}`` or ``{input, suggestions}`` when unrecognised."""
    m = data.index.matrix
    if name.startswith("http"):
        s = m.skill_index.get(name)
        if s is not None:
            return {"input": name, "index": s, "matched_by": "uri"}
        return {"input": name, "suggestions": []}
    s = data.skill_by_label.get(name.casefold())
    if s is not None:
        return {"input": name, "index": s, "matched_by": "label"}
    hits = _search_skills(catalog, name)
    for hit in hits[:3]:
        s = m.skill_index.get(hit["uri"])
        names = {hit["label"], hit.get("matched_label") or hit["label"]}
        if s is not None and max(fuzz.token_set_ratio(name.lower(), n.lower())
                                 for n in names) >= ACCEPT_FUZZY:
            return {"input": name, "index": s, "matched_by": "search"}
    return {"input": name, "suggestions": [{"uri": h["uri"], "label": h["label"]}
                                           for h in hits[:5]]}


def cv_skills(catalog: Catalog, text: str) -> list[dict[str, Any]]:
    """Skills extracted from CV text by the extraction feature."""
    from destinai.extract import extract_skills  # raises ImportError until it exists

    return list(extract_skills(catalog, text))


def build_profile(catalog: Catalog, skills: str | list[str] | None = None,
                  cv_text: str | None = None, titles: list[str] | None = None,
                  study: str | None = None, level: int | None = None,
                  interests: str | None = None) -> Profile:
    """Resolve every part of a profile; raises EmptyProfile when nothing usable is given."""
    data = match_data(catalog)
    m = data.index.matrix
    profile = Profile(field_query=(study or "").strip() or None, level=level)
    names = split_skills(skills) if isinstance(skills, str) else list(skills or [])
    for name in names:
        found = resolve_skill_name(catalog, data, name)
        if "index" in found:
            s = found.pop("index")
            profile.add(s, EXPLICIT, "explicit")
            profile.recognised.append({**found, **data.index.skill_ref(s)})
        else:
            profile.unrecognised.append(found)
    if cv_text and cv_text.strip():
        try:
            for item in cv_skills(catalog, cv_text):
                s = m.skill_index.get(item["uri"])
                if s is not None:
                    profile.add(s, FROM_CV, "cv")
                    profile.recognised.append({"input": item.get("evidence"), "matched_by": "cv",
                                               **data.index.skill_ref(s)})
        except ImportError:
            profile.notes.append("CV skill extraction is not available in this build")
    for title in titles or []:
        try:
            uri, how = resolve_occupation(catalog, title)
        except NotFound as exc:
            profile.unrecognised.append({"input": title, "kind": "title",
                                         "suggestions": exc.suggestions})
            continue
        o = m.occupation_index[uri]
        profile.titles.append({"input": title, "matched_by": how,
                               **data.index.occupation_ref(o)})
        for s in m.essential[o].indices:
            profile.add(int(s), FROM_TITLE, f"title:{data.index.occupation_labels[o]}")
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
