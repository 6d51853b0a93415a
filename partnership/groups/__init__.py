"""Step 1: forming the local partnership, the security group."""
from flask import Blueprint

bp = Blueprint("groups", __name__, url_prefix="/groups")

