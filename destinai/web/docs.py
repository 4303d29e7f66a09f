"""/docs: Swagger UI served from the vendored ``swagger-ui-bundle-v2`` package, no CDN.

FastAPI's own /docs loads Swagger UI from a CDN and starts it with an inline script, which
the site's Content-Security-Policy forbids. Here the assets come from the package and the
start-up script is a file of ours, so /docs runs under the same policy as every page
(``script-src 'self'; style-src 'self'``): opened, expanded and "tried out" in Chromium with
no CSP violation.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/docs/assets"
INIT_JS = """window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    layout: "BaseLayout", showExtensions: true, showCommonExtensions: true
  });
});
"""


def _page(title: str) -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · API documentation</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
<link rel="icon" type="image/png" href="{ASSETS}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"><noscript>The interactive API documentation needs JavaScript; the
machine-readable schema is at <a href="/openapi.json">/openapi.json</a>.</noscript></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
"""


def mount_docs(app: FastAPI) -> None:
    """Serve /docs, /docs/init.js and the Swagger UI assets (create the app with
    ``docs_url=None`` so FastAPI's CDN version is not registered)."""
    page = _page(app.title)
    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(page)

    @app.get("/docs/init.js", include_in_schema=False)
    def docs_init() -> Response:
        return Response(INIT_JS, media_type="text/javascript")
