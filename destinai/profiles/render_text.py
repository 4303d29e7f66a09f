"""Plain-text views of occupation and skill profiles for the terminal."""

from __future__ import annotations

from typing import Any

from destinai.profiles.render_md import money

GROUP_TITLES = {"knowledge": "knowledge", "skill_competence": "skills/competences",
                "language": "languages", "transversal": "transversal", "other": "untyped"}


def _wrap_list(title: str, names: list[str], limit: int = 25) -> list[str]:
    if not names:
        return []
    more = f" … and {len(names) - limit} more" if len(names) > limit else ""
    return [f"  {title} ({len(names)}): " + "; ".join(names[:limit]) + more]


def occupation_text(d: dict[str, Any]) -> str:
    """The occupation profile, summarised for a terminal."""
    chain = " > ".join(f"{g['code']} {g['label']}" for g in d["isco_chain"])
    lines = [f"{d['label']}  [ESCO {d['code']}]", f"  {d['esco_page']}", f"  ISCO-08: {chain}"]
    for link in d["onet"]:
        lines.append(f"  O*NET {link['code']} {link['title']} ({link['method']}, confidence "
                     f"{link['confidence']:.2f})")
    if not d["onet"]:
        lines.append("  O*NET: no linked occupation")
    if d["description"]:
        lines.append(f"  {d['description'].strip()}")
    lines.append(f"  {d['regulation'].get('text') or d['regulation']['note']}")
    lines.append(f"  Skills: {d['skills']['summary']}")
    for relation in ("essential", "optional"):
        for group, title in GROUP_TITLES.items():
            names = [s["label"] for s in d["skills"][relation][group]]
            lines += _wrap_list(f"{relation} {title}", names)
    o = d["onet_profile"]
    if o["available"]:
        lines.append(f"  O*NET link: {d['link_fit']['closeness']} — {d['link_fit']['reason']}")
        lines += _wrap_list("tasks that fit, best first",
                            [f"{t['task']} (fit {t['fit']:.2f})" for t in o["ranked_tasks"]], 5)
        if o["tasks_left_out"]["count"]:
            lines.append(f"  {o['tasks_left_out']['count']} O*NET task(s) left out: they do "
                         "not fit this occupation")
        lines += _wrap_list("technology", [t["example"] for t in o["technology_skills"]], 10)
        lines += _wrap_list("top O*NET skills", [s["name"] for s in o["skills"]], 8)
        if o["interests"]["available"]:
            lines.append(f"  interests (RIASEC): {o['interests']['holland_code']}")
        if o["job_zone"]["available"]:
            lines.append(f"  {o['job_zone']['name']}; {o['experience']['text']}")
        if o["education"]["available"]:
            lines.append(f"  typical education: {o['education']['typical']['label']} (ISCED "
                         f"{o['education']['typical']['isced_level']})")
    pay = d["pay"]
    if pay["available"] and pay["basis"] == "onet_link":
        p = pay["primary"]
        lines.append(f"  US pay {p['year']} SOC {p['soc_code']}: median "
                     f"{money(p['annual_median'])}, p25–p75 {money(p['annual_p25'])}–"
                     f"{money(p['annual_p75'])}, employment {p['employment'] or 0:,.0f}")
    elif pay["available"]:
        r = pay["range"]
        span = (f"{money(r['annual_median_min'])}–{money(r['annual_median_max'])} a year"
                if r.get("annual_median_min") is not None else
                f"${r['hourly_median_min']:.2f}–${r['hourly_median_max']:.2f} an hour")
        lines.append(f"  US median pay range {span} ({pay['release']}): {pay['basis_text']}")
    else:
        lines.append(f"  US pay: {pay['note']}")
    if d["outlook"]["available"]:
        lines.append(f"  Outlook: {d['outlook']['sentence']}")
    cp = d["career_paths"]
    if cp["available"]:
        for key in ("entry_points", "lateral_moves", "advancement"):
            lines += _wrap_list(key.replace("_", " "), [m["label"] for m in cp[key]])
    else:
        lines.append(f"  career paths: {cp['note']}")
    rel = d["related"]
    lines += _wrap_list("broader", [b["label"] for b in rel["broader"]])
    lines += _wrap_list("narrower", [n["label"] for n in rel["narrower"]])
    lines += _wrap_list("same ISCO group", [s["label"] for s in rel["same_isco_group"]["items"]],
                        10)
    return "\n".join(lines)


def skill_text(d: dict[str, Any]) -> str:
    """The skill profile, summarised for a terminal."""
    c = d["counts"]
    lines = [f"{d['label']}  [{d['skill_type'] or 'untyped'}, {d['reuse_level'] or 'n/a'}]",
             f"  {d['uri']}"]
    if d["description"]:
        lines.append(f"  {d['description'].strip()}")
    for path in d["groups"]:
        lines.append("  group: " + " < ".join(g["label"] for g in path))
    if d["collections"]:
        lines.append("  collections: " + ", ".join(d["collections"]))
    if d["isced_f_field"]["available"]:
        lines.append(f"  ISCED-F {d['isced_f_field']['code']} {d['isced_f_field']['label']}")
    lines += _wrap_list("related", [r["label"] for r in d["related_skills"]], 10)
    lines.append(f"  Occupations: {c['total']} total · {c['essential']} essential · "
                 f"{c['optional']} optional (sorted by {d['sorted_by']})")
    for title, key in (("essential for", "essential_for"), ("optional for", "optional_for")):
        lines += _wrap_list(title, [_occ(o) for o in d[key]])
    return "\n".join(lines)


def _occ(o: dict[str, Any]) -> str:
    return o["label"] + (f" ({money(o['annual_median'])})" if o["annual_median"] else "")


def sector_text(o: dict[str, Any]) -> str:
    """A terminal summary of a sector overview."""
    s, t = o["sector"], o["totals"]
    lines = [f"{s['label']}: {s['definition']} — {s['members']} occupations"]
    if t["employment_2024"]:
        lines.append(f"  US employment 2024 {t['employment_2024']:,} → 2034 "
                     f"{t['employment_2034']:,} ({t['change_percent']:+.1f} %, {t['outlook']}); "
                     f"{t['annual_openings']:,} openings a year ({t['release']})")
    if o["us_data"]["note"]:
        lines.append(f"  Note: {o['us_data']['note']}")
    for key, title in (("by_openings", "Most openings"), ("by_growth", "Fastest growth"),
                       ("by_wage", "Highest pay")):
        lines.append(f"  {title}: " + "; ".join(x["title"] or x["soc_code"]
                                               for x in o["rankings"][key][:5]))
    w = o["wages"]
    if w["available"]:
        lines.append(f"  Median wages ({w['release']}): p25 ${w['p25']:,.0f}, median "
                     f"${w['p50']:,.0f}, p75 ${w['p75']:,.0f}")
    lines.append("  Entry roles: " + "; ".join(r["label"] for r in o["roles"]["entry"][:5]))
    lines.append("  Senior roles: " + "; ".join(r["label"] for r in o["roles"]["senior"][:5]))
    lines.append("  Shared skills: " + "; ".join(x["label"] for x in o["skills"]["skills"][:6]))
    lines.append("  Fields of study: " + "; ".join(f["label"] for f in o["fields_of_study"]))
    return "\n".join(lines)
