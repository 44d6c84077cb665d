"""Jobs queued under a module path from before a deploy run under the path they moved to."""

from datetime import UTC, datetime, timedelta

from rq.job import Job

from models import Session
from tests.helpers import wait_until
from workers.intros import introductions
from workers.outbox import delivery
from workers.outbox.writer import Kind, Text, add_texts
from workers.runtime.moved_jobs import MOVED, requeue_moved
from workers.runtime.queues import connect, queue


def test_queued_and_scheduled_jobs_keep_id_arguments_timeout_and_time(redis):
    jobs = queue(redis)
    tomorrow = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    # Queued as the code before the move queued them: by their old dotted paths.
    waiting = jobs.enqueue("workers.delivery.deliver", [1, 2, 3], job_timeout=600)
    later = jobs.enqueue_at(tomorrow, "workers.matches.send", 7, "token", job_timeout=600)
    other = jobs.enqueue("workers.intros.introductions.embed_answers", 9)

    assert requeue_moved(jobs) == 2

    now = Job.fetch(waiting.id, connection=redis)
    assert now.func is delivery.deliver and now.args == ([1, 2, 3],) and now.timeout == 600
    assert waiting.id in jobs.get_job_ids()
    scheduled = Job.fetch(later.id, connection=redis)
    assert scheduled.func is introductions.send and scheduled.args == (7, "token")
    assert jobs.scheduled_job_registry.get_scheduled_time(later.id) == tomorrow
    assert later.id not in jobs.get_job_ids()  # still waiting for its time
    assert Job.fetch(other.id, connection=redis).func_name == other.func_name
    assert requeue_moved(jobs) == 0  # nothing left under an old path


def test_every_old_path_names_a_job_that_imports(redis):
    jobs = queue(redis)
    for old, job in MOVED.items():
        jobs.enqueue(old)
        assert f"{job.__module__}.{job.__qualname__}" != old
    assert requeue_moved(jobs) == len(MOVED)
    assert {Job.fetch(i, connection=redis).func for i in jobs.get_job_ids()} == set(MOVED.values())


def test_a_worker_started_after_the_deploy_runs_a_job_queued_before_it(
    live_app, folk, emulator, start_worker
):
    with Session() as session:
        [text_id] = add_texts(session, [Text(Kind.BROADCAST, "+14165550001", "Hi", folk.id)])
        session.commit()
    jobs = queue(connect(live_app.config["REDIS_URL"]))
    old = jobs.enqueue("workers.delivery.deliver", [text_id], job_timeout=600)
    start_worker()
    assert wait_until(lambda: old.get_status(refresh=True) in ("finished", "failed"))
    assert old.get_status(refresh=True) == "finished"
    assert [m["body"] for m in emulator.accepted] == ["Hi"]
