"""Vectors stored by an earlier matcher version are made again by one queued job."""

import numpy as np
from sqlalchemy import select

from models import AnswerVector, Attendee, Event, Session
from workers import matching
from workers.intros import reembedding
from workers.runtime.queues import queue


def store_old_vectors() -> int:
    """One person with learn and teach vectors of an older version; return their id."""
    with Session() as session:
        event = Event(name="Last month", code="OLDVEC")
        session.add(event)
        session.flush()
        person = Attendee(event_id=event.id, phone="+14165550100", name="Ana",
                          learn="i wanna learn guitr", teach="sourdough baking",
                          consent=True, status="complete", step="done")  # fmt: skip
        session.add(person)
        session.flush()
        old = np.ones(matching.VECTOR_DIM, np.float32).tobytes()
        for kind in ("learn", "teach"):
            text = getattr(person, kind)
            session.add(AnswerVector(attendee_id=person.id, kind=kind, text=text,
                                     version="minilm-int8+ngram1024-v1", vector=old))  # fmt: skip
        session.commit()
        return person.id


def test_the_job_re_embeds_stale_vectors(app):
    person = store_old_vectors()
    assert reembedding.reembed_stale(batch=1) == 1
    with Session() as session:
        rows = session.scalars(select(AnswerVector).where(AnswerVector.attendee_id == person))
        rows = {row.kind: row for row in rows}
    assert {row.version for row in rows.values()} == {matching.VECTOR_VERSION}
    fresh = matching.embed("i wanna learn guitr")
    stored = np.frombuffer(rows["learn"].vector, dtype=np.float32)
    assert np.allclose(stored, fresh, atol=1e-5)
    assert reembedding.reembed_stale() == 0  # nothing left


def test_an_erased_answer_loses_its_stale_vector(app):
    person = store_old_vectors()
    with Session() as session:
        session.get_one(Attendee, person).teach = None
        session.commit()
    reembedding.reembed_stale()
    with Session() as session:
        kinds = session.scalars(select(AnswerVector.kind).where(AnswerVector.attendee_id == person))
        assert set(kinds) == {"learn"}


def test_starting_workers_queue_the_job_once_per_version(app, redis):
    jobs = queue(redis)
    assert not reembedding.queue_if_stale(jobs)  # nothing stored yet: nothing to do
    store_old_vectors()
    assert reembedding.queue_if_stale(jobs)
    assert not reembedding.queue_if_stale(jobs)  # a second worker starting
    [job] = jobs.get_jobs()
    assert job.func_name == "workers.intros.reembedding.reembed_stale"
