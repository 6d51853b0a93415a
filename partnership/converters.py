"""URL converters shared by every route.

Werkzeug's `int` converter accepts any number of digits, and a 20-digit id reached the
database: SQLite overflows past 2^63-1 and PostgreSQL's `integer` past 2^31-1, both as a
server error. Ids here are database integers, so anything past 2^31-1 cannot name a row and
is simply not found (404), like any other missing id.
"""
from __future__ import annotations

from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

# PostgreSQL `integer`, the smaller of the two engines' limits.
MAX_DB_INT = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` with an upper bound no database integer column can exceed."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_DB_INT if max is None else max,
                         signed=signed)


def bounded_int(value) -> int:
    """`type=` for query and form values that name database rows: out of range is a ValueError.

    MultiDict.get(..., type=bounded_int) then returns its default, as for any other bad number.
    """
    number = int(value)
    if not -MAX_DB_INT <= number <= MAX_DB_INT:
        raise ValueError("out of range")
    return number


class BoundedParameters(ImmutableMultiDict):
    """Query and form values where `get(key, type=int)` refuses numbers no row id can have.

    Views read ids with `request.args.get("meeting_id", type=int)`; bounding `int` here fixes
    them all at once instead of view by view.
    """

    def get(self, key, default=None, type=None):  # noqa: A002 (werkzeug's name)
        return super().get(key, default, bounded_int if type is int else type)

    def getlist(self, key, type=None):  # noqa: A002
        return super().getlist(key, bounded_int if type is int else type)


class BoundedRequest(Request):
    parameter_storage_class = BoundedParameters


def refuse_nul_characters() -> None:
    """A NUL character cannot be stored in PostgreSQL text (SQLite takes it): refuse it up front, as 400.

    No form or address of the service has a use for one; checking once here keeps every view
    from failing with a server error on PostgreSQL only.
    """
    if "\x00" in request.path or any("\x00" in value for values in request.args.listvalues() for value in values):
        abort(400)
    if request.method in ("POST", "PUT", "PATCH") and any(
            "\x00" in value for values in request.form.listvalues() for value in values):
        abort(400)


def install(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = BoundedRequest
    app.before_request(refuse_nul_characters)
