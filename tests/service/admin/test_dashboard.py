"""The host's dashboard: live counts, round preview and send, delivery, cards, broadcast, CSV."""

import csv
import io
import re
from collections import Counter

import pytest
from sqlalchemy import func, select

from models import OutboundMessage, Round, Session
from tests.helpers import NAMES, Phone, number, page, post, round_texts, sign_up, wait_until
from workers.texts.cost import estimate


def test_the_dashboard_counts_sign_ups_and_shows_masked_numbers_only(signed_in, live_app):
    sign_up(live_app.test_client(), 5, names=NAMES)
    Phone(live_app.test_client(), number(9)).text("hi")  # started, not finished
    Phone(live_app.test_client(), number(3)).text("STOP")
    html = page(signed_in, "/admin/events/FOLK/")
    live = page(signed_in, "/admin/events/FOLK/live")
    assert 'hx-get="/admin/events/FOLK/live"' in html and 'hx-trigger="every 3s"' in html
    for text in (html, live):
        assert "<strong>4</strong>signed up" in text
        assert "<strong>1</strong>still answering" in text
        assert "<strong>1</strong>opted out" in text
        for i in (0, 1, 2, 3, 4, 9):
            assert number(i) not in text  # never a whole phone number
            assert number(i)[-4:] in text
    assert "<strong>Lee</strong>" in live and "learn: python" in live
    assert "No round yet." in live


def test_preview_then_send_seats_everyone_and_shows_delivery(
    signed_in, live_app, emulator, start_worker
):
    sign_up(live_app.test_client(), 12, names=NAMES)
    preview = page(signed_in, "/admin/events/FOLK/rounds/next")
    assert "Round 1 of 3: the plan" in preview and "Nothing has been sent yet." in preview
    assert "12 people present, at 3 tables." in preview
    assert "Repeat meetings</th><td>0" in preview
    assert "Table sizes</th><td>4, 4, 4" in preview
    assert "Sitting out</th><td>nobody" in preview
    with Session() as session:  # a preview changes nothing
        assert session.scalar(select(func.count()).select_from(Round)) == 0
    assert "This sends <strong>12 texts, " in preview and "Send round 1: 12 texts" in preview
    start_worker()
    response = post(signed_in, "/admin/events/FOLK/rounds", round="1", plan=shown_plan(preview))
    assert response.status_code == 302
    assert wait_until(lambda: sum(round_texts(emulator).values()) == 12, timeout=60)
    assert wait_until(lambda: "12</strong>sent of 12" in page(signed_in, "/admin/events/FOLK/live"))
    assert "Round 1 of 3: tables sent" in page(signed_in, "/admin/events/FOLK/")
    # The tables the preview showed are the tables that were sent.
    cards = page(signed_in, "/admin/events/FOLK/rounds/1/cards")
    assert cards.count("TABLE ") == 3
    tables = re.findall(r"<h3>Table \d+</h3><p>(.*?)</p>", preview)
    planned = [sorted(t.split(", ")) for t in tables]
    printed = [sorted(t.split(" · ")) for t in re.findall(r'<div class="names">(.*?)</div>', cards)]
    assert planned == printed and len(planned) == 3
    # A second click on Send, or a stale tab, cannot start round 1 again.
    again = post(signed_in, "/admin/events/FOLK/rounds", round="1")
    assert "Not started: round 1 was already started" in page(signed_in, again.location)
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 1
    assert Counter(round_texts(emulator).values()) == {1: 12}


def test_failed_texts_can_be_retried_but_never_to_an_opted_out_number(
    signed_in, live_app, emulator, start_worker
):
    sign_up(live_app.test_client(), 8, names=NAMES)
    emulator.configure(number_errors={number(2): 21211, number(5): 21610})
    start_worker()
    post(signed_in, "/admin/events/FOLK/rounds", round="1")
    assert wait_until(
        lambda: "2</strong>failed" in page(signed_in, "/admin/events/FOLK/live"), timeout=60
    )
    assert "Retry 1 failed" in page(signed_in, "/admin/events/FOLK/live")
    emulator.configure(number_errors={number(5): 21610})  # the number works now
    response = post(signed_in, "/admin/events/FOLK/rounds/1/retry")
    assert response.status_code == 302
    assert wait_until(lambda: round_texts(emulator)[number(2)] == 1, timeout=30)
    attempts = Counter(a["To"] for a in emulator.attempts)
    assert attempts[number(2)] == 2 and attempts[number(5)] == 1


def test_broadcast_is_confirmed_with_its_cost_then_reaches_everyone_present_once(
    signed_in, live_app, emulator, start_worker
):
    sign_up(live_app.test_client(), 6, names=NAMES)
    start_worker()
    shown = post(signed_in, "/admin/events/FOLK/broadcast", body="  The bar is open!  ")
    assert shown.status_code == 200 and not emulator.accepted  # nothing sent yet
    assert "This sends <strong>6 texts, 6 segments, about $0.05</strong>" in shown.text
    confirmed = re.search(r'name="confirmed" value="(6:6:\w+)"', shown.text).group(1)
    assert "Send 6 texts now" in shown.text
    # The text changed on the confirmation page: counted again, not sent.
    edited = post(signed_in, "/admin/events/FOLK/broadcast", body="The bar is shut!",
                  confirmed=confirmed)  # fmt: skip
    assert edited.status_code == 200 and "changed since you checked" in edited.text
    response = post(signed_in, "/admin/events/FOLK/broadcast", body="The bar is open!",
                    confirmed=confirmed)  # fmt: skip
    assert response.status_code == 302
    assert wait_until(lambda: len(round_texts(emulator, "The bar is open!")) == 6, timeout=30)
    assert set(round_texts(emulator, "The bar is open!").values()) == {1}
    # A confirmation of other numbers (someone came since) shows the numbers again.
    sign_up(live_app.test_client(), 1, start=6, names=NAMES)
    again = post(signed_in, "/admin/events/FOLK/broadcast", body="The bar is open!",
                 confirmed=confirmed)  # fmt: skip
    assert "changed since you checked" in again.text and 'value="7:7:' in again.text
    empty = post(signed_in, "/admin/events/FOLK/broadcast", body="   ")
    assert "Write something to send." in empty.text
    with Session() as session:
        kinds = session.scalars(select(OutboundMessage.kind)).all()
    assert kinds.count("broadcast") == 6


def test_a_broadcast_too_long_keeps_its_text_and_says_why(signed_in, live_app):
    sign_up(live_app.test_client(), 2, names=NAMES)
    plain = "Dinner is served in the main hall. " * 9  # 315 characters: over 306
    refused = post(signed_in, "/admin/events/FOLK/broadcast", body=plain).text
    assert "Not sent: That is 314 characters: two text messages hold 306" in refused
    assert plain.strip() in refused  # kept in the box, to shorten
    # One emoji makes a 150-character text too long: UCS-2 holds 134 in two segments.
    smiley = "x" * 148 + " \U0001f642"
    said = post(signed_in, "/admin/events/FOLK/broadcast", body=smiley).text
    assert "outside the plain SMS alphabet (GSM-7)" in said and "only 134 characters" in said
    assert "\U0001f642" in said and "take out \U0001f642 to fit 306" in said
    fits = post(signed_in, "/admin/events/FOLK/broadcast", body="Cake \U0001f642").text
    assert "2 texts, 2 segments" in fits and "sent as UCS-2" in fits
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(OutboundMessage)) == 0


def test_csv_downloads(signed_in, live_app):
    sign_up(live_app.test_client(), 3, names=NAMES)
    response = signed_in.get("/admin/events/FOLK/export/attendees.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "folk-attendees.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert sorted(row["name"] for row in rows) == ["Ana", "Lee", "Raj"]
    assert signed_in.get("/admin/events/FOLK/export/tables.csv").status_code == 200
    assert signed_in.get("/admin/events/FOLK/export/messages.csv").status_code == 200
    assert signed_in.get("/admin/events/FOLK/export/passwords.csv").status_code == 404
    assert signed_in.get("/admin/events/NOPE/").status_code == 404


def test_starting_a_round_with_redis_down_says_so_and_changes_nothing(signed_in, live_app):
    sign_up(live_app.test_client(), 4, names=NAMES)
    live_app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    response = post(signed_in, "/admin/events/FOLK/rounds", round="1")
    assert "Not started: cannot reach Redis" in page(signed_in, response.location)
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 0


@pytest.mark.parametrize("number", ["0", "4", "99999999999999999999", "2147483648"])
def test_a_round_number_out_of_range_is_404_not_500(signed_in, live_app, number):
    assert signed_in.get(f"/admin/events/FOLK/rounds/{number}/cards").status_code == 404
    assert post(signed_in, f"/admin/events/FOLK/rounds/{number}/retry").status_code == 404


def test_the_preview_names_the_hosts_tables_and_leaves_out_empty_ones(signed_in, live_app):
    from sqlalchemy import update

    from models import Event

    with Session() as session:
        tables = [{"label": name, "capacity": 4} for name in ("Window", "Bar", "Patio", "Door")]
        session.execute(update(Event).values(tables=tables))
        session.commit()
    sign_up(live_app.test_client(), 8, names=NAMES)
    preview = page(signed_in, "/admin/events/FOLK/rounds/next")
    labels = re.findall(r"<h3>Table (.*?)</h3>", preview)
    assert len(labels) == 2 and set(labels) <= {"Window", "Bar", "Patio", "Door"}
    assert "Table sizes</th><td>4, 4" in preview and "at 2 tables" in preview


def test_an_archived_events_dashboard_says_so_and_unarchives(signed_in):
    assert "Archived" not in page(signed_in, "/admin/events/FOLK/")
    post(signed_in, "/admin/events/FOLK/archive")
    shown = page(signed_in, "/admin/events/FOLK/")
    assert "hidden from your events list" in shown and "Unarchive" in shown
    post(signed_in, "/admin/events/FOLK/unarchive")
    assert "hidden from your events list" not in page(signed_in, "/admin/events/FOLK/")
    assert "archived the event" in page(signed_in, "/admin/events/FOLK/log")


def shown_plan(html):
    """The stored plan the preview's Send form confirms."""
    return re.search(r'name="plan" value="([0-9a-f]+)"', html).group(1)


def test_the_preview_says_what_send_costs_at_the_senders_price(signed_in, live_app):
    live_app.config["SMS_PRICE_PER_SEGMENT"] = 0.05
    sign_up(live_app.test_client(), 8, names=NAMES)
    preview = page(signed_in, "/admin/events/FOLK/rounds/next")
    with Session() as session:
        bodies = [body for _, _, body, _ in composed_round(session)]
    cost = estimate(bodies, 0.05)
    assert f"This sends <strong>{cost.describe()}</strong>" in preview
    assert "(at $0.05 a segment)" in preview
    assert "Send round 1: 8 texts" in preview
    assert "UCS-2" not in preview  # plain names and numbers: GSM-7


def composed_round(session):
    """Round 1's texts for FOLK as the stored plan will send them."""
    from models import Attendee, Event
    from workers.rounds import learn_teach, seating

    event = session.scalars(select(Event)).one()
    by_id = {a.id: a for a in session.scalars(select(Attendee))}
    tables = [[by_id[i] for i in ids] for ids in event.next_plan["tables"]]
    room = learn_teach.room_scores(session, list(by_id.values()))
    return seating.compose(event, 1, event.rounds, tables, [], room)


def test_the_preview_warns_when_texts_go_as_ucs2(signed_in, live_app):
    from sqlalchemy import update

    from models import Event

    with Session() as session:
        room = [{"label": "Café ☕", "capacity": 4}, {"label": "Bar", "capacity": 4}]
        session.execute(update(Event).values(tables=room))
        session.commit()
    sign_up(live_app.test_client(), 8, names=NAMES)
    preview = page(signed_in, "/admin/events/FOLK/rounds/next")
    text = " ".join(preview.split())
    assert "4 of them have a character outside GSM-7" in text
    assert "as UCS-2: 70 characters a segment instead of 160" in text


def test_a_plan_replaced_since_the_page_was_shown_is_shown_again_not_sent(signed_in, live_app):
    sign_up(live_app.test_client(), 8, names=NAMES)
    seen = page(signed_in, "/admin/events/FOLK/rounds/next")
    sign_up(live_app.test_client(), 1, start=8, names=NAMES)  # Eva arrives
    page(signed_in, "/admin/events/FOLK/rounds/next")  # and another host previews
    response = post(signed_in, "/admin/events/FOLK/rounds", round="1", plan=shown_plan(seen))
    assert response.location.endswith("/admin/events/FOLK/rounds/next")
    again = page(signed_in, response.location)
    assert "Not sent: the plan changed since you saw it" in again
    assert "9 people present" in again and shown_plan(again) != shown_plan(seen)
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Round)) == 0


def test_after_send_the_host_is_told_who_arrived_and_left_and_where_they_sit(signed_in, live_app):
    sign_up(live_app.test_client(), 8, names=NAMES)
    shown = page(signed_in, "/admin/events/FOLK/rounds/next")
    Phone(live_app.test_client(), number(2)).text("STOP")  # Lee leaves
    sign_up(live_app.test_client(), 1, start=8, names=NAMES)  # Eva arrives
    response = post(signed_in, "/admin/events/FOLK/rounds", round="1", plan=shown_plan(shown))
    dashboard = page(signed_in, response.location)
    with Session() as session:
        note = session.scalars(select(Round.note)).one()
    assert re.fullmatch(
        r"1 arrived since the preview: Eva at table \d+; 1 left since the preview: Lee\.", note
    ), note
    assert f"Round 1 started: tables are being texted. {note}" in dashboard


def test_the_dashboard_links_to_the_wall_view_and_the_door_poster(signed_in):
    shown = page(signed_in, "/admin/events/FOLK/")
    assert 'href="/admin/events/FOLK/wall"' in shown and 'href="/admin/events/FOLK/poster"' in shown


def test_euro_signs_count_twice_in_the_reason_a_broadcast_is_refused(signed_in, live_app):
    sign_up(live_app.test_client(), 1, names=NAMES)
    body = "Tickets 5€ " * 27  # 297 characters, but each euro sign takes two
    said = post(signed_in, "/admin/events/FOLK/broadcast", body=body).text
    assert "That is 323 characters (€ count as two each): two text messages hold 306" in said
