"""The one error Step 4's use cases raise: a message for the user, and the form field it concerns."""
from __future__ import annotations


class TeamError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
