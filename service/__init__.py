"""The Flask app: Twilio webhooks, the host's pages, the phone simulator and the CLI."""

from collections.abc import Mapping
from datetime import timedelta

from flask import Flask, abort, current_app, request
from flask.sessions import SecureCookieSessionInterface
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from itsdangerous import URLSafeTimedSerializer
from werkzeug.middleware.proxy_fix import ProxyFix

import models
from workers.settings import config, logs

csrf = CSRFProtect()


def create_app(test_config: Mapping[str, object] | None = None) -> Flask:
    """Build the app: defaults and environment first, then the test configuration."""
    logs.install()
    settings = config.load()
    settings.update(test_config or {})
    app = Flask(__name__, instance_path=str(settings["INSTANCE_PATH"]))
    app.config.from_mapping(settings)
    _secure_session(app)
    _security_headers(app)
    app.before_request(_refuse_what_is_declared_too_large)
    # Behind proxies (Heroku's router, nginx) the client's address and https come in their
    # X-Forwarded-* headers; believed only from as many proxies as TRUSTED_PROXIES says,
    # since anyone can send those headers (and so dodge the sign-in throttle).
    if proxies := int(app.config["TRUSTED_PROXIES"]):
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    app.extensions["engine"] = models.configure(str(app.config["DATABASE_URL"]))

    from service import admin, auth, health, simulator, sms, wall_view
    from service.cli import register_commands

    csrf.init_app(app)
    # Twilio cannot send our form token; its webhooks are checked by signature instead.
    csrf.exempt(sms.bp)
    csrf.exempt(simulator.bp)  # checks the token itself, after its rehearsal-only check
    app.register_blueprint(auth.bp)
    app.register_blueprint(sms.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(simulator.bp)
    app.register_blueprint(wall_view.bp)  # public: its token is the key, no sign-in
    admin.register(app)
    register_commands(app)
    return app


def _refuse_what_is_declared_too_large() -> None:
    """413 from the Content-Length header alone, on every route, before anything (a
    signature check, a sign-in redirect) could read or wait for the body."""
    length, limit = request.content_length, current_app.config["MAX_CONTENT_LENGTH"]
    if length is not None and limit is not None and length > limit:
        abort(413)


# Every page's scripts and styles are our own files or carry the request's nonce; htmx
# runs no eval (allowEval false, no hx-on); nothing is framed, not even by us.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _security_headers(app: Flask) -> None:
    """CSP, X-Frame-Options, X-Content-Type-Options, Referrer-Policy (and HSTS over https)
    on every response, by Flask-Talisman. The platform's router terminates TLS, so no
    redirect to https here; the session cookie keeps the flags _secure_session set."""
    Talisman(
        app,
        force_https=False,
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=["script-src", "style-src"],
        referrer_policy="same-origin",
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
    )


def _secure_session(app: Flask) -> None:
    """Session cookie flags for the host's sign-in (HttpOnly is Flask's default)."""
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = str(app.config["PUBLIC_URL"] or "").startswith("https:")
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=12)
    app.session_interface = SignedCookies()
    # A form token lives as long as the session (12 hours at most), not Flask-WTF's 1 hour,
    # so a dashboard left open through an evening still works.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)


class SignedCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signer made once per secret key instead of on
    every request: every text opens a session too (with no cookie), and making the signer
    was 3% of a text's time in the web worker (py-spy)."""

    # The keys and their signer, swapped as one so that threads never pair them wrongly.
    _made: tuple[tuple[object, ...], URLSafeTimedSerializer | None] = ((), None)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made_for, signer = self._made
        if keys != made_for:
            signer = super().get_signing_serializer(app)
            self._made = (keys, signer)
        return signer
