"""The SVG charts: text alternatives, top-coded percentiles, no made-up figures."""

from __future__ import annotations

from destinai.web.pages.charts import coverage_chart, outlook_chart, wage_chart, wage_points

ROW = {"annual_p10": 73710.0, "annual_p25": 126080.0, "annual_median": 206420.0,
       "annual_p75": None, "annual_p90": None,
       "flags": {"annual_p75": "#", "annual_p90": "#"}}


def test_wage_chart_names_top_coded_percentiles_and_has_text_alternative() -> None:
    svg = str(wage_chart(ROW, "US wages <Chief Executives>"))
    assert svg.startswith("<svg role=\"img\"") and "<title id=\"wage-t\">US wages &lt;Chief" in svg
    assert "75th percentile: top-coded (not published)" in svg
    assert "median: $206,420" in svg
    assert 'stroke-dasharray' in svg          # open-ended whisker, not an invented 90th


def test_wage_points_keep_missing_values_missing() -> None:
    points = {p["name"]: p for p in wage_points({**ROW, "flags": {}})}
    assert points["90th"]["value"] is None and points["90th"]["text"] == "not published"


def test_no_chart_without_figures() -> None:
    assert wage_chart({k: None for k in ROW if k != "flags"}, "t") is None
    assert outlook_chart({"employment_2024": None, "employment_2034": None}) is None


def test_outlook_chart_describes_the_change() -> None:
    svg = str(outlook_chart({"employment_2024": 309.4, "employment_2034": 322.7,
                             "change_percent": 4.3}))
    assert "309.4 thousand in 2024, projected 322.7 thousand in 2034 (+4.3%)" in svg


def test_coverage_chart_says_the_share() -> None:
    svg = str(coverage_chart(3, 12, "diplomat <x>"))
    assert "3 of 12 essential skills of diplomat &lt;x&gt; covered (25%)" in svg
    assert coverage_chart(0, 0, "x") is None
