"""Response shapes of the stable JSON endpoints, so /docs shows what each one returns.

The engines return plain dicts; these models name and type their stable members. Each model
allows extra members: a field an engine adds later is passed through, not dropped, and shows
up here when it is stable enough to document.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Open(BaseModel):
    """A documented object that may carry further members."""

    model_config = ConfigDict(extra="allow")


class Page(Open, Generic[T]):
    """A page of a ranked list: ``data[offset:offset+limit]`` of ``total`` results."""

    data: list[T]
    count: int = Field(description="Results on this page.")
    total: int = Field(description="Results available across all pages.")
    limit: int
    offset: int


class Problem(Open):
    """An RFC 9457 problem detail (``application/problem+json``)."""

    type: str = Field(description="Problem type, e.g. /problems/not-found.")
    title: str
    status: int
    detail: str
    instance: str = Field(description="The request path (and query) that failed.")
    suggestions: list[dict[str, Any]] | None = Field(
        None, description="Close matches, on not-found problems.")
    errors: list[dict[str, Any]] | None = Field(
        None, description="Each invalid parameter or field, on validation problems.")


class IscoGroup(Open):
    code: str
    label: str
    level: int | None = None


class OccupationRef(Open):
    uri: str
    label: str
    code: str | None = None


class SkillRef(Open):
    uri: str
    label: str
    skill_type: str | None = None
    reuse_level: str | None = None


class SourceRef(Open):
    release: str
    publisher: str | None = None
    download: str | None = None


class OccupationCounts(Open):
    essential: int
    optional: int
    total: int


class OccupationProfile(Open):
    """An ESCO occupation with its skills, O*NET profile, US pay and outlook."""

    uri: str
    code: str | None = None
    label: str
    matched_by: str = Field(description="How the query was resolved (uri, code, label, ...).")
    alt_labels: list[str] = Field(default_factory=list)
    isco_group: IscoGroup | None = None
    isco_chain: list[IscoGroup] = Field(default_factory=list)
    description: str | None = None
    essential_skills: list[SkillRef] = Field(default_factory=list)
    optional_skills: list[SkillRef] = Field(default_factory=list)
    counts: OccupationCounts | None = None
    broader: list[OccupationRef] = Field(default_factory=list)
    narrower: list[OccupationRef] = Field(default_factory=list)
    esco_page: str | None = None
    regulation: dict[str, Any] = Field(default_factory=dict)
    onet_profile: dict[str, Any] = Field(default_factory=dict)
    pay: dict[str, Any] = Field(default_factory=dict)
    projections: dict[str, Any] = Field(default_factory=dict)
    related: dict[str, Any] = Field(default_factory=dict)
    career_paths: dict[str, Any] = Field(default_factory=dict)
    sources: list[SourceRef] = Field(default_factory=list)


class SkillOccupation(Open):
    uri: str
    label: str
    code: str | None = None
    annual_median: float | None = None
    employment: float | None = None


class SkillProfile(Open):
    """An ESCO skill and the occupations for which it is essential or optional."""

    uri: str
    label: str
    matched_by: str | None = None
    skill_type: str | None = None
    reuse_level: str | None = None
    alt_labels: list[str] = Field(default_factory=list)
    description: str | None = None
    essential_for: list[SkillOccupation] = Field(default_factory=list)
    optional_for: list[SkillOccupation] = Field(default_factory=list)
    counts: OccupationCounts | None = None
    esco_page: str | None = None
    sorted_by: str | None = None
    limit: int | None = Field(None, description="Occupations per list on this page.")
    offset: int | None = Field(None, description="Occupations skipped in each list.")


class Retrieval(Open):
    rank: int
    score: float


class SearchHit(Open):
    """One ranked occupation or skill; ``retrievers`` says which retriever found it where."""

    uri: str
    label: str
    score: float = Field(description="Fused score, 0..1.")
    matched_label: str
    retrievers: dict[str, Retrieval]


class TitleHit(SearchHit):
    """An ESCO occupation for a job title, with its O*NET-SOC codes."""

    code: str | None
    onet: list[dict[str, Any]]
    cleaned_title: str | None = None


class BuildRecord(Open):
    """How the catalog was built: releases with checksums, row counts, coverage, timings."""

    built_at: str | None = None
    code_version: str | None = None
    catalog_format: dict[str, Any] | None = None  # {schema_version, parameters digest}
    releases: list[str] = Field(default_factory=list)
    row_counts: dict[str, int] = Field(default_factory=dict)
    sources: list[dict[str, Any]] = Field(default_factory=list)
    duration_s: float | None = None


class Attribution(Open):
    attribution: str


class MatchPage(Open):
    """Ranked occupations for a profile (``results``), paginated."""

    profile: dict[str, Any]
    weights: dict[str, float]
    results: list[dict[str, Any]]
    count: int
    total: int
    limit: int
    offset: int


class CrosswalkLink(Open):
    """One O*NET-SOC occupation linked to an ESCO occupation, with its evidence."""

    code: str
    title: str
    soc_code: str | None = None
    method: str | None = None
    confidence: float | None = None
    confidence_words: str | None = None
    evidence: dict[str, Any] = Field(default_factory=dict)


class Crosswalk(Open):
    """An ESCO occupation's O*NET-SOC links, best first, and the candidates that lost."""

    uri: str
    label: str
    code: str | None = None
    isco_group: str | None = None
    links: list[CrosswalkLink] = Field(default_factory=list)
    runners_up: list[dict[str, Any]] = Field(default_factory=list)


class Move(Open):
    """A move between two occupations: how alike they are and what it takes."""

    occupation: dict[str, Any] | None = None
    similarity: float
    job_zone_change: int | None = None
    wage_change: dict[str, Any] | None = None
    skills_to_acquire: list[dict[str, Any]] = Field(default_factory=list)
    missing_essential_count: int | None = None


class CareerPaths(Open):
    """Where people come in from, sideways moves and advancement, with the rules used."""

    occupation: dict[str, Any]
    entry_points: list[Move] = Field(default_factory=list)
    lateral_moves: list[Move] = Field(default_factory=list)
    advancement: list[Move] = Field(default_factory=list)
    rules: dict[str, Any] = Field(default_factory=dict)


class Route(Open):
    """The cheapest viable sequence of moves between two occupations."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    origin: dict[str, Any] = Field(alias="from")
    target: dict[str, Any] = Field(alias="to")
    steps: list[Move] = Field(default_factory=list)
    total_skills_to_learn: int | None = None
    max_steps: int | None = None


class Study(Open):
    """Occupations that draw on a field of study, grouped by sector."""

    field: str
    level: int | None = None
    isced_f: list[dict[str, Any]] = Field(default_factory=list)
    core_knowledge: list[dict[str, Any]] = Field(default_factory=list)
    sectors: list[dict[str, Any]] = Field(default_factory=list)
    count: int | None = None
    explanation: str | None = None
