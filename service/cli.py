"""The `tablemates` command: a Flask command group with the app already loaded."""

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup

from models import Session
from models.migrate import upgrade
from service import events, exports
from service.dev import dev_command

db_cli = AppGroup("db", help="Manage the database schema.")
event_cli = AppGroup("event", help="Create and manage events.")
export_cli = AppGroup("export", help="Write an event's data to stdout.")


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
def event_create(
    name: str,
    code: str,
    table_size: int,
    rounds: int,
    no_org_question: bool,
    questions: tuple[str, ...],
    number: str | None,
) -> None:
    """Create an event open for sign-up."""
    with Session() as session:
        try:
            event = events.create_event(
                session,
                name,
                code,
                table_size=table_size,
                rounds=rounds,
                org_question=not no_org_question,
                questions=questions,
                phone_number=number,
            )
        except events.EventError as error:
            raise click.ClickException(str(error)) from None
        session.commit()
        click.echo(f"event {event.code} created: text {event.code} to join")


@export_cli.command("attendees")
@click.argument("code")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
def export_attendees(code: str, fmt: str) -> None:
    """Write everyone who signed up for an event."""
    with Session() as session:
        try:
            event = events.event_by_code(session, code)
        except events.EventError as error:
            raise click.ClickException(str(error)) from None
        sys.stdout.write(exports.render(exports.attendee_rows(session, event), fmt))


def register_commands(app: Flask) -> None:
    """Attach every command to the app's CLI, so `flask --app service` has them too."""
    for command in (db_cli, event_cli, export_cli, dev_command):
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the `tablemates` console script."""
    from service import create_app

    FlaskGroup(create_app=create_app, help="Tablemates: networking sessions by SMS.")()


if __name__ == "__main__":
    main()
