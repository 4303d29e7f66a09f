"""A competency-based interview guide generated deterministically from the occupation profile.

8-12 competencies: the occupation's most telling essential ESCO skills (skills and
competences first, then up to three knowledge areas; ranked as in the job profile). Each
question is set in a situation of this occupation: the O*NET task that fits the occupation and
is closest to the skill ("As an accountant you would prepare … Tell me about a time when you
had to apply accounting principles in that kind of work"), or, without fitting tasks, the
occupation's other essential skill closest to it. Each has follow-ups, what a strong answer
shows (with the ESCO definition) and a 1-4 rubric that says what a 1 and a 4 look like.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.profiles.occupation_profile import profile_and_context
from destinai.profiles.relevance import MIN_FITTING_TASKS, OccupationContext, rank_skills
from destinai.profiles.wording import cap, lower_first, sentence, soft_skill_uris, with_article

MIN_QUESTIONS, MAX_QUESTIONS, MAX_KNOWLEDGE = 8, 12, 3
REUSE_MARGIN = 0.08  # cosine: how much worse a fresh situation may fit than a used one
SCALE = {
    1: "No relevant example, or the example shows a misunderstanding of the competency.",
    2: "A relevant but general or hypothetical answer; own contribution or result unclear.",
    3: "A specific example with sensible, clearly explained actions and a good result: the "
       "level expected of a fully competent holder of the role.",
    4: "A specific, demanding example; explains choices and trade-offs, reflects on what was "
       "learnt and shows how it carries over to this role.",
}
# Rotated so that consecutive questions do not repeat the same prompts.
FOLLOW_UPS = (
    ("What exactly was your part, and what did others do?",
     "How did you know it had worked?"),
    ("What was the hardest moment, and how did you handle it?",
     "What would you do differently next time?"),
    ("Which rules, standards or procedures applied, and how did you make sure you met them?",
     "Who did you keep informed, and how?"),
    ("What options did you consider, and why did you choose this one?",
     "What was the result, in numbers if you can?"),
)


# Openers and closings rotate too: the same stock phrase in every question reads as a form.
OPENERS = ("Tell me about a time when you had to", "Describe a recent occasion when you had to",
           "Give me an example of when you had to", "Walk me through a time when you had to")
CLOSINGS = ("What was the situation, what did you do, and what was the result?",
            "What did you do, step by step, and how did it turn out?",
            "What was at stake, what did you decide, and what happened?",
            "How did you go about it, and what was the outcome?")


def _first_sentence(text: str | None, limit: int = 220) -> str:
    if not text:
        return ""
    first = text.strip().split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + "…"


def choose_competencies(context: OccupationContext, essential: dict[str, list[dict[str, Any]]]
                        ) -> list[dict[str, Any]]:
    """The 8-12 essential skills to interview on, most telling first."""
    skills = rank_skills(context, essential["skill_competence"] + essential["other"])
    knowledge = rank_skills(context, essential["knowledge"])
    transversal = rank_skills(context, essential["transversal"])
    chosen = skills[:MAX_QUESTIONS - min(MAX_KNOWLEDGE, len(knowledge))]
    chosen += knowledge[:MAX_QUESTIONS - len(chosen)][:MAX_KNOWLEDGE]
    for pool in (transversal, skills[len(chosen):], knowledge[MAX_KNOWLEDGE:]):
        for s in pool:
            if len(chosen) >= MIN_QUESTIONS:
                break
            if s not in chosen:
                chosen.append(s)
    return chosen[:MAX_QUESTIONS]


def situations(context: OccupationContext, chosen: list[dict[str, Any]],
               tasks: list[str], others: list[str]) -> list[str | None]:
    """For each chosen skill, the closest fitting task, each used once where possible; with
    fewer fitting tasks than the job profile needs, the closest other essential skill."""
    pool = tasks if len(tasks) >= MIN_FITTING_TASKS else others
    if not pool or not chosen:
        return [None] * len(chosen)
    from destinai.search.embedder import single_threaded_blas

    with single_threaded_blas():
        sims = context.vectors([c["label"] for c in chosen]) @ context.vectors(pool).T
    picked: list[str | None] = []
    used: dict[int, int] = {}
    for i, c in enumerate(chosen):
        order = [int(j) for j in np.argsort(-sims[i])
                 if pool[j].casefold() != c["label"].casefold()]
        if not order:
            picked.append(None)
            continue
        fresh = [j for j in order if j not in used]
        # a fresh situation, unless it fits clearly worse than one used once so far
        again = [j for j in order if used.get(j, 0) < 2]
        best = fresh[0] if fresh else (again or order)[0]
        if again and sims[i, again[0]] - sims[i, best] > REUSE_MARGIN:
            best = again[0]
        used[best] = used.get(best, 0) + 1
        picked.append(pool[best])
    return picked


def competency(skill: dict[str, Any], title: str, situation: str | None,
               description: str | None, turn: int) -> dict[str, Any]:
    """Question, follow-ups, strong-answer indicators and 1-4 rubric for one skill."""
    label = skill["label"]
    who = with_article(title)
    setting = (f"As {who} you would {lower_first(situation)}. " if situation
               else f"Think of your work as {who} or in a similar role. ")
    if skill["skill_type"] == "knowledge":
        question = (f"{setting}Tell me about a time when your knowledge of {label} changed "
                    "what you or your team did. What did you know, and how did you apply it?"
                    if turn % 2 == 0 else
                    f"{setting}Which decision in that kind of work depended most on your "
                    f"knowledge of {label}? What did you check, and what would have gone wrong "
                    "without it?")
        shows = f"accurate, current knowledge of {label}, applied to a real decision"
    else:
        question = (f"{setting}{OPENERS[turn % len(OPENERS)]} {label} in that kind of work. "
                    f"{CLOSINGS[(turn + turn // len(OPENERS)) % len(CLOSINGS)]}")
        shows = f"a real situation in which they had to {label}, their own actions and the result"
    indicators = [sentence(f"Describes {shows}")]
    definition = _first_sentence(description)
    if definition:
        indicators.append(f"Fits the ESCO definition: {definition}.")
    where = " in this role's kind of work" if situation else ""
    return {"uri": skill["uri"], "competency": label, "skill_type": skill["skill_type"],
            "situation": situation, "question": question,
            "questions": [{"type": "behavioural", "text": question}],
            "follow_ups": list(FOLLOW_UPS[turn % len(FOLLOW_UPS)]),
            "strong_answer": indicators,
            "rubric": {
                1: f"Cannot give a real example of having to {label}" if skill["skill_type"]
                   != "knowledge" else f"Cannot show working knowledge of {label}",
                2: "Gives a relevant but general answer; own part or result unclear.",
                3: "Gives a specific example with sensible actions and a good result.",
                4: (f"Gives a specific, demanding example of having to {label}{where}; "
                    "explains the choices, the result and what they would do differently")
                   if skill["skill_type"] != "knowledge" else
                   (f"Applies {label} precisely to a demanding real case{where}, and knows "
                    "its limits and where to check"),
            }}


def interview_guide(catalog: Catalog, query: str) -> dict[str, Any]:
    """The interview guide for the occupation matching ``query``."""
    p, context = profile_and_context(catalog, query)
    ess, opt = p["skills"]["essential"], p["skills"]["optional"]
    chosen = choose_competencies(context, ess)
    tasks = [t["task"] for t in p["onet_profile"]["ranked_tasks"]]
    others = [s["label"] for s in ess["skill_competence"]]
    settings = situations(context, chosen, tasks, others)
    descriptions = _descriptions(catalog, [s["uri"] for s in chosen])
    items = [competency(s, p["label"], where, descriptions.get(s["uri"]), i)
             for i, (s, where) in enumerate(zip(chosen, settings, strict=True))]
    for item in items:
        item["rubric"] = {k: sentence(v) for k, v in item["rubric"].items()}
    ranked_ess = rank_skills(context, ess["skill_competence"] + ess["other"])
    ranked_opt = rank_skills(context, opt["skill_competence"] + opt["knowledge"])
    edu = p["onet_profile"]["education"]
    pool = [s for g in ("transversal", "skill_competence") for s in ess[g] + opt[g]]
    soft_uris = soft_skill_uris(catalog, [s["uri"] for s in pool])
    soft = [s for s in pool if s["uri"] in soft_uris][:6]
    return {
        "uri": p["uri"], "code": p["code"], "title": cap(p["label"]),
        "competencies": items,
        "situation_source": "O*NET tasks that fit this occupation"
        if len(tasks) >= MIN_FITTING_TASKS else "the occupation's ESCO essential skills",
        "scoring": {"scale": "1-4", "levels": SCALE,
                    "advice": "Score each competency on its own evidence; a 3 is the level "
                              "expected of a fully competent holder of the role."},
        "candidate_specification": {
            "must_have": [cap(s["label"]) for s in ranked_ess[:10]],
            "must_have_knowledge": [cap(s["label"]) for s in rank_skills(
                context, ess["knowledge"])[:6]],
            "personal_qualities": [cap(s["label"]) for s in soft],
            "languages": [cap(s["label"]) for s in ess["language"]][:4],
            "nice_to_have": [cap(s["label"]) for s in ranked_opt[:8]],
            "experience": p["onet_profile"]["experience"],
            "education": edu.get("typical"),
            "education_approximate": bool(edu.get("approximate")),
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
