"""Finding 8, for good: bounded fuzzing of every route, on SQLite and PostgreSQL alike, answers no 5xx.

Two parts:
- the JSON API, from its own OpenAPI document, with schemathesis (property-based: it generates
  path and query values from the schema, and then values outside it);
- every route of `app.url_map`, by hand: hostile values for each URL converter, and hostile
  values in every form field the route's page shows (for POST-only routes, every field name
  seen anywhere), sent as the identity that can reach the route.

Both are bounded (fixed examples per operation, a fixed list of payloads) so the suite stays fast.
"""
from __future__ import annotations

import re
import time

import pytest
from werkzeug.routing import IntegerConverter, PathConverter

from tests.test_access_matrix import URL_SAMPLES, build_url, client_for, walk_routes, world  # noqa: F401 (fixture)

# Per test and database: past it the walk stops where it is (a busy machine then fuzzes less, but
# never fails for being slow); the full walk of about 2,000 requests takes 45-80 s here.
TIME_BUDGET_S = 90

INT_VALUES = ["0", "2147483648", "3000000000", "9223372036854775808", "9" * 20, "00000000000000000001"]
TEXT_VALUES = ["x" * 300, "%00", "..%2F..%2Fetc%2Fpasswd", "²", "%F0%9F%92%A3", "%25s%25d", "-1"]
FORM_PAYLOADS = ["", "9" * 20, "-1", "²", "1e309", "x" * 5000, "<b>\x00</b>", "2026-13-45T25:61",
                 "3000000000"]
# Routes that end the fuzzing identity's own session or lock accounts: covered by their own tests.
SKIPPED_ENDPOINTS = {"auth.logout", "auth.logout_everywhere", "admin.toggle_active", "admin.end_sessions"}
IDENTITIES = ["planner", "reviewer", "admin", "partner", "anonymous"]
FIELD_NAME = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')


def _hostile_urls(app, url_rule, world) -> list[str]:
    """The sample URL with one parameter at a time replaced by each hostile value."""
    base = build_url(app, url_rule, world)
    urls = []
    for name, converter in url_rule._converters.items():  # noqa: SLF001 (werkzeug keeps them here)
        sample = str(URL_SAMPLES[name](world))
        values = INT_VALUES if isinstance(converter, IntegerConverter) else TEXT_VALUES
        if isinstance(converter, PathConverter):
            values = values + ["a/" * 50]
        for value in values:
            # Replace the sample where the parameter sits: the segment following the static prefix.
            urls.append(_replace_parameter(url_rule, base, name, sample, value))
    return [u for u in urls if u]


def _replace_parameter(url_rule, url: str, name: str, sample: str, value: str) -> str | None:
    pattern = url_rule.rule
    parts = re.split(r"(<[^>]+>)", pattern)
    built = ""
    rest = url
    for part in parts:
        if part.startswith("<"):
            param = part.strip("<>").split(":")[-1]
            end = re.match(r"[^/.]+" if ":path" not in part else r".+", rest)
            if end is None:
                return None
            segment = end.group(0)
            built += value if param == name else segment
            rest = rest[len(segment):]
        else:
            if not rest.startswith(part):
                return None
            built += part
            rest = rest[len(part):]
    return built + rest


def _fields_of(response) -> list[str]:
    if not response.mimetype.startswith("text/html"):
        return []
    return FIELD_NAME.findall(response.get_data().decode("utf-8", "replace"))


def _first_reaching(app, world, url: str, clients: dict) -> tuple[str, object] | None:
    for identity in IDENTITIES:
        response = clients[identity].get(url)
        if response.status_code == 200:
            return identity, response
    return None


def test_every_route_survives_hostile_input(app, world):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash becomes the 500 page a user would see, and is counted
    started = time.monotonic()
    clients = {identity: client_for(app, identity, world) for identity in IDENTITIES}
    server_errors, requests = [], 0
    seen_fields: set[str] = {"csrf_token"}
    post_routes = []

    def check(identity, method, url, response):
        nonlocal requests
        requests += 1
        if response.status_code >= 500:
            server_errors.append(f"{identity} {method} {url[:160]} -> {response.status_code}")

    for url_rule, _view in walk_routes(app):
        if url_rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        url = build_url(app, url_rule, world)
        methods = url_rule.methods or set()
        reached = _first_reaching(app, world, url, clients) if "GET" in methods else None
        identity = reached[0] if reached else "planner"
        if reached:
            seen_fields.update(_fields_of(reached[1]))
        for hostile in _hostile_urls(app, url_rule, world):
            for method in sorted(methods & {"GET", "POST"}):
                check(identity, method, hostile, clients[identity].open(hostile, method=method))
        if "POST" in methods:
            fields = _fields_of(reached[1]) if reached else None
            post_routes.append((url_rule, url, identity, fields))
        if time.monotonic() - started > TIME_BUDGET_S:
            break

    for url_rule, url, identity, fields in post_routes:
        names = sorted(set(fields or seen_fields) - {"csrf_token"})
        candidates = [identity] if fields else ["planner", "reviewer", "admin"]
        for who in candidates:
            for payload in FORM_PAYLOADS:
                data = {name: payload for name in names}
                check(who, "POST", url, clients[who].post(url, data=data))
        if time.monotonic() - started > 2 * TIME_BUDGET_S:
            break

    assert requests > 500
    assert not server_errors, f"{len(server_errors)} server errors in {requests} requests:\n" + "\n".join(server_errors)


def test_the_api_survives_schema_driven_fuzzing(app, world):
    """schemathesis generates requests from /api/v1/openapi.json, signed in and not; none may fail."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    from partnership.auth import accounts

    token = accounts.issue_api_token(world.users["planner"], "fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    started = time.monotonic()
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8

    for operation in operations:
        @settings(max_examples=25, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def fuzz(case):
            for headers in ({"Authorization": f"Bearer {token}"}, {}):
                response = case.call(headers=headers)
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}")

        fuzz()
        if time.monotonic() - started > TIME_BUDGET_S:
            break
    assert not failures, "\n".join(failures[:30])


@pytest.mark.parametrize("path", ["/api/v1/surveys/9223372036854775808", "/api/v1/surveys/3000000000"])
def test_the_reviews_exact_requests_answer_404_or_401(client, path):
    assert client.get(path).status_code in (401, 404)
