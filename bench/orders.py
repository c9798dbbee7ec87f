"""Order-submit benchmark: the real submit (and checkout + submit) under gunicorn against a minimal Flask floor.

    cd /work/main && PYTHONPATH=backend .venv/bin/python bench/orders.py
    ... --clients 8,32 --duration 20 --warmup 3 --database-url postgresql://postgres@127.0.0.1:5432/crab_bench_orders

What it does (see docs/bench-orders.md):

1. Drops and creates its own database (never crab_test, crab_ci, crab_dev, crab_bench), migrates it with
   flask_migrate.upgrade and seeds one hot package (1,000,000 units), a default freight template and N WeChat-logged-in
   buyers with a default address (direct inserts through the models); their access tokens are issued in-process with
   the same secret the server is started with.
2. Starts the real API (crabsales.wsgi:app) and bench/minimal_app.py under gunicorn on free 127.0.0.1 ports, with the
   same worker/thread counts (default 2 x 2, one worker per core; FAKE_SERVICES=1, the local Redis db 14, emptied at
   the start, when it answers). With Redis the API runs JOBS_MODE=rq, as in production, and one
   `flask jobs worker` (JOBS_WORKER=simple) runs the jobs beside it on the same cores; its CPU is reported per order
   and the queue is drained after each run. Without Redis (or with --jobs inline) jobs run in the request.
   Each worker's SQLAlchemy pool is sized to its threads, without the pre-ping round trip (DB_POOL_* variables).
3. For each concurrency level: (a) the minimal endpoint; then the real flow per iteration, POST /api/v1/checkout
   (buy now, the hot package) then POST /api/v1/orders with its token; then (b) the real submit alone: tokens are
   first issued by real checkouts (untimed, as buyers who confirmed before the sale opened), then every client
   only submits. Threads with keep-alive connections (http.client, the lightest Python client, so the generator
   steals as little CPU as possible from the 2 cores). Each run: warm-up, then a fixed measuring window. Reports
   orders/s, p50/p99, the ratios b/a and flow/a, the CPU each side used per order, what the database backends were
   doing (sampled pg_stat_activity) and the oversell check.
4. "Last units": the hot stock is set to a few units and every client races for them: exactly that many orders,
   stock 0, the rest answered 409 OUT_OF_STOCK (for both apps).
5. A single-threaded in-process profile of the submit request (statements, round trips, where the time goes).
6. The notification storm, in-process (the fake WeChat Pay makes its own keys in every server process, so signed
   notifications cannot be built outside it): K orders prepaid through the API, then M correctly signed
   notifications with duplicates sent from several threads through the Flask test client; each payment must be
   applied exactly once.

Every network target is 127.0.0.1; every loop is bounded by count and time; the servers are stopped on exit.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import http.client
import io
import json
import logging
import os
import pstats
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

REPO_ROOT = Path(__file__).resolve().parents[1]
BACKEND = REPO_ROOT / "backend"
sys.path.insert(0, str(BACKEND))
sys.path.insert(0, str(REPO_ROOT / "bench"))

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/crab_bench_orders"
PROTECTED_DATABASES = {
    "crab_test",
    "crab_ci",
    "crab_dev",
    "crab_bench",
    "crab_bench_small",
    "postgres",
    "template0",
    "template1",
}
LOCAL_REDIS = "redis://127.0.0.1:6379/14"
SECRET = "bench-orders-only-secret-0123456789abcdef-0123456789"
INITIAL_STOCK = 1_000_000
PACKAGE_PRICE = 59800
MAX_ITERATIONS_PER_THREAD = 1_000_000
HTTP_TIMEOUT = 30
ADDRESS = {
    "receiver_name": "王明",
    "receiver_phone": "13800000001",
    "province": "江苏省",
    "city": "苏州市",
    "district": "相城区",
    "detail": "阳澄湖镇湖滨路 1 号",
}


def log(message: str) -> None:
    print(f"==> {message}", flush=True)


# ---- database --------------------------------------------------------------------------------------------------------


def plain_url(url: str) -> str:
    """postgresql://... as psycopg wants it (the app accepts the same and adds +psycopg itself)."""
    for prefix in ("postgresql+psycopg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def check_target(url: str) -> None:
    parts = urlsplit(url)
    name = database_name(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"refusing a database that is not on this machine: {parts.hostname}")
    if not name or name in PROTECTED_DATABASES:
        sys.exit(f"refusing to drop the database {name!r}: pick a database of the benchmark's own")


def recreate_database(url: str) -> None:
    name = database_name(url)
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def redis_url() -> str:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return LOCAL_REDIS
    except OSError:
        pass
    return ""


def app_environment(url: str, workdir: Path, redis: str, jobs: str = "inline", threads: int = 4) -> dict:
    return {
        "DATABASE_URL": url,
        "FAKE_SERVICES": "1",
        # rq (the production mode): the request only enqueues; one `flask jobs worker` (JOBS_WORKER=simple) runs
        # the subscribe messages beside the API on the same cores. inline: they run in the request, after commit.
        "JOBS_MODE": jobs,
        "JOBS_WORKER": "simple",
        "SCHEDULER_IN_PROCESS": "0",
        "REDIS_URL": redis,
        # One pool per gunicorn worker, sized to its threads; PostgreSQL is local and never restarts here, so the
        # pre-ping round trip is dropped (connections are recycled every 5 minutes instead).
        "DB_POOL_SIZE": str(threads),
        "DB_MAX_OVERFLOW": str(threads),
        "DB_POOL_PRE_PING": "0",
        "DB_POOL_RECYCLE": "300",
        "SECRET_KEY": SECRET,
        "JWT_SECRET_KEY": SECRET,
        "JWT_ACCESS_MINUTES": "240",
        "STORAGE_DIR": str(workdir / "files"),
        # backend first, then whatever the caller had (a patched --api-app may live elsewhere)
        "PYTHONPATH": os.pathsep.join(
            dict.fromkeys([str(BACKEND), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])
        ),
    }


@dataclass
class Seeded:
    item_id: int
    buyers: list  # (user_id, access token)
    pay_amount: int


def migrate_and_seed(app, buyers: int) -> Seeded:
    from crabsales.catalog.models import CatalogItem, Category
    from crabsales.extensions import db
    from crabsales.identity.auth import issue_tokens
    from crabsales.identity.models import Address, User
    from crabsales.orders.models import FreightRule, FreightTemplate
    from flask_migrate import upgrade
    from sqlalchemy import insert

    with app.app_context():
        upgrade()
        category = Category(scope="package", name="礼盒")
        item = CatalogItem(
            kind="package",
            category=category,
            name="公4两母3两 4对装（压测爆款）",
            search_text="公4两母3两 4对装 压测爆款",
            retail_price=PACKAGE_PRICE,
            stock=INITIAL_STOCK,
            weight_g=2000,
            is_on_shelf=True,
        )
        template = FreightTemplate(name="顺丰冷链", is_default=True, free_threshold=100000)
        template.rules = [
            FreightRule(
                regions=["江苏省", "浙江省", "上海市"],
                first_weight_g=1000,
                first_price=1200,
                additional_weight_g=1000,
                additional_price=500,
            ),
            FreightRule(
                regions=[], first_weight_g=1000, first_price=1800, additional_weight_g=1000, additional_price=800
            ),
        ]
        db.session.add_all([item, template])
        db.session.flush()
        rows = [
            {
                "wechat_openid": f"o-bench-orders-{n:06d}",
                "member_no": f"BO{n:08d}",
                "nickname": f"压测买家{n}",
                "token_version": 1,
                "is_active": True,
            }
            for n in range(1, buyers + 1)
        ]
        user_ids = db.session.execute(insert(User).returning(User.id), rows).scalars().all()
        db.session.execute(insert(Address), [{**ADDRESS, "user_id": uid, "is_default": True} for uid in user_ids])
        item_id = item.id
        db.session.commit()
        tokens = []
        for uid in user_ids:
            account = SimpleNamespace(id=uid, token_version=1, password_change_required=False)
            tokens.append((uid, issue_tokens("user", account, "member")["access_token"]))
        db.session.remove()
    # 2 kg to 江苏省: 1200 for the first kilo + 500 for the second; goods below the free threshold.
    return Seeded(item_id, tokens, PACKAGE_PRICE + 1700)


# ---- servers ---------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: the master and its workers only
                self.proc.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)

    def worker_pids(self) -> list[int]:
        pids = [self.proc.pid]
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                    pids.append(int(entry))
        return pids


def start_job_worker(env: dict, workdir: Path) -> Server:
    """`flask jobs worker` (JOBS_MODE=rq): runs the jobs the API enqueues, in its own process group."""
    flask = Path(sys.executable).parent / "flask"
    log_path = workdir / "worker.log"
    with open(log_path, "wb") as out:
        proc = subprocess.Popen(
            [str(flask), "--app", "crabsales.wsgi", "jobs", "worker"],
            cwd=REPO_ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server("worker", 0, proc, log_path)


JOB_QUEUES = ("default", "sms", "low")


def job_backlog(redis: str) -> int:
    """Jobs waiting in the RQ queues of the benchmark's Redis database (0 without Redis)."""
    if not redis:
        return 0
    import redis as redis_lib

    client = redis_lib.Redis.from_url(redis)
    try:
        return sum(client.llen(f"rq:queue:{name}") for name in JOB_QUEUES)
    finally:
        client.close()


def wait_for_jobs(redis: str, timeout: float = 120.0) -> tuple[int, float]:
    """Wait (bounded) until the worker has taken every queued job; returns (jobs left, seconds waited)."""
    t0 = time.monotonic()
    left = job_backlog(redis)
    while left and time.monotonic() - t0 < timeout:
        time.sleep(0.5)
        left = job_backlog(redis)
    return left, round(time.monotonic() - t0, 1)


def flush_bench_redis(redis: str) -> None:
    """The benchmark's own Redis database starts empty (no jobs or tokens left over from an earlier run)."""
    if redis:
        import redis as redis_lib

        client = redis_lib.Redis.from_url(redis)
        try:
            client.flushdb()
        finally:
            client.close()


def start_gunicorn(name: str, app_spec: str, env: dict, args, workdir: Path, health: str, extra=()) -> Server:
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    cmd = [
        str(gunicorn),
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread",
        "--bind",
        f"127.0.0.1:{port}",
        "--keep-alive",
        "30",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        *extra,
        app_spec,
    ]
    log_path = workdir / f"{name}.log"
    with open(log_path, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=REPO_ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(name, port, proc, log_path)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{server.log_tail()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", health)
            if conn.getresponse().status == 200:
                conn.close()
                return server
            conn.close()
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"{name} did not answer {health} within 90 s:\n{server.log_tail()}")


# ---- load generator --------------------------------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1."""

    def __init__(self, port: int):
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def post(self, path: str, payload: dict, headers: dict | None = None) -> tuple[int, bytes]:
        body = json.dumps(payload).encode()
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)
        try:
            self.conn.request("POST", path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.will_close:
            self.close()
        return response.status, data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


@dataclass
class Sample:
    start: float
    end: float
    status: int
    ok: bool


@dataclass
class PhaseResult:
    label: str
    clients: int
    duration: float
    samples: dict = field(default_factory=dict)  # step name -> [Sample]
    errors: Counter = field(default_factory=Counter)
    error_examples: list = field(default_factory=list)
    created_total: int = 0  # every 201 of the run, warm-up included (for the database check)
    cpu: dict = field(default_factory=dict)
    db_activity: dict = field(default_factory=dict)
    loadavg: tuple = ()
    ran_out: int = 0  # clients that used up their prepared submits before the window closed

    def window(self, step: str, ws: float, we: float) -> list[Sample]:
        return [s for s in self.samples.get(step, []) if s.start >= ws and s.end <= we]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def summarize(samples: list[Sample], duration: float) -> dict:
    ok = [s for s in samples if s.ok]
    latencies = [(s.end - s.start) * 1000 for s in ok]
    return {
        "count": len(samples),
        "ok": len(ok),
        "rate": len(ok) / duration if duration else 0.0,
        "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies) if latencies else float("nan"),
    }


def error_key(status: int, data: bytes) -> str:
    try:
        return f"{status} {json.loads(data).get('error_code', '')}".strip()
    except (ValueError, AttributeError):
        return str(status)


def minimal_iteration(conn: Connection, buyer, record) -> bool:
    t0 = time.perf_counter()
    status, data = conn.post("/order", {"user_id": buyer[0]})
    record("order", t0, time.perf_counter(), status, status == 201, data)
    return status == 201


def real_iteration_factory(item_id: int):
    def iteration(conn: Connection, buyer, record) -> bool:
        headers = {"Authorization": f"Bearer {buyer[1]}"}
        t0 = time.perf_counter()
        status, data = conn.post("/api/v1/checkout", {"item_id": item_id, "quantity": 1}, headers)
        t1 = time.perf_counter()
        record("checkout", t0, t1, status, status == 200, data)
        if status != 200:
            return False
        preview = json.loads(data)
        body = {
            "submit_token": preview["submit_token"],
            "expected_pay_amount": preview["pay_amount"],
        }
        status, data = conn.post("/api/v1/orders", body, headers)
        record("submit", t1, time.perf_counter(), status, status == 201, data)
        return status == 201

    return iteration


def prepare_submits(server: Server, clients: int, buyers: list, item_id: int, count: int) -> list:
    """Real checkouts (untimed) that issue `count` submit tokens, as buyers who confirmed their order before the
    sale opened. The list is interleaved so that client i of the next phase gets entries i, i + clients, …"""
    per_client = -(-count // clients)
    prepared: list[list] = [[] for _ in range(clients)]
    failures = Counter()

    def worker(index: int) -> None:
        conn = Connection(server.port)
        mine = buyers[index::clients] or buyers
        n = 0
        while len(prepared[index]) < per_client and n < 3 * per_client:
            buyer = mine[n % len(mine)]
            n += 1
            try:
                status, data = conn.post(
                    "/api/v1/checkout", {"item_id": item_id, "quantity": 1}, {"Authorization": f"Bearer {buyer[1]}"}
                )
            except (OSError, http.client.HTTPException) as exc:
                failures[type(exc).__name__] += 1
                continue
            if status != 200:
                failures[error_key(status, data)] += 1
                continue
            preview = json.loads(data)
            prepared[index].append({"buyer": buyer, "preview": preview, "used": False})
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    if failures:
        log(f"   checkout failures while preparing: {dict(failures)}")
    return [prepared[i][k] for k in range(per_client) for i in range(clients) if k < len(prepared[i])]


def submit_only_iteration_factory():
    def iteration(conn: Connection, entry, record):
        if entry["used"]:
            return None  # this client has submitted every token it was given
        entry["used"] = True
        preview = entry["preview"]
        body = {
            "submit_token": preview["submit_token"],
            "expected_pay_amount": preview["pay_amount"],
        }
        t0 = time.perf_counter()
        status, data = conn.post("/api/v1/orders", body, {"Authorization": f"Bearer {entry['buyer'][1]}"})
        record("submit", t0, time.perf_counter(), status, status == 201, data)
        return status == 201

    return iteration


def proc_cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


def machine_busy_seconds() -> tuple[float, float]:
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / ticks, sum(fields) / ticks


class DbSampler:
    """Samples what the benchmark database's backends are doing (every 50 ms) and their CPU."""

    def __init__(self, url: str):
        self.url = url
        self.stop_event = threading.Event()
        self.counts: Counter = Counter()
        self.samples = 0
        self.thread: threading.Thread | None = None
        self.backend_pids: list[int] = []

    def _pids(self, conn) -> list[int]:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        return [r[0] for r in rows]

    def start(self) -> None:
        self.conn = psycopg.connect(self.url, autocommit=True)
        self.backend_pids = self._pids(self.conn)
        self.cpu_before = proc_cpu_seconds(self.backend_pids)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        deadline = time.monotonic() + 3600
        while not self.stop_event.is_set() and time.monotonic() < deadline:
            rows = self.conn.execute(
                "SELECT state, wait_event_type, wait_event FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            ).fetchall()
            for state, wtype, wevent in rows:
                if state == "active" and wtype == "Lock":
                    key = f"waiting on lock ({wevent})"
                elif state == "active" and wtype in ("IO", "LWLock") and wevent in ("WalSync", "WALWrite", "WalWrite"):
                    key = "commit: WAL flush"
                elif state == "active":
                    key = "running SQL" + (f" ({wtype}:{wevent})" if wtype and wtype != "Client" else "")
                elif state == "idle in transaction":
                    key = "idle in transaction (app-side work)"
                else:
                    key = state or "unknown"
                self.counts[key] += 1
            self.samples += 1
            self.stop_event.wait(0.05)

    def stop(self) -> tuple[dict, float]:
        self.stop_event.set()
        if self.thread:
            self.thread.join(timeout=5)
        cpu = proc_cpu_seconds(self.backend_pids) - self.cpu_before
        self.conn.close()
        per_sample = {k: round(v / max(1, self.samples), 2) for k, v in self.counts.most_common()}
        return per_sample, cpu


def run_phase(
    label: str, server: Server, clients: int, buyers: list, iteration, args, db_url: str, jobs: Server | None = None
) -> PhaseResult:
    """Warm-up, then a fixed measuring window; every thread stops starting iterations when the window closes.
    With a job worker, its CPU in the window is counted too, and the queue is drained (bounded) before returning."""
    result = PhaseResult(label, clients, args.duration)
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)
    t_start = [0.0]

    def worker(index: int) -> None:
        conn = Connection(server.port)
        mine = buyers[index::clients] or buyers
        local: dict[str, list] = {}
        errors: Counter = Counter()
        examples: list = []
        created = ran_out = 0

        def record(step, t0, t1, status, ok, data):
            local.setdefault(step, []).append(Sample(t0, t1, status, ok))
            if not ok:
                errors[f"{step}: {error_key(status, data)}"] += 1
                if len(examples) < 3:
                    examples.append(f"{step} {status} {data[:200]!r}")

        start_gate.wait()
        end = t_start[0] + args.warmup + args.duration
        n = 0
        while time.perf_counter() < end and n < MAX_ITERATIONS_PER_THREAD:
            try:
                outcome = iteration(conn, mine[n % len(mine)], record)
                if outcome is None:
                    ran_out = 1
                    break
                if outcome:
                    created += 1
            except (OSError, http.client.HTTPException, ValueError) as exc:
                errors[f"exception: {type(exc).__name__}"] += 1
                if len(examples) < 3:
                    examples.append(repr(exc))
                time.sleep(0.01)
            n += 1
        conn.close()
        with lock:
            for step, samples in local.items():
                result.samples.setdefault(step, []).extend(samples)
            result.errors.update(errors)
            result.error_examples.extend(examples)
            result.created_total += created
            result.ran_out += ran_out

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    sampler = DbSampler(db_url)
    t_start[0] = time.perf_counter()
    start_gate.wait()
    time.sleep(args.warmup)
    result.loadavg = os.getloadavg()
    sampler.start()
    busy0, total0 = machine_busy_seconds()
    pids = server.worker_pids()
    job_pids = jobs.worker_pids() if jobs else []
    server_cpu0, client_cpu0 = proc_cpu_seconds(pids), time.process_time()
    jobs_cpu0 = proc_cpu_seconds(job_pids)
    time.sleep(args.duration)
    server_cpu = proc_cpu_seconds(pids) - server_cpu0
    client_cpu = time.process_time() - client_cpu0
    jobs_cpu = proc_cpu_seconds(job_pids) - jobs_cpu0
    backlog = job_backlog(args.redis) if jobs else 0
    busy1, total1 = machine_busy_seconds()
    result.db_activity, db_cpu = sampler.stop()
    for thread in threads:
        thread.join(timeout=HTTP_TIMEOUT + 10)
    result.window_start = t_start[0] + args.warmup
    result.window_end = result.window_start + args.duration
    result.cpu = {
        "server_s": round(server_cpu, 2),
        "client_s": round(client_cpu, 2),
        "postgres_s": round(db_cpu, 2),
        "machine_busy_pct": round(100 * (busy1 - busy0) / max(1e-9, total1 - total0), 1),
    }
    if jobs:
        result.cpu["job_worker_s"] = round(jobs_cpu, 2)
        result.cpu["jobs_queued_at_window_end"] = backlog
        left, waited = wait_for_jobs(args.redis)
        result.cpu["jobs_drain_s"] = waited
        result.cpu["jobs_left_after_drain"] = left
    return result


# ---- checks ----------------------------------------------------------------------------------------------------------


def real_stock_state(url: str, item_id: int) -> dict:
    with psycopg.connect(url) as conn:
        stock = conn.execute("SELECT stock FROM catalog_items WHERE id = %s", (item_id,)).fetchone()[0]
        reserved = conn.execute(
            "SELECT coalesce(sum(l.quantity), 0), count(DISTINCT o.id) FROM order_lines l "
            "JOIN orders o ON o.id = l.order_id WHERE l.item_id = %s AND o.stock_reserved",
            (item_id,),
        ).fetchone()
        tokens_used = conn.execute("SELECT count(*) FROM submit_tokens WHERE order_id IS NOT NULL").fetchone()[0]
    return {"stock": stock, "reserved_units": int(reserved[0]), "orders": reserved[1], "tokens_used": tokens_used}


def minimal_stock_state(url: str) -> dict:
    with psycopg.connect(url) as conn:
        stock = conn.execute("SELECT stock FROM bench_items WHERE id = 1").fetchone()[0]
        orders = conn.execute("SELECT count(*) FROM bench_orders").fetchone()[0]
    return {"stock": stock, "reserved_units": orders, "orders": orders}


def oversell_check(state: dict, base_stock: int) -> dict:
    oversold = state["reserved_units"] + state["stock"] - base_stock
    return {
        **state,
        "consistent": oversold == 0 and state["stock"] >= 0,
        "difference": oversold,
    }


def last_units(label, server, buyers, iteration, args, url, set_stock, state_fn) -> dict:
    """Set the stock to a few units, let every client race for them; exactly that many orders may result."""
    before = state_fn()
    set_stock(args.last_units)
    result = PhaseResult(label, args.max_clients, args.last_units_seconds)
    lock = threading.Lock()
    sold_out = threading.Event()
    deadline = time.perf_counter() + args.last_units_seconds

    def worker(index):
        conn = Connection(server.port)
        mine = buyers[index :: args.max_clients] or buyers
        refused, n = 0, 0
        while time.perf_counter() < deadline and n < MAX_ITERATIONS_PER_THREAD and refused < 20:
            statuses = []

            def record(step, t0, t1, status, ok, data, statuses=statuses):
                statuses.append((step, status, error_key(status, data)))

            try:
                created = iteration(conn, mine[n % len(mine)], record)
            except (OSError, http.client.HTTPException, ValueError):
                created = False
            n += 1
            with lock:
                result.created_total += int(created)
                for step, status, key in statuses:
                    if status not in (200, 201):
                        result.errors[f"{step}: {key}"] += 1
            if any(key.endswith("OUT_OF_STOCK") for _, _, key in statuses):
                refused += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.max_clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.last_units_seconds + HTTP_TIMEOUT + 5)
    sold_out.set()
    after = state_fn()
    new_orders = after["orders"] - before["orders"]
    return {
        "units": args.last_units,
        "orders_created": new_orders,
        "client_201": result.created_total,
        "stock_after": after["stock"],
        "refusals": dict(result.errors),
        "ok": new_orders == args.last_units and after["stock"] == 0 and result.created_total == args.last_units,
    }


# ---- in-process profile ----------------------------------------------------------------------------------------------


def profile_submit(app, seeded: Seeded, iterations: int, workdir: Path) -> dict:
    """Single-threaded, in-process: statements and time per checkout and per submit, and a cProfile of submit."""
    from crabsales.core import jobs
    from crabsales.extensions import db
    from sqlalchemy import event

    client = app.test_client()
    uid, token = seeded.buyers[0]
    headers = {"Authorization": f"Bearer {token}"}
    stats = {"statements": 0, "sql_s": 0.0, "pings": 0, "ping_s": 0.0, "after_commit_s": 0.0, "jobs": 0}
    starts: dict = {}

    with app.app_context():
        engine = db.engine

    def before(conn, cursor, statement, params, context, executemany):
        starts[id(cursor)] = time.perf_counter()

    def after(conn, cursor, statement, params, context, executemany):
        if stats.get("capture"):
            statements.append(" ".join(statement.split())[:110])
        stats["statements"] += 1
        stats["sql_s"] += time.perf_counter() - starts.pop(id(cursor), time.perf_counter())

    dialect = engine.dialect
    original_ping = dialect.do_ping

    def counted_ping(dbapi_connection):
        t0 = time.perf_counter()
        try:
            return original_ping(dbapi_connection)
        finally:
            stats["pings"] += 1
            stats["ping_s"] += time.perf_counter() - t0

    original_run_inline = jobs.run_inline

    def timed_run_inline(name, args=(), kwargs=None):
        t0 = time.perf_counter()
        try:
            return original_run_inline(name, args, kwargs)
        finally:
            stats["jobs"] += 1
            stats["after_commit_s"] += time.perf_counter() - t0

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    dialect.do_ping = counted_ping
    jobs.run_inline = timed_run_inline
    per_step: dict = {}
    statements: list = []
    profiler = cProfile.Profile(time.thread_time)  # CPU time of this thread: waits on the network are excluded
    try:
        for n in range(iterations + 5):
            measured = n >= 5  # the first few warm caches
            for step in ("checkout", "submit"):
                stats["capture"] = step == "submit" and n == 5
                snapshot = dict(stats)
                t0, c0 = time.perf_counter(), time.thread_time()
                if step == "checkout":
                    answer = client.post(
                        "/api/v1/checkout", json={"item_id": seeded.item_id, "quantity": 1}, headers=headers
                    )
                    assert answer.status_code == 200, answer.get_json()
                    preview = answer.get_json()
                else:
                    body = {
                        "submit_token": preview["submit_token"],
                        "expected_pay_amount": preview["pay_amount"],
                        "item_id": seeded.item_id,
                        "quantity": 1,
                    }
                    if measured:
                        profiler.enable()
                    answer = client.post("/api/v1/orders", json=body, headers=headers)
                    if measured:
                        profiler.disable()
                    assert answer.status_code == 201, answer.get_json()
                elapsed, cpu = time.perf_counter() - t0, time.thread_time() - c0
                stats["capture"] = False
                if not measured:
                    continue
                acc = per_step.setdefault(step, Counter())
                acc["wall_s"] += elapsed
                acc["cpu_s"] += cpu
                for key in stats:
                    if key != "capture":
                        acc[key] += stats[key] - snapshot[key]
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
        dialect.do_ping = original_ping
        jobs.run_inline = original_run_inline

    report = {}
    for step, acc in per_step.items():
        report[step] = {
            "wall_ms": round(1000 * acc["wall_s"] / iterations, 2),
            "cpu_ms": round(1000 * acc["cpu_s"] / iterations, 2),
            "statements": round(acc["statements"] / iterations, 1),
            "sql_ms": round(1000 * acc["sql_s"] / iterations, 2),
            "pool_pings": round(acc["pings"] / iterations, 1),
            "ping_ms": round(1000 * acc["ping_s"] / iterations, 2),
            "after_commit_jobs": round(acc["jobs"] / iterations, 1),
            "after_commit_ms": round(1000 * acc["after_commit_s"] / iterations, 2),
        }
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    profile_path = workdir / "submit.cprofile.txt"
    profile_path.write_text(out.getvalue())
    report["cprofile_file"] = str(profile_path)
    report["submit_statements"] = statements
    report["hotspots_ms"] = cprofile_hotspots(profiler, iterations)
    return report


HOTSPOTS = {
    # label: (file suffix, function name) — CPU time of these pieces inside one submit request (cumulative)
    "JWT check (decode, Redis blocklist, user load)": (
        "flask_jwt_extended/view_decorators.py",
        "verify_jwt_in_request",
    ),
    "request body validation (webargs/marshmallow)": ("webargs/core.py", "parse"),
    "do_submit_order (service, incl. its SQL)": ("orders/services.py", "do_submit_order"),
    "  _price (re-pricing the token's lines, item + freight loads)": ("orders/services.py", "_price"),
    "  reserve_stock (the hot-row UPDATE)": ("orders/services.py", "reserve_stock"),
    "  on_order_status_changed (in-app notification)": ("notifications/services.py", "on_order_status_changed"),
    "  get_settings (2 reads per submit)": ("settings/services.py", "get_settings"),
    "response serialization (OrderDetailSchema.dump)": ("marshmallow/schema.py", "dump"),
    "finish_request (commit + after-commit jobs)": ("core/uow.py", "finish_request"),
    "  send_subscribe_message (inline job, fake WeChat)": ("notifications/services.py", "send_subscribe_message"),
    "  rq enqueue of the subscribe message (JOBS_MODE=rq)": ("rq/queue.py", "enqueue"),
    "SQLAlchemy Session.flush (all)": ("sqlalchemy/orm/session.py", "flush"),
    "psycopg Cursor.execute (all)": ("psycopg/cursor.py", "execute"),
}


def cprofile_hotspots(profiler: cProfile.Profile, iterations: int) -> dict:
    stats = pstats.Stats(profiler).stats
    found = {}
    for label, (suffix, func) in HOTSPOTS.items():
        total = 0.0
        for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.items():
            if name == func and filename.replace("\\", "/").endswith(suffix):
                total = max(total, ct)
        if total:
            found[label] = round(1000 * total / iterations, 2)
    return found


# ---- notification storm (in-process) ---------------------------------------------------------------------------------


def place_orders_in_process(app, seeded: Seeded, user_ids: list[int]) -> None:
    """One buy-now order for each user id given (through the API, in-process)."""
    tokens = dict(seeded.buyers)
    client = app.test_client()
    for uid in user_ids:
        headers = {"Authorization": f"Bearer {tokens[uid]}"}
        preview = client.post("/api/v1/checkout", json={"item_id": seeded.item_id, "quantity": 1}, headers=headers)
        assert preview.status_code == 200, preview.get_json()
        body = {
            "submit_token": preview.get_json()["submit_token"],
            "expected_pay_amount": preview.get_json()["pay_amount"],
            "item_id": seeded.item_id,
            "quantity": 1,
        }
        answer = client.post("/api/v1/orders", json=body, headers=headers)
        assert answer.status_code == 201, answer.get_json()


def storm_orders(app, seeded: Seeded, order_count: int, same_buyers: int | None) -> list:
    """Unpaid orders to pay: one per buyer (same_buyers=None), or order_count orders of only `same_buyers` buyers.
    Missing orders are placed in-process first."""
    from crabsales.extensions import db
    from crabsales.orders.models import Order
    from sqlalchemy import func, select

    def unpaid(user_ids=None):
        query = select(Order.id, Order.user_id, Order.order_no).where(Order.status == "pending_payment")
        if user_ids is None:  # the newest unpaid order of each buyer
            newest = select(func.max(Order.id)).where(Order.status == "pending_payment").group_by(Order.user_id)
            query = query.where(Order.id.in_(newest)).order_by(Order.user_id)
        else:
            query = query.where(Order.user_id.in_(user_ids)).order_by(Order.id.desc())
        with app.app_context():
            rows = db.session.execute(query).all()
            db.session.remove()
        return rows

    if same_buyers is None:
        rows = unpaid()
        if len(rows) < order_count:
            have = {r[1] for r in rows}
            missing = [uid for uid, _ in seeded.buyers if uid not in have][: order_count - len(rows)]
            place_orders_in_process(app, seeded, missing)
            rows = unpaid()
    else:
        chosen = [uid for uid, _ in seeded.buyers[-same_buyers:]]
        rows = unpaid(chosen)
        if len(rows) < order_count:
            need = order_count - len(rows)
            place_orders_in_process(app, seeded, [chosen[n % len(chosen)] for n in range(need)])
            rows = unpaid(chosen)
    if len(rows) < order_count:
        raise RuntimeError(f"only {len(rows)} unpaid orders to pay, {order_count} wanted")
    return rows[:order_count]


def notification_storm(app, seeded: Seeded, args, orders: list, notification_count: int) -> dict:
    """Prepay the orders through the API, then send `notification_count` signed notifications (duplicates included)
    from several threads; every payment must be applied exactly once."""
    from crabsales.extensions import db
    from crabsales.orders.models import Order, OrderEvent
    from crabsales.payments.models import Payment, PaymentNotification
    from sqlalchemy import func, select

    tokens = dict(seeded.buyers)
    client = app.test_client()
    t0 = time.perf_counter()
    prepay_deadline = t0 + args.storm_timeout
    for order_id, user_id, _ in orders:
        if time.perf_counter() > prepay_deadline:
            raise RuntimeError("prepay phase ran out of time")
        answer = client.post(
            f"/api/v1/orders/{order_id}/payments", headers={"Authorization": f"Bearer {tokens[user_id]}"}
        )
        if answer.status_code != 200:
            raise RuntimeError(f"prepay failed: {answer.status_code} {answer.get_json()}")
    prepay_seconds = time.perf_counter() - t0

    fake = app.extensions["crab_fake_wechatpay"]
    per_order = max(1, notification_count // len(orders))
    distinct = min(per_order, args.storm_distinct)
    t0 = time.perf_counter()
    built = {}
    for _, _, order_no in orders:
        fake.pay(order_no)
        built[order_no] = [fake.payment_notification(order_no) for _ in range(distinct)]
    build_seconds = time.perf_counter() - t0
    schedule = [(order_no, k % distinct) for _, _, order_no in orders for k in range(per_order)]
    random.Random(20241001).shuffle(schedule)
    schedule = schedule[:notification_count]

    lock = threading.Lock()
    cursor = iter(range(len(schedule)))
    latencies: list = []
    statuses: Counter = Counter()
    examples: list = []
    failed: list = []
    deadline = time.perf_counter() + args.storm_timeout

    def worker():
        own_client = app.test_client()
        mine, codes = [], Counter()
        while time.perf_counter() < deadline:
            with lock:
                index = next(cursor, None)
            if index is None:
                break
            order_no, k = schedule[index]
            headers, body = built[order_no][k]
            s = time.perf_counter()
            answer = own_client.post(
                "/api/v1/payments/wechat/notify", data=body.encode(), headers=headers, content_type="application/json"
            )
            mine.append((time.perf_counter() - s) * 1000)
            codes[answer.status_code] += 1
            if answer.status_code != 204:
                with lock:
                    failed.append(index)
                    if len(examples) < 5:
                        examples.append(f"{answer.status_code} {answer.get_data(as_text=True)[:200]}")
        with lock:
            latencies.extend(mine)
            statuses.update(codes)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.storm_threads)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.storm_timeout + 30)
    storm_seconds = time.perf_counter() - t0
    first_pass = dict(statuses)
    # WeChat Pay sends a notification again when it was not answered 2xx: so does the storm, up to 3 rounds.
    retried = 0
    for _round in range(3):
        if not failed or time.perf_counter() > deadline:
            break
        again, failed[:] = list(failed), []
        for index in again:
            order_no, k = schedule[index]
            headers, body = built[order_no][k]
            answer = client.post(
                "/api/v1/payments/wechat/notify", data=body.encode(), headers=headers, content_type="application/json"
            )
            retried += 1
            statuses[f"retry {answer.status_code}"] += 1
            if answer.status_code != 204:
                failed.append(index)

    ids = [o[0] for o in orders]
    nos = [o[2] for o in orders]
    with app.app_context():
        paid_payments = db.session.execute(
            select(func.count()).where(Payment.order_id.in_(ids), Payment.status == "paid")
        ).scalar_one()
        pay_events = dict(
            db.session.execute(
                select(OrderEvent.order_id, func.count())
                .where(OrderEvent.order_id.in_(ids), OrderEvent.action == "pay")
                .group_by(OrderEvent.order_id)
            ).all()
        )
        paid_orders = db.session.execute(
            select(func.count()).where(Order.id.in_(ids), Order.status == "pending_shipment")
        ).scalar_one()
        outcomes = dict(
            db.session.execute(
                select(PaymentNotification.outcome, func.count())
                .where(PaymentNotification.out_trade_no.in_(nos))
                .group_by(PaymentNotification.outcome)
            ).all()
        )
        db.session.remove()
    sent = sum(first_pass.values())
    accepted = first_pass.get(204, 0) + statuses.get("retry 204", 0)
    exactly_once = (
        paid_payments == len(ids)
        and paid_orders == len(ids)
        and len(pay_events) == len(ids)
        and all(v == 1 for v in pay_events.values())
        and outcomes.get("applied", 0) == len(ids)
        and outcomes.get("duplicate", 0) == accepted - len(ids)
        and not failed
    )
    return {
        "orders": len(ids),
        "prepay_per_s": round(len(ids) / prepay_seconds, 1),
        "notifications_built": distinct * len(ids),
        "build_seconds": round(build_seconds, 1),
        "notifications_sent": sent,
        "threads": args.storm_threads,
        "seconds": round(storm_seconds, 2),
        "per_s": round(sent / storm_seconds, 1) if storm_seconds else 0.0,
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "buyers": len({o[1] for o in orders}),
        "first_pass_statuses": first_pass,
        "retries": retried,
        "retry_statuses": {k: v for k, v in statuses.items() if str(k).startswith("retry")},
        "still_failing": len(failed),
        "examples": examples,
        "outcomes": outcomes,
        "payments_paid": paid_payments,
        "orders_paid": paid_orders,
        "max_pay_events_per_order": max(pay_events.values()) if pay_events else 0,
        "exactly_once": exactly_once,
    }


# ---- report ----------------------------------------------------------------------------------------------------------


def fmt(value, digits=1) -> str:
    if isinstance(value, float):
        return "-" if value != value else f"{value:.{digits}f}"
    return str(value)


def phase_summary(result: PhaseResult, step: str) -> dict:
    samples = result.window(step, result.window_start, result.window_end)
    return summarize(samples, result.duration)


def print_table(rows: list[dict]) -> None:
    header = ["clients", "endpoint", "orders/s", "p50 ms", "p99 ms", "max ms", "errors", "b/a", "CPU ms/order"]
    lines = [header]
    for row in rows:
        lines.append(
            [
                str(row["clients"]),
                row["endpoint"],
                fmt(row["rate"]),
                fmt(row["p50_ms"]),
                fmt(row["p99_ms"]),
                fmt(row["max_ms"]),
                str(row["errors"]),
                fmt(row.get("ratio", ""), 2) if row.get("ratio") is not None else "",
                row.get("cpu_per_order", ""),
            ]
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        print("  " + " | ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(line)))
        if n == 0:
            print("  " + "-+-".join("-" * w for w in widths))


def cpu_per_order(result: PhaseResult, orders: int) -> str:
    if not orders:
        return ""
    c = result.cpu
    jobs = f" + jobs {1000 * c['job_worker_s'] / orders:.1f}" if "job_worker_s" in c else ""
    return (
        f"app {1000 * c['server_s'] / orders:.1f}{jobs} + pg {1000 * c['postgres_s'] / orders:.1f} "
        f"+ client {1000 * c['client_s'] / orders:.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="8,32", help="concurrency levels, comma separated (default 8,32)")
    parser.add_argument("--duration", type=float, default=20.0, help="measuring window per run, seconds (default 20)")
    parser.add_argument("--warmup", type=float, default=3.0, help="warm-up before each window, seconds (default 3)")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--buyers", type=int, default=600, help="seeded buyers (default 600, ≥ --storm-orders)")
    # Sized for this 2-core machine: one worker per core, 2 threads each. The Dockerfile's 4 x 4 costs about 10 %
    # more CPU per order here (16 threads contending for 2 cores); `--workers 4 --threads 4` measures it.
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for both apps (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker (default 2)")
    parser.add_argument("--last-units", type=int, default=100, help="units left for the sell-out race (0: skip)")
    parser.add_argument("--last-units-seconds", type=float, default=15.0)
    parser.add_argument("--profile-iterations", type=int, default=200, help="in-process profile (0: skip)")
    parser.add_argument("--storm-orders", type=int, default=500, help="orders paid in the storm (0: skip the storm)")
    parser.add_argument("--storm-notifications", type=int, default=10_000)
    parser.add_argument("--storm-distinct", type=int, default=4, help="distinct signed notifications per order")
    parser.add_argument("--storm-threads", type=int, default=8)
    parser.add_argument(
        "--storm-same-buyer-orders", type=int, default=40, help="a second storm over orders of only 4 buyers (0: skip)"
    )
    parser.add_argument("--storm-timeout", type=float, default=240.0, help="seconds; notifications expire after 300")
    parser.add_argument(
        "--jobs",
        choices=("rq", "inline"),
        default="",
        help="JOBS_MODE of the API (default rq with a job worker when Redis answers, else inline)",
    )
    parser.add_argument("--json", default="", help="also write the figures to this JSON file")
    parser.add_argument(
        "--api-app", default="crabsales.wsgi:app", help="the API's WSGI app for gunicorn (to compare a patched build)"
    )
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",") if c.strip()]
    if not levels or min(levels) < 1 or max(levels) > 256:
        parser.error("--clients: 1 to 256 per level")
    args.max_clients = max(levels)
    url = plain_url(args.database_url)
    check_target(url)

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    workdir = Path(tempfile.mkdtemp(prefix="crab-bench-orders-"))
    redis = redis_url()
    args.redis = redis
    if args.jobs == "rq" and not redis:
        parser.error("--jobs rq needs Redis on 127.0.0.1:6379")
    args.jobs = args.jobs or ("rq" if redis else "inline")
    env = app_environment(url, workdir, redis, args.jobs, args.threads)
    os.environ.update(env)
    servers: list[Server] = []
    job_worker: Server | None = None
    report: dict = {
        "machine": {"cpus": os.cpu_count(), "loadavg_at_start": os.getloadavg()},
        "settings": {
            "workers": args.workers,
            "threads": args.threads,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "buyers": args.buyers,
            "redis": redis or "embedded fake",
            "jobs": args.jobs,
            "database": database_name(url),
        },
    }
    try:
        log(f"database {database_name(url)}: drop, create, migrate, seed ({args.buyers} buyers); work dir {workdir}")
        recreate_database(url)
        flush_bench_redis(redis)
        from crabsales import create_app

        app = create_app()
        logging.getLogger().setLevel(logging.WARNING)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the fake WeChat Pay's request log
        seeded = migrate_and_seed(app, max(args.buyers, args.max_clients, args.storm_orders))
        import minimal_app

        minimal_app.setup(url, INITIAL_STOCK)
        log(
            f"redis: {redis or 'embedded fake (per process)'}; "
            f"starting gunicorn -w {args.workers} --threads {args.threads}"
        )
        real = start_gunicorn("api", args.api_app, env, args, workdir, "/api/v1/health")
        servers.append(real)
        minimal = start_gunicorn(
            "minimal",
            "minimal_app:app",
            {"MINIMAL_DATABASE_URL": url},
            args,
            workdir,
            "/health",
            extra=("--pythonpath", str(REPO_ROOT / "bench")),
        )
        servers.append(minimal)
        log(f"api on 127.0.0.1:{real.port}, minimal on 127.0.0.1:{minimal.port}; jobs: {args.jobs}")
        if args.jobs == "rq":
            job_worker = start_job_worker(env, workdir)

        rows, runs = [], []
        real_iteration = real_iteration_factory(seeded.item_id)
        submit_only = submit_only_iteration_factory()
        for clients in levels:
            log(f"{clients} clients: minimal endpoint ({args.warmup:g} s warm-up + {args.duration:g} s)")
            a = run_phase("minimal", minimal, clients, seeded.buyers, minimal_iteration, args, url)
            a_sum = phase_summary(a, "order")
            a_check = oversell_check(minimal_stock_state(url), INITIAL_STOCK)
            log(f"{clients} clients: real checkout + submit ({args.warmup:g} s warm-up + {args.duration:g} s)")
            f = run_phase("real", real, clients, seeded.buyers, real_iteration, args, url, jobs=job_worker)
            f_sum = phase_summary(f, "submit")
            c_sum = phase_summary(f, "checkout")
            f_check = oversell_check(real_stock_state(url, seeded.item_id), INITIAL_STOCK)
            # Enough prepared submits for the window even if the submit alone runs 4 times faster than the flow.
            wanted = min(40_000, max(1_000, int(4 * f_sum["rate"] * (args.warmup + args.duration))))
            log(f"{clients} clients: preparing {wanted} submit tokens with real checkouts (untimed)")
            t_prep = time.perf_counter()
            prepared = prepare_submits(real, clients, seeded.buyers, seeded.item_id, wanted)
            if job_worker:
                wait_for_jobs(redis)
            log(f"   {len(prepared)} ready in {time.perf_counter() - t_prep:.1f} s")
            log(f"{clients} clients: real submit alone ({args.warmup:g} s warm-up + {args.duration:g} s)")
            b = run_phase("submit", real, clients, prepared, submit_only, args, url, jobs=job_worker)
            b_sum = phase_summary(b, "submit")
            b_check = oversell_check(real_stock_state(url, seeded.item_id), INITIAL_STOCK)
            if b.ran_out:
                log(f"   WARNING: {b.ran_out} clients ran out of prepared submits: the rate is a lower bound")
            ratio = b_sum["rate"] / a_sum["rate"] if a_sum["rate"] else None
            flow_ratio = f_sum["rate"] / a_sum["rate"] if a_sum["rate"] else None
            for endpoint, res, summary, ratio_of in (
                ("a) minimal POST /order", a, a_sum, None),
                ("b) real POST /orders (submit)", b, b_sum, ratio),
                ("   checkout + submit: submit", f, f_sum, flow_ratio),
            ):
                rows.append(
                    {
                        "clients": clients,
                        "endpoint": endpoint,
                        **summary,
                        "errors": sum(res.errors.values()),
                        "ratio": ratio_of,
                        "cpu_per_order": cpu_per_order(res, summary["ok"]),
                    }
                )
            rows.append(
                {
                    "clients": clients,
                    "endpoint": "   checkout + submit: checkout",
                    **c_sum,
                    "errors": "",
                    "cpu_per_order": "(in the line above)",
                }
            )

            def detail(res, summary, check):
                return {
                    **summary,
                    "errors": dict(res.errors),
                    "cpu": res.cpu,
                    "db_activity": res.db_activity,
                    "loadavg": res.loadavg,
                    "stock_check": check,
                    "created_total": res.created_total,
                    "error_examples": res.error_examples[:5],
                }

            runs.append(
                {
                    "clients": clients,
                    "minimal": detail(a, a_sum, a_check),
                    "submit": {**detail(b, b_sum, b_check), "prepared": len(prepared), "clients_ran_out": b.ran_out},
                    "flow_submit": detail(f, f_sum, f_check),
                    "flow_checkout": c_sum,
                    "ratio_b_over_a": ratio,
                    "ratio_flow_over_a": flow_ratio,
                }
            )
            log(
                f"   minimal {a_sum['rate']:.0f}/s p99 {a_sum['p99_ms']:.1f} ms | submit {b_sum['rate']:.0f}/s "
                f"p99 {b_sum['p99_ms']:.1f} ms (b/a {ratio or 0:.2f}) | checkout + submit {f_sum['rate']:.0f}/s, "
                f"submit p99 {f_sum['p99_ms']:.1f} ms, checkout p99 {c_sum['p99_ms']:.1f} ms | stock consistent: "
                f"minimal {a_check['consistent']}, real {f_check['consistent'] and b_check['consistent']}"
            )
            for label, res in (("minimal", a), ("flow", f), ("submit", b)):
                if res.errors:
                    log(f"   {label} errors: {dict(res.errors)} e.g. {res.error_examples[:2]}")
                log(f"   {label} cpu {res.cpu}; db backends (avg per sample) {res.db_activity}")
        report["runs"] = runs

        if args.last_units:
            log(f"last units: {args.last_units} left, {args.max_clients} clients race for them")
            with psycopg.connect(url, autocommit=True) as conn:
                real_base = conn.execute("SELECT stock FROM catalog_items WHERE id = %s", (seeded.item_id,)).fetchone()[
                    0
                ]

            def set_real(units):
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute("UPDATE catalog_items SET stock = %s WHERE id = %s", (units, seeded.item_id))

            def set_minimal(units):
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute("UPDATE bench_items SET stock = %s WHERE id = 1", (units,))

            report["last_units"] = {
                "minimal": last_units(
                    "minimal",
                    minimal,
                    seeded.buyers,
                    minimal_iteration,
                    args,
                    url,
                    set_minimal,
                    lambda: minimal_stock_state(url),
                ),
                "real": last_units(
                    "real",
                    real,
                    seeded.buyers,
                    real_iteration,
                    args,
                    url,
                    set_real,
                    lambda: real_stock_state(url, seeded.item_id),
                ),
            }
            set_real(real_base)  # give the storm and later runs stock again
            log(f"   {report['last_units']}")

        for server in servers:
            server.stop()
        servers.clear()
        api_log = real.log_path.read_text(errors="replace")
        report["api_log"] = {
            "access_token_refetches": api_log.count("Access token expired"),
            "errors": api_log.count(" ERROR "),
        }
        if job_worker:
            worker_log = job_worker.log_path.read_text(errors="replace")
            report["api_log"]["worker_access_token_refetches"] = worker_log.count("Access token expired")
            report["api_log"]["worker_failed_jobs"] = worker_log.count("Traceback")
        log(f"   api log: {report['api_log']}")

        if args.profile_iterations:
            log(f"in-process profile: {args.profile_iterations} checkouts + submits, one thread")
            report["profile"] = profile_submit(app, seeded, args.profile_iterations, workdir)
            log(f"   {json.dumps(report['profile'], ensure_ascii=False)}")

        if args.storm_orders:
            log(
                f"notification storm (in-process): {args.storm_orders} orders, {args.storm_notifications} "
                f"notifications, {args.storm_threads} threads"
            )
            orders = storm_orders(app, seeded, args.storm_orders, None)
            report["storm"] = notification_storm(app, seeded, args, orders, args.storm_notifications)
            log(f"   {json.dumps(report['storm'], ensure_ascii=False)}")
            if args.storm_same_buyer_orders:
                log(
                    f"same-buyer storm: {args.storm_same_buyer_orders} orders of 4 buyers, "
                    f"{10 * args.storm_same_buyer_orders} notifications"
                )
                orders = storm_orders(app, seeded, args.storm_same_buyer_orders, 4)
                report["storm_same_buyer"] = notification_storm(
                    app, seeded, args, orders, 10 * args.storm_same_buyer_orders
                )
                log(f"   {json.dumps(report['storm_same_buyer'], ensure_ascii=False)}")

        if job_worker:
            left, waited = wait_for_jobs(redis)
            report["jobs_left_at_end"] = left
            job_worker.stop()
            job_worker = None
        print()
        print("Summary (orders/s and latencies over the measuring window; CPU ms/order = CPU seconds / orders)")
        print_table(rows)
        print()
        at8 = next((r for r in runs if r["clients"] == 8), runs[0])
        all_consistent = all(
            r["minimal"]["stock_check"]["consistent"]
            and r["submit"]["stock_check"]["consistent"]
            and r["flow_submit"]["stock_check"]["consistent"]
            for r in runs
        )
        last_ok = all(v["ok"] for v in report.get("last_units", {}).values())
        target = {
            "clients": at8["clients"],
            "ratio": at8["ratio_b_over_a"],
            "ratio_met": (at8["ratio_b_over_a"] or 0) >= 0.70,
            "p99_ms": at8["submit"]["p99_ms"],
            "p99_met": at8["submit"]["p99_ms"] <= 100,
            "no_oversell": all_consistent and last_ok,
        }
        target["met"] = target["ratio_met"] and target["p99_met"] and target["no_oversell"]
        report["target"] = target
        print(
            f"Target at {target['clients']} clients: submit ≥ 70% of minimal: {target['ratio'] or 0:.0%} "
            f"({'met' if target['ratio_met'] else 'NOT met'}); p99 ≤ 100 ms: {target['p99_ms']:.1f} ms "
            f"({'met' if target['p99_met'] else 'NOT met'}); oversell: "
            f"{'none' if target['no_oversell'] else 'FOUND'} -> {'MET' if target['met'] else 'NOT MET'}"
        )
        print(
            f"Checkout + submit at {target['clients']} clients: {at8['flow_submit']['rate']:.0f} orders/s "
            f"({at8['ratio_flow_over_a'] or 0:.0%} of minimal), submit p99 {at8['flow_submit']['p99_ms']:.1f} ms"
        )
        if "storm" in report:
            s = report["storm"]
            print(
                f"Notification storm (in-process, {s['threads']} threads): {s['notifications_sent']} notifications for "
                f"{s['orders']} orders in {s['seconds']} s = {s['per_s']}/s, "
                f"p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms; "
                f"applied exactly once: {s['exactly_once']}"
            )
        if "storm_same_buyer" in report:
            s = report["storm_same_buyer"]
            print(
                f"Same-buyer storm ({s['orders']} orders of {s['buyers']} buyers): "
                f"first pass {s['first_pass_statuses']}, "
                f"{s['retries']} re-sent ({s['retry_statuses']}); applied exactly once: {s['exactly_once']}"
            )
        if args.json:
            Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
            log(f"figures written to {args.json}")
        ok = (
            target["no_oversell"]
            and report.get("storm", {}).get("exactly_once", True)
            and report.get("storm_same_buyer", {}).get("exactly_once", True)
        )
        return 0 if ok else 1
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        for server in servers:
            server.stop()
        if job_worker:
            job_worker.stop()
        log(f"servers stopped; logs in {workdir}")


if __name__ == "__main__":
    sys.exit(main())
