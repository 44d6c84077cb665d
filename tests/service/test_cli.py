"""The `tablemates` command line: db upgrade, event create, export attendees."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from models import Event, Session
from tests.helpers import Phone


def test_event_create_with_defaults_and_questions(runner):
    result = runner.invoke(
        args=["event", "create", "Folk Night", "--code", "folk", "--table-size", "4",
              "--rounds", "2", "--question", "Age range?|Under 25|25-39|40-59|60+"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "FOLK" in result.output
    with Session() as session:
        event = session.scalars(select(Event)).one()
        questions = [(q.text, q.choices, q.role) for q in event.questions]
    assert (event.code, event.table_size, event.rounds, event.is_open) == ("FOLK", 4, 2, True)
    assert questions == [
        ("Where do you work or study? We seat colleagues apart.", [], "apart"),
        ("Age range?", ["Under 25", "25-39", "40-59", "60+"], "spread"),
    ]


def test_event_create_without_the_org_question(runner):
    result = runner.invoke(args=["event", "create", "Jazz", "--code", "JAZZ", "--no-org-question"])
    assert result.exit_code == 0
    with Session() as session:
        assert session.scalars(select(Event)).one().questions == []


def test_event_create_refuses_a_duplicate_code_and_a_bad_code(runner):
    assert runner.invoke(args=["event", "create", "A", "--code", "FOLK"]).exit_code == 0
    duplicate = runner.invoke(args=["event", "create", "B", "--code", "folk"])
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    bad = runner.invoke(args=["event", "create", "C", "--code", "no spaces!"])
    assert bad.exit_code != 0 and "2 to 20 letters" in bad.output


def sign_up(client, number, texts):
    phone = Phone(client, number)
    for text in texts:
        phone.text(text)


def test_export_attendees_json_and_csv(client, runner, event):
    sign_up(client, "+14165550142", ["hi", "Ana", "I bake.", "guitar", "bread", "Acme", "2", "yes"])
    sign_up(client, "+14165550143", ["hi", "Raj"])
    result = runner.invoke(args=["export", "attendees", "FOLK", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0] == {
        "id": rows[0]["id"],
        "name": "Ana",
        "phone": "+14165550142",
        "status": "complete",
        "intro": "I bake.",
        "learn": "guitar",
        "teach": "bread",
        "answers": {"Where do you work or study? We seat colleagues apart.": "Acme",
                    "Age range?": "25-39"},
        "consent": True,
        "opted_out": False,
        "walk_in": False,
    }  # fmt: skip
    assert (rows[1]["name"], rows[1]["status"], rows[1]["consent"]) == ("Raj", "signing_up", False)
    table = list(
        csv.DictReader(io.StringIO(runner.invoke(args=["export", "attendees", "FOLK"]).output))
    )
    assert [row["name"] for row in table] == ["Ana", "Raj"]
    assert table[0]["answers: Age range?"] == "25-39"


def test_export_of_an_unknown_event_says_so(runner):
    result = runner.invoke(args=["export", "attendees", "NOPE"])
    assert result.exit_code != 0 and "no event with code NOPE" in result.output


def test_event_close_and_open_stop_and_resume_sign_up_by_text(runner, client, event):
    from tests.helpers import Phone

    result = runner.invoke(args=["event", "close", "folk"])
    assert result.exit_code == 0 and "sign-up for FOLK (Folk Night) is closed" in result.output
    assert "Folk Night is closed" in Phone(client, "+14165550190").text("FOLK")
    result = runner.invoke(args=["event", "open", "FOLK"])
    assert result.exit_code == 0 and "is open" in result.output
    assert "Welcome to Folk Night" in Phone(client, "+14165550191").text("FOLK")
    missing = runner.invoke(args=["event", "close", "NOPE"])
    assert missing.exit_code != 0 and "no event with code NOPE" in missing.output


def test_the_console_script_and_flask_app_list_every_command():
    script = str(Path(sys.executable).parent / "tablemates")
    for command in ([script], [sys.executable, "-m", "flask", "--app", "service"]):
        result = subprocess.run(
            [*command, "--help"], capture_output=True, text=True, check=False, timeout=60
        )
        assert result.returncode == 0, result.stderr
        for name in ("db", "event", "export", "round", "plan", "dev"):
            assert f"  {name} " in result.stdout


def test_every_command_has_help(runner):
    commands = [["db", "upgrade"], ["event", "create"], ["event", "close"], ["event", "open"],
                ["export", "attendees"],
                ["export", "tables"], ["export", "messages"], ["round", "start"], ["plan"],
                ["dev"]]  # fmt: skip
    for args in commands:
        result = runner.invoke(args=[*args, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_db_upgrade_migrates_a_new_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    env = {"DATABASE_URL": url, "TABLEMATES_INSTANCE": str(tmp_path), "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", "db", "upgrade"],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    assert {"event", "attendee", "inbound_message", "alembic_version"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()


def event_log(code):
    from models import EventLog

    with Session() as session:
        query = select(EventLog.host_email, EventLog.action, EventLog.detail).join(Event)
        return session.execute(query.where(Event.code == code).order_by(EventLog.id)).all()


def test_event_archive_and_unarchive(runner, event):
    archived = runner.invoke(args=["event", "archive", "folk"])
    assert archived.exit_code == 0 and "event FOLK (Folk Night) archived" in archived.output
    again = runner.invoke(args=["event", "archive", "FOLK"])
    assert "was archived already" in again.output
    with Session() as session:
        assert session.scalars(select(Event)).one().archived_at is not None
    back = runner.invoke(args=["event", "unarchive", "FOLK"])
    assert back.exit_code == 0 and "is back in the list" in back.output
    assert "was not archived" in runner.invoke(args=["event", "unarchive", "FOLK"]).output
    with Session() as session:
        assert session.scalars(select(Event)).one().archived_at is None
    lines = [("command line", "archive", ""), ("command line", "unarchive", "")]
    assert event_log("FOLK") == lines
    unknown = runner.invoke(args=["event", "archive", "NOPE"])
    assert unknown.exit_code != 0 and "NOPE" in unknown.output


def test_event_delete_asks_first_and_yes_skips_the_question(client, runner, event):
    sign_up(client, "+14165550142", ["hi", "Ana", "I bake.", "guitar", "bread", "Acme", "2", "yes"])
    declined = runner.invoke(args=["event", "delete", "FOLK"], input="n\n")
    assert declined.exit_code != 0
    assert "erase the personal data of 1 person now? This cannot be undone" in declined.output
    with Session() as session:
        assert session.scalars(select(Event)).one().purged_at is None
    confirmed = runner.invoke(args=["event", "delete", "folk"], input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert "event FOLK deleted: personal data of 1 person erased" in confirmed.output
    with Session() as session:
        deleted = session.scalars(select(Event)).one()
        assert deleted.purged_at and deleted.archived_at and deleted.summary["attendees"] == 1
    quiet = runner.invoke(args=["event", "delete", "FOLK", "--yes"])
    assert quiet.exit_code == 0 and "cannot be undone" not in quiet.output
    assert "personal data of 0 people erased" in quiet.output
    assert [action for _, action, _ in event_log("FOLK")] == ["delete", "delete"]
