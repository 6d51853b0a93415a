"""gzip for text responses, when the client accepts it.

Map pages carry their shapes inline (hundreds of kilobytes of numbers that compress about
tenfold), and every page is text. Streamed responses (CSV exports, downloads) and files
sent by `send_file` pass untouched: they are written as they are produced, never held
whole in memory to be compressed.
"""
from __future__ import annotations

import gzip

from flask import Flask, Response, request

COMPRESSIBLE = {"text/html", "text/css", "text/plain", "text/csv", "text/javascript", "application/javascript",
                "application/json", "application/geo+json", "application/xml", "image/svg+xml"}
MIN_BYTES = 1024  # below this, the gzip header and the CPU cost more than they save
LEVEL = 6


def _compressible(response: Response) -> bool:
    return (response.mimetype in COMPRESSIBLE and 200 <= response.status_code < 300 and response.status_code != 206
            and not response.direct_passthrough and not response.is_streamed
            and "Content-Encoding" not in response.headers)


def compress_response(response: Response) -> Response:
    if not _compressible(response):
        return response
    response.vary.add("Accept-Encoding")  # caches keep the two forms apart
    if request.accept_encodings.quality("gzip") <= 0:
        return response
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    response.set_data(gzip.compress(body, compresslevel=LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response


def init_app(app: Flask) -> None:
    if app.config.get("COMPRESS_RESPONSES", True):
        app.after_request(compress_response)
