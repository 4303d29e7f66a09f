"""Saved work: skills profiles, the shortlist with notes, plans with progress, job profiles.

Every function takes the owner's ``user_id`` and looks items up by (id, owner): another user's
id raises ItemNotFound exactly like a missing one. Items refer to ESCO URIs and keep the label
they had when saved, so a catalog rebuild that drops a concept cannot lose them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from destinai.accounts.errors import AccountError, ItemNotFound
from destinai.accounts.identity import iso
from destinai.accounts.models import (
    Plan,
    PlanSkill,
    SavedJobProfile,
    ShortlistItem,
    SkillsProfile,
    utcnow,
)

MAX_NOTE = 5000
MAX_SKILLS = 500
MAX_LIST = 50
MAX_TEXT = 200
T = TypeVar("T")
KINDS: dict[str, type] = {"profiles": SkillsProfile, "shortlist": ShortlistItem, "plans": Plan,
                          "job-profiles": SavedJobProfile}


def _text(value: str, limit: int, what: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise AccountError(f"The {what} is too long ({len(value)} characters; at most {limit}).")
    return value


def _texts(values: Iterable[str], what: str) -> list[str]:
    cleaned = [_text(v, MAX_TEXT, what) for v in values]
    cleaned = list(dict.fromkeys(v for v in cleaned if v))
    if len(cleaned) > MAX_LIST:
        raise AccountError(f"At most {MAX_LIST} {what}s, not {len(cleaned)}.")
    return cleaned


def _skills(skills: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for skill in skills:
        uri = _text(skill.get("uri", ""), 255, "skill URI")
        if not uri.startswith("http"):
            raise AccountError(f"A skill must be given by its ESCO URI, not {uri[:80]!r}.")
        out[uri] = {"uri": uri, "label": _text(skill.get("label", ""), 500, "skill label")}
    if len(out) > MAX_SKILLS:
        raise AccountError(f"At most {MAX_SKILLS} skills, not {len(out)}.")
    return list(out.values())


def profile_dict(p: SkillsProfile) -> dict[str, Any]:
    """A skills profile as JSON."""
    return {"id": p.id, "name": p.name, "skills": p.skills, "titles": p.titles,
            "studies": p.studies, "interests": p.interests,
            "created_at": iso(p.created_at), "updated_at": iso(p.updated_at)}


def shortlist_dict(item: ShortlistItem) -> dict[str, Any]:
    """A shortlist item as JSON."""
    return {"id": item.id, "occupation_uri": item.occupation_uri, "label": item.label,
            "note": item.note, "created_at": iso(item.created_at),
            "updated_at": iso(item.updated_at)}


def plan_dict(plan: Plan) -> dict[str, Any]:
    """A plan with its skills and progress as JSON."""
    skills = [{"uri": s.skill_uri, "label": s.label, "learned": s.learned_at is not None,
               "learned_at": iso(s.learned_at)} for s in plan.skills]
    return {"id": plan.id, "from_uri": plan.from_uri, "from_label": plan.from_label,
            "to_uri": plan.to_uri, "to_label": plan.to_label, "skills": skills,
            "progress": {"learned": sum(s["learned"] for s in skills), "total": len(skills)},
            "created_at": iso(plan.created_at), "updated_at": iso(plan.updated_at)}


def job_profile_dict(item: SavedJobProfile) -> dict[str, Any]:
    """A saved job profile as JSON."""
    return {"id": item.id, "occupation_uri": item.occupation_uri, "label": item.label,
            "created_at": iso(item.created_at)}


class SavedWork:
    """The saved-work half of the account store."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def _owned(self, s: Session, model: type[T], user_id: int, item_id: int) -> T:
        item = s.get(model, item_id)
        if item is None or item.user_id != user_id:  # type: ignore[attr-defined]
            raise ItemNotFound(f"no such {model.__tablename__.rstrip('s')} {item_id}")  # type: ignore[attr-defined]
        return item

    # -- skills profiles ---------------------------------------------------------------------
    def save_profile(self, user_id: int, name: str, skills: Iterable[dict[str, str]],
                     titles: Iterable[str] = (), studies: Iterable[str] = (),
                     interests: Iterable[str] = (), profile_id: int | None = None
                     ) -> dict[str, Any]:
        """Create a skills profile, or replace one of the user's (``profile_id``)."""
        values = {"name": _text(name, MAX_TEXT, "profile name") or "My skills profile",
                  "skills": _skills(skills), "titles": _texts(titles, "title"),
                  "studies": _texts(studies, "study"),
                  "interests": _texts(interests, "interest")}
        with self._sessions.begin() as s:
            if profile_id is None:
                profile = SkillsProfile(user_id=user_id, **values)
                s.add(profile)
            else:
                profile = self._owned(s, SkillsProfile, user_id, profile_id)
                for key, value in values.items():
                    setattr(profile, key, value)
                profile.updated_at = utcnow()
            s.flush()
            return profile_dict(profile)

    def get_profile(self, user_id: int, profile_id: int) -> dict[str, Any]:
        """One of the user's skills profiles."""
        with self._sessions() as s:
            return profile_dict(self._owned(s, SkillsProfile, user_id, profile_id))

    def list_profiles(self, user_id: int) -> list[dict[str, Any]]:
        """The user's skills profiles, newest first."""
        with self._sessions() as s:
            rows = s.scalars(select(SkillsProfile).where(SkillsProfile.user_id == user_id)
                             .order_by(SkillsProfile.id.desc()))
            return [profile_dict(p) for p in rows]

    # -- shortlist ---------------------------------------------------------------------------
    def add_to_shortlist(self, user_id: int, occupation_uri: str, label: str,
                         note: str = "") -> dict[str, Any]:
        """Shortlist an occupation (saving it again updates the note when one is given)."""
        uri = _text(occupation_uri, 255, "occupation URI")
        note = _text(note, MAX_NOTE, "note")
        with self._sessions.begin() as s:
            item = s.scalar(select(ShortlistItem).where(ShortlistItem.user_id == user_id,
                                                        ShortlistItem.occupation_uri == uri))
            if item is None:
                item = ShortlistItem(user_id=user_id, occupation_uri=uri,
                                     label=_text(label, 500, "label"), note=note)
                s.add(item)
            elif note:
                item.note = note
            s.flush()
            return shortlist_dict(item)

    def set_note(self, user_id: int, item_id: int, note: str) -> dict[str, Any]:
        """Replace the note of one shortlist item."""
        note = _text(note, MAX_NOTE, "note")
        with self._sessions.begin() as s:
            item = self._owned(s, ShortlistItem, user_id, item_id)
            item.note = note
            item.updated_at = utcnow()
            return shortlist_dict(item)

    def list_shortlist(self, user_id: int) -> list[dict[str, Any]]:
        """The user's shortlist, in the order it was made."""
        with self._sessions() as s:
            rows = s.scalars(select(ShortlistItem).where(ShortlistItem.user_id == user_id)
                             .order_by(ShortlistItem.id))
            return [shortlist_dict(i) for i in rows]

    # -- plans -------------------------------------------------------------------------------
    def create_plan(self, user_id: int, to_uri: str, to_label: str,
                    skills: Iterable[dict[str, str]], from_uri: str | None = None,
                    from_label: str = "") -> dict[str, Any]:
        """A plan towards ``to_uri`` with the skills to learn, none ticked off yet."""
        plan = Plan(user_id=user_id, to_uri=_text(to_uri, 255, "target URI"),
                    to_label=_text(to_label, 500, "label"),
                    from_uri=_text(from_uri or "", 255, "current URI") or None,
                    from_label=_text(from_label, 500, "label"))
        plan.skills = [PlanSkill(skill_uri=k["uri"], label=k["label"], position=n)
                       for n, k in enumerate(_skills(skills))]
        with self._sessions.begin() as s:
            s.add(plan)
            s.flush()
            return plan_dict(plan)

    def _plan(self, s: Session, user_id: int, plan_id: int) -> Plan:
        plan = s.scalar(select(Plan).options(selectinload(Plan.skills))
                        .where(Plan.id == plan_id, Plan.user_id == user_id))
        if plan is None:
            raise ItemNotFound(f"no such plan {plan_id}")
        return plan

    def get_plan(self, user_id: int, plan_id: int) -> dict[str, Any]:
        """One of the user's plans with its progress."""
        with self._sessions() as s:
            return plan_dict(self._plan(s, user_id, plan_id))

    def list_plans(self, user_id: int) -> list[dict[str, Any]]:
        """The user's plans, newest first."""
        with self._sessions() as s:
            rows = s.scalars(select(Plan).options(selectinload(Plan.skills))
                             .where(Plan.user_id == user_id).order_by(Plan.id.desc()))
            return [plan_dict(p) for p in rows]

    def set_learned(self, user_id: int, plan_id: int, learned: dict[str, bool]
                    ) -> dict[str, Any]:
        """Tick skills off (True) or back on (False), by skill URI; unknown URIs are an error."""
        with self._sessions.begin() as s:
            plan = self._plan(s, user_id, plan_id)
            by_uri = {k.skill_uri: k for k in plan.skills}
            unknown = [u for u in learned if u not in by_uri]
            if unknown:
                raise AccountError(f"{unknown[0]} is not a skill of this plan.")
            now = utcnow()
            for uri, done in learned.items():
                skill = by_uri[uri]
                if done and skill.learned_at is None:
                    skill.learned_at = now
                elif not done:
                    skill.learned_at = None
            plan.updated_at = now
            s.flush()
            return plan_dict(plan)

    # -- job profiles ------------------------------------------------------------------------
    def save_job_profile(self, user_id: int, occupation_uri: str, label: str) -> dict[str, Any]:
        """Save a job profile (saving it twice keeps one)."""
        uri = _text(occupation_uri, 255, "occupation URI")
        with self._sessions.begin() as s:
            item = s.scalar(select(SavedJobProfile).where(
                SavedJobProfile.user_id == user_id, SavedJobProfile.occupation_uri == uri))
            if item is None:
                item = SavedJobProfile(user_id=user_id, occupation_uri=uri,
                                       label=_text(label, 500, "label"))
                s.add(item)
                s.flush()
            return job_profile_dict(item)

    def list_job_profiles(self, user_id: int) -> list[dict[str, Any]]:
        """The user's saved job profiles."""
        with self._sessions() as s:
            rows = s.scalars(select(SavedJobProfile).where(SavedJobProfile.user_id == user_id)
                             .order_by(SavedJobProfile.id))
            return [job_profile_dict(i) for i in rows]

    # -- any kind ----------------------------------------------------------------------------
    def remove(self, user_id: int, kind: str, item_id: int) -> None:
        """Delete one of the user's items of ``kind`` (a key of KINDS)."""
        model = KINDS[kind]
        with self._sessions.begin() as s:
            item: Any = self._owned(s, model, user_id, item_id)
            if model is Plan:
                s.execute(delete(PlanSkill).where(PlanSkill.plan_id == item_id))
            s.delete(item)

    def export(self, user_id: int) -> dict[str, Any]:
        """All the user's saved work."""
        return {"skills_profiles": self.list_profiles(user_id),
                "shortlist": self.list_shortlist(user_id), "plans": self.list_plans(user_id),
                "job_profiles": self.list_job_profiles(user_id)}
