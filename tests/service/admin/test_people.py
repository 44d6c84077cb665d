"""Fixing people on the night from the dashboard: rename, left and back, walk-ins, the log."""

import re

from sqlalchemy import func, select

from models import Attendee, Event, EventLog, OutboundMessage, Session
from tests.helpers import (
    EMAIL,
    NAMES,
    Phone,
    number,
    page,
    post,
    round_texts,
    sign_up,
    start_round,
    tables_of,
    wait_until,
)
from workers.events.editing import create_event

FOLK = "/admin/events/FOLK"


def person_id(name: str) -> int:
    with Session() as session:
        return session.scalar(select(Attendee.id).where(Attendee.name == name))


def flash(response_page: str) -> str:
    return re.search(r'<p class="flash \w+">([^<]*)</p>', response_page).group(1)


def follow(client, response) -> str:
    assert response.status_code == 302, response.status_code
    return page(client, response.location)


def act(client, path, **form) -> str:
    """Post a dashboard form; the message the host then sees."""
    return flash(follow(client, post(client, f"{FOLK}/{path}", **form)))


def test_a_host_renames_someone_and_the_log_says_who_and_when(signed_in, live_app):
    with Session() as session:  # as someone who answered the name question with a greeting
        folk = session.scalar(select(Event).where(Event.code == "FOLK"))
        session.add(Attendee(event_id=folk.id, phone=number(0), name="hello", status="complete"))
        session.commit()
    who = person_id("hello")
    assert "Renamed" in act(signed_in, f"people/{who}/name", name="  Ravi  Kumar ")
    with Session() as session:
        assert session.get(Attendee, who).name == "Ravi Kumar"
    assert "<strong>Ravi Kumar</strong>" in page(signed_in, f"{FOLK}/live")
    log = page(signed_in, f"{FOLK}/log")
    assert EMAIL in log and 'Ravi Kumar renamed (was "hello")' in log
    assert "Not renamed: Write the name" in act(signed_in, f"people/{who}/name", name="   ")


def test_left_people_get_no_seat_and_back_seats_them_at_once_with_where_to_send_them(
    signed_in, live_app, emulator, start_worker
):
    sign_up(live_app.test_client(), 8, names=NAMES)
    lee = person_id("Lee")
    assert "Lee is marked as left" in act(signed_in, f"people/{lee}/left")
    start_worker()
    start_round(live_app)
    seated = {i for row in tables_of(live_app) for i in row["attendee_ids"]}
    assert lee not in seated and len(seated) == 7
    assert wait_until(lambda: sum(round_texts(emulator).values()) == 7)
    # Back while round 1 runs: seated now, texted their table, the host told where.
    said = act(signed_in, f"people/{lee}/back")
    assert re.fullmatch(r"Lee is back: send them to table \d+ \(texted\)\.", said), said
    assert wait_until(lambda: round_texts(emulator)[number(2)] == 1)
    log = page(signed_in, f"{FOLK}/log")
    assert "Lee marked as back" in log and "Lee marked as left" in log


def test_a_walk_in_is_seated_named_and_never_texted(signed_in, live_app, emulator, start_worker):
    sign_up(live_app.test_client(), 7, names=NAMES)
    form = page(signed_in, f"{FOLK}/people/new")
    assert "Add a walk-in" in form
    said = act(signed_in, "people/new", name="Gus", learn="chess")
    assert said == "Gus is in: seated from the next round."
    live = page(signed_in, f"{FOLK}/live")
    assert "<strong>Gus</strong>" in live and "walk-in" in live
    start_worker()
    start_round(live_app)
    gus = person_id("Gus")
    [table] = [row for row in tables_of(live_app) if gus in row["attendee_ids"]]
    assert "Gus" in table["names"]
    assert wait_until(lambda: sum(round_texts(emulator).values()) == 7)  # everyone but Gus
    with Session() as session:
        assert session.scalar(select(func.count()).where(OutboundMessage.to_number.is_(None))) == 0
    mates = [m for m in emulator.accepted if "Gus" in m["body"]]
    assert len(mates) == len(table["names"]) - 1  # his tablemates are told his name
    # A second walk-in while the round runs: the host sees where to send them.
    said = act(signed_in, "people/new", name="Ida")
    assert re.fullmatch(r"Ida is in: send them to table \d+\.", said), said
    assert "Ida added as a walk-in" in page(signed_in, f"{FOLK}/log")


def test_a_walk_in_needs_a_name_and_keeps_what_was_typed(signed_in):
    response = post(signed_in, f"{FOLK}/people/new", name=" ", learn="pottery")
    shown = response.get_data(as_text=True)
    assert response.status_code == 200 and "Not added: Write the name" in shown
    assert 'value="pottery"' in shown
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Attendee)) == 0


def test_people_of_another_event_or_no_one_are_not_found(signed_in, live_app):
    with Session() as session:
        other = create_event(session, "Jazz", "JAZZ")
        session.flush()
        session.add(Attendee(event_id=other.id, phone=number(50), name="Jo", status="complete"))
        session.commit()
    jo = person_id("Jo")
    for path in (
        f"{FOLK}/people/{jo}/left",
        f"{FOLK}/people/{jo}/name",
        f"{FOLK}/people/99999999999/back",
    ):
        assert post(signed_in, path, name="X").status_code == 404
    with Session() as session:
        assert session.get(Attendee, jo).status == "complete"
        assert session.scalar(select(func.count()).select_from(EventLog)) == 0


def test_the_live_part_is_sent_again_only_when_it_changed(signed_in, live_app):
    sign_up(live_app.test_client(), 2, names=NAMES)
    live = page(signed_in, f"{FOLK}/live")
    version = re.search(r'id="live-version" data-v="(\w+)"', live).group(1)
    assert signed_in.get(f"{FOLK}/live?v={version}").status_code == 204
    Phone(live_app.test_client(), number(5)).text("hi")  # someone new starts signing up
    again = signed_in.get(f"{FOLK}/live?v={version}")
    assert again.status_code == 200 and "<strong>1</strong>still answering" in again.text
