"""ETags keyed by the build and the URL, 304s, the LRU, and what is never cached."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from destinai.web.caching import ResponseCache, etag_matches, is_personal, never_cached
from tests.web.conftest import response_cache

OCC = "/api/v1/occupations/diplomat"


def test_get_carries_etag_and_cache_control(client):
    r = client.get(OCC)
    assert r.status_code == 200 and r.headers["etag"].startswith('"')
    assert r.headers["cache-control"] == "public, max-age=300"
    assert r.headers["vary"] == "Cookie"
    assert client.get("/").headers["cache-control"] == "no-cache"     # pages revalidate
    assert client.get(OCC + "?paths=false").headers["etag"] != r.headers["etag"]


def test_if_none_match_gives_304_without_a_body(client):
    etag = client.get(OCC).headers["etag"]
    again = client.get(OCC, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(OCC, headers={"if-none-match": f'"other", W/{etag}'}).status_code == 304
    assert client.get(OCC, headers={"if-none-match": '"stale"'}).status_code == 200


def test_the_etag_changes_with_the_build(app, client):
    etag = client.get(OCC).headers["etag"]
    cache = response_cache(app)
    assert cache.etag(OCC).decode() == etag
    cache.fingerprint += ";rebuilt"
    assert cache.etag(OCC).decode() != etag


def test_repeated_gets_are_served_from_memory(app, client):
    first = client.get(OCC)
    cache = response_cache(app)
    hits = cache.hits
    second = client.get(OCC)
    assert cache.hits == hits + 1 and second.content == first.content
    assert second.headers["content-security-policy"]            # still guarded


def test_session_cookie_bypasses_the_cache(app, client):
    client.get(OCC)
    cache = response_cache(app)
    hits, misses = cache.hits, cache.misses
    personal = client.get(OCC, headers={"cookie": "destinai_session=abc"})
    assert personal.status_code == 200 and "etag" not in personal.headers
    assert personal.headers["cache-control"] == "private, no-store"
    assert (cache.hits, cache.misses) == (hits, misses)
    assert "etag" not in client.get(OCC, headers={"authorization": "Bearer x"}).headers


def test_errors_and_posts_are_not_cached(app, client):
    client.get("/api/v1/occupations/weldr%20qqq")
    r = client.post("/api/v1/match", json={"skills": ["use welding equipment"]})
    assert "etag" not in r.headers
    assert "/api/v1/occupations/weldr%20qqq" not in response_cache(app).entries


@pytest.mark.parametrize("path", ["/me", "/me/saved", "/login", "/signup", "/api/v1/me",
                                  "/api/v1/me/profiles"])
def test_account_paths_are_never_cached(path):
    assert never_cached(path)


@pytest.mark.parametrize("path", ["/media", "/members", "/api/v1/mentor", "/", OCC])
def test_catalog_paths_are_cached(path):
    assert not never_cached(path)


def _tiny_app(**cache_args):
    calls = {"n": 0}

    def item(request):
        calls["n"] += 1
        return JSONResponse({"id": request.path_params["i"], "pad": "x" * 100})

    def me(request):
        calls["n"] += 1
        return JSONResponse({"me": True})

    def sets_cookie(request):
        response = JSONResponse({"ok": True})
        response.set_cookie("csrf", "t")
        return response

    inner = Starlette(routes=[Route("/items/{i}", item), Route("/me", me),
                              Route("/cookie", sets_cookie)])
    return ResponseCache(inner, fingerprint="f", **cache_args), calls


def test_lru_is_bounded_and_evicts_the_oldest():
    cache, calls = _tiny_app(max_entries=2)
    client = TestClient(cache)
    for i in (1, 2, 1, 3):                       # 1 is used again, so 2 is the oldest
        client.get(f"/items/{i}")
    assert list(cache.entries) == ["/items/1", "/items/3"]
    client.get("/items/2")
    assert calls["n"] == 4                        # 1, 2, 3, then 2 again after eviction


def test_byte_bound_and_uncacheable_responses():
    cache, _ = _tiny_app(max_bytes=150)
    client = TestClient(cache)
    client.get("/items/1")
    client.get("/items/2")
    assert len(cache.entries) == 1 and cache.bytes <= 150
    client.get("/me")
    client.get("/me")
    assert "/me" not in cache.entries
    assert "etag" not in client.get("/cookie").headers and "/cookie" not in cache.entries


def test_header_helpers():
    from starlette.datastructures import Headers

    assert is_personal(Headers({"cookie": "a=1; destinai_session=x"}))
    assert not is_personal(Headers({"cookie": "destinai_session_old=1"}))
    assert etag_matches("*", b'"x"') and etag_matches('W/"x"', b'"x"')
    assert not etag_matches(None, b'"x"') and not etag_matches('"y"', b'"x"')


def test_concurrent_misses_for_one_url_render_once():
    import anyio
    import httpx

    cache, calls = _tiny_app()

    async def burst():
        transport = httpx.ASGITransport(app=cache)
        async with (httpx.AsyncClient(transport=transport, base_url="http://t") as client,
                    anyio.create_task_group() as group):
            for _ in range(10):
                group.start_soon(client.get, "/items/7")

    # its own thread: the session's Playwright browser may hold this thread's event loop
    import threading

    runner = threading.Thread(target=anyio.run, args=(burst,))
    runner.start()
    runner.join(30)
    assert calls["n"] == 1 and cache.misses == 1 and cache.hits == 9


def test_head_answers_like_get_without_a_body(client):
    head = client.head("/api/v1/attribution")
    assert head.status_code == 200 and head.content == b""
    get = client.get("/api/v1/attribution")
    assert head.headers["etag"] == get.headers["etag"]
    assert int(head.headers["content-length"]) == len(get.content)
    assert client.head("/api/v1/attribution").status_code == 200      # now from the cache
