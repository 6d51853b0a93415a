"""Text responses travel gzipped to clients that accept it, unchanged to those that do not."""
from __future__ import annotations

import gzip


def test_a_page_is_gzipped_only_for_a_client_that_accepts_it(client):
    plain = client.get("/auth/login")
    packed = client.get("/auth/login", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert len(packed.data) < len(plain.data) / 2
    unpacked = gzip.decompress(packed.data)
    # The same page, but for the per-request nonce and CSRF token.
    assert len(unpacked) == len(plain.data) and unpacked.startswith(b"<!doctype html>")
    assert packed.headers["Content-Security-Policy"]  # headers set after compression are still there


def test_a_client_that_refuses_gzip_gets_the_page_as_it_is(client):
    response = client.get("/auth/login", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in response.headers and response.data.startswith(b"<!doctype html>")


def test_small_and_streamed_responses_are_left_alone(app, client):
    @app.route("/_stream-for-test")
    def _stream():
        return app.response_class((f"row {i}\n" for i in range(2000)), mimetype="text/csv")

    @app.route("/_small-for-test")
    def _small():
        return app.response_class("ok", mimetype="text/plain")

    streamed = client.get("/_stream-for-test", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in streamed.headers and streamed.data.startswith(b"row 0\n")
    assert "Content-Encoding" not in client.get("/_small-for-test", headers={"Accept-Encoding": "gzip"}).headers
    css = client.get("/static/css/maps.css", headers={"Accept-Encoding": "gzip"})  # files pass as they are
    assert "Content-Encoding" not in css.headers and b"map" in css.data
