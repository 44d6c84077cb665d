"""`tablemates simulate`: a whole event through the webhook path, with simulated phones."""

import re

from sqlalchemy import func, select

from models import (
    AnswerVector,
    Attendee,
    Event,
    EventLog,
    InboundMessage,
    OutboundMessage,
    Seat,
    Session,
)


def test_simulate_runs_an_event_and_sums_it_up(rehearsal_app, redis):
    result = rehearsal_app.test_cli_runner().invoke(
        args=["simulate", "--attendees", "12", "--rounds", "2"]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "attendees: 12 signed up" in out
    assert "rounds: 2" in out
    assert "texts sent: 120 (96 reply, 24 round)" in out  # 8 replies each, then 2 tables each
    assert "repeat pairs across rounds: 0" in out
    assert "keep-apart violations: 0" in out
    assert re.search(r"mix of 'Age range\?': \d+% of tables in proportion", out)
    assert "sit-outs: 0" in out
    with Session() as session:
        event = session.scalars(select(Event)).one()
        assert event.code.startswith("SIM") and event.code in out
        assert not event.is_open  # texts from real phones no longer need to name an event
        assert event.archived_at is not None and f"event {event.code} archived" in out
        logged = session.execute(select(EventLog.host_email, EventLog.action)).all()
        assert logged == [("tablemates simulate", "archive")]
        statuses = session.scalars(select(Attendee.status)).all()
        assert statuses == ["complete"] * 12
        assert session.scalar(select(func.count()).select_from(InboundMessage)) == 96
        assert session.scalar(select(func.count()).select_from(Seat)) == 24
        kinds = session.execute(select(OutboundMessage.kind, OutboundMessage.status)).all()
        vectors = session.scalar(select(func.count()).select_from(AnswerVector))
        bodies = session.scalars(select(OutboundMessage.body)).all()
    assert set(kinds) == {("round", "delivered")}
    # Answers are embedded as a worker would, so tables get their learn/teach lines.
    assert vectors == 24
    assert sum(bool(re.search(r"can teach (you|it)|from you\.$", b)) for b in bodies) >= 6
    redis.flushdb()  # delivery jobs a configured REDIS_URL was given; nobody works them here


def test_simulate_twice_makes_two_events(rehearsal_app, redis):
    runner = rehearsal_app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["simulate", "--attendees", "4", "--rounds", "1"])
        assert result.exit_code == 0, result.output
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 2
        phones = session.scalars(select(Attendee.phone)).all()
    assert len(set(phones)) == 8
    redis.flushdb()


def test_simulate_refuses_with_twilio_credentials(runner):
    result = runner.invoke(args=["simulate"])
    assert result.exit_code == 1
    assert "rehearsal mode only" in result.output
    with Session() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 0


def test_simulate_has_help(runner):
    result = runner.invoke(args=["simulate", "--help"])
    assert result.exit_code == 0
    assert "--attendees" in result.output and "--rounds" in result.output
