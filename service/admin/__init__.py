"""The host's pages under /admin: one module per page group, each with its own blueprint.

Every route in them requires a signed-in host (`service.auth.login_required`), and every
route about one event finds it with `service.admin.access.hosted_event`: only its owner and
co-hosts reach it.
"""

from flask import Flask

from service.admin import (
    cohosts,
    dashboard,
    event_forms,
    introductions_page,
    people_fixes,
    wall_page,
)


def register(app: Flask) -> None:
    """Register the admin page groups."""
    app.register_blueprint(event_forms.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(cohosts.bp)
    app.register_blueprint(introductions_page.bp)
    app.register_blueprint(people_fixes.bp)
    app.register_blueprint(wall_page.bp)
