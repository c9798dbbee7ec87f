"""Test harness: real PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set (CI always sets them);
otherwise a SQLite file and an in-process fake Redis for a quick local run.

The schema is built once per run by the migrations (so they are tested). Tests commit for real; each test ends by
emptying every table and Redis, which keeps concurrency tests (threads on separate connections) honest.
Tests marked `postgres` or `redis` are skipped without those services, and fail instead when REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from crabsales import create_app
from crabsales.config import Config, _normalize_db_url
from crabsales.core import clock
from sqlalchemy import text

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql"))


def pytest_runtest_setup(item):
    for marker, available, what in (("postgres", ON_POSTGRES, "PostgreSQL"), ("redis", bool(REDIS_URL), "Redis")):
        if item.get_closest_marker(marker) and not available:
            if REQUIRE_SERVICES:
                pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but not configured")
            pytest.skip(f"needs a real {what}: set {'DATABASE_URL' if marker == 'postgres' else 'REDIS_URL'}")


@pytest.fixture(scope="session")
def app():
    workdir = Path(tempfile.mkdtemp(prefix="crab-tests-"))
    database_url = DATABASE_URL or f"sqlite:///{workdir / 'test.db'}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("FAKE_SERVICES", "1")  # as every development command does, with what follows from it
        config = Config()
    config.SQLALCHEMY_DATABASE_URI = _normalize_db_url(database_url)
    config.REDIS_URL = REDIS_URL
    config.TESTING = True
    config.FAKE_SERVICES = True
    config.SMS_PROVIDER = "fake"
    config.JOBS_MODE = "inline"
    config.STORAGE_DIR = str(workdir / "files")
    config.SECRET_KEY = "test-secret-key-that-is-long-enough-for-hs256"
    config.JWT_SECRET_KEY = config.SECRET_KEY
    config.PROPAGATE_UNEXPECTED = True
    application = create_app(config)
    from tests.probe import probe

    application.register_blueprint(probe)
    with application.app_context():
        from crabsales.extensions import db
        from flask_migrate import upgrade

        if ON_POSTGRES:
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        db.session.remove()
    yield application


def _empty_everything(app):
    from crabsales.core.redis import get_redis
    from crabsales.extensions import db

    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if ON_POSTGRES:
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:
                for table in tables:
                    conn.execute(text(f"DELETE FROM {table}"))
        get_redis().flushdb()


@pytest.fixture(autouse=True)
def _clean(app):
    clock.reset()
    yield
    clock.reset()
    _empty_everything(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    """An app context for service-level tests (HTTP tests must not hold one: requests would share its `g`)."""
    with app.app_context() as context:
        yield context
        from crabsales.extensions import db

        db.session.rollback()
        db.session.remove()
