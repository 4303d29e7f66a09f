"""CLI commands for the paths feature: ``destinai paths`` and ``destinai route``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from destinai.cli_support import DbOption, JsonFlag, emit, open_catalog


def _move_lines(m: dict[str, Any]) -> list[str]:
    learn = ", ".join(s["label"] for s in m["skills_to_acquire"][:3]) or "nothing essential"
    out = [f"  {m['occupation']['label']} (similarity {m['similarity']:.2f}, seniority "
           f"{m['seniority_change']:+.1f})",
           f"      why: {'; '.join(m['why'])}", f"      learn: {learn}"]
    out += [f"      needs: {r['text']}" for r in m["requirements"]]
    return out


def _paths_text(d: dict[str, Any]) -> str:
    s = d["seniority"]
    lines = [f"Career paths for {d['occupation']['label']} "
             f"(job zone {d['occupation']['job_zone']}, seniority {s['score']:.1f}: "
             + "; ".join(e["text"] for e in s["evidence"]) + ")"]
    for key, title in (("entry_points", "Entry points (move in from)"),
                       ("lateral_moves", "Lateral moves"), ("advancement", "Advancement")):
        lines.append(f"{title}:")
        lines += [x for m in d[key] for x in _move_lines(m)] or [f"  {d['notes'][key]}"]
    return "\n".join(lines)


def _route_text(d: dict[str, Any]) -> str:
    lines = [f"Route {d['from']['label']} → {d['to']['label']}: {len(d['steps'])} move(s), "
             f"{d['total_skills_to_learn']} essential skills to learn, "
             f"{d['requirements_count']} requirement(s) (degree, regulated profession)"]
    for i, s in enumerate(d["steps"], 1):
        learn = ", ".join(k["label"] for k in s["skills_to_acquire"][:5]) or "nothing essential"
        lines.append(f"  {i}. {s['from']['label']} → {s['to']['label']} "
                     f"(similarity {s['similarity']:.2f}); learn {s['missing_essential_count']}: "
                     f"{learn}")
        lines += [f"     needs: {r['text']}" for r in s["requirements"]]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add ``paths`` and ``route`` to the ``destinai`` app."""

    @app.command()
    def paths(occupation: str,
              limit: Annotated[int, typer.Option("--limit", min=1, max=100)] = 10,
              db: DbOption = None, as_json: JsonFlag = False) -> None:
        """Entry points, lateral moves and advancement from an occupation.

        Example: destinai paths welder --limit 5 --json
        """
        from destinai.paths.engine import career_paths

        catalog = open_catalog(db)
        emit(career_paths(catalog, occupation, limit), as_json, _paths_text)

    @app.command(name="route")
    def route_command(origin: str, target: str,
                      max_steps: Annotated[int, typer.Option("--max-steps", min=1, max=6)] = 3,
                      db: DbOption = None, as_json: JsonFlag = False) -> None:
        """The viable route between two occupations that needs the fewest skills learned.

        Example: destinai route welder "mechanical engineer" --max-steps 4
        """
        from destinai.paths.route import route

        catalog = open_catalog(db)
        emit(route(catalog, origin, target, max_steps), as_json, _route_text)
