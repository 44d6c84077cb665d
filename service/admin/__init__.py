"""The host's pages under /admin: one module per page group, each with its own blueprint.

Every route in them requires a signed-in host (`service.auth.login_required`).
"""

from flask import Flask

from service.admin import dashboard, events


def register(app: Flask) -> None:
    """Register the admin page groups."""
    app.register_blueprint(events.bp)
    app.register_blueprint(dashboard.bp)
