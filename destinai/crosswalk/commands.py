"""CLI commands for the crosswalk feature: ``destinai crosswalk``."""

from __future__ import annotations

from typing import Any

import typer

from destinai.cli_support import DbOption, JsonFlag, emit, open_catalog


def _crosswalk_text(d: dict[str, Any]) -> str:
    lines = [f"{d['label']} (ESCO {d['code']}, ISCO-08 {d['isco_group']})"]
    for link in d["links"]:
        lines.append(f"  {link['code']} {link['title']} — {link['confidence_words']} "
                     f"({link['confidence']:.2f})")
        ev = link["evidence"]
        for t in ev.get("matching_titles", [])[:2]:
            lines.append(f"      title: {t['esco_label']!r} ~ {t['onet_title']!r} "
                         f"({t['similarity']:.2f})")
        for t in ev.get("matching_tasks", [])[:2]:
            lines.append(f"      task: {t['task']}")
        if ev.get("isco_soc_path"):
            lines.append(f"      path: {ev['isco_soc_path']}")
        if ev.get("matching_job_titles"):
            lines.append(f"      Nesta matching titles: {ev['matching_job_titles']}")
    if d["runners_up"]:
        lines.append("Runners-up:")
        lines += [f"  {c['rank']}. {c['code']} {c['title']} ({c['probability']:.2f})"
                  for c in d["runners_up"]]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add ``crosswalk`` to the ``destinai`` app."""

    @app.command()
    def crosswalk(occupation: str, db: DbOption = None, as_json: JsonFlag = False) -> None:
        """O*NET-SOC codes linked to an ESCO occupation: confidence, evidence, runners-up.

        Example: destinai crosswalk "asphalt laboratory technician" --json
        """
        from destinai.crosswalk.lookup import crosswalk_for

        catalog = open_catalog(db)
        emit(crosswalk_for(catalog, occupation), as_json, _crosswalk_text)
