"""Answering with no signal: the service worker, the web app manifest and the page of what waits on this phone.

The worker is served from the site root (not /static/) so its scope covers the
walk-recording pages; it caches only the pages a walker opened to record, and
static files, never results, photos or exports.
"""
from __future__ import annotations

import json
import os

from flask import Response, current_app, render_template, url_for
from flask_babel import gettext as _

from assessments.walks import bp
from partnership import access


@bp.route("/sw.js")
@access.public
def service_worker():
    path = os.path.join(current_app.static_folder, "js", "offline-worker.js")
    with open(path, encoding="utf-8") as handle:
        code = handle.read()
    response = Response(code, mimetype="text/javascript")
    # The browser checks for a new worker on each visit; a cached old one would keep old pages.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/manifest.webmanifest")
@access.public
def manifest():
    data = {
        "name": _("Safer Neighbourhoods"),
        "short_name": _("Safer Neighbourhoods"),
        "start_url": url_for("main.dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f3a5f",
        "icons": [{"src": url_for("static", filename="img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return Response(json.dumps(data, ensure_ascii=False), mimetype="application/manifest+json")


@bp.route("/walks/waiting")
@access.login
def waiting():
    """What this phone holds and has not sent yet; the list itself is read from the phone by the page's script."""
    return render_template("assessments/walks/waiting.html")
