"""Events: list, create, edit, open and close sign-up, archive and delete."""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from models import Event, Session
from service.admin.access import hosted_event
from service.auth import current_host, login_required
from workers.events import archive, editing, event_hosts, event_status
from workers.events.editing import EventError, QuestionSpec
from workers.people.phones import to_e164

bp = Blueprint("events", __name__, url_prefix="/admin/events")
SLOTS = 2  # empty question rows offered below the event's own questions


@bp.get("/")
@login_required
def index():
    """List the events this host runs, with their sign-up counts; archived ones apart."""
    return _list(archived=False)


@bp.get("/archived")
@login_required
def archived():
    """List the host's archived events, each with Unarchive."""
    return _list(archived=True)


def _list(archived: bool):
    host = current_host()
    mine = event_hosts.hosted_by(host)
    shown = Event.archived_at.is_not(None) if archived else Event.archived_at.is_(None)
    query = select(Event).where(mine, shown).order_by(Event.created_at.desc(), Event.id.desc())
    hidden = select(func.count(Event.id)).where(mine, Event.archived_at.is_not(None))
    with Session() as db:
        events = list(db.scalars(query))
        counts = event_status.sign_up_counts(db, [event.id for event in events])
        n_archived = db.scalar(hidden) or 0
    rows = [(event, counts[event.id]) for event in events]
    return render_template(
        "admin/events.html", rows=rows, host=host, archived=archived, n_archived=n_archived
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Show the new-event form; create the event."""
    if request.method == "GET":
        org = {"text": editing.ORG_QUESTION, "choices": "", "role": "apart", "id": ""}
        form = {"table_size": "5", "rounds": "3"}
        return _form(None, form, [org], held=0)
    with Session() as db:
        try:
            settings = _settings(request.form, None)
            event = editing.create_event(
                db, settings["name"], settings["code"], org_question=False,
                table_size=settings["table_size"], rounds=settings["rounds"],
                owner_id=current_host().id,
            )  # fmt: skip
            db.flush()
            editing.update_event(db, event, **settings)
            db.commit()
        except (EventError, IntegrityError) as error:
            db.rollback()
            return _form(None, request.form, _question_rows(request.form), 0, _message(error))
    flash(f"{event.name} created: people text {event.code} to sign up.")
    return redirect(url_for("events.index"))


@bp.route("/<code>/edit", methods=["GET", "POST"])
@login_required
def edit(code: str):
    """Show an event's settings; change them."""
    with Session() as db:
        event = hosted_event(db, code)
        held = editing.rounds_held(db, event)
        if request.method == "GET":
            return _form(event, _values(event), _stored_rows(event), held)
        try:
            editing.update_event(db, event, **_settings(request.form, event))
            db.commit()
        except (EventError, IntegrityError) as error:
            db.rollback()
            rows = _question_rows(request.form) if not held else _stored_rows(event)
            return _form(event, request.form, rows, held, _message(error))
    flash(f"{event.name} saved.")
    return redirect(url_for("events.index"))


@bp.post("/<code>/open")
@login_required
def open_sign_up(code: str):
    """Open sign-up by text."""
    return _set_open(code, True)


@bp.post("/<code>/close")
@login_required
def close_sign_up(code: str):
    """Close sign-up by text; people already signed up stay."""
    return _set_open(code, False)


def _set_open(code: str, is_open: bool):
    with Session() as db:
        event = hosted_event(db, code)
        editing.set_open(db, event.code, is_open)
        db.commit()
    flash(f"Sign-up for {event.name} is {'open' if is_open else 'closed'}.")
    return redirect(url_for("events.index"))


@bp.post("/<code>/archive")
@login_required
def archive_event(code: str):
    """Hide the event from the list; its data stays until retention erases it."""
    return _set_archived(code, True)


@bp.post("/<code>/unarchive")
@login_required
def unarchive_event(code: str):
    """Put an archived event back in the list."""
    return _set_archived(code, False)


def _set_archived(code: str, archived: bool):
    change = archive.archive if archived else archive.unarchive
    with Session() as db:
        event = hosted_event(db, code)
        change(db, event, current_host().email)
        db.commit()
    if archived:
        flash(f"{event.name} archived: find it under Archived; its texts work as before.")
    else:
        flash(f"{event.name} is back in the list.")
    return redirect(url_for("events.index"))


@bp.route("/<code>/delete", methods=["GET", "POST"])
@login_required
def delete_event(code: str):
    """Ask the owner to type the code; then erase the event's personal data at once."""
    with Session() as db:
        event = hosted_event(db, code, owner_only=True)
        people = archive.people(db, event)
        if request.method == "GET":
            return render_template("admin/event_delete.html", event=event, people=people)
        if request.form.get("confirm", "").strip().upper() != event.code:
            error = f"Type {event.code} to delete this event."
            page = render_template(
                "admin/event_delete.html", event=event, people=people, error=error
            )
            return page, 422
        erased = archive.delete(db, event, current_host().email)
        db.commit()
    flash(f"{event.name} deleted: the personal data of {archive.persons(erased)} is erased.")
    return redirect(url_for("events.index"))


def _message(error: Exception) -> str:
    if isinstance(error, IntegrityError):  # another host took the code a moment ago
        return "An event with this code already exists."
    text = str(error)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _form(event: Event | None, form: Any, questions: list[dict], held: int, error: str = ""):
    rows = [*questions] + [{"id": "", "text": "", "choices": "", "role": "spread"}] * (
        0 if held else SLOTS
    )
    owner = event is not None and event.owner_id == current_host().id
    page = render_template("admin/events_form.html", event=event, form=form, questions=rows,
                           held=held, error=error, owner=owner)  # fmt: skip
    return page, 422 if error else 200


def _values(event: Event) -> dict[str, str]:
    return {
        "name": event.name,
        "code": event.code,
        "table_size": str(event.table_size),
        "rounds": str(event.rounds),
        "phone_number": event.phone_number or "",
        "tables": editing.format_tables(event.tables),
        "consent_text": event.consent_text or "",
        "double_opt_in": "on" if event.double_opt_in else "",
        "max_intros": str(event.max_intros),
        "retention_days": str(event.retention_days),
    }


def _stored_rows(event: Event) -> list[dict]:
    return [
        {"id": q.id, "text": q.text, "choices": "\n".join(q.choices), "role": q.role}
        for q in event.questions
    ]


def _question_rows(form: MultiDict) -> list[dict]:
    """The question rows as posted (q0-text, q0-choices, ...), for the form and for parsing."""
    rows = []
    for i in range(editing.MAX_QUESTIONS + SLOTS):
        if f"q{i}-text" not in form:
            break
        row = {key: form.get(f"q{i}-{key}", "") for key in ("id", "text", "choices", "role")}
        row["order"], row["remove"] = form.get(f"q{i}-order", ""), f"q{i}-remove" in form
        if row["remove"] or row["text"].strip() or row["choices"].strip():
            rows.append(row)
    return rows


def _questions(form: MultiDict) -> list[QuestionSpec]:
    rows = [row for row in _question_rows(form) if not row["remove"]]
    for position, row in enumerate(rows, start=1):
        row["position"] = _number(row["order"] or str(position), "a question's order")
    rows.sort(key=lambda row: row["position"])  # stable: equal numbers keep the page's order
    specs = []
    for row in rows:
        spec = QuestionSpec(
            text=row["text"].strip(),
            choices=editing.parse_choices(row["choices"]),
            role=row["role"],
            id=int(row["id"]) if row["id"].isdigit() else None,
        )
        editing.check_question(spec)
        specs.append(spec)
    return specs


def _settings(form: MultiDict, event: Event | None) -> dict[str, Any]:
    """The settings from the form; fields a started event's page leaves out keep their values."""
    raw_number = form.get("phone_number", "").strip()
    phone_number = to_e164(raw_number) if raw_number else None
    if raw_number and phone_number is None:
        raise EventError("the Twilio number should be in international format, e.g. +15550100199")
    consent_text = " ".join(form.get("consent_text", "").split()) or None
    if consent_text and len(consent_text) > 300:
        raise EventError("the consent wording can be 300 characters at most")
    keep = event is not None
    return {
        "name": form.get("name", ""),
        "code": form.get("code", ""),
        "table_size": event.table_size
        if keep and "table_size" not in form
        else _number(form.get("table_size", ""), "table size"),
        "rounds": _number(form.get("rounds", ""), "rounds"),
        "phone_number": phone_number,
        "questions": editing.question_specs(event)
        if keep and "q0-text" not in form
        else _questions(form),
        "tables": editing.parse_tables(form.get("tables", "")),
        "consent_text": consent_text,
        "double_opt_in": bool(form.get("double_opt_in")),
        "max_intros": _number(form.get("max_intros", "2"), "introductions per person"),
        "retention_days": _number(form.get("retention_days", "30"), "days to keep personal data"),
    }


def _number(value: str, what: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise EventError(f"{what} must be a whole number") from None
