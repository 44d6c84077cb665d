"""The Flask app: Twilio webhooks, the host's pages, the phone simulator and the CLI."""

from collections.abc import Mapping

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import models
from service import config


def create_app(test_config: Mapping[str, object] | None = None) -> Flask:
    """Build the app: defaults and environment first, then the test configuration."""
    settings = config.load()
    settings.update(test_config or {})
    app = Flask(__name__, instance_path=str(settings["INSTANCE_PATH"]))
    app.config.from_mapping(settings)
    app.config.setdefault("MAX_CONTENT_LENGTH", 256 * 1024)
    # Behind a proxy (Heroku, Render, nginx) the URL Twilio signed is https://public-host/...
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1)
    app.extensions["engine"] = models.configure(str(app.config["DATABASE_URL"]))

    from service import health, simulator, sms
    from service.cli import register_commands

    app.register_blueprint(sms.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(simulator.bp)
    register_commands(app)
    return app
