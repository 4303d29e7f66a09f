"""The CLI's one error handler on the real catalog: exit 2 with suggestions for not found,
2 for bad input, 1 when the catalog is missing; JSON errors with --json; no tracebacks."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from destinai.cli import app

pytestmark = pytest.mark.integration


def run(catalog, *args: str):
    return CliRunner().invoke(app, [*args, "--db", str(catalog.path)])


def test_unknown_occupation_exits_2(real_catalog):
    result = run(real_catalog, "occupation", "qqqq zzzz")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: no occupation matches 'qqqq zzzz'")
    assert "Traceback" not in result.output


def test_not_found_is_the_same_for_every_command(real_catalog):
    for args in (("paths", "qqqq zzzz"), ("crosswalk", "qqqq zzzz"),
                 ("skill", "qqqq zzzz"), ("study", "qqqq zzzz"),
                 ("route", "welder", "qqqq zzzz")):
        result = run(real_catalog, *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("error: "), args


def test_suggestions_are_listed_on_stderr(real_catalog):
    result = run(real_catalog, "occupation", "weldr qqq")
    if result.exit_code == 0:          # a resolver may accept the typo outright
        assert result.stdout.startswith("Welder")
    else:
        assert result.exit_code == 2 and "did you mean: welder (" in result.stderr


def test_bad_input_exits_2(real_catalog):
    for args in (("skill", "welding", "--sort", "salary"),
                 ("jobprofile", "welder", "--sector", "army"),
                 ("match", "--skills", ";;")):
        result = run(real_catalog, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_json_flag_prints_the_error_as_json(real_catalog):
    result = run(real_catalog, "paths", "qqqq zzzz", "--json")
    assert result.exit_code == 2
    body = json.loads(result.stdout)
    assert body["error"].startswith("no occupation") and isinstance(body["suggestions"], list)


def test_missing_catalog_exits_1(tmp_path):
    result = CliRunner().invoke(app, ["occupation", "welder", "--db",
                                      str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1 and "destinai build" in result.stderr
