"""Production defaults: fakes are off unless asked for, and the app refuses to start without a real secret key."""

from __future__ import annotations

import pytest
from crabsales import create_app
from crabsales.config import DEV_SECRET_KEY, Config

GOOD_KEY = "k" * 20 + "0123456789abcdef"  # 36 characters, not one of the repository's keys


@pytest.fixture
def empty_env(monkeypatch, tmp_path):
    """No Crab Sales variable set (as on a fresh server), a throw-away SQLite file and storage."""
    import os

    for name in list(os.environ):
        if name in vars(Config()) or name in ("DATABASE_URL", "REDIS_URL"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.db'}")
    monkeypatch.setenv("STORAGE_DIR", str(tmp_path / "files"))
    return monkeypatch


def test_config_defaults_are_the_production_ones(empty_env):
    empty_env.delenv("DATABASE_URL")
    config = Config()
    assert config.FAKE_SERVICES is False
    assert config.SECRET_KEY == ""
    assert config.SMS_PROVIDER == "aliyun"


@pytest.mark.parametrize(
    "key",
    ["", DEV_SECRET_KEY, "test-secret-key-that-is-long-enough-for-hs256", "e2e-only-secret", "short-key-0123"],
)
def test_create_app_refuses_without_a_real_secret_key_when_fakes_are_off(empty_env, key):
    if key:
        empty_env.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_create_app_refuses_a_repository_jwt_key(empty_env):
    empty_env.setenv("SECRET_KEY", GOOD_KEY)
    empty_env.setenv("JWT_SECRET_KEY", DEV_SECRET_KEY)
    with pytest.raises(RuntimeError, match="JWT_SECRET_KEY"):
        create_app()


def test_fakes_off_with_a_real_key_starts_without_dev_routes(empty_env):
    empty_env.setenv("SECRET_KEY", GOOD_KEY)
    app = create_app()
    assert app.config["FAKE_SERVICES"] is False
    assert app.config["JWT_SECRET_KEY"] == GOOD_KEY
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert not [rule for rule in rules if "/dev/" in rule], "dev inbox / simulate-payment must not exist"
    assert "/api/v1/health" in rules


def test_fakes_on_without_a_key_uses_the_dev_key_and_has_dev_routes(empty_env):
    empty_env.setenv("FAKE_SERVICES", "1")
    app = create_app()
    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY
    assert app.config["JWT_SECRET_KEY"] == DEV_SECRET_KEY
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    assert "/api/v1/dev/sms-inbox" in rules
    assert "/api/v1/dev/orders/<int:order_id>/simulate-payment" in rules
