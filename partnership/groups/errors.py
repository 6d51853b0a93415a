"""The error every Step 1 use case raises when it refuses its input."""
from __future__ import annotations


class GroupError(ValueError):
    """A Step 1 use case refused its input; the message is translated and meant for the user.

    `field` names the form field the message belongs to, so a view can show it next to
    what the user typed; None means the message concerns the whole form.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
