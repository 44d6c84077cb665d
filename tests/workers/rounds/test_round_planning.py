"""How a round sees people: keep-apart keys, attributes to mix, learn/teach lines, who is
present."""

from sqlalchemy import select

from models import Answer, Attendee, OptOut, Round, Session
from workers.events import event_status
from workers.events.editing import create_event
from workers.rounds import learn_teach, seating


def add(session, event, phone, name, org="", age="", **fields):
    questions = {q.role: q for q in event.questions}
    attendee = Attendee(event_id=event.id, phone=phone, name=name, status="complete", **fields)
    attendee.answers = [
        Answer(question_id=questions["apart"].id, value=org),
        Answer(question_id=questions["spread"].id, value=age),
    ]
    session.add(attendee)
    return attendee


def test_people_are_kept_apart_by_organisation_but_not_by_generic_answers(app):
    with Session() as session:
        event = create_event(session, "Folk", "FOLK", questions=["Age?|Young|Old"])
        session.flush()
        people = [
            add(session, event, "+14165550001", "Ana", " ACME  Inc ", "Young"),
            add(session, event, "+14165550002", "Raj", "acme inc", "Old"),
            add(session, event, "+14165550003", "Lee", "Student", ""),
            add(session, event, "+14165550004", "Kim", "student", "Old"),
        ]
        session.flush()
        view = seating.people(session, event, people)
    org = next(q.id for q in event.questions if q.role == "apart")
    age = next(q.id for q in event.questions if q.role == "spread")
    assert view[0].apart == view[1].apart == frozenset({f"q{org}:acme inc"})
    assert view[2].apart == view[3].apart == frozenset()  # "student" names no organisation
    assert view[0].attributes == {f"q{age}": "young"} and view[2].attributes == {}


def test_present_leaves_out_who_left_opted_out_or_gave_no_name(app):
    with Session() as session:
        event = create_event(session, "Folk", "FOLK")
        session.flush()
        session.add_all([
            Attendee(event_id=event.id, phone="+14165550001", name="Ana", status="complete"),
            Attendee(event_id=event.id, phone="+14165550002", name="Raj", status="left"),
            Attendee(event_id=event.id, phone="+14165550003", name=None),
            Attendee(event_id=event.id, phone="+14165550004", name="Lee"),
            OptOut(phone="+14165550004"),
            Attendee(event_id=event.id, phone="+14165550005", name="Kim", status="signing_up"),
            Attendee(event_id=event.id, phone="+14165550006", name="Sam"),
            OptOut(phone="+14165550006"),
        ])  # fmt: skip
        session.flush()
        names = [a.name for a in seating.present(session, event.id)]
    assert names == ["Ana", "Kim"]


def texts_by_name(event, tables, room):
    """Round 1 of 3's text for each person at these tables, by first name."""
    return {
        person.name: body for person, _, body, _ in seating.compose(event, 1, 3, tables, [], room)
    }


def test_each_round_text_carries_its_readers_own_learn_teach_line(app):
    with Session() as session:
        event = create_event(session, "Folk", "FOLK", questions=["Age?|Young|Old"])
        session.flush()
        ana = add(session, event, "+14165550001", "Ana", learn="sourdough baking", teach="salsa")
        raj = add(session, event, "+14165550002", "Raj", learn="chess", teach="sourdough baking")
        lee = add(session, event, "+14165550003", "Lee", learn="knitting", teach="tax law")
        kim = add(session, event, "+14165550004", "Kim", learn="surfing", teach="go")
        session.flush()
        room = learn_teach.room_scores(session, [ana, raj, lee, kim], floor=0.5)
        texts = texts_by_name(event, [[ana, raj, lee], [kim]], room)
        without = seating.compose(event, 1, 3, [[ana, raj, lee]], [])
    assert texts["Ana"].endswith(" Raj can teach you sourdough baking: ask!")
    assert texts["Raj"].endswith(" Ana would like to learn sourdough baking from you.")
    assert texts["Lee"].endswith(" Ana wants to learn sourdough baking; Raj can teach it.")
    assert texts["Kim"].endswith("Others will join you there.")
    assert all(
        "learn sourdough" not in body and "can teach" not in body[-40:] for _, _, body, _ in without
    )


def test_history_is_read_per_round_and_table(app):
    from models import Round, Seat

    with Session() as session:
        event = create_event(session, "Folk", "FOLK")
        session.flush()
        people = [
            Attendee(event_id=event.id, phone=f"+1416555000{i}", name=f"P{i}") for i in range(5)
        ]
        first, second = Round(event_id=event.id, number=1), Round(event_id=event.id, number=2)
        session.add_all([*people, first, second])
        session.flush()
        a, b, c, d, e = (p.id for p in people)
        session.add_all(
            [
                Seat(round_id=first.id, attendee_id=x, table=t)
                for x, t in ((a, 1), (b, 1), (c, 2), (d, 2))
            ]
            + [
                Seat(round_id=second.id, attendee_id=x, table=t)
                for x, t in ((a, 2), (c, 1), (b, 2), (d, 1))
            ]
            + [Seat(round_id=second.id, attendee_id=e, table=None)]  # sat out: met nobody
        )
        session.flush()
        before_two = seating.history(session, event.id, before=2)
        before_three = seating.history(session, event.id, before=3)
    ids = lambda *xs: sorted(str(x) for x in xs)  # noqa: E731
    assert [[sorted(t) for t in r] for r in before_two] == [[ids(a, b), ids(c, d)]]
    assert [[sorted(t) for t in r] for r in before_three][1] == [ids(c, d), ids(a, b)]


def test_capacities_and_labels_come_from_the_hosts_tables():
    from models import Event

    room = Event(tables=[{"label": "Window 3", "capacity": 6}, {"label": "7", "capacity": 4}])
    assert seating.capacities(room) == [6, 4]
    assert [seating.table_label(room, t) for t in (1, 2, 3)] == ["Window 3", "7", "3"]
    plain = Event(tables=None)
    assert seating.capacities(plain) is None and seating.table_label(plain, 4) == "4"


def test_a_round_that_cannot_keep_colleagues_apart_says_so_in_the_hosts_words(app, redis):
    with Session() as session:
        event = create_event(session, "Folk", "FOLK", table_size=3, questions=["Age?|Young|Old"])
        session.flush()
        for i in range(6):  # three of them at Acme Robotics: only two tables
            add(session, event, f"+1416555000{i}", f"P{i}", "Acme Robotics" if i < 3 else f"Org{i}")
        session.flush()
        shown = event_status.preview(session, event).reason  # what the host reads before Send
        rnd = Round(event_id=event.id, number=1)
        session.add(rnd)
        session.commit()
        round_id = rnd.id
    seating.plan(round_id)
    with Session() as session:
        note = session.scalar(select(Round.note).where(Round.id == round_id))
    for words in (shown, note):
        assert "marked 'acme robotics' cannot all be kept apart at only 2 tables" in words
        assert not seating.APART_KEY.search(words)  # no internal key


def test_host_note_leaves_other_words_alone():
    assert seating.host_note(None) is None
    assert seating.host_note("The 3 people marked 'q12:acme' x") == "The 3 people marked 'acme' x"
    assert seating.host_note("At most 2 rounds: 'q' is fine") == "At most 2 rounds: 'q' is fine"


def test_lines_come_from_the_meaning_of_the_stored_vectors(app):
    from workers.intros import introductions

    with Session() as session:
        event = create_event(session, "Folk", "FOLK", questions=["Age?|Young|Old"])
        session.flush()
        ana = add(session, event, "+14165550001", "Ana", learn="how to fix my bike", teach="tax")
        raj = add(session, event, "+14165550002", "Raj", learn="knitting", teach="bicycle repair")
        mia = add(session, event, "+14165550003", "Mia", learn="salsa dancing", teach="sql")
        zoe = add(session, event, "+14165550004", "Zoe", learn="go", teach="salsa and bachata")
        session.flush()
        introductions.vectors(session, [ana, raj, mia, zoe])  # as the embed job stores them
        room = learn_teach.room_scores(session, [ana, raj, mia, zoe])
        texts = texts_by_name(event, [[ana, raj, mia, zoe]], room)
    assert texts["Ana"].endswith(" Raj can teach you bicycle repair: ask!")
    # Each side in its own words: Ana's wish as she put it, Raj's offer as he did.
    assert texts["Raj"].endswith(" Ana would like to learn how to fix their bike from you.")
    assert texts["Mia"].endswith(" Zoe can teach you salsa and bachata: ask!")
    assert texts["Zoe"].endswith(" Mia would like to learn salsa dancing from you.")


TOPICS = ["bicycle repair", "sourdough baking", "salsa dancing", "chess openings"]
OTHERS = ["tax law", "knitting", "go", "sql", "pottery", "surfing", "origami", "juggling"]
ALONE = ["kayaking", "astronomy", "welding", "beekeeping", "falconry", "calligraphy", "rowing",
         "embroidery"]  # fmt: skip


def test_complementary_pairs_are_seated_together(app):
    with Session() as session:
        event = create_event(session, "Folk", "FOLK", questions=["Age?|Young|Old"], table_size=4)
        session.flush()
        crowd = []
        for k, topic in enumerate(TOPICS):  # person 2k wants what person 2k+1 teaches
            crowd.append(add(session, event, f"+1416555{2 * k:04d}", f"L{k}", learn=topic,
                             teach=OTHERS[k]))  # fmt: skip
            crowd.append(add(session, event, f"+1416555{2 * k + 1:04d}", f"T{k}",
                             learn=OTHERS[k + 4], teach=topic))  # fmt: skip
        for k in range(4):  # and four more with nothing to share
            crowd.append(add(session, event, f"+14165559{k:03d}", f"X{k}", learn=ALONE[k],
                             teach=ALONE[k + 4]))  # fmt: skip
        session.flush()
        _, plan = seating.plan_tables(session, event, 1)
        table_of = {int(i): t for t, ids in enumerate(plan.tables) for i in ids}
        seated_together = [
            table_of[crowd[2 * k].id] == table_of[crowd[2 * k + 1].id] for k in range(4)
        ]
    # Three tables, one pair each this round (the fourth pair meets in a later round): the
    # other two seats of a table are left to mix the room.
    assert sum(seated_together) == plan.metrics["pairs_met"] == 3
    tables_with_pair = {table_of[crowd[2 * k].id] for k in range(4) if seated_together[k]}
    assert len(tables_with_pair) == 3


def test_a_late_arrival_joins_the_table_of_someone_who_can_teach_them(app):
    from models import Round, Seat
    from workers.intros import introductions

    with Session() as session:
        event = create_event(session, "Folk", "FOLK", questions=["Age?|Young|Old"], table_size=3)
        session.flush()
        seated = [
            add(session, event, f"+141655500{i:02d}", f"P{i}", learn=ALONE[i], teach=OTHERS[i])
            for i in range(6)
        ]
        rnd = Round(event_id=event.id, number=1, status="sending")
        session.add(rnd)
        session.flush()
        for i, person in enumerate(seated):  # tables of three: P0-P2 at 1, P3-P5 at 2
            session.add(Seat(round_id=rnd.id, attendee_id=person.id, table=1 + i // 3))
        introductions.vectors(session, seated)  # stored by the embed job as they signed up
        # She wants what P4 teaches (at table 2); the table with fewer shared answers would
        # otherwise do as well.
        late = add(session, event, "+14165550099", "Eva", learn=OTHERS[4], teach="rowing")
        session.flush()
        seating.seat_late(session, event.id, late.id)
        table = session.scalar(select(Seat.table).where(Seat.attendee_id == late.id))
        reply = seating.table_now(session, event.id, late.id)
    assert table == 2
    assert reply.endswith(f" P4 can teach you {OTHERS[4]}: ask!")
