"""One confirmation step before an irreversible action, that works without JavaScript.

The pattern: the action's route answers GET with a page that says what will
happen and posts the action; POST does the action. Pages show the action with
the `confirm_button` macro (templates/_macros.html): without JavaScript it is a
plain link to that page, with JavaScript it opens a dialog that posts at once.
"""
from __future__ import annotations

from flask import render_template, request


def confirmed() -> bool:
    """Whether a posted form carries the confirmation (from the dialog or the confirmation page)."""
    return request.method == "POST" and request.form.get("confirmed") == "1"


def posted_values(*names: str) -> dict:
    """The posted values to carry through a confirmation page."""
    return {name: request.form.get(name, "") for name in names}


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
    hidden: dict | None = None,
    **context,
):
    """Render the confirmation page for the action at the current URL.

    `form` and `fields` add inputs the action takes (a comment, say); `hidden` carries
    values already entered (a form posted without `confirmed`), sent again with
    `confirmed=1`; `layout` keeps the page inside its section (groups keep their tabs).
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
        hidden=hidden,
        **context,
    )
