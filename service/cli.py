"""The `tablemates` command: a Flask command group with the app already loaded."""

import sys
import time
from datetime import datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup
from sqlalchemy import orm, select

from models import Event, Host, Round, Session
from models.migrate import upgrade
from service.dev import dev_command
from service.plan_command import plan_command
from service.simulate_command import simulate_command
from workers.events import archive, editing, exports
from workers.hosts import accounts
from workers.intros import sending
from workers.retention import purge
from workers.rounds import starting
from workers.settings.config import redis_url

db_cli = AppGroup("db", help="Manage the database schema.")
event_cli = AppGroup("event", help="Create and manage events.")
export_cli = AppGroup("export", help="Write an event's data to stdout.")
host_cli = AppGroup("host", help="Manage host accounts for the admin pages.")
round_cli = AppGroup("round", help="Run the rounds of an event.")
matches_cli = AppGroup("matches", help="Introduce learners and teachers after the event.")


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply Alembic migrations up to the newest."""
    upgrade(str(current_app.config["DATABASE_URL"]))
    click.echo("database is up to date")


@event_cli.command("create")
@click.argument("name")
@click.option("--code", required=True, help="The word people text to join, e.g. FOLK.")
@click.option("--table-size", default=5, show_default=True, type=int, help="People per table.")
@click.option("--rounds", default=3, show_default=True, type=int, help="Rounds of seating.")
@click.option(
    "--no-org-question",
    is_flag=True,
    help="Do not ask where people work (to seat colleagues apart).",
)
@click.option(
    "--question",
    "questions",
    multiple=True,
    help='An extra question whose answers are mixed across tables; choices after "|", '
    'e.g. "Age range?|Under 25|25-39|40-59|60+".',
)
@click.option("--number", default=None, help="Only for texts to this Twilio number (E.164).")
@click.option(
    "--double-opt-in",
    is_flag=True,
    help='After the event, ask both sides ("Reply YES 1") before sharing numbers.',
)
@click.option(
    "--intros",
    "max_intros",
    default=2,
    show_default=True,
    type=click.IntRange(0, 5),
    help="Introductions per person after the event, as learner and as teacher.",
)
@click.option(
    "--owner",
    default=None,
    help="The host (email) who owns it: only they and their co-hosts see it. "
    "Default: the first host added.",
)
def event_create(
    name: str,
    code: str,
    table_size: int,
    rounds: int,
    no_org_question: bool,
    questions: tuple[str, ...],
    number: str | None,
    double_opt_in: bool,
    max_intros: int,
    owner: str | None,
) -> None:
    """Create an event open for sign-up."""
    with Session() as session:
        try:
            owner_id = _host(session, owner).id if owner else None
            event = editing.create_event(
                session,
                name,
                code,
                table_size=table_size,
                rounds=rounds,
                org_question=not no_org_question,
                questions=questions,
                phone_number=number,
                double_opt_in=double_opt_in,
                max_intros=max_intros,
                owner_id=owner_id,
            )
        except editing.EventError as error:
            raise click.ClickException(str(error)) from None
        session.commit()
        click.echo(f"event {event.code} created: text {event.code} to join")
        if event.owner_id is None:
            click.echo("it has no owner yet: the first host added (tablemates host add) gets it")


@event_cli.command("owner")
@click.argument("code")
@click.argument("email")
def event_owner(code: str, email: str) -> None:
    """Give an event to another host; its co-hosts stay."""
    with Session() as session:
        event = _event(session, code)
        event.owner_id = _host(session, email).id
        session.commit()
        click.echo(f"event {event.code} ({event.name}) is now owned by {email.strip().lower()}")


def _host(session: orm.Session, email: str) -> Host:
    host = accounts.host_by_email(session, email)
    if host is None:
        raise click.ClickException(f"no host with email {email.strip().lower()}: add one first")
    return host


@event_cli.command("close")
@click.argument("code")
def event_close(code: str) -> None:
    """Stop sign-up by text; people already signed up keep their keywords."""
    _set_open(code, False)


@event_cli.command("open")
@click.argument("code")
def event_open(code: str) -> None:
    """Open sign-up by text again."""
    _set_open(code, True)


def _set_open(code: str, is_open: bool) -> None:
    with Session() as session:
        try:
            event = editing.set_open(session, code, is_open)
        except editing.EventError as error:
            raise click.ClickException(str(error)) from None
        session.commit()
        state = "open: texting its code signs people up" if is_open else "closed"
        click.echo(f"sign-up for {event.code} ({event.name}) is {state}")


@event_cli.command("purge")
@click.argument("code")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def event_purge(code: str, yes: bool) -> None:
    """Erase the event's personal data now (numbers, names, answers, texts); keep counts."""
    with Session() as session:
        event = _event(session, code)
    if not yes:
        click.confirm(
            f"Erase every number, name, answer and text of {event.code} ({event.name})? "
            "This cannot be undone",
            abort=True,
        )
    with Session() as session:
        purged = purge.purge(session, event.id)
        session.commit()
    if purged is None:
        raise click.ClickException(f"no event with code {event.code}")
    kept = ", ".join(f"{name} {n}" for name, n in (purged.summary or {}).items())
    click.echo(f"event {purged.code} purged; counts kept: {kept}")


@event_cli.command("archive")
@click.argument("code")
def event_archive(code: str) -> None:
    """Hide the event from the host's list; its texts and data stay until retention."""
    _set_archived(code, True)


@event_cli.command("unarchive")
@click.argument("code")
def event_unarchive(code: str) -> None:
    """Put an archived event back in the host's list."""
    _set_archived(code, False)


def _set_archived(code: str, archived: bool) -> None:
    change = archive.archive if archived else archive.unarchive
    with Session() as session:
        event = _event(session, code)
        changed = change(session, event, archive.COMMAND_LINE)
        session.commit()
        if archived:
            said = "archived" if changed else "was archived already"
        else:
            said = "is back in the list" if changed else "was not archived"
        click.echo(f"event {event.code} ({event.name}) {said}")


@event_cli.command("delete")
@click.argument("code")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def event_delete(code: str, yes: bool) -> None:
    """Erase the event's personal data now and archive it; counts and its log are kept."""
    with Session() as session:  # not open while the question waits for an answer
        event = _event(session, code)
        people = archive.people(session, event)
    if not yes:
        click.confirm(
            f"Delete {event.code} ({event.name}) and erase the personal data of "
            f"{archive.persons(people)} now? This cannot be undone",
            abort=True,
        )
    with Session() as session:
        erased = archive.delete(session, _event(session, code), archive.COMMAND_LINE)
        session.commit()
    click.echo(f"event {event.code} deleted: personal data of {archive.persons(erased)} erased")


@host_cli.command("add")
@click.argument("email")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
def host_add(email: str, password_stdin: bool) -> None:
    """Create a host account that can sign in at /admin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with Session() as session:
        try:
            host = accounts.create_host(session, email, password)
        except accounts.HostError as error:
            raise click.ClickException(str(error)) from None
        session.commit()
        click.echo(f"host {host.email} added: sign in at /admin")


@host_cli.command("list")
def host_list() -> None:
    """List host accounts."""
    with Session() as session:
        for host in session.scalars(select(Host).order_by(Host.email)):
            click.echo(f"{host.email}\tadded {host.created_at:%Y-%m-%d}")


EXPORTS = {
    "attendees": (exports.attendee_rows, "Write everyone who signed up for an event."),
    "tables": (exports.table_rows, "Write every round's tables: who sat where."),
    "messages": (exports.message_rows, "Write every text sent for an event, with its status."),
    "matches": (
        sending.match_rows,
        "Write the learn/teach match-ups: as sent, or before sending, as they would be now.",
    ),
}
FORMAT = click.Choice(["csv", "json"])


def _export_command(name: str) -> click.Command:
    rows, help_text = EXPORTS[name]

    @click.argument("code")
    @click.option("--format", "fmt", type=FORMAT, default="csv", show_default=True)
    def command(code: str, fmt: str) -> None:
        with Session() as session:
            sys.stdout.write(exports.render(rows(session, _event(session, code)), fmt))

    return export_cli.command(name, help=help_text)(command)


for _name in EXPORTS:
    _export_command(_name)


def _event(session: orm.Session, code: str) -> Event:
    try:
        return editing.event_by_code(session, code)
    except editing.EventError as error:
        raise click.ClickException(str(error)) from None


@round_cli.command("start")
@click.argument("code")
@click.option("--wait", is_flag=True, help="Show progress; return when every text is handed off.")
@click.option("--timeout", default=600.0, show_default=True, help="Seconds --wait waits at most.")
@click.option(
    "--round",
    "number",
    type=click.IntRange(min=1),
    help="The round you mean to start; refused unless it is the next one.",
)
def round_start(code: str, wait: bool, timeout: float, number: int | None) -> None:
    """Start the event's next round: plan tables and text everyone."""
    with Session() as session:
        event = _event(session, code)
    try:
        rnd = starting.start_round(event.id, redis_url(current_app.config), number)
    except starting.RoundError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"round {rnd.number} of {event.code} started")
    if wait:
        _wait(rnd, event.code, timeout)


def _wait(rnd: Round, code: str, timeout: float) -> None:
    """Print "sent x of N" as texts are handed off, until all are or have failed."""
    deadline = time.monotonic() + timeout
    shown = None
    while time.monotonic() < deadline:
        with Session() as session:
            progress = starting.progress(session, rnd.id)
        if progress.planned and (progress.handed_off, progress.total) != shown:
            shown = (progress.handed_off, progress.total)
            click.echo(f"sent {progress.handed_off} of {progress.total}")
        if progress.done:
            if progress.failed:
                click.echo(f"{progress.failed} failed: see `tablemates export messages {code}`")
            return
        time.sleep(0.5)
    raise click.ClickException(f"gave up waiting after {timeout:.0f} s; the round goes on")


@matches_cli.command("send")
@click.argument("code")
@click.option("--at", "at", default=None, help="When, as ISO 8601 with a time zone, e.g. "
              "2026-11-27T10:00+01:00. Default: now.")  # fmt: skip
@click.option("--wait", is_flag=True, help="Return when every text is handed off.")
@click.option("--timeout", default=600.0, show_default=True, help="Seconds --wait waits at most.")
def matches_send(code: str, at: str | None, wait: bool, timeout: float) -> None:
    """Compute the learn/teach match-ups and text them, now or at a time."""
    when = _parse_time(at) if at else None
    with Session() as session:
        event = _event(session, code)
    try:
        run = sending.schedule(event.id, when, redis_url(current_app.config))
    except sending.MatchError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"match-ups of {event.code} go out at {run.send_at:%Y-%m-%d %H:%M} UTC")
    if not wait:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Session() as session:
            progress = sending.progress(session, event.id)
        if progress.done:
            click.echo(f"sent {progress.handed_off} of {progress.total}")
            return
        time.sleep(0.5)
    raise click.ClickException(f"gave up waiting after {timeout:.0f} s; they will still go out")


def _parse_time(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"not an ISO 8601 time: {text}", param_hint="--at") from None
    if when.tzinfo is None:
        raise click.BadParameter("give a time zone, e.g. +01:00 or Z", param_hint="--at")
    return when


def register_commands(app: Flask) -> None:
    """Attach every command to the app's CLI, so `flask --app service` has them too."""
    for command in (db_cli, event_cli, export_cli, host_cli, matches_cli, round_cli):
        app.cli.add_command(command)
    app.cli.add_command(dev_command)
    app.cli.add_command(plan_command)
    app.cli.add_command(simulate_command)


def main() -> None:
    """Entry point of the `tablemates` console script."""
    from service import create_app

    FlaskGroup(create_app=create_app, help="Tablemates: networking sessions by SMS.")()


if __name__ == "__main__":
    main()
