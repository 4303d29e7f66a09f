"""Cold start of the command line (issue 11): what a command no longer loads, and that the
lighter paths give what the general ones gave."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import typer.main
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from destinai import cli_coercion, collector
from destinai.catalog.db import Catalog
from destinai.search.trigrams import distinct

SAMPLES = {
    str: ["nurse", "", "  padded ", "data scientst", "-"],
    int: ["5", "0", "-3", "007", "5.0", "abc", " 5", "12345678901234567890", "+4", "1_000", 7,
          0, 100000],
    float: ["0.5", "1", "-2.25", "1e3", "abc", " 0.5", ".5", "inf", 0.5],
    bool: [True, False],
    Path: ["data/catalog.sqlite", "-", "", "/nonexistent/x.txt"],
    list[str]: [("a", "b"), (), ["welding"]],
}

PROBE = """
import atexit, gc, runpy, sys
def report():
    sys.stderr.write("\\nMODULES " + ",".join(sorted(
        m for m in sys.modules if m.split(".")[0] in ("pydantic", "snowballstemmer")
        or m == "numpy.ma")) + "|" + str(gc.isenabled()) + "\\n")
atexit.register(report)
sys.argv = ["destinai", *sys.argv[1:]]
runpy.run_module("destinai.cli", run_name="__main__")
"""


def _converted(runtime, param, value):
    try:
        return "ok", runtime._coerce_value(value, param=param, ctx=None)
    except BadParameter as exc:
        return "error", exc.message


def _params():
    from destinai.cli import app

    group = typer.main.get_command(app)
    for command in group.commands.values():
        yield from getattr(command, "params", [])


def test_plain_conversion_gives_typers_value_or_typers_error():
    """Every plain parameter of every command: the same value (or the same error message) as
    Typer's Pydantic adapter, for ordinary and awkward inputs."""
    checked = 0
    for param in _params():
        descriptor = param.type_descriptor
        plain = cli_coercion.PlainRuntimeParam(parameter_info=descriptor.parameter_info,
                                               annotation=descriptor.annotation,
                                               descriptor=descriptor)
        if descriptor.annotation not in cli_coercion.PLAIN:
            continue
        typer_way = build_runtime_param(descriptor)
        for value in SAMPLES[descriptor.annotation]:
            expected, got = _converted(typer_way, param, value), _converted(plain, param, value)
            assert got == expected and type(got[1]) is type(expected[1]), (param.name, value)
            checked += 1
    assert checked > 200


def test_install_leaves_other_parameters_to_typer():
    params = list(_params())
    cli_coercion.install(params)
    plain = [p for p in params if isinstance(p._runtime_param, cli_coercion.PlainRuntimeParam)]
    assert plain and all(p.type_descriptor.annotation in cli_coercion.PLAIN for p in plain)
    assert all(p.type_descriptor.parameter_info.parser is None for p in plain)


def _probe(catalog: Path, *args: str, stdin: str = "") -> tuple[str, set[str], bool]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                         input=stdin, env={**os.environ, "DESTINAI_DB": str(catalog)})
    assert out.returncode == 0, out.stderr[-2000:]
    line = out.stderr.rsplit("MODULES ", 1)[1].strip()
    modules, enabled = line.split("|")
    return out.stdout, set(filter(None, modules.split(","))), enabled == "True"


@pytest.mark.parametrize("args", [
    ("search", "nurse", "--type", "occupation", "--limit", "3", "--json"),
    ("normalize-title", "Senior Nurse (m/f/d)", "--limit", "2", "--json"),
    ("extract", "-", "--json"),
])
def test_a_cold_command_imports_no_pydantic_no_numpy_ma_no_stemmer_package(mini: Catalog,
                                                                           args):
    """Typer's Pydantic conversion (~0.1 s), numpy.ma (np.unique's first call, ~16 ms) and
    the 36 stemmers of snowballstemmer's __init__ (~14 ms) stay out of a cold command, which
    runs without the cyclic collector."""
    stdout, modules, collecting = _probe(mini.path, *args,
                                         stdin="I weld and care for patients.")
    assert json.loads(stdout)
    assert modules == set() and not collecting


def test_the_english_stemmer_loaded_alone_stems_as_the_package_does():
    import snowballstemmer

    from destinai.search.embedder import get_embedder
    from destinai.text.words import WORD, private_english_stemmer

    # every word piece of the embedder's vocabulary (~20,000 English words and stems)
    pieces = get_embedder().tokenizer.get_vocab()
    vocabulary = sorted({w for p in pieces for w in WORD.findall(p.lower().strip("\u2581"))} | {
        "welding", "welders", "generously", "skies", "dying", "news", "cannings", "ied",
        "hoping", "agreed", "feed", "succeeded", "proceeding", "arsenal", "communism"})
    assert len(vocabulary) > 15000
    reference = snowballstemmer.stemmer("english")
    spec_root = str(Path(snowballstemmer.__file__).parent)
    alone = private_english_stemmer([spec_root])
    assert type(alone).__module__ != type(reference).__module__
    assert [alone.stemWord(w) for w in vocabulary] == reference.stemWords(vocabulary)


def test_distinct_is_np_unique():
    rng = np.random.default_rng(5)
    for values in (rng.integers(0, 50, size=400), np.zeros(0, np.int64),
                   rng.integers(0, 1 << 18, size=37), np.array([3, 3, 3])):
        expected = np.unique(values)
        got = distinct(values)
        assert got.dtype == expected.dtype and got.tolist() == expected.tolist()


def test_collector_pause_restores_and_batches_collect_again():
    import io

    from destinai.extract.batch import run_batch

    was = gc.isenabled()
    try:
        gc.enable()
        with collector.paused():
            assert not gc.isenabled()
        assert gc.isenabled()
        collector.one_shot()
        with collector.paused():
            pass
        assert not gc.isenabled()
        run_batch(['"a"'], "text", "skills", lambda item: [], io.StringIO(), progress=False)
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
