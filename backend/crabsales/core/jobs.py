"""Background jobs: a registry of idempotent functions, run by RQ workers or in-process (embedded mode).

Jobs are enqueued with `enqueue(...)` and leave only after the current unit of work commits, so a job never
sees data that was rolled back. Recurring jobs are registered with `@periodic` and enqueued by the scheduler.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, has_app_context

from . import clock
from .redis import get_redis
from .uow import commit, on_commit, rollback

log = logging.getLogger(__name__)


@dataclass
class JobSpec:
    name: str
    func: Callable
    queue: str
    retries: int


@dataclass
class PeriodicSpec:
    job_name: str
    every_seconds: int


JOBS: dict[str, JobSpec] = {}
PERIODIC: list[PeriodicSpec] = []
QUEUES = ("default", "sms", "low")


def job(queue: str = "default", retries: int = 3):
    """Register a job function by its dotted name."""

    def decorator(func):
        name = f"{func.__module__}.{func.__name__}"
        JOBS[name] = JobSpec(name, func, queue, retries)
        func.job_name = name
        return func

    return decorator


def periodic(every_seconds: int):
    """Register a job to run every N seconds (the scheduler enqueues it once per period)."""

    def decorator(func):
        PERIODIC.append(PeriodicSpec(func.job_name, every_seconds))
        return func

    return decorator


def enqueue(func, *args, **kwargs) -> None:
    """Enqueue after commit. In the inline mode the job runs in-process right after the commit."""
    name = func.job_name
    on_commit(lambda: dispatch(name, args, kwargs))


def enqueue_with(func, make_args: Callable[[], tuple]) -> None:
    """Enqueue after commit, with the arguments made only then: for example the id of a row this unit of work adds,
    which the commit's own flush assigns (no flush of its own is needed to learn it)."""
    name = func.job_name
    on_commit(lambda: dispatch(name, make_args(), {}))


def dispatch(name: str, args=(), kwargs=None) -> None:
    kwargs = kwargs or {}
    spec = JOBS[name]
    if current_app.config["JOBS_MODE"] == "rq":
        from rq import Queue, Retry

        queue = Queue(spec.queue, connection=get_redis())
        retry = Retry(max=spec.retries, interval=[10, 60, 300][: spec.retries]) if spec.retries else None
        queue.enqueue("crabsales.core.jobs.execute", name, list(args), kwargs, retry=retry)
    else:
        run_inline(name, args, kwargs)


def run_inline(name: str, args=(), kwargs=None) -> None:
    spec = JOBS[name]
    for attempt in range(spec.retries + 1):
        try:
            _run_in_unit_of_work(spec, args, kwargs or {})
            return
        except Exception:
            log.exception("job %s failed (attempt %s)", name, attempt + 1)


def _run_in_unit_of_work(spec: JobSpec, args, kwargs) -> None:
    try:
        result = spec.func(*args, **kwargs)
        commit()
        return result
    except Exception:
        rollback()
        raise


_worker_app = None


def execute(name: str, args, kwargs):
    """Entry point for RQ workers: runs the job inside an app context of its own (its own `g` and session, also when
    a simple worker runs every job in one process), committing once."""
    global _worker_app
    if has_app_context():
        with current_app._get_current_object().app_context():
            return _run_in_unit_of_work(JOBS[name], args, kwargs)
    if _worker_app is None:
        from .. import create_app

        _worker_app = create_app()
    with _worker_app.app_context():
        return _run_in_unit_of_work(JOBS[name], args, kwargs)


def scheduler_tick() -> list[str]:
    """Enqueue each periodic job whose period has started; a Redis key makes a period fire once across schedulers."""
    redis = get_redis()
    now = int(clock.timestamp())
    fired = []
    for spec in PERIODIC:
        slot = now // spec.every_seconds
        if redis.set(f"scheduler:{spec.job_name}:{slot}", "1", nx=True, ex=spec.every_seconds * 2):
            dispatch(spec.job_name)
            fired.append(spec.job_name)
    return fired


def run_scheduler_forever(app, poll_seconds: float = 5.0, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    while not stop.is_set():
        with app.app_context():
            try:
                fired = scheduler_tick()
                if fired:
                    log.info("scheduler enqueued %s", ", ".join(fired))
            except Exception:
                log.exception("scheduler tick failed")
        stop.wait(poll_seconds)


def start_in_process_scheduler(app) -> threading.Event:
    """Embedded mode: recurring jobs run in a daemon thread of the API process."""
    stop = threading.Event()
    thread = threading.Thread(target=run_scheduler_forever, args=(app,), kwargs={"stop": stop}, daemon=True)
    thread.start()
    return stop


def run_worker(app, burst: bool = False) -> None:
    """JOBS_WORKER=fork (RQ's default): each job runs in a new forked process, which opens its own database
    connection; isolated, but about 50 ms of CPU per job. JOBS_WORKER=simple: jobs run one after another in the
    worker process itself, reusing its connections and WeChat access token (a few ms per job); RQ's job timeout
    still applies."""
    from rq import SimpleWorker, Worker

    worker_class = SimpleWorker if app.config.get("JOBS_WORKER") == "simple" else Worker
    with app.app_context():
        worker = worker_class([*QUEUES], connection=get_redis())
        worker.work(burst=burst, with_scheduler=True)
