"""Markdown for job profiles and interview guides. Sections without data say so."""

from __future__ import annotations

from typing import Any

# The "#" marker's threshold, from the Field Descriptions sheet of national_M2024_dl.xlsx
TOP_CODED = {2024: "$239,200 per year ($115.00 per hour)"}
SECTOR_NAMES = {"public": "Public sector", "ngo": "Non-profit / NGO",
                "private": "Private company", None: None}


def money(value: float | None) -> str:
    """'$73,710' or 'n/a'."""
    return f"${value:,.0f}" if value is not None else "n/a"


def _sec(title: str, body: list[str]) -> list[str]:
    return ["", title, "", *body]


def _bullets(items: list[str], empty: str) -> list[str]:
    return [f"- {i}" for i in items] if items else [f"_{empty}_"]


def _salary_lines(s: dict[str, Any]) -> list[str]:
    if not s["available"]:
        return [f"_No US wage figure: {s['note']}._"]
    if s.get("range_of_medians"):
        low, high = s["range_of_medians"]
        span = money(low) if low == high else f"{money(low)}–{money(high)}"
        return [f"- Approximate US median annual wage ({s['year']}): **{money(s['median'])}** "
                f"(medians of the mapped US occupations: {span})",
                f"- _{s['note']}._"]
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
    lines.append(f"- Source: US OEWS May {s['year']}, SOC {s['soc_code']} {s['soc_title']}; "
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
        lines.append("_No related occupations in the data._")
    lines.append(f"- _Based on {c['basis']}._")
    if not c["career_paths"]["available"]:
        lines.append(f"- _{c['career_paths']['note'][:1].upper()}"
                     f"{c['career_paths']['note'][1:]}; progression shown from O*NET related "
                     "occupations._")
    return lines


def job_profile_md(j: dict[str, Any]) -> str:
    """A job posting in Markdown."""
    sector = SECTOR_NAMES[j["sector"]]
    out = [f"# {j['title']}", ""]
    if sector:
        out += [f"**Sector:** {sector}", ""]
    out += [f"**Also known as:** {', '.join(j['key_phrases'][1:]) or '—'}", "",
            "## About the role", "", j["intro"]]
    out += ["", j["role_definition"].strip() if j["role_definition"] else
            "_ESCO gives no description for this occupation._"]
    if j["regulation"].get("regulated"):
        out += ["", f"> {j['regulation']['text']}"]
    r, s = j["responsibilities"], j["skills"]
    out += _sec("## Key responsibilities", _bullets(r["primary"], "No tasks in the data."))
    out += _sec("## Secondary functions", _bullets(
        r["secondary"], "O*NET lists no supplemental tasks for this occupation."))
    out += ["", "## What you bring"]
    out += _sec("### Professional skills", _bullets(s["hard"], "No essential skills in ESCO."))
    out += _sec("### Knowledge", _bullets(s["knowledge"], "No essential knowledge listed."))
    if s["technology"]:
        out += _sec("### Tools and technology", _bullets(s["technology"], ""))
    out += _sec("### Personal qualities", _bullets(s["soft"], "No data on work styles."))
    if s["languages"]:
        out += _sec("### Languages", _bullets(s["languages"], ""))
    out += _sec("### Nice to have", _bullets(s["nice_to_have"], "No optional skills."))
    out += _sec("## Education and experience", _education_lines(j))
    out += _sec("## Salary", _salary_lines(j["salary"]))
    out += _sec("## Career progression", _progression_lines(j["career_progression"]))
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
    else:
        lines.append(f"- _No education data: {e.get('note', 'none')}._")
    if e["fields_of_study"]:
        lines.append("- **Relevant fields of study:** " + "; ".join(
            f"{f['label']} (ISCED-F {f['isced_f']})" for f in e["fields_of_study"]))
    lines.append(f"- **Experience:** {x['text']} (O*NET job zone {x['job_zone']})"
                 if x["available"] else f"- _Experience: {x['note']}._")
    return lines


def interview_md(g: dict[str, Any]) -> str:
    """An interviewer's guide in Markdown."""
    out = [f"# Interview guide: {g['title']}", "",
           "Score each answer on the 1–4 scale below. " + g["scoring"]["advice"], ""]
    out += [f"{k}. {v}" for k, v in g["scoring"]["levels"].items()]
    out += ["", "## Candidate specification", "", "**Must have (ESCO essential):**", ""]
    for group, items in g["candidate_specification"]["must_have"].items():
        out.append(f"- {group.replace('_', '/')}: " + "; ".join(items))
    nice = g["candidate_specification"]["nice_to_have"]
    out += ["", "**Nice to have (ESCO optional):**", ""]
    out += [f"- {k.replace('_', '/')}: " + "; ".join(v) for k, v in nice.items()] or [
        "_None listed._"]
    out += ["", "## Competency questions", ""]
    if not g["competencies"]:
        out.append("_ESCO lists no essential skills for this occupation._")
    for i, c in enumerate(g["competencies"], 1):
        out += [f"### {i}. {c['competency']} ({c['skill_type'] or 'untyped'})", ""]
        out += [f"- _{q['type'].capitalize()}:_ {q['text']}" for q in c["questions"]]
        out += ["", "A strong answer:"] + [f"- {x}" for x in c["strong_answer"]] + [""]
    out += ["## Questions on the main responsibilities", ""]
    if not g["tasks"]["available"]:
        out.append(f"_{g['tasks']['note'].capitalize()}._")
    for t in g["tasks"]["items"]:
        out += [f"### {t['task']}", ""]
        out += [f"- _{q['type'].capitalize()}:_ {q['text']}" for q in t["questions"]]
        out += ["", "A strong answer:"] + [f"- {x}" for x in t["strong_answer"]] + [""]
    out += ["## Sources", ""] + [f"- {x['release']} — {x['publisher']}" for x in g["sources"]]
    return "\n".join(out) + "\n"
