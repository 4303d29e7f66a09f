"""The real server over real HTTP: `destinai serve` in a subprocess, requests over loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.fixtures.release import DIPLOMAT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(mini_catalog) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "DESTINAI_DB": str(mini_catalog.path)}
    proc = subprocess.Popen([sys.executable, "-m", "destinai.cli", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/v1/attribution", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            proc.kill()
            error = proc.communicate(timeout=10)[1].decode()
            pytest.fail(f"server did not start: {error}")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_served_api_answers_over_http(server):
    occ = httpx.get(f"{server}/api/v1/occupations/diplomat").json()
    assert occ["uri"] == DIPLOMAT
    assert httpx.get(f"{server}/api/v1/occupations/nonexistent-title-xyz").status_code == 404
    assert httpx.get(f"{server}/openapi.json").json()["info"]["title"] == "DestinAI API"
