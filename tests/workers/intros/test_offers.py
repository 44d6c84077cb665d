"""Double opt-in: each side is asked first; numbers are exchanged only when both say yes."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from models import Match, MatchOffer, Session, utcnow
from service.sms.offer_replies import offer_reply
from tests.helpers import Phone, cli, number, open_folk, sign_up_for_intros, wait_until
from workers.texts.match_text import readable


@pytest.fixture
def folk_double_opt_in(live_app):
    return open_folk(org_question=False, double_opt_in=True)


def offers_to(emulator, to):
    return [m["body"] for m in emulator.accepted if m["to"] == to and "reply YES" in m["body"]]


def offer_number(body):
    return int(re.search(r"reply YES (\d+)", body).group(1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("YES 1", (True, 1)), ("yes1", (True, 1)), ("Yse 2!", (True, 2)), ("yrs 3", (True, 3)),
     ("no 2", (False, 2)), ("NOPE 1", (False, 1)), ("y 4", (True, 4)), ("yes", None),
     ("I said yes 1", (True, 1)), ("hello 2", None), ("Ana", None)],
)  # fmt: skip
def test_replies_to_offers_are_read_with_typos(text, expected):
    assert offer_reply(text) == expected


def test_numbers_are_exchanged_only_when_both_say_yes(
    live_app, folk_double_opt_in, emulator, start_worker
):
    start_worker()
    client = live_app.test_client()
    for i in (0, 2):  # Lee wants python programming; Ana teaches it (INTRO_TOPICS)
        sign_up_for_intros(client, i)
    result = cli(live_app, "matches", "send", "FOLK", "--wait", "--timeout", "60")
    assert result.exit_code == 0, result.output
    ana, lee = number(0), number(2)
    assert wait_until(lambda: offers_to(emulator, ana) and offers_to(emulator, lee), timeout=30)
    everything = " ".join(m["body"] for m in emulator.accepted)
    assert readable(ana) not in everything and readable(lee) not in everything
    ana_offer = next(b for b in offers_to(emulator, ana) if "Lee" in b)
    lee_offer = next(b for b in offers_to(emulator, lee) if "Ana" in b)
    assert "Lee, who would like to learn python programming" in ana_offer
    assert "Ana, who can teach python programming" in lee_offer
    # Ana says yes: she waits for Lee; still no number anywhere.
    reply = Phone(client, ana).text(f"yse {offer_number(ana_offer)}")
    assert "If Lee says yes too" in reply
    assert readable(lee) not in " ".join(m["body"] for m in emulator.accepted)
    # Lee says yes: Lee's reply carries Ana's number, and Ana gets a text with Lee's.
    reply = Phone(client, lee).text(f"YES {offer_number(lee_offer)}")
    assert readable(ana) in reply and "Ana" in reply
    assert wait_until(
        lambda: any(readable(lee) in m["body"] for m in emulator.accepted if m["to"] == ana),
        timeout=30,
    )
    assert "already answered" in Phone(client, lee).text(f"yes {offer_number(lee_offer)}")
    with Session() as session:
        statuses = set(session.scalars(select(Match.status)))
    assert "sent" in statuses


def test_a_no_or_an_expired_offer_shares_nothing(
    live_app, folk_double_opt_in, emulator, start_worker
):
    start_worker()
    client = live_app.test_client()
    for i in (0, 2, 4):  # Ana teaches Lee, Lee teaches Tom, Tom teaches Ana
        sign_up_for_intros(client, i)
    assert cli(live_app, "matches", "send", "FOLK", "--wait", "--timeout", "60").exit_code == 0
    ana, lee = number(0), number(2)
    assert wait_until(lambda: offers_to(emulator, lee), timeout=30)
    lee_offer = next(b for b in offers_to(emulator, lee) if "Ana" in b)
    assert "no introduction to Ana" in Phone(client, lee).text(f"no {offer_number(lee_offer)}")
    ana_offer = next(b for b in offers_to(emulator, ana) if "Lee" in b)
    assert "as soon as they say yes" not in Phone(client, ana).text(
        f"yes {offer_number(ana_offer)}"
    )
    with Session() as session:  # every other offer runs out
        session.execute(update(MatchOffer).values(expires_at=utcnow() - timedelta(hours=1)))
        session.commit()
    tom_offers = [b for b in offers_to(emulator, ana) if "Tom" in b]
    if tom_offers:
        assert "expired" in Phone(client, ana).text(f"YES {offer_number(tom_offers[0])}")
    assert "no offer 9" in Phone(client, ana).text("yes 9")
    shared = " ".join(m["body"] for m in emulator.accepted)
    assert readable(ana) not in shared and readable(lee) not in shared


def test_export_shows_offered_declined_and_expired(
    live_app, folk_double_opt_in, emulator, start_worker
):
    import json

    start_worker()
    client = live_app.test_client()
    for i in (0, 2, 4):
        sign_up_for_intros(client, i)
    assert cli(live_app, "matches", "send", "FOLK", "--wait", "--timeout", "60").exit_code == 0
    rows = json.loads(cli(live_app, "export", "matches", "FOLK", "--format", "json").output)
    assert {row["status"] for row in rows} == {"offered"}
    lee_offer = next(b for b in offers_to(emulator, number(2)) if "Ana" in b)
    Phone(client, number(2)).text(f"no {offer_number(lee_offer)}")
    with Session() as session:
        session.execute(update(MatchOffer).values(expires_at=utcnow() - timedelta(hours=1)))
        session.commit()
    rows = json.loads(cli(live_app, "export", "matches", "FOLK", "--format", "json").output)
    assert sorted(row["status"] for row in rows) == ["declined", "expired", "expired"]


def test_a_mutual_pair_is_asked_once_each_and_expires_as_one(
    live_app, folk_double_opt_in, emulator, start_worker
):
    import json

    start_worker()
    client = live_app.test_client()
    for i, (learn, teach) in enumerate([("guitar", "chess"), ("chess", "guitar")]):
        phone = Phone(client, number(i))
        for text in ["hi", ["Ana", "Raj"][i], "skip", learn, teach, "yes"]:
            phone.text(text)
    assert cli(live_app, "matches", "send", "FOLK", "--wait", "--timeout", "60").exit_code == 0
    assert wait_until(lambda: offers_to(emulator, number(0)) and offers_to(emulator, number(1)))
    assert len(offers_to(emulator, number(0))) == 1 and len(offers_to(emulator, number(1))) == 1
    assert "who can teach chess and would like to learn guitar" in offers_to(emulator, number(1))[0]
    with Session() as session:
        session.execute(update(MatchOffer).values(expires_at=utcnow() - timedelta(hours=1)))
        session.commit()
    rows = json.loads(cli(live_app, "export", "matches", "FOLK", "--format", "json").output)
    assert [(row["mutual"], row["status"]) for row in rows] == [(True, "expired")] * 2
