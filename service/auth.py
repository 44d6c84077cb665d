"""The host's sign-in: /admin/login, /admin/logout, and login_required for every admin page."""

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy import update

from models import Host, Session, utcnow
from workers.hosts import accounts, throttle

bp = Blueprint("auth", __name__, url_prefix="/admin")
# One message for an unknown email and a wrong password, so neither tells which emails exist.
BAD_SIGN_IN = "Wrong email or password."


def current_host() -> Host | None:
    """Return the signed-in host, or None."""
    if "host" not in g:
        g.host = _load_host()
    return g.host


def _load_host() -> Host | None:
    host_id, signed_in_at = session.get("host_id"), session.get("signed_in_at")
    if host_id is None or signed_in_at is None:
        return None
    # Flask re-signs a permanent cookie on every request; this makes the lifetime absolute.
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    if utcnow().timestamp() - float(signed_in_at) > lifetime:
        session.clear()
        return None
    with Session() as db:
        host = db.get(Host, host_id)
    # A cookie from before generations were kept counts as the first, until a sign-out.
    if host is None or session.get("generation", 0) != host.session_generation:
        session.clear()  # the host signed out since (on any device), or was removed
        return None
    return host


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send visitors who are not signed in to the sign-in page, and back here afterwards."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_host() is None:
            query = request.query_string.decode("latin-1")
            here = request.path + (f"?{query}" if query else "")
            return redirect(url_for("auth.login", next=here))
        return view(*args, **kwargs)

    return wrapped


def safe_next(target: str | None) -> str:
    """Return target if it is a path on this site, else the admin home page."""
    home = url_for("auth.index")
    if not target or not target.startswith("/") or target.startswith("//"):
        return home
    # Browsers read "/\evil.example" as "//evil.example" and drop tabs and newlines.
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return home
    parts = urlsplit(target)
    return home if parts.scheme or parts.netloc else target


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign a host in with a new session."""
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_host() is not None:
            return redirect(next_url)
        return render_template("login.html", next=next_url, email="")
    email, password = request.form.get("email", ""), request.form.get("password", "")
    ip = request.remote_addr or "unknown"
    with Session() as db:
        counted = throttle.attempt(db, email, ip)
        if counted is None:
            return _too_many_attempts(next_url)
        host = accounts.authenticate(db, email, password)
        if host is None:  # the attempt stays counted as a failure
            return render_template("login.html", next=next_url, email=email, error=BAD_SIGN_IN)
        throttle.succeeded(db, counted)
        db.commit()  # also a rehash, if authenticate made one
    session.clear()  # a new session: nothing from before sign-in carries over
    session.permanent = True
    session["host_id"] = host.id
    session["signed_in_at"] = utcnow().timestamp()
    session["generation"] = host.session_generation
    return redirect(next_url)


def _too_many_attempts(next_url: str) -> tuple[str, int, dict[str, str]]:
    minutes = int(throttle.WINDOW.total_seconds()) // 60
    page = render_template(
        "notice.html",
        title="Too many attempts",
        message=f"Too many sign-in attempts. Please wait {minutes} minutes and try again.",
        back=url_for("auth.login", next=next_url),
    )
    return page, 429, {"Retry-After": str(minutes * 60)}


@bp.post("/logout")
@login_required
def logout():
    """Sign out: end this host's sessions everywhere, and forget this one."""
    with Session() as db:
        db.execute(
            update(Host)
            .where(Host.id == session["host_id"])
            .values(session_generation=Host.session_generation + 1)
        )
        db.commit()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.get("/")
@login_required
def index():
    """The admin home page: the list of events."""
    from service.admin import event_forms  # imported here: the admin pages import this module

    # Rendered here rather than redirected, so /admin/ itself answers 200 for a signed-in host.
    return event_forms.index()


@bp.app_errorhandler(CSRFError)
def form_expired(_error: CSRFError):
    """Explain a missing or stale form token instead of a bare 400."""
    message = "This form has expired or was not sent from this site. Go back, reload and try again."
    return render_template("notice.html", title="Form expired", message=message), 400
