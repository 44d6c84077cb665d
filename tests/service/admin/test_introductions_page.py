"""Finish: the introductions page. Words for the consent mode, each person's introductions,
drops, the floor and what falls below it, the confirmed send, and statuses afterwards."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from models import Attendee, Event, Match, MatchOffer, MatchRun, OutboundMessage, Session
from tests.helpers import NAMES, Phone, number, page, post, sign_up, wait_until
from workers import matching
from workers.texts.cost import estimate

MATCHES = "/admin/events/FOLK/matches"


def confirmed(client):
    """The confirmation the page asks for: the box ticked, and the count it showed."""
    texts = re.search(r'name="texts" value="(\d+)"', page(client, MATCHES)).group(1)
    return {"confirm": "yes", "texts": texts}


def set_event(**values):
    with Session() as session:
        session.execute(update(Event).where(Event.code == "FOLK").values(**values))
        session.commit()


def attendee_id(i: int) -> str:
    """Person i's id as the form posts it (ids are not 1..N on PostgreSQL, whose sequences
    run on across tests)."""
    with Session() as session:
        return str(session.scalar(select(Attendee.id).where(Attendee.phone == number(i))))


def sent_bodies():
    with Session() as session:
        return session.scalars(select(OutboundMessage.body)).all()


def test_finish_shows_the_introductions_then_sends_them_once(
    signed_in, live_app, emulator, start_worker
):
    # person i learns TOPICS[i % 8] and teaches TOPICS[(i + 3) % 8]
    sign_up(live_app.test_client(), 8, names=NAMES)
    listing = page(signed_in, MATCHES)
    assert "8 introductions as they would go out now" in listing
    # Ana's introductions together: she learns sourdough from Zoe, teaches chess to Mia.
    ana = listing.split("<h3>Ana</h3>")[1].split("</section>")[0]
    assert "learns &ldquo;sourdough&rdquo; from <strong>Zoe</strong>" in ana
    assert "teaches &ldquo;chess&rdquo; to <strong>Mia</strong>" in ana
    assert "Sending now writes <strong>16 texts, 16 segments, about $0.13</strong>" in listing
    csv_rows = signed_in.get("/admin/events/FOLK/export/matches.csv").get_data(as_text=True)
    assert csv_rows.startswith("learner_id,teacher_id,learn,teach,score,mutual,status")
    start_worker()
    form = confirmed(signed_in)
    response = post(signed_in, MATCHES, when="", offset="0", **form)
    assert response.status_code == 302
    assert wait_until(
        lambda: "Introductions sent: 16 of 16" in page(signed_in, "/admin/events/FOLK/live"),
        timeout=60,
    )
    again = post(signed_in, MATCHES, when="", offset="0", **form)
    assert "already sent" in page(signed_in, again.location)
    assert len([m for m in emulator.accepted if m["body"].startswith("From Folk Night")]) == 16
    after = page(signed_in, MATCHES)
    assert after.count('<span class="status">sent</span>') == 16  # 8, under each side
    assert "Send introductions" not in after and "Drop</button>" not in after
    # No heading over an empty list: with nothing left out, the floor is just stated.
    assert "were left out:" not in after and "below a match of" in after


def test_the_estimate_is_of_the_exact_texts_that_go_out(
    signed_in, live_app, emulator, start_worker
):
    sign_up(live_app.test_client(), 8, names=NAMES)
    set_event(name="Folk Night ☕")  # one emoji: every text is UCS-2, 70 characters a segment
    shown = re.search(r"Sending now writes <strong>([^<]+)</strong>", page(signed_in, MATCHES))
    assert "with letters outside GSM-7, so 70 characters a segment" in page(signed_in, MATCHES)
    start_worker()
    post(signed_in, MATCHES, when="", offset="0", **confirmed(signed_in))
    assert wait_until(lambda: len(emulator.accepted) == 16, timeout=60)
    price = live_app.config["SMS_PRICE_PER_SEGMENT"]
    assert shown.group(1) == estimate(sent_bodies(), price).describe()


def test_nothing_goes_out_without_the_confirmation(signed_in, live_app):
    sign_up(live_app.test_client(), 8, names=NAMES)
    unticked = post(signed_in, MATCHES, when="", offset="0", texts="16")
    assert "tick the box that says how many texts go out" in page(signed_in, unticked.location)
    stale = post(signed_in, MATCHES, when="", offset="0", confirm="yes", texts="14")
    assert "changed since the page was shown (now 16 texts" in page(signed_in, stale.location)
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(MatchRun)) == 0


def test_the_words_follow_the_events_consent_mode(signed_in, live_app):
    sign_up(live_app.test_client(), 4, names=NAMES)
    direct = page(signed_in, MATCHES)
    assert "Each side gets one text with the other's first name and number." in direct
    assert "asked first" not in direct
    set_event(double_opt_in=True)
    asked = page(signed_in, MATCHES)
    assert "each side is asked first" in asked
    assert "numbers are shared only when both say yes within 72 hours" in asked
    assert "one text with the other's first name and number" not in asked


def test_a_dropped_pair_never_goes_out_and_its_places_stay_empty(
    signed_in, live_app, emulator, start_worker
):
    sign_up(live_app.test_client(), 8, names=NAMES)
    before = page(signed_in, MATCHES)
    # Drop "Ana learns sourdough from Zoe" (people 0 and 5).
    pair = {"learner": attendee_id(0), "teacher": attendee_id(5)}
    dropped = post(signed_in, f"{MATCHES}/drop", **pair)
    after = page(signed_in, dropped.location)
    assert "Dropped: that pair will not be introduced." in after
    assert "7 introductions as they would go out now" in after and "8 introductions" in before
    ana = after.split("<h3>Ana</h3>")[1].split("</section>")[0]
    assert '<li class="intro dropped">' in ana and "Undo</button>" in ana
    assert "Sending now writes <strong>14 texts" in after  # Ana and Zoe keep their others
    assert "1 dropped pair: their places stay empty." in after
    with Session() as session:
        log = session.scalars(select(Match.status)).all()
    assert log == ["dropped"]
    # Undo, then drop again: back to where it was.
    restored = post(signed_in, f"{MATCHES}/undo", **pair)
    assert "8 introductions as they would go out now" in page(signed_in, restored.location)
    post(signed_in, f"{MATCHES}/drop", **pair)
    start_worker()
    post(signed_in, MATCHES, when="", offset="0", **confirmed(signed_in))
    assert wait_until(lambda: len(emulator.accepted) == 14, timeout=60)
    to_ana = [m["body"] for m in emulator.accepted if m["to"] == number(0)]
    assert len(to_ana) == 1 and "Zoe" not in to_ana[0]  # not replaced by a weaker one
    final = page(signed_in, MATCHES)
    assert '<span class="status">dropped</span>' in final
    gone = post(signed_in, f"{MATCHES}/undo", **pair)
    assert "the introductions were already sent" in page(signed_in, gone.location)


@pytest.mark.parametrize(
    "form",
    [{}, {"learner": "1"}, {"learner": "x", "teacher": "7"}, {"learner": "1", "teacher": "9" * 20}],
)
def test_a_drop_that_cannot_be_read_changes_nothing(signed_in, live_app, form):
    sign_up(live_app.test_client(), 8, names=NAMES)
    response = post(signed_in, f"{MATCHES}/drop", **form)
    assert "Nothing changed:" in page(signed_in, response.location)
    not_planned = post(signed_in, f"{MATCHES}/drop", learner=attendee_id(0), teacher=attendee_id(1))
    assert "no longer planned" in page(signed_in, not_planned.location)


def test_the_floor_and_the_best_pairs_just_below_it(signed_in, live_app):
    sign_up(live_app.test_client(), 8, names=NAMES)
    learn, teach = "sourdough", "baking bread at home"
    score = float(matching.similarity([learn], [teach])[0][0])
    assert 0.2 < score < 0.9, score
    live_app.config["INTRO_SCORE_FLOOR"] = score + 0.005
    phone = Phone(live_app.test_client(), number(20))
    for text in ["hi", "Eva", "skip", "knitting", teach, "Org9", "yes"]:
        phone.text(text)
    listing = page(signed_in, MATCHES)
    shown = int(live_app.config["INTRO_SCORE_FLOOR"] * 100 + 0.5)
    assert f"Floor: {shown}%" in listing and f"below a match of {shown}%" in listing
    misses = listing.split('<ul class="misses">')[1].split("</ul>")[0]
    first = misses.split("</li>")[0]
    assert f"wants &ldquo;{learn}&rdquo; (Ana)" in first
    assert f"can teach &ldquo;{teach}&rdquo; (Eva)" in first
    assert f"{int(score * 100)}%" in first
    assert "from <strong>Eva</strong>" not in listing  # below the floor: not introduced


def test_statuses_after_sending_with_double_opt_in(signed_in, live_app, emulator, start_worker):
    set_event(double_opt_in=True)
    sign_up(live_app.test_client(), 8, names=NAMES)
    start_worker()
    post(signed_in, MATCHES, when="", offset="0", **confirmed(signed_in))
    # Every offer shown as sent: the texts go out one by one (on a busy machine, slowly).
    assert wait_until(
        lambda: page(signed_in, MATCHES).count("offered, no answer yet") == 16, timeout=60
    )
    # Ana (0) said yes to her first offer, Raj (1) no to his; one pair's offers ran out.
    Phone(live_app.test_client(), number(0)).text("YES 1")
    Phone(live_app.test_client(), number(1)).text("NO 1")
    with Session() as session:
        tom = session.scalar(
            select(MatchOffer).where(MatchOffer.attendee_id == int(attendee_id(4)))
        )
        session.execute(
            update(MatchOffer)
            .where(MatchOffer.match_id == tom.match_id)
            .values(expires_at=date(2001, 1, 1))
        )
        session.commit()
    listing = page(signed_in, MATCHES)
    assert re.search(r"accepted by Ana, waiting for (Zoe|Mia)", listing)
    assert re.search(r"declined by Raj", listing)
    assert '<span class="status">expired</span>' in listing


def test_finish_at_a_time_in_the_hosts_time_zone(signed_in, live_app):
    sign_up(live_app.test_client(), 4, names=NAMES)
    # 21:30 in a browser at UTC-5 (getTimezoneOffset() = 300) is 02:30 UTC the next day.
    day = date.today() + timedelta(days=10)
    form = confirmed(signed_in)
    post(signed_in, MATCHES, when=f"{day}T21:30", offset="300", **form)
    live = page(signed_in, "/admin/events/FOLK/live")
    assert f"Introductions scheduled for {day + timedelta(days=1)} 02:30 UTC." in live
    past = post(signed_in, MATCHES, when="2001-01-01T10:00", offset="0", **form)
    assert "that time has passed" in page(signed_in, past.location)


@pytest.mark.parametrize(
    ("when", "offset", "says"),
    [
        ("9999-12-31T23:59", "0", "more than 90 days away"),
        ("9999-12-31T23:59", "300", "could not be read"),  # past the calendar's end
        ("2099-06-01T21:30", "0", "more than 90 days away"),
        ("2030-01-01T10:00", "99999999999999", "could not be read"),
        ("2030-01-01T10:00", "-99999999999999999999999", "could not be read"),
        ("2030-01-01T10:00", "ten", "could not be read"),
        ("0001-01-01T00:00", "-300", "could not be read"),
        ("not a date", "0", "could not be read"),
    ],
)
def test_a_time_out_of_range_is_refused_with_a_message(signed_in, live_app, when, offset, says):
    sign_up(live_app.test_client(), 4, names=NAMES)
    response = post(signed_in, MATCHES, when=when, offset=offset, **confirmed(signed_in))
    assert response.status_code == 302
    assert says in page(signed_in, response.location)
