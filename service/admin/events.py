"""Events: list, create, edit, open and close sign-up."""

from flask import Blueprint

bp = Blueprint("events", __name__, url_prefix="/admin/events")
