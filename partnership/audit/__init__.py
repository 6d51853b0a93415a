"""The audit log of sensitive actions, readable by administrators."""
from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")

from partnership.audit.logging import log_event  # noqa: E402,F401
