"""One confirmation step before an irreversible action, that works without JavaScript.

The pattern: the action's route answers GET with a page that says what will
happen and posts the action; POST does the action. Pages show the action with
the `confirm_button` macro (templates/_macros.html): without JavaScript it is a
plain link to that page, with JavaScript it opens a dialog that posts at once.
"""
from __future__ import annotations

from flask import render_template, request


def confirmation_page(
    *,
    question: str,
    consequences: list[str] | tuple[str, ...] = (),
    confirm_label: str,
    cancel_url: str,
    layout: str = "base.html",
    form=None,
    fields: tuple[str, ...] = (),
    danger: bool = True,
    **context,
):
    """Render the confirmation page for the action at the current URL.

    `form` and `fields` add inputs the action takes (a comment, say); `layout`
    keeps the page inside its section (groups keep their tabs).
    """
    return render_template(
        "confirm.html",
        question=question,
        consequences=[c for c in consequences if c],
        confirm_label=confirm_label,
        cancel_url=cancel_url,
        layout=layout,
        form=form,
        fields=fields,
        danger=danger,
        action_url=request.path,
        **context,
    )
