"""The room's learn/teach scores: stored answer vectors first, n-grams for the rest; only
pairs at or above the floor."""

import numpy as np

from models import AnswerVector, Attendee, Session
from workers import matching
from workers.events.editing import create_event
from workers.rounds.learn_teach import room_scores


def people(session, *answers):
    event = create_event(session, "Folk", "FOLK")
    session.flush()
    rows = [
        Attendee(event_id=event.id, phone=f"+1416555000{i}", name=f"P{i}", learn=learn, teach=teach)
        for i, (learn, teach) in enumerate(answers)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def store(session, person, kind, vector, version=matching.VECTOR_VERSION):
    text = getattr(person, kind)
    session.add(AnswerVector(attendee_id=person.id, kind=kind, text=text, version=version,
                             vector=np.asarray(vector, dtype=np.float32).tobytes()))  # fmt: skip
    session.flush()


def test_stored_vectors_are_read_and_stale_ones_are_not(app):
    with Session() as session:
        ana, raj = people(session, ("how to fix my bike", "salsa"), ("chess", "bicycle repair"))
        # As if the model had said that the two mean the same: the room must read it.
        same = matching.embed_many(["bicycle repair"], lexical=True)[0]
        store(session, raj, "teach", same)
        store(session, ana, "learn", same)
        pairs = room_scores(session, [ana, raj], floor=0.5).at_table([ana.id, raj.id])
        assert list(pairs) == [(ana.id, raj.id)] and pairs[ana.id, raj.id] > 0.99
        session.query(AnswerVector).filter_by(attendee_id=ana.id).update({"version": "old"})
        assert room_scores(session, [ana, raj], floor=0.5).at_table([ana.id, raj.id]) == {}


def test_the_engines_pairs_are_each_learners_best_teachers_above_the_floor(app):
    with Session() as session:
        crowd = people(
            session,
            ("sourdough", ""),
            ("", "sourdough"),
            ("", "sourdough baking"),
            ("", "sourdough bread"),
            ("", "tax law"),
            ("sourdough", "sourdough"),  # never their own teacher
        )
        room = room_scores(session, crowd, floor=0.3)
        best = room.best_pairs(per_learner=2)
        ids = [p.id for p in crowd]
        assert best[:2] == [(ids[0], ids[1]), (ids[0], ids[5])]  # the two exact matches
        assert all(learner != teacher for learner, teacher in best)
        assert not any(teacher == ids[4] for _, teacher in best)  # below the floor
        assert all(learner in (ids[0], ids[5]) for learner, _ in best)  # who wants something
        assert room_scores(session, [], floor=0.3).best_pairs() == []


def test_a_sign_up_text_embeds_only_its_sender_and_wrappers_alone_pair_nobody(app):
    with Session() as session:
        ana, raj, lee, kim = people(
            session,
            ("sourdough", "salsa"),
            ("chess", "sourdough"),
            ("i wanna learn", "I can teach"),
            ("teach me something", "i can teach u"),
        )
        ids = [ana.id, raj.id, lee.id, kim.id]
        assert room_scores(session, [ana, raj], fill={ana.id}).at_table(ids) == {}
        store(session, raj, "teach", matching.embed_many(["sourdough"], lexical=True)[0])
        assert list(room_scores(session, [ana, raj], fill={ana.id}).at_table(ids)) == [
            (ana.id, raj.id)
        ]
        # "i wanna learn" and "I can teach" say nothing: no pair, however alike they read.
        room = room_scores(session, [lee, kim], floor=0.0)
        assert room.at_table([lee.id, kim.id]) == {} and room.best_pairs() == []
