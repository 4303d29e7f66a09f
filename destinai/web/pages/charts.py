"""Server-side SVG charts with text alternatives (<title>, <desc>; pages add a table).

Charts are built from published figures only; a missing or top-coded percentile is drawn as
open-ended and said so in words, never estimated.
"""

from __future__ import annotations

from html import escape
from typing import Any

from markupsafe import Markup

PERCENTILES = (("annual_p10", "10th"), ("annual_p25", "25th"), ("annual_median", "median"),
               ("annual_p75", "75th"), ("annual_p90", "90th"))
WIDTH, LEFT, RIGHT = 640, 20, 620


def _money(value: float) -> str:
    return f"${value:,.0f}"


def wage_points(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The annual percentiles of an OEWS row: value, label, and whether it is top-coded."""
    flags = row.get("flags") or {}
    points = []
    for key, name in PERCENTILES:
        value = row.get(key)
        top = flags.get(key) == "#"
        points.append({"key": key, "name": name, "value": value, "top_coded": top,
                       "text": ("not published" if value is None and not top else
                                f"≥ {_money(value)}" if top and value else
                                "top-coded (not published)" if top else _money(float(value or 0)))})
    return points


def wage_chart(row: dict[str, Any], title: str) -> Markup | None:
    """A percentile strip (10th-90th whiskers, 25th-75th box, median line); None if no data.

    The axis starts near the 10th percentile so the spread is visible; a top-coded or missing
    upper percentile leaves the strip open to the right (dashed), with no value drawn for it.
    """
    points = wage_points(row)
    get = {p["key"]: p["value"] for p in points}
    known = [v for v in get.values() if v is not None]
    if not known:
        return None
    open_right = get["annual_p90"] is None
    lo_v = min(known) * 0.8
    hi_v = max(known) * (1.35 if open_right else 1.08)

    def x(v: float) -> float:
        return LEFT + (RIGHT - LEFT) * (v - lo_v) / (hi_v - lo_v)

    desc = "; ".join(f"{p['name']} percentile: {p['text']}" for p in points)
    parts = [f'<svg role="img" viewBox="0 0 {WIDTH} 140" xmlns="http://www.w3.org/2000/svg" '
             f'aria-labelledby="wage-t wage-d"><title id="wage-t">{escape(title)}</title>'
             f'<desc id="wage-d">{escape(desc)}</desc>',
             f'<line x1="{LEFT}" y1="80" x2="{RIGHT}" y2="80" stroke="#7a8494"/>']
    line = '<line x1="{:.1f}" y1="55" x2="{:.1f}" y2="55" stroke="#1b4f8a" stroke-width="2"{}/>'
    p10, p25, p75, p90 = (get[k] for k in ("annual_p10", "annual_p25", "annual_p75",
                                          "annual_p90"))
    if p10 and p25:
        parts.append(line.format(x(p10), x(p25), ""))
    if p75 and p90:
        parts.append(line.format(x(p75), x(p90), ""))
    elif p75 and open_right:
        parts.append(line.format(x(p75), RIGHT, ' stroke-dasharray="6 4"'))
    if p25:
        right = x(p75) if p75 else RIGHT
        dash = "" if p75 else ' stroke-dasharray="6 4"'
        parts.append(f'<rect x="{x(p25):.1f}" y="40" width="{max(right - x(p25), 2):.1f}" '
                     f'height="30" fill="#cfe0f5" stroke="#1b4f8a"{dash}/>')
    rows = {"annual_median": 22, "annual_p25": 104, "annual_p75": 104, "annual_p10": 128,
            "annual_p90": 128}
    for p in points:
        if p["value"] is None:
            continue
        px = x(p["value"])
        heavy = p["key"] == "annual_median"
        parts.append(f'<line x1="{px:.1f}" y1="35" x2="{px:.1f}" y2="75" stroke="#123a66" '
                     f'stroke-width="{4 if heavy else 2}"/>')
        anchor = ("end" if p["key"] in ("annual_p10", "annual_p25") else
                  "middle" if heavy else "start")
        anchor = "start" if px < 90 else "end" if px > WIDTH - 90 else anchor
        weight = ' font-weight="700"' if heavy else ""
        parts.append(f'<text x="{px:.1f}" y="{rows[p["key"]]}" font-size="14" '
                     f'text-anchor="{anchor}" fill="#1d2430"{weight}>'
                     f'{escape(p["name"] + ": " + p["text"])}</text>')
    if open_right:
        parts.append(f'<text x="{RIGHT}" y="128" font-size="13" text-anchor="end" '
                     'fill="#4a5566">upper percentiles not published</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def outlook_chart(row: dict[str, Any]) -> Markup | None:
    """Employment 2024 and projected 2034 (thousands) as two bars; None without figures."""
    a, b = row.get("employment_2024"), row.get("employment_2034")
    if not a or b is None:
        return None
    top = max(a, b) * 1.1
    change = row.get("change_percent")
    desc = (f"US employment {a:,.1f} thousand in 2024, projected {b:,.1f} thousand in 2034"
            + (f" ({change:+.1f}%)" if change is not None else ""))
    bars = []
    for i, (year, value) in enumerate((("2024", a), ("2034", b))):
        w = (RIGHT - 120) * value / top
        y = 15 + i * 40
        bars.append(f'<text x="0" y="{y + 20}" font-size="14" fill="#1d2430">{year}</text>'
                    f'<rect x="60" y="{y}" width="{w:.1f}" height="28" '
                    f'fill="{"#1b4f8a" if i == 0 else "#5b8fc7"}"/>'
                    f'<text x="{66 + w:.1f}" y="{y + 20}" font-size="14" fill="#1d2430">'
                    f'{value:,.1f}k</text>')
    return Markup(f'<svg role="img" viewBox="0 0 {WIDTH} 100" '
                  'xmlns="http://www.w3.org/2000/svg" aria-labelledby="outlook-t outlook-d">'
                  '<title id="outlook-t">US employment outlook 2024–34</title>'
                  f'<desc id="outlook-d">{escape(desc)}</desc>{"".join(bars)}</svg>')


def coverage_chart(covered: int, total: int, subject: str) -> Markup | None:
    """A bar of the essential skills covered out of ``total`` (None when there are none)."""
    if total <= 0:
        return None
    share = covered / total
    width = (RIGHT - LEFT) * share
    text = f"{covered} of {total} essential skills of {subject} covered ({share:.0%})"
    return Markup(f'<svg role="img" viewBox="0 0 {WIDTH} 30" xmlns="http://www.w3.org/2000/svg" '
                  'aria-labelledby="cov-t"><title id="cov-t">' + escape(text) + '</title>'
                  f'<rect x="{LEFT}" y="4" width="{RIGHT - LEFT}" height="22" fill="#e5e9ef"/>'
                  f'<rect x="{LEFT}" y="4" width="{width:.1f}" height="22" fill="#1d6b3a"/>'
                  '</svg>')
