"""The real server over real HTTP: ``destinai serve --workers 2`` on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(mini_catalog) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "DESTINAI_DB": str(mini_catalog.path)}
    proc = subprocess.Popen([sys.executable, "-m", "destinai.cli", "serve", "--port", str(port),
                             "--workers", "2"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/v1/attribution", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            proc.kill()
            pytest.fail(f"server did not start: {proc.communicate(timeout=10)[1].decode()}")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_two_workers_answer_with_the_same_etag_and_304(served):
    url = f"{served}/api/v1/occupations/diplomat"
    tags = {httpx.get(url).headers["etag"] for _ in range(6)}
    assert len(tags) == 1                      # whichever worker answered
    again = httpx.get(url, headers={"if-none-match": tags.pop()})
    assert again.status_code == 304 and again.content == b""


def test_served_responses_are_guarded_and_old_paths_redirect(served):
    r = httpx.get(f"{served}/api/occupations/diplomat")
    assert r.status_code == 308 and r.headers["location"] == "/api/v1/occupations/diplomat"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    missing = httpx.get(f"{served}/api/v1/occupations/weldr%20qqq")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert "strict-transport-security" not in missing.headers
