"""Security headers on every answer (the reverse proxy in docker/Caddyfile sends the same ones for the console files).

- API answers (JSON, files, redirects): `default-src 'none'; frame-ancestors 'none'`: nothing in them may load or run.
- The console at /admin/: scripts only from our origin; Element Plus sets inline styles, so styles allow
  'unsafe-inline'; images also from data: and blob: (previews of files being uploaded); requests only to our origin.
- Swagger UI at /api/docs: its assets are ours (/api/swagger-assets/) and its start-up script is a file, not inline.
- HSTS only over HTTPS: `request.is_secure`, which behind TRUSTED_PROXIES honours the proxy's X-Forwarded-Proto.
"""

from __future__ import annotations

from flask import request

API_CSP = "default-src 'none'; frame-ancestors 'none'"
CONSOLE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000"
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def content_security_policy(path: str) -> str:
    if path == "/admin" or path.startswith("/admin/"):
        return CONSOLE_CSP
    if path == "/api/docs" or path.startswith("/api/docs/"):
        return DOCS_CSP
    return API_CSP


def init_security_headers(app) -> None:
    @app.after_request
    def security_headers(response):
        headers = response.headers
        for name, value in COMMON_HEADERS.items():
            headers.setdefault(name, value)
        headers.setdefault("Content-Security-Policy", content_security_policy(request.path))
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
