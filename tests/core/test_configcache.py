"""The configuration cache (settings groups, the default freight template) and the engine options from the
environment: a change saved through the app is seen at once, by this process and by any other."""

from crabsales.config import Config
from crabsales.core import configcache
from crabsales.core.uow import commit
from crabsales.extensions import db
from crabsales.settings.models import Setting
from crabsales.settings.services import do_update_settings, get_settings
from flask import g
from sqlalchemy import text, update


def _new_request():
    """What the next request of this process sees: the generation token is read again (it is kept per request)."""
    g.pop("_config_cache_generation", None)


def test_cached_until_a_change_commits(app, ctx):
    loads = []

    def load():
        loads.append(1)
        return {"n": len(loads)}

    assert configcache.cached("test:key", load) == {"n": 1}
    _new_request()
    assert configcache.cached("test:key", load) == {"n": 1}  # from the cache
    assert len(loads) == 1
    do_update_settings("orders", {"auto_close_minutes": 45})
    commit()  # a watched table changed: every cached value goes
    _new_request()
    assert configcache.cached("test:key", load) == {"n": 2}


def test_a_change_in_another_process_is_seen_at_its_next_request(app, ctx):
    assert get_settings("orders")["auto_close_minutes"] == 30
    # Another process saves a change: the row changes and it publishes a new generation token in Redis.
    db.session.execute(
        text("INSERT INTO settings (key, value, updated_at) VALUES ('orders', :v, CURRENT_TIMESTAMP)"),
        {"v": '{"auto_close_minutes": 15}'},
    )
    commit()
    assert get_settings("orders")["auto_close_minutes"] == 30  # a raw SQL write is not tracked: still cached
    from crabsales.core.redis import get_redis

    get_redis().set(configcache.GENERATION_KEY, "from-another-process")
    _new_request()
    assert get_settings("orders")["auto_close_minutes"] == 15


def test_an_untracked_write_is_seen_after_the_ttl(app, ctx, monkeypatch):
    assert get_settings("inventory")["deduct_stock_on"] == "order"
    db.session.execute(
        text("INSERT INTO settings (key, value, updated_at) VALUES ('inventory', :v, CURRENT_TIMESTAMP)"),
        {"v": '{"deduct_stock_on": "payment"}'},
    )
    commit()
    _new_request()
    assert get_settings("inventory")["deduct_stock_on"] == "order"
    now = configcache.time.monotonic()
    monkeypatch.setattr(configcache.time, "monotonic", lambda: now + app.config["CONFIG_CACHE_SECONDS"] + 1)
    assert get_settings("inventory")["deduct_stock_on"] == "payment"


def test_bulk_updates_through_the_orm_are_tracked(app, ctx):
    do_update_settings("orders", {"auto_confirm_days": 12})
    commit()
    assert get_settings("orders")["auto_confirm_days"] == 12
    db.session.execute(update(Setting).where(Setting.key == "orders").values(value={"auto_confirm_days": 3}))
    assert get_settings("orders")["auto_confirm_days"] == 3  # this transaction sees its own change
    commit()
    _new_request()
    assert get_settings("orders")["auto_confirm_days"] == 3


def test_a_rolled_back_change_leaves_the_cache_alone(app, ctx):
    assert get_settings("orders")["after_sales_days"] == 7
    do_update_settings("orders", {"after_sales_days": 9})
    assert get_settings("orders")["after_sales_days"] == 9
    db.session.rollback()
    _new_request()
    assert get_settings("orders")["after_sales_days"] == 7


def test_callers_get_their_own_copy(app, ctx):
    get_settings("company")["name"] = "changed by a caller"
    assert get_settings("company")["name"] != "changed by a caller"


def test_zero_seconds_turns_the_cache_off(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "CONFIG_CACHE_SECONDS", 0)
    loads = []
    configcache.cached("test:off", lambda: loads.append(1))
    configcache.cached("test:off", lambda: loads.append(1))
    assert len(loads) == 2


def test_engine_options_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@127.0.0.1/x")
    for name in ("DB_POOL_SIZE", "DB_MAX_OVERFLOW", "DB_POOL_PRE_PING", "DB_POOL_RECYCLE", "DB_POOL_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    assert Config().SQLALCHEMY_ENGINE_OPTIONS == {
        "pool_pre_ping": True,
        "pool_size": 5,
        "max_overflow": 10,
        "pool_timeout": 30.0,
    }
    monkeypatch.setenv("DB_POOL_SIZE", "4")
    monkeypatch.setenv("DB_MAX_OVERFLOW", "0")
    monkeypatch.setenv("DB_POOL_PRE_PING", "0")
    monkeypatch.setenv("DB_POOL_RECYCLE", "300")
    assert Config().SQLALCHEMY_ENGINE_OPTIONS == {
        "pool_pre_ping": False,
        "pool_size": 4,
        "max_overflow": 0,
        "pool_timeout": 30.0,
        "pool_recycle": 300,
    }
    monkeypatch.setenv("DATABASE_URL", "sqlite:///x.db")
    assert Config().SQLALCHEMY_ENGINE_OPTIONS == {"pool_pre_ping": False}
