"""Security headers: API answers, the console, Swagger UI, and HSTS only over HTTPS."""

from __future__ import annotations

import pytest
from crabsales.core.security import API_CSP, CONSOLE_CSP, DOCS_CSP


@pytest.fixture
def console_dist(app, tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><script src="/admin/assets/a.js"></script>')
    (tmp_path / "assets" / "a.js").write_text("console.log(1)")
    before = app.config["ADMIN_SPA_DIST"]
    app.config["ADMIN_SPA_DIST"] = str(tmp_path)
    yield tmp_path
    app.config["ADMIN_SPA_DIST"] = before


def assert_common(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_api_answers_carry_a_strict_policy(client):
    for response in (client.get("/api/v1/health"), client.get("/api/v1/me"), client.get("/api/v1/no-such-thing")):
        assert_common(response)
        assert response.headers["Content-Security-Policy"] == API_CSP == "default-src 'none'; frame-ancestors 'none'"
        assert "Strict-Transport-Security" not in response.headers


def test_console_index_and_assets_get_the_console_policy(client, console_dist):
    for path in ("/admin/", "/admin/orders/12", "/admin/assets/a.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_common(response)
        policy = response.headers["Content-Security-Policy"]
        assert policy == CONSOLE_CSP
        assert "script-src 'self';" in policy and "style-src 'self' 'unsafe-inline'" in policy
        assert "img-src 'self' data: blob:" in policy and "connect-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy


def test_swagger_ui_runs_without_inline_script(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"] == DOCS_CSP
    html = page.get_data(as_text=True)
    # Every script is a file from our origin (the CSP has no 'unsafe-inline' for scripts).
    assert "<script>" not in html
    assert 'data-spec-url="/api/openapi.json"' in html
    for src in ("/api/swagger-assets/swagger-ui-bundle.js", "/api/docs-init.js", "/api/swagger-assets/swagger-ui.css"):
        assert src in html
        asset = client.get(src)
        assert asset.status_code == 200, src
    assert "SwaggerUIBundle" in client.get("/api/docs-init.js").get_data(as_text=True)


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/api/v1/health").headers
    secure = client.get("/api/v1/health", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_hsts_behind_a_trusted_proxy_follows_x_forwarded_proto(app):
    from werkzeug.middleware.proxy_fix import ProxyFix

    proxied = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    from werkzeug.test import Client
    from werkzeug.wrappers import Response

    client = Client(proxied, Response)
    https = client.get("/api/v1/health", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"})
    assert https.headers["Strict-Transport-Security"] == "max-age=31536000"
    http = client.get("/api/v1/health", headers={"X-Forwarded-Proto": "http", "X-Forwarded-For": "1.2.3.4"})
    assert "Strict-Transport-Security" not in http.headers
