"""The error every cycle use case raises when it refuses its input."""
from __future__ import annotations


class CycleError(ValueError):
    """A refused change; the message is translated and meant for the user, `field` names its form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
