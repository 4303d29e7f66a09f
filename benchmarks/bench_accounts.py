"""Accounts: save/load of a skills profile on SQLite and PostgreSQL (store and HTTP), and 50
concurrent logged-in users browsing and saving for 60 s on loopback (errors, lost writes).

The PostgreSQL figures use a throwaway local cluster (tests/accounts/postgres.py). The server
is ``destinai serve`` (one uvicorn process) in a subprocess; the users are threads of httpx
clients, each with its own session cookie. Set ACCOUNTS_LOAD_S to shorten the load phase.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import summary, table, timings_ms
from destinai.accounts import AccountStore
from destinai.catalog.db import Catalog
from tests.accounts.postgres import PostgresServer, find_bin

USERS = 50
LOAD_S = float(os.environ.get("ACCOUNTS_LOAD_S", "60"))
PASSWORD = "benchmark passphrase 2026"


def _profile_skills(catalog: Catalog, n: int = 30) -> list[dict[str, str]]:
    return [{"uri": r["uri"], "label": r["label"]} for r in
            catalog.rows("SELECT uri, label FROM skills ORDER BY uri LIMIT ?", (n,))]


def _store_figures(store: AccountStore, skills: list[dict[str, str]]) -> dict[str, Any]:
    user = store.create_user(f"bench{random.randrange(10**9)}@example.org", PASSWORD)
    ids: list[int] = []

    def save() -> None:
        ids.append(store.saved.save_profile(user.id, "bench", skills, ["data analyst"],
                                            ["statistics"], ["research"])["id"])

    save_ms = timings_ms(save, repeat=300, warmup=5)
    load_ms = timings_ms(lambda: store.saved.get_profile(user.id, random.choice(ids)),
                         repeat=300, warmup=5)
    return {"store_save": summary(save_ms), "store_load": summary(load_ms)}


def _serve(catalog_path: Path, url: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, DESTINAI_DB=str(catalog_path))
    proc = subprocess.Popen([sys.executable, "-m", "destinai.cli", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("server did not start: " + (proc.stderr.read() or b"").decode()[-2000:])


def _load(base: str, store: AccountStore, catalog: Catalog, skills: list[dict[str, str]]
          ) -> dict[str, Any]:
    """50 logged-in users for LOAD_S seconds; then every acknowledged write must be stored."""
    occupations = [r["uri"] for r in catalog.rows("SELECT uri FROM occupations ORDER BY uri")]
    accounts = [store.create_user(f"load{n}-{random.randrange(10**9)}@example.org", PASSWORD)
                for n in range(USERS)]
    lock = threading.Lock()
    timings: dict[str, list[float]] = {"GET /me": [], "GET /api/v1/me/shortlist": [],
                                       "POST /api/v1/me/shortlist": [],
                                       "POST /me/profiles (form)": []}
    errors: list[str] = []
    acknowledged = {a.id: {"shortlist": 0, "profiles": 0} for a in accounts}
    stop = time.time() + LOAD_S

    def user(n: int) -> None:
        account = accounts[n]
        mine = occupations[n::USERS]
        client = httpx.Client(base_url=base, timeout=30,
                              cookies={"destinai_session": store.start_session(account.id)})
        csrf = client.get("/api/v1/me").json()["csrf_token"]
        rng = random.Random(n)
        while time.time() < stop:
            roll = rng.random()
            try:
                start = time.perf_counter()
                if roll < 0.35:
                    name, response = "GET /me", client.get("/me")
                elif roll < 0.6:
                    name, response = ("GET /api/v1/me/shortlist",
                                      client.get("/api/v1/me/shortlist"))
                elif roll < 0.85 and mine:
                    name = "POST /api/v1/me/shortlist"
                    response = client.post("/api/v1/me/shortlist", headers={"X-CSRF-Token": csrf},
                                           json={"occupation_uri": mine.pop(), "note": "load"})
                else:
                    name = "POST /me/profiles (form)"
                    response = client.post("/me/profiles", data={
                        "csrf": csrf, "name": f"p{n}", "titles": ["analyst"],
                        "skill_uri": [s["uri"] for s in rng.sample(skills, 10)]})
                elapsed = (time.perf_counter() - start) * 1000
                ok = response.status_code in (200, 201) or (
                    name.endswith("(form)") and response.status_code == 303)
                with lock:
                    timings[name].append(elapsed)
                    if not ok:
                        errors.append(f"{name}: HTTP {response.status_code}")
                    elif name.startswith("POST /api"):
                        acknowledged[account.id]["shortlist"] += 1
                    elif name.startswith("POST /me"):
                        acknowledged[account.id]["profiles"] += 1
            except httpx.HTTPError as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
        client.close()

    threads = [threading.Thread(target=user, args=(n,)) for n in range(USERS)]
    started = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.time() - started
    lost = 0
    for account in accounts:
        stored = store.saved.export(account.id)
        lost += acknowledged[account.id]["shortlist"] - len(stored["shortlist"])
        lost += acknowledged[account.id]["profiles"] - len(stored["skills_profiles"])
    total = sum(len(v) for v in timings.values())
    writes = sum(a["shortlist"] + a["profiles"] for a in acknowledged.values())
    rows = [{"request": k, **summary(v)} for k, v in timings.items() if v]
    return {"requests": total, "rps": round(total / duration, 1), "errors": len(errors),
            "first_errors": errors[:3], "writes": writes, "lost": lost, "rows": rows,
            "duration_s": round(duration, 1)}


def _backend(name: str, url: str, catalog_path: Path, port: int) -> dict[str, Any]:
    catalog = Catalog(catalog_path)
    store = AccountStore.open(url)
    skills = _profile_skills(catalog)
    result: dict[str, Any] = {"backend": name, "loadavg": os.getloadavg()[0],
                              **_store_figures(store, skills)}
    proc = _serve(catalog_path, url, port)
    try:
        base = f"http://127.0.0.1:{port}"
        http = httpx.Client(base_url=base, timeout=30)
        token = http.get("/signup").text.split('name="csrf" value="')[1].split('"')[0]
        http.post("/signup", data={"email": f"http{port}@example.org", "password": PASSWORD,
                                   "csrf": token})
        csrf = http.get("/api/v1/me").json()["csrf_token"]
        body = {"name": "http", "skills": skills, "titles": ["analyst"]}
        ids: list[int] = []

        def save() -> None:
            response = http.post("/api/v1/me/profiles", json=body,
                                 headers={"X-CSRF-Token": csrf})
            ids.append(response.raise_for_status().json()["id"])

        result["http_save"] = summary(timings_ms(save, repeat=200, warmup=5))
        result["http_load"] = summary(timings_ms(
            lambda: http.get(f"/api/v1/me/profiles/{random.choice(ids)}").raise_for_status(),
            repeat=200, warmup=5))
        result["load"] = _load(base, store, catalog, skills)
    finally:
        proc.terminate()
        proc.wait(30)
        store.engine.dispose()
    return result


def run(catalog_path: Path) -> str:
    """Measure both backends and return the Markdown section."""
    import tempfile

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(_backend("SQLite", f"sqlite:///{tmp}/users.sqlite", catalog_path, 8761))
    if find_bin("initdb"):
        server = PostgresServer().start()
        try:
            results.append(_backend("PostgreSQL 15", server.url(server.create_database()),
                                    catalog_path, 8762))
        finally:
            server.stop()
    return _markdown(results)


def _markdown(results: list[dict[str, Any]]) -> str:
    lines = ["## Accounts", "",
             "Save / load of one skills profile (30 ESCO skills, titles, studies, interests); "
             "target p95 < 20 ms. *store*: the AccountStore call; *HTTP*: POST / GET "
             "`/api/v1/me/profiles` on loopback against `destinai serve` (one process).", ""]
    rows = []
    for r in results:
        for what in ("store_save", "store_load", "http_save", "http_load"):
            where = "HTTP" if what.startswith("http") else "store"
            rows.append({"backend": r["backend"], "operation": f"{what.split('_')[-1]} "
                         f"({where})", **r[what]})
    lines += [table(rows, ["backend", "operation", "median_ms", "p95_ms", "max_ms", "n"]), ""]
    lines += ["Machine load (1-minute load average) when each backend started: " + ", ".join(
        f"{r['backend']} {r['loadavg']:.1f}" for r in results) + " (2 cores shared with other "
        "jobs: each round trip to another process waits for a core).", ""]
    lines += [f"{USERS} concurrent logged-in users browsing (/me, shortlist JSON) and saving "
              "(shortlist JSON, profile form) on loopback; each acknowledged write is counted "
              "and the rows are counted after the run.", ""]
    summary_rows = [{"backend": r["backend"], "duration_s": r["load"]["duration_s"],
                     "requests": r["load"]["requests"], "req/s": r["load"]["rps"],
                     "errors": r["load"]["errors"], "acknowledged writes": r["load"]["writes"],
                     "lost writes": r["load"]["lost"]} for r in results]
    lines += [table(summary_rows, ["backend", "duration_s", "requests", "req/s", "errors",
                                   "acknowledged writes", "lost writes"]), ""]
    for r in results:
        lines += [f"{r['backend']}, latency per request type under load:", "",
                  table(r["load"]["rows"], ["request", "median_ms", "p95_ms", "max_ms", "n"]),
                  ""]
        if r["load"]["first_errors"]:
            lines += ["First errors: " + "; ".join(r["load"]["first_errors"]), ""]
    return "\n".join(lines)
