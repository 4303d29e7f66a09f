"""A competency-based interview guide generated deterministically from the occupation profile.

One behavioural ("Tell me about a time…") and one situational question for each essential
ESCO skill, behavioural and situational questions on the most important O*NET tasks (core
tasks, most-reported first), what a strong answer shows (from the ESCO skill description) and
a 1-4 scoring rubric. The candidate specification lists essential skills as must-have and
optional skills as nice-to-have.
"""

from __future__ import annotations

from typing import Any

from destinai.catalog.db import Catalog
from destinai.profiles.jobprofile import cap
from destinai.profiles.occupation_profile import occupation_profile

RUBRIC = {
    1: "Insufficient: no relevant example, or the answer shows a misunderstanding of {x}.",
    2: "Developing: a relevant but general or hypothetical answer; own contribution or result "
       "unclear.",
    3: "Proficient: a specific example; sensible actions, clearly explained, with a positive "
       "result that demonstrates {x}.",
    4: "Strong: a specific, demanding example; explains choices and trade-offs, reflects on "
       "what was learnt and shows how {x} carries over to this role.",
}
TASK_COUNT = 5


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) < 2 else text


def _first_sentence(text: str | None, limit: int = 240) -> str:
    if not text:
        return ""
    sentence = text.strip().split(". ")[0].rstrip(".")
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + "…"


def rubric(subject: str) -> dict[int, str]:
    """The 1-4 scale for one competency."""
    return {score: text.format(x=subject) for score, text in RUBRIC.items()}


def skill_questions(skill: dict[str, Any], description: str | None) -> dict[str, Any]:
    """Questions, strong-answer indicators and rubric for one essential skill."""
    label = skill["label"]
    if skill["skill_type"] == "knowledge":
        behavioural = (f"Tell me about a time when your knowledge of {label} changed the "
                       "outcome of your work. What did you know that others did not?")
        situational = (f"A colleague asks you how {label} affects a decision they must take "
                       "this week. How would you explain it, and what would you check before "
                       "advising them?")
        shows = "accurate, current working knowledge, applied to a real decision"
    else:
        behavioural = (f"Tell me about a time when you had to {label}. What was the situation, "
                       "what did you do, and what was the result?")
        situational = (f"Suppose that in this role you must {label} under time pressure and "
                       "with incomplete information. How would you proceed?")
        shows = "a concrete situation, the candidate's own actions and a measurable result"
    indicators = [f"Describes {shows}."]
    sentence = _first_sentence(description)
    if sentence:
        indicators.append(f"Matches the ESCO definition: {sentence}.")
    indicators.append("Names what they would do differently next time.")
    return {"uri": skill["uri"], "competency": label, "skill_type": skill["skill_type"],
            "questions": [{"type": "behavioural", "text": behavioural},
                          {"type": "situational", "text": situational}],
            "strong_answer": indicators, "rubric": rubric(label)}


def task_questions(task: dict[str, Any]) -> dict[str, Any]:
    """Questions and rubric for one O*NET task."""
    what = _lower_first(task["task"])
    return {"task_id": task["task_id"], "onet_code": task["onet_code"], "task": task["task"],
            "questions": [
                {"type": "behavioural", "text": f"Tell me about a time when you had to {what}. "
                 "How did you plan it and how did you know it had worked?"},
                {"type": "situational", "text": f"Imagine that in your first month you are "
                 f"asked to {what}. What would you do first, whom would you involve and what "
                 "would you check?"}],
            "strong_answer": ["Breaks the task into clear steps and priorities.",
                              "Involves the right people and follows the relevant rules.",
                              "Defines how success is checked."],
            "rubric": rubric("this responsibility")}


def interview_guide(catalog: Catalog, query: str) -> dict[str, Any]:
    """The interview guide for the occupation matching ``query``."""
    p = occupation_profile(catalog, query)
    essential = p["essential_skills"]
    descriptions = _descriptions(catalog, [s["uri"] for s in essential])
    tasks = p["onet_profile"]["tasks"]
    top_tasks = (tasks["core"] or tasks["other"])[:TASK_COUNT]
    spec_ess, spec_opt = p["skills"]["essential"], p["skills"]["optional"]
    return {
        "uri": p["uri"], "code": p["code"], "title": cap(p["label"]),
        "competencies": [skill_questions(s, descriptions.get(s["uri"])) for s in essential],
        "tasks": {"available": bool(top_tasks),
                  "note": None if top_tasks else "no O*NET tasks for this occupation",
                  "items": [task_questions(t) for t in top_tasks]},
        "scoring": {"scale": "1-4", "levels": rubric("the competency"),
                    "advice": "Score each competency on its own evidence; a 3 is the level "
                              "expected of a fully competent holder of the role."},
        "candidate_specification": {
            "must_have": {g: [s["label"] for s in items] for g, items in spec_ess.items()
                          if items},
            "nice_to_have": {g: [s["label"] for s in items] for g, items in spec_opt.items()
                             if items},
            "experience": p["onet_profile"]["experience"],
            "education": p["onet_profile"]["education"].get("typical"),
        },
        "onet_codes": p["onet_profile"]["codes"],
        "sources": p["sources"],
    }


def _descriptions(catalog: Catalog, uris: list[str]) -> dict[str, str]:
    if not uris:
        return {}
    marks = ",".join("?" * len(uris))
    return {r["uri"]: r["description"] for r in catalog.rows(
        f"SELECT uri, description FROM skills WHERE uri IN ({marks})", uris)}
