"""sitemap.xml (every page type, every occupation and skill) and robots.txt."""

from __future__ import annotations

from xml.sax.saxutils import escape

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from destinai.catalog.db import Catalog
from destinai.web.deps import CatalogDep
from destinai.web.templating import uuid_of

router = APIRouter(include_in_schema=False)
STATIC_PAGES = ("/", "/careers", "/skills", "/study", "/get-started", "/compare", "/about",
                "/privacy", "/terms", "/ai-transparency")


def sitemap_paths(catalog: Catalog) -> list[str]:
    """Every page path worth indexing (fewer than the sitemap protocol's 50,000)."""
    paths = list(STATIC_PAGES)
    for (uri,) in catalog.connection.execute("SELECT uri FROM occupations ORDER BY uri"):
        paths.append(f"/occupations/{uuid_of(uri)}")
    for (uri,) in catalog.connection.execute("SELECT uri FROM skills ORDER BY uri"):
        paths.append(f"/skills/{uuid_of(uri)}")
    return paths


def base_url(request: Request) -> str:
    """Scheme and host the request came in on."""
    return str(request.base_url).rstrip("/")


@router.get("/sitemap.xml")
def sitemap(request: Request, catalog: CatalogDep) -> Response:
    """The sitemap of every occupation, skill and fixed page."""
    base = base_url(request)
    paths = catalog.derived("web.sitemap_paths", lambda: list(sitemap_paths(catalog)))
    urls = "".join(f"<url><loc>{escape(base + p)}</loc></url>" for p in paths)
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n')
    return Response(body, media_type="application/xml")


@router.get("/robots.txt", response_class=PlainTextResponse)
def robots(request: Request) -> str:
    """Crawl everything but the personal flow and the API; point to the sitemap."""
    return ("User-agent: *\nDisallow: /get-started/\nDisallow: /api/\nDisallow: /search\n"
            f"Allow: /\nSitemap: {base_url(request)}/sitemap.xml\n")
