import pytest
from crabsales.core import clock
from crabsales.core.jobs import JOBS, PERIODIC, dispatch, scheduler_tick
from crabsales.core.redis import get_redis

from tests.probe import count


def test_job_runs_after_the_request_commits(app, client):
    assert client.post("/_test/enqueue", json={"marker": "a"}).status_code == 200
    with app.app_context():
        assert count("probe.job") == 1


def test_job_of_a_rolled_back_request_never_runs(app, client):
    assert client.post("/_test/enqueue", json={"marker": "b", "fail": True}).status_code == 409
    with app.app_context():
        assert count("probe.job") == 0


def test_scheduler_fires_each_period_once(ctx):
    names = {p.job_name for p in PERIODIC}
    assert "crabsales.identity.services.purge_expired_sms_codes" in names
    assert set(scheduler_tick()) == names
    assert scheduler_tick() == []  # same period: nothing again, even from another scheduler
    clock.advance(max(p.every_seconds for p in PERIODIC) + 1)
    assert set(scheduler_tick()) == names


def test_every_registered_job_is_importable_by_name():
    for name, spec in JOBS.items():
        module, _, func = name.rpartition(".")
        assert getattr(__import__(module, fromlist=[func]), func) is spec.func


@pytest.mark.redis
def test_rq_mode_puts_jobs_on_redis_and_a_worker_runs_them(app):
    from rq import SimpleWorker

    with app.app_context():
        app.config["JOBS_MODE"] = "rq"
        try:
            dispatch("tests.probe.probe_job", ["rq-marker"])
            redis = get_redis()
            assert redis.llen("rq:queue:default") == 1
            SimpleWorker(["default"], connection=redis).work(burst=True)
        finally:
            app.config["JOBS_MODE"] = "inline"
        assert count("probe.job") == 1
