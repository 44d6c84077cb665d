"""Retention: a purge leaves no number, name or answer of the event in any table."""

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import JSON, LargeBinary, String, func, insert, select, update

from models import (
    Attendee,
    Base,
    Event,
    InboundMessage,
    Match,
    MatchOffer,
    MatchRun,
    OutboundMessage,
    Round,
    Session,
    utcnow,
)
from tests.helpers import Phone
from workers.events import exports
from workers.events.editing import create_event
from workers.intros import introductions, sending
from workers.people import host_changes
from workers.retention import expiry, purge
from workers.rounds import seating, starting

# Four people at FOLK who can teach each other, two at JAZZ; all words unique to them.
FOLK_PEOPLE = [
    ("+14165550170", "Quillonia", "I restore old clocks.", "sourdough baking", "chess openings",
     "Zephyrworks"),
    ("+14165550171", "Brannoch", "I sail small boats.", "chess openings", "sourdough baking",
     "Marrowfield"),
    ("+14165550172", "Ysoldera", "I keep bees on a roof.", "watercolour painting",
     "python programming", "Quenbright"),
    ("+14165550173", "Tavistrel", "I run ultramarathons.", "python programming",
     "watercolour painting", "Orlambic"),
]  # fmt: skip
JAZZ_PEOPLE = [
    ("+14165550180", "Mirabeth", "I fix bicycles.", "salsa dancing", "knitting socks", "Velloway"),
    ("+14165550181", "Corvinal", "I teach maths.", "knitting socks", "salsa dancing", "Dunharrow"),
]


def sign_up(client, code, people):
    for number, name, intro, learn, teach, org in people:
        phone = Phone(client, number)
        for text in [code, name, intro, learn, teach, org, "yes"]:
            phone.text(text)


def needles(people):
    """What must not survive: numbers (digits only, so any format is caught) and words."""
    return {text for number, *words in people for text in (number.removeprefix("+1"), *words)}


def leftovers(needles):
    """(table, column, needle) for every needle found in any text-like column of any table."""
    found = set()
    with Session() as session:
        for table in Base.metadata.sorted_tables:
            columns = [
                c for c in table.columns if isinstance(c.type, String | JSON | LargeBinary)
            ]  # String covers Text
            if not columns:
                continue
            for row in session.execute(select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    text = _as_text(value)
                    found |= {(table.name, column.name, n) for n in needles if n in text}
    return found


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else json.dumps(value)


def open_events(*codes):
    with Session() as session:
        events = [create_event(session, f"{code} Night", code) for code in codes]
        session.commit()
        return events


@pytest.fixture(params=[False, True], ids=["numbers texted", "double opt-in"])
def folk_and_jazz(request, client, redis_url, redis):
    """FOLK: four people, a round planned, match-ups sent, then one texts STOP; JAZZ: two."""
    folk, jazz = open_events("FOLK", "JAZZ")
    with Session() as session:
        session.get_one(Event, folk.id).double_opt_in = request.param
        session.commit()
    sign_up(client, "FOLK", FOLK_PEOPLE)
    sign_up(client, "JAZZ", JAZZ_PEOPLE)
    rnd = starting.start_round(folk.id, redis_url)
    assert seating.plan(rnd.id) == 4  # the job, run here instead of in a worker
    run = sending.schedule(folk.id, None, redis_url)
    assert introductions.send(folk.id, run.token) > 0
    assert Phone(client, FOLK_PEOPLE[0][0]).text("STOP") == ""
    return folk, jazz


def snapshot(event):
    with Session() as session:
        return {
            name: exports.render(rows(session, event), "json")
            for name, rows in [("a", exports.attendee_rows), ("m", exports.message_rows)]
        }


def test_a_purge_leaves_nothing_of_the_event_but_counts(folk_and_jazz):
    folk, jazz = folk_and_jazz
    assert {n for *_, n in leftovers(needles(FOLK_PEOPLE))} == needles(FOLK_PEOPLE)
    jazz_before = snapshot(jazz)
    offers = select(func.count()).select_from(MatchOffer)
    with Session() as session:
        assert (session.scalar(offers) > 0) is session.get_one(Event, folk.id).double_opt_in
    with Session() as session:
        expected = purge.counts(session, folk.id)
        purge.purge(session, folk.id)
        session.commit()
    # The STOP stays honoured: the number stays in opt_out, and only there.
    stopped = FOLK_PEOPLE[0][0].removeprefix("+1")
    assert leftovers(needles(FOLK_PEOPLE)) == {("opt_out", "phone", stopped)}
    assert snapshot(jazz) == jazz_before
    assert {n for *_, n in leftovers(needles(JAZZ_PEOPLE))} == needles(JAZZ_PEOPLE)
    with Session() as session:
        event = session.get_one(Event, folk.id)
        rounds = session.scalars(select(Round.number).where(Round.event_id == folk.id)).all()
        assert session.scalar(offers) == 0
    assert event.purged_at is not None and not event.is_open and rounds == [1]
    assert event.summary == expected
    assert expected["attendees"] == expected["signed_up"] == 4 and expected["opted_out"] == 1
    assert expected["rounds"] == 1 and expected["matches"] >= 2
    assert expected["texts_received"] == 4 * 7 and expected["texts_sent"] >= 4 + 4


def test_purging_twice_is_harmless_and_keeps_the_first_counts(folk_and_jazz):
    folk, _ = folk_and_jazz
    kept = []
    for now in (utcnow(), utcnow() + timedelta(days=1)):
        with Session() as session:
            purge.purge(session, folk.id, now)
            session.commit()
        with Session() as session:
            event = session.get_one(Event, folk.id)
            kept.append((event.purged_at, event.summary))
    assert kept[0] == kept[1] and kept[0][1]["attendees"] == 4


def test_a_purge_keeps_stray_texts_of_a_number_still_at_another_event(client):
    folk, jazz = open_events("FOLK", "JAZZ")
    number = FOLK_PEOPLE[1][0]
    sign_up(client, "FOLK", FOLK_PEOPLE[1:2])
    sign_up(client, "JAZZ", [(number, *JAZZ_PEOPLE[0][1:])])
    Phone(client, number).text("STOP")
    with Session() as session:
        purge.purge(session, folk.id)
        session.commit()
    digits = number.removeprefix("+1")
    assert ("inbound_message", "from_number", digits) in leftovers({digits})  # JAZZ's, and STOP
    with Session() as session:
        purge.purge(session, jazz.id)
        session.commit()
    assert leftovers({digits}) == {("opt_out", "phone", digits)}


def test_purge_of_no_such_event_is_none(app):
    with Session() as session:
        assert purge.purge(session, 12345) is None


DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("retention_days", "activity", "due"),
    [
        (30, {"created": -40, "closed": True}, True),
        (30, {"created": -20, "closed": True}, False),
        (30, {"created": -90}, False),  # open, no round yet: waiting for its night
        (30, {"created": -40, "signup": -31, "closed": True}, True),
        (30, {"created": -40, "signup": -29, "closed": True}, False),
        (30, {"created": -40, "round": -31}, True),  # open, but held long ago
        (30, {"created": -40, "round": -10, "closed": True}, False),
        (30, {"created": -60, "round": -35, "texted": -1, "closed": True}, True),
        (30, {"created": -60, "round": -35, "match_sent": -5, "closed": True}, False),
        (30, {"created": -60, "round": -35, "match_send": 2, "closed": True}, False),
        (7, {"created": -40, "round": -8}, True),
        (30, {"created": -40, "archived": -1}, True),  # open, no round, but put away
        (30, {"created": -20, "archived": -1}, False),
        (30, {"created": -40, "round": -10, "archived": -5}, False),
    ],
    ids=["old", "recent", "open, no round", "old sign-up", "recent sign-up", "old round",
         "recent round", "texted lately", "recent match-ups", "match-ups scheduled",
         "short retention", "archived, open, no round", "archived lately, created lately",
         "archived, recent round"],
)  # fmt: skip
def test_the_due_check_purges_only_events_whose_retention_has_passed(
    app, retention_days, activity, due
):
    now = utcnow()
    (event,) = open_events("FOLK")
    at = {key: now + days * DAY for key, days in activity.items() if key != "closed"}
    with Session() as session:
        session.execute(
            update(Event)
            .where(Event.id == event.id)
            .values(created_at=at["created"], retention_days=retention_days,
                    is_open=not activity.get("closed"), archived_at=at.get("archived"))
        )  # fmt: skip
        signup = at.get("signup", at["created"])
        session.add(Attendee(event_id=event.id, phone="+14165550190", name="Olwenna",
                             status="complete", created_at=signup,
                             updated_at=at.get("texted", signup)))  # fmt: skip
        if "round" in at:
            session.add(Round(event_id=event.id, number=1, status="sent", created_at=at["round"]))
        if "match_send" in at or "match_sent" in at:
            sent = at.get("match_sent")
            session.add(MatchRun(event_id=event.id, token="t", send_at=at.get("match_send", sent),
                                 sent_at=sent))  # fmt: skip
        session.commit()
    assert expiry.purge_due(now) == ([event.id] if due else [])
    assert bool(leftovers({"Olwenna"})) is not due
    assert expiry.purge_due(now) == []  # nothing left to do


def close(event):
    with Session() as session:
        session.execute(update(Event).where(Event.id == event.id).values(is_open=False))
        session.commit()


def test_two_workers_checking_at_once_purge_an_event_once(app):
    (event,) = open_events("FOLK")
    close(event)
    later = utcnow() + 31 * DAY
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(expiry.purge_due(later))) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [[], [event.id]]


def test_the_workers_sweeper_runs_the_due_check(app, redis_url, redis, monkeypatch):
    from workers.runtime.process import Sweeper

    (event,) = open_events("FOLK")
    with Session() as session:
        session.execute(
            update(Event)
            .where(Event.id == event.id)
            .values(created_at=utcnow() - 31 * DAY, is_open=False)
        )
        session.commit()
    monkeypatch.setattr(expiry, "FIRST_CHECK_SECONDS", 0.0)
    Sweeper(redis_url).sweep()  # one pass
    with Session() as session:
        assert session.get_one(Event, event.id).purged_at is not None


@pytest.mark.parametrize("walk_in", [False, True], ids=["", "a walk-in somewhere"])
def test_the_due_check_erases_old_texts_that_belong_to_no_event(app, walk_in):
    now = utcnow()
    with Session() as session:
        if walk_in:  # a sign-up with no number must not keep every stray text (NOT IN NULL)
            event = create_event(session, "Open", "OPEN")
            host_changes.add_walk_in(session, event, "Gus", "host@example.org")
        session.execute(insert(InboundMessage), [
            {"sid": f"SM{i}", "from_number": number, "to_number": "+15550100199", "body": "STOP",
             "received_at": now - days * DAY}
            for i, (number, days) in enumerate([("+14165550191", 31), ("+14165550192", 2)])
        ])  # fmt: skip
        session.commit()
    expiry.purge_due(now)
    with Session() as session:
        assert session.scalars(select(InboundMessage.from_number)).all() == ["+14165550192"]


def test_event_purge_asks_first_and_yes_skips_the_question(client, runner):
    open_events("FOLK")
    sign_up(client, "FOLK", FOLK_PEOPLE[:1])
    declined = runner.invoke(args=["event", "purge", "folk"], input="n\n")
    assert declined.exit_code != 0 and "cannot be undone" in declined.output
    assert leftovers({"Quillonia"})
    confirmed = runner.invoke(args=["event", "purge", "FOLK"], input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert "event FOLK purged" in confirmed.output and "attendees 1" in confirmed.output
    assert not leftovers({"Quillonia"})
    again = runner.invoke(args=["event", "purge", "FOLK", "--yes"])
    assert again.exit_code == 0 and "attendees 1" in again.output
    assert "cannot be undone" not in again.output


def test_event_purge_of_an_unknown_code_is_a_clear_error(runner):
    result = runner.invoke(args=["event", "purge", "NOPE", "--yes"])
    assert result.exit_code != 0 and "no event with code NOPE" in result.output


def test_delete_leaves_no_number_name_or_intro_of_the_person_anywhere(client, folk_and_jazz):
    # Seated with others (whose round texts name them), matched (introductions carry their
    # number and intro), then DELETE + YES: then every table is searched for them.
    # The host had fixed their name on the night: the event log's line names them too.
    number, name, intro, *_ = FOLK_PEOPLE[1]
    folk, _ = folk_and_jazz
    with Session() as session:
        who = session.scalar(select(Attendee.id).where(Attendee.phone == number))
        # A round's note named them too, as arriving after the preview.
        session.execute(update(Round).values(note=f"1 arrived since the preview: {name} at 2."))
        host_changes.rename(session, session.merge(folk), who, "Zebulon Quark", "ana@example.org")
        session.commit()
    phone = Phone(client, number)
    assert "Reply YES" in phone.text("DELETE")
    assert "erased" in phone.text("yes")
    assert leftovers({number.removeprefix("+1"), name, intro, "Zebulon", "Quark"}) == set()
    # The others keep their own records, with the erased person taken out of them.
    assert leftovers({FOLK_PEOPLE[2][1], FOLK_PEOPLE[3][0].removeprefix("+1")})
    with Session() as session:
        bodies = session.scalars(select(OutboundMessage.body)).all()
    assert any("someone" in body for body in bodies)


def test_delete_and_the_purge_erase_with_the_same_function(client, folk_and_jazz):
    # One erasure for both: after a purge of FOLK, nothing of any FOLK person is left,
    # match rows' learn/teach included (the old purge and DELETE disagreed there).
    folk, _ = folk_and_jazz
    Phone(client, FOLK_PEOPLE[1][0]).text("DELETE")
    Phone(client, FOLK_PEOPLE[1][0]).text("yes")
    with Session() as session:
        purge.purge(session, folk.id)
        session.commit()
    gone = {text for number, name, intro, *_ in FOLK_PEOPLE
            for text in (number.removeprefix("+1"), name, intro)} - {"4165550170"}  # fmt: skip
    assert leftovers(gone) == set()
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Match)) == 0
