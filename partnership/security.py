"""Security headers and the per-request CSP nonce."""
from __future__ import annotations

import secrets

from flask import Flask, g


def csp_nonce() -> str:
    """A fresh nonce per request for the few inline scripts we allow (folium map set-up)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def tile_origin(tile_url: str | None) -> str:
    """The origin of the organisation's own map tile server (MAP_TILE_URL), or "" when none is set."""
    from urllib.parse import urlsplit

    if not tile_url:
        return ""
    parts = urlsplit(tile_url.replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def content_security_policy(nonce: str, tile_origin: str = "") -> str:
    # No external origin anywhere: the service must run on a closed police intranet.
    # The one exception is opt-in: an organisation's own tile server (MAP_TILE_URL) may serve map images.
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:" + (f" {tile_origin}" if tile_origin else ""),
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def set_headers(response):
        response.headers["Content-Security-Policy"] = content_security_policy(
            csp_nonce(), tile_origin(app.config.get("MAP_TILE_URL"))
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response

    app.jinja_env.globals["csp_nonce"] = csp_nonce
