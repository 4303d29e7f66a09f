"""Markdown for job profiles and interview guides. Sections without data say so."""

from __future__ import annotations

from typing import Any

from destinai.profiles.wording import lower_first

# The "#" marker's threshold, from the Field Descriptions sheet of national_M2024_dl.xlsx
TOP_CODED = {2024: "$239,200 per year ($115.00 per hour)"}
SECTOR_NAMES = {"public": "Public sector", "ngo": "Non-profit / NGO",
                "private": "Private company", None: None}


def money(value: float | None) -> str:
    """'$73,710' or 'n/a'."""
    return f"${value:,.0f}" if value is not None else "n/a"


def _sec(title: str, body: list[str]) -> list[str]:
    return ["", title, "", *body]


def _salary_lines(s: dict[str, Any]) -> list[str]:
    if not s["available"]:
        return []
    if s["basis"] != "onet_link":
        low, high = s["range_of_medians"]
        if low is None:
            hl, hh = s["hourly_range_of_medians"]
            span = f"${hl:.2f}–${hh:.2f} per hour" if hl != hh else f"${hl:.2f} per hour"
        else:
            span = (f"{money(low)} per year" if low == high
                    else f"{money(low)} – {money(high)} per year")
        lines = [f"- US median pay of the closest US occupations: **{span}** "
                 f"({s['release']}).",
                 f"- _Basis: {s['basis_text']}."
                 + (f" Why: {s['approximate_reasons'][0]}._" if s["approximate_reasons"]
                    else "_")]
        if len(s["series"]) > 1:
            lines.append("- " + "; ".join(
                f"{x['title']} (SOC {x['soc_code']}): "
                + (money(x["annual_median"]) if x["annual_median"] is not None
                   else f"${x['hourly_median']:.2f}/hour") for x in s["series"]))
        return lines
    lines = []
    if s["p25"] is not None or s["p75"] is not None:
        lines.append(f"- Typical range (25th–75th percentile): **{money(s['p25'])} – "
                     f"{money(s['p75'])}** per year")
        lines.append(f"- Full range (10th–90th percentile): {money(s['p10'])} – "
                     f"{money(s['p90'])}; median {money(s['median'])}")
    else:
        h = s["hourly"]
        lines.append(f"- Published as hourly pay only: ${h['p25']:.2f}–${h['p75']:.2f} per hour "
                     f"(25th–75th percentile), median ${h['median']:.2f}")
    if s["top_coded"]:
        cap_text = TOP_CODED.get(s["year"], "its top-coded wage")
        lines.append(f"- n/a above: OEWS does not publish values at or above {cap_text}")
    lines.append(f"- Source: US {s['release']}, SOC {s['soc_code']} {s['soc_title']}; "
                 "United States, all employers.")
    if s["approximate"]:
        lines.append(f"- _Approximate: {'; '.join(s['approximate_reasons'])}._")
    return lines


def _progression_lines(c: dict[str, Any]) -> list[str]:
    lines = []
    for key, title in (("entry_points", "Entry points"), ("lateral", "Lateral moves"),
                       ("advancement", "Advancement"), ("broader_role", "Broader role"),
                       ("specialisations", "Specialisations")):
        if c[key]:
            lines.append(f"- **{title}:** " + "; ".join(c[key]))
    if not lines:
        return []
    lines.append(f"- _Based on {c['basis']}._")
    if not c["career_paths"]["available"]:
        lines.append(f"- _{c['career_paths']['note'][:1].upper()}"
                     f"{c['career_paths']['note'][1:]}; progression shown from O*NET related "
                     "occupations._")
    return lines


def _section(title: str, body: list[str]) -> list[str]:
    """A section, or nothing when it has no content (no empty sections)."""
    return _sec(title, body) if body else []


def _list_with_more(items: list[str], more: list[str]) -> list[str]:
    lines = [f"- {i}" for i in items]
    if more:
        lines.append(f"- _Also: {'; '.join(x[:1].lower() + x[1:] for x in more[:6])}"
                     + (f" and {len(more) - 6} more" if len(more) > 6 else "") + "._")
    return lines


def job_profile_md(j: dict[str, Any]) -> str:
    """A job posting in Markdown; sections without data are left out."""
    sector = SECTOR_NAMES[j["sector"]]
    out = [f"# {j['title']}", ""]
    if sector:
        out += [f"**Sector:** {sector}", ""]
    if j["key_phrases"][1:]:
        out += [f"**Also known as:** {', '.join(j['key_phrases'][1:])}", ""]
    out += ["## About the role", "", j["intro"]]
    if j["role_definition"]:
        out += ["", j["role_definition"].strip()]
    if j["regulation"].get("regulated"):
        out += ["", f"> {j['regulation']['text']}"]
    r, s = j["responsibilities"], j["skills"]
    if r["themes"]:
        body = []
        for theme in r["themes"]:
            body += [f"**{theme['theme']}**", ""] + [f"- {i}" for i in theme["items"]] + [""]
        out += _sec("## Key responsibilities", body[:-1])
    else:
        out += _section("## Key responsibilities", [f"- {i}" for i in r["primary"]])
    if r["more"]:
        out += ["", "_Further duties may include: "
                + "; ".join(lower_first(x) for x in r["more"][:3]) + "._"]
    out += ["", "## What you bring"]
    out += _section("### Professional skills", _list_with_more(s["hard"], s["hard_more"]))
    out += _section("### Knowledge", _list_with_more(s["knowledge"], s["knowledge_more"]))
    out += _section("### Tools and technology", [f"- {t}" for t in s["technology"]])
    out += _section("### Personal qualities", [f"- {t}" for t in s["soft"]])
    out += _section("### Languages", [f"- {t}" for t in s["languages"]])
    out += _section("### Nice to have", [f"- {t}" for t in s["nice_to_have"]])
    out += _section("## Education and experience", _education_lines(j))
    out += _section("## Salary", _salary_lines(j["salary"]))
    if j["outlook"]["available"]:
        out += _sec("## Job outlook", [f"- {j['outlook']['sentence']}",
                                       f"- _Source: {j['outlook']['release']}._"])
    out += _section("## Career progression", _progression_lines(j["career_progression"]))
    if j["closing"]:
        out += ["", j["closing"]]
    out += _sec("## Sources", [f"- {x['release']} — {x['publisher']}" for x in j["sources"]])
    out += [f"- ESCO page: {j['esco_page']}"]
    return "\n".join(out) + "\n"


def _education_lines(j: dict[str, Any]) -> list[str]:
    e, x = j["education"], j["experience"]
    lines = []
    if e.get("minimum"):
        low, pref = e["minimum"], e["preferred"]
        common = (f"the most common level among US workers in the occupation, "
                  f"{pref['percent']:.0f} %")
        if low["category"] == pref["category"]:
            lines.append(f"- **Education:** {pref['label']} (ISCED 2011 level "
                         f"{pref['isced_level']}; {common})")
        else:
            lines.append(f"- **Minimum education:** {low['label']} (ISCED 2011 level "
                         f"{low['isced_level']})")
            lines.append(f"- **Preferred:** {pref['label']} (ISCED level "
                         f"{pref['isced_level']}; {common})")
    if e.get("entry_level"):
        lines.append(f"- **Typical entry-level education:** {e['entry_level']} "
                     f"(_{e['basis']}_)")
    if e.get("minimum") and e.get("approximate"):
        lines.append("- _Education figures are those of the closest US occupation(s)._")
    if e["fields_of_study"]:
        lines.append("- **Relevant fields of study:** " + "; ".join(
            f"{f['label']} (ISCED-F {f['isced_f']})" for f in e["fields_of_study"]))
    if x["available"]:
        lines.append(f"- **Experience:** {x['text']} (O*NET job zone {x['job_zone']})")
    return lines


def interview_md(g: dict[str, Any]) -> str:
    """An interviewer's guide in Markdown."""
    out = [f"# Interview guide: {g['title']}", "",
           "Ask each question, use the follow-ups to get to specifics, then score the answer "
           "on the 1–4 scale. " + g["scoring"]["advice"], ""]
    out += [f"{k}. {v}" for k, v in g["scoring"]["levels"].items()]
    spec = g["candidate_specification"]
    out += ["", "## Candidate specification", ""]
    for key, title in (("must_have", "Must have"), ("must_have_knowledge", "Knowledge"),
                       ("personal_qualities", "Personal qualities"),
                       ("languages", "Languages"), ("nice_to_have", "Nice to have")):
        if spec[key]:
            out.append(f"- **{title}:** " + "; ".join(spec[key]))
    if spec["education"]:
        out.append(f"- **Education:** {spec['education']['label']} (ISCED 2011 level "
                   f"{spec['education']['isced_level']}"
                   + ("; that of the closest US occupation" if spec["education_approximate"]
                      else "") + ")")
    if spec["experience"]["available"]:
        out.append(f"- **Experience:** {spec['experience']['text']}")
    out += ["", "## Competency questions", ""]
    for i, c in enumerate(g["competencies"], 1):
        out += [f"### {i}. {c['competency'][:1].upper()}{c['competency'][1:]}", "",
                c["question"], "", "Follow-ups:"]
        out += [f"- {q}" for q in c["follow_ups"]]
        out += ["", "A strong answer:"] + [f"- {x}" for x in c["strong_answer"]]
        out += ["", f"- **1:** {c['rubric'][1]}", f"- **4:** {c['rubric'][4]}", ""]
    out += ["## Sources", ""] + [f"- {x['release']} — {x['publisher']}" for x in g["sources"]]
    return "\n".join(out) + "\n"
