"""Group content in several languages: translations of decisions, needs, agendas and minutes.

A record keeps its text in the language it was written in (the original); members add
translations per language. Pages show the reader's language, or the original marked as
such with its language. Packages declare which of their records can be translated with
`register_kind` (groups: decisions and meetings; assessments: needs).
"""
from flask import Blueprint

bp = Blueprint("content", __name__, url_prefix="/groups")
