"""Plain-words explanations of a match: why it ranks and what is missing.

Rules: no internal numbers (no similarity scores, weights or "opens N"); counts in words a
person can check ("you have 5 of its 22 essential skills"); a skill is "missing" only when no
held or close skill covers it, so the text never lists as missing what it counted as covered.
"""

from __future__ import annotations

from typing import Any

from destinai.match.profile import Profile

WORDS_CLOSE = 0.5        # own-words part from which "what you wrote reads like this work"
FIELD_GOOD, FIELD_SOME = 0.5, 0.2
INTEREST_GOOD = 0.6
RIASEC_NAMES = {"R": "practical", "I": "investigative", "A": "artistic", "S": "social",
                "E": "enterprising", "C": "organised"}


def _skills_sentence(item: dict[str, Any]) -> str | None:
    essential = [s for s in item["matched_skills"] if s["relation"] == "essential"
                 and s.get("covered", True)]
    if not essential and not item["matched_skills"]:
        return None
    direct = [s for s in essential if "stood_in_by" not in s]
    close = [s for s in essential if "stood_in_by" in s]
    count = item["essential_count"]
    if not essential:
        return "none of its essential skills are in your profile yet"
    text = (f"you have all {count} of its essential skills" if len(direct) == count else
            f"you have {len(direct)} of its {count} essential skills")
    if close:
        c = close[0]
        more = f" and {len(close) - 1} more" if len(close) > 1 else ""
        text += (f", and close skills count for {len(close)} more (your "
                 f"{c['stood_in_by']['label']} stands in for {c['label']}{more})")
    return text


def _in_own_words(item: dict[str, Any], profile: Profile) -> str:
    """" (N of them are in what you wrote too)": how many of a held title's essential skills
    the person's own words show, besides the title; nothing when they wrote nothing else."""
    essential = [s for s in item["matched_skills"] if s["relation"] == "essential"
                 and s.get("covered", True) and "stood_in_by" not in s]
    if not essential or len(profile.title_only()) == len(profile.skills):
        return ""
    title_only = profile.title_only()
    own = sum(s["uri"] not in title_only for s in essential)
    return f" ({own} of its {item['essential_count']} are in what you wrote too)"


def why(rank: int, item: dict[str, Any], profile: Profile, phrases: int) -> str:
    """One paragraph: why the occupation ranks here and what would help most."""
    p, bits = item["parts"], []
    held = [t for t in profile.titles if t["uri"] == item["occupation"]["uri"]]
    skills = _skills_sentence(item) if profile.skills else None
    if held:    # its essential skills count as the person's: say why, not "you have all"
        bits.append(f"your job title {held[0]['input']!r} reads as this occupation, so its "
                    "essential skills count as yours" + _in_own_words(item, profile))
        skills = None
    else:
        near = [t for t in profile.titles if any(
            a["uri"] == item["occupation"]["uri"] for a in t.get("alternatives", [])[:3])]
        if near:
            bits.append(f"your job title {near[0]['input']!r} can also be read as this "
                        "occupation")
    if skills:
        bits.append(skills)
    if "relevance" in p and phrases > 1:
        used = round(p["relevance"] * phrases)
        if used:
            bits.append(f"it uses about {used} of the {phrases} things you wrote")
    if item.get("closest_task"):
        bits.append(f"its everyday tasks include \"{item['closest_task'].rstrip('.')}\"")
    if p.get("words", 0) >= WORDS_CLOSE:
        bits.append("what you wrote is close to how this work is described")
    if "field" in p:
        bits.append("its knowledge lies in your field of study" if p["field"] >= FIELD_GOOD
                    else "it draws partly on your field of study" if p["field"] >= FIELD_SOME
                    else "it draws little on your field of study")
    if "level" in p:
        bits.append("your education level meets what it usually asks" if p["level"] >= 1
                    else "it usually asks for more education than you listed")
    if "interests" in p and not p.get("interests_unknown"):
        names = " and ".join(RIASEC_NAMES[c] for c in (profile.interests or ""))
        bits.append(f"it suits {names} interests" if p["interests"] >= INTEREST_GOOD
                    else f"it is less suited to {names} interests")
    text = f"Ranked #{rank} because " + ("; ".join(bits) if bits else
                                         "it fits the profile given") + "."
    missing = item["missing_essential"][:3]
    if missing:
        names = ", ".join(s["label"] + (f" (your {s['close_skill_held']['label']} is a start)"
                                        if "close_skill_held" in s else "") for s in missing)
        text += f" Most important to learn for it: {names}."
    elif profile.skills and not held and not (skills or "").startswith("you have all"):
        # not after a held title: its skills count through the title, and a score well
        # below the top beside "you already cover every essential skill" reads as an error
        text += " You already cover every essential skill it lists."
    if item.get("outlook", {}).get("words"):
        text += f" US job outlook: {item['outlook']['words']}."
    return text
