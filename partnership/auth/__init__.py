"""Sign-in, sign-out, invitations and personal API tokens."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

