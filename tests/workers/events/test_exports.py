"""CSV exports never hand a spreadsheet a formula: cells that would start one are written
as text (OWASP's CSV injection advice), in the admin downloads and the CLI's CSV."""

import csv
import io

import pytest

from service.plan_command import plan_command
from tests.helpers import number
from workers.events.exports import defuse, render

FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", " =cmd|' /C calc'!A0",
            "＝1+1", '=HYPERLINK("http://evil.example","click")']  # fmt: skip


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_becomes_text(value):
    assert defuse(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["+14165550123", "+447700900123", "Ana", "", "1+1", "a=b", 7, None]
)
def test_phone_numbers_plain_text_and_numbers_stay_as_they_are(value):
    assert defuse(value) == value


def test_a_number_that_is_not_a_phone_number_is_defused():
    assert defuse("+1 (416) 555-0123") == "'+1 (416) 555-0123"
    assert defuse("+1416555012345678") == "'+1416555012345678"


def test_render_defuses_values_and_column_names():
    row = {"name": "=evil()", "answers": {"Q?": "@A"}, "=col": "x", "phone": "+14165550123"}
    rows = list(csv.reader(io.StringIO(render([row], "csv"))))
    assert rows == [
        ["name", "answers: Q?", "'=col", "phone"],
        ["'=evil()", "'@A", "x", "+14165550123"],
    ]


def test_what_attendees_typed_is_defused_in_the_hosts_download(signed_in, live_app):
    from tests.helpers import Phone

    client = live_app.test_client()
    for i, intro in enumerate(['=HYPERLINK("http://x.example","hi")', "  \t@SUM(1+1)", "-2+3"]):
        phone = Phone(client, number(i))
        for text in ["FOLK", "Ana", intro, "+cmd", "=teach()", "Org", "yes"]:
            phone.text(text)
    download = signed_in.get("/admin/events/FOLK/export/attendees.csv").get_data(as_text=True)
    cells = [cell for row in csv.reader(io.StringIO(download)) for cell in row]
    assert len(cells) > 10
    dangerous = [c for c in cells if c.lstrip().startswith(("=", "+", "-", "@")) and c[:1] != "'"]
    assert [c for c in dangerous if not c.startswith("+1416555")] == []
    assert "'=teach()" in cells
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_the_plan_commands_csv_defuses_ids(tmp_path):
    from click.testing import CliRunner

    path = tmp_path / "roster.csv"
    path.write_text("id,name\n" + "".join(f"=id{i},N{i}\n" for i in range(8)), encoding="utf-8")
    result = CliRunner().invoke(plan_command, [str(path), "--format", "csv", "--table-size", "4"])
    assert result.exit_code == 0, result.output
    ids = [row[2] for row in csv.reader(io.StringIO(result.stdout))][1:]
    assert ids and all(i.startswith("'=id") for i in ids)


def test_a_walk_in_is_exported_with_no_number(signed_in, live_app):
    from models import Event, Session
    from workers.people import host_changes

    with Session() as session:
        folk = session.query(Event).filter_by(code="FOLK").one()
        host_changes.add_walk_in(session, folk, "=Gus", "host@example.org", learn="chess")
        session.commit()
    download = signed_in.get("/admin/events/FOLK/export/attendees.csv").text
    [gus] = list(csv.DictReader(io.StringIO(download)))
    assert gus["name"] == "'=Gus" and gus["phone"] == "" and gus["walk_in"] == "True"
    tables = signed_in.get("/admin/events/FOLK/export/tables.csv")
    assert tables.status_code == 200
