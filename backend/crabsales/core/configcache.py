"""A process cache for configuration read on every order: settings groups and the default freight template.

- Values are plain data (dicts, frozen dataclasses), never ORM objects, so threads and sessions can share them.
- An entry is used while it is younger than `CONFIG_CACHE_SECONDS` **and** the shared generation token in Redis is
  still the one it was read under. Any commit that changed a watched table through the ORM (objects, or bulk
  `update`/`delete` statements) sets a new token right after the commit, so every process, and every gunicorn
  worker, reads the new values at its next request. A change made outside the app (SQL by hand) is seen after
  `CONFIG_CACHE_SECONDS` at the latest. `CONFIG_CACHE_SECONDS=0` turns the cache off.
- Inside a transaction that changed a watched table, reads bypass the cache (the transaction sees its own writes).
- The token is read once per request (kept on `g`). A missing token (a new or flushed Redis) is a new generation.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable

from flask import current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from .redis import get_redis

log = logging.getLogger(__name__)

GENERATION_KEY = "config-cache:generation"
_CHANGED = "config_cache_changed"
_WATCHED: set[type] = set()


def watch(*models: type) -> None:
    """Changes to these mapped classes invalidate every cached value (in all processes) when they commit."""
    _WATCHED.update(models)


def _entries() -> dict:
    return current_app.extensions.setdefault("crab_config_cache", {})


def _generation() -> str:
    token = g.get("_config_cache_generation")
    if token is None:
        redis = get_redis()
        raw = redis.get(GENERATION_KEY)
        if raw is None:
            redis.set(GENERATION_KEY, secrets.token_hex(8), nx=True)
            raw = redis.get(GENERATION_KEY)
        token = g._config_cache_generation = raw.decode() if isinstance(raw, bytes) else str(raw)
    return token


def cached(key: str, load: Callable[[], object]):
    """The value under key, from the cache when still valid, else from load() (which must return plain data)."""
    ttl = current_app.config.get("CONFIG_CACHE_SECONDS", 0)
    from ..extensions import db

    if ttl <= 0 or db.session().info.get(_CHANGED):
        return load()
    try:
        generation = _generation()  # read before loading: a change committed meanwhile leaves a stale token behind
    except Exception:  # Redis unreachable: read the database, as without the cache
        log.warning("configuration cache generation unavailable; reading from the database", exc_info=True)
        return load()
    entries = _entries()
    entry = entries.get(key)
    now = time.monotonic()
    if entry is not None and entry[0] == generation and entry[1] > now:
        return entry[2]
    value = load()
    entries[key] = (generation, now + ttl, value)
    return value


def invalidate() -> None:
    """Forget every cached value here and in every other process (a new generation token)."""
    if not has_app_context():
        return
    _entries().clear()
    g.pop("_config_cache_generation", None)
    try:
        get_redis().set(GENERATION_KEY, secrets.token_hex(8))
    except Exception:  # the change is committed; other processes see it after CONFIG_CACHE_SECONDS at the latest
        log.exception("could not publish a new configuration cache generation")


# ---- change tracking (all sessions) ----------------------------------------------------------------------------------


def _is_watched(obj) -> bool:
    return type(obj) in _WATCHED


@event.listens_for(Session, "after_flush")
def _after_flush(session, _flush_context) -> None:
    if _WATCHED and not session.info.get(_CHANGED):
        for group in (session.new, session.dirty, session.deleted):
            if any(_is_watched(obj) for obj in group):
                session.info[_CHANGED] = True
                return


@event.listens_for(Session, "do_orm_execute")
def _bulk_change(state) -> None:
    if (
        not state.is_select
        and (state.is_update or state.is_delete or state.is_insert)
        and any(mapper.class_ in _WATCHED for mapper in state.all_mappers)
    ):
        state.session.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    if session.info.pop(_CHANGED, False):
        invalidate()


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)  # rolled back (a commit has already taken the flag)
