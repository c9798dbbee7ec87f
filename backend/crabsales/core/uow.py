"""Unit of work: services only flush; the request or job boundary commits once, then runs after-commit actions.

Row locks in services use FOR NO KEY UPDATE (`with_for_update(..., key_share=True)`): it serializes changes to the
row as FOR UPDATE does, but does not block inserts of rows that merely reference it (an order line, a notification),
which would otherwise deadlock with concurrent payments of the same buyer."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import g
from sqlalchemy.exc import IntegrityError, OperationalError

from ..errors import AppError, error_response
from ..extensions import db

log = logging.getLogger(__name__)


def on_commit(action: Callable[[], None]) -> None:
    """Run action after the current unit of work commits (dropped if it rolls back)."""
    g.setdefault("_on_commit", []).append(action)


def on_finish(action: Callable[[], None]) -> None:
    """Run action in a short transaction of its own once the request's unit of work has ended, committed or rolled
    back: for records that must outlive a refused request (the audit record of a refused privilege change)."""
    g.setdefault("_on_finish", []).append(action)


def _run_on_finish() -> None:
    for action in g.pop("_on_finish", []):
        try:
            action()
            db.session.commit()
        except Exception:  # the answer is already decided: a failed record is logged, never turned into an error
            log.exception("after-request record failed")
            db.session.rollback()


def _run_after_commit() -> None:
    actions = g.pop("_on_commit", [])
    for action in actions:
        try:
            action()
        except Exception:  # an after-commit action must never undo or fail the committed work
            log.exception("after-commit action failed")


def commit() -> None:
    db.session.commit()
    _run_after_commit()


def commit_before_answer() -> None:
    """Commit now, before the answer is serialized, instead of in `finish_request` after it.

    For requests that hold a hot row lock (the stock of a best seller) until commit: the lock is released before
    the response body is built. Loaded objects stay loaded (no expiry at this commit), so the answer is built from
    what was just written without reading it back. A commit refused by the database answers 409 CONFLICT, as in
    `finish_request`. The after-commit actions still run in `finish_request`, after the answer is built (as for
    any request), and they run even if building the answer fails, since the work is committed."""
    session = db.session()
    expire = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    except (IntegrityError, OperationalError) as exc:
        log.warning("commit failed: %s", exc)
        rollback()
        raise AppError("CONFLICT", "数据已被其他操作修改，请刷新后重试", 409) from exc
    finally:
        session.expire_on_commit = expire
    g._committed_early = True


def rollback() -> None:
    db.session.rollback()
    g.pop("_on_commit", None)


def finish_request(response):
    """after_request hook: commit successful requests, roll back the rest."""
    if response.status_code >= 400:
        if g.pop("_committed_early", False):
            _run_after_commit()  # committed before the answer failed: its jobs still go
        rollback()
        _run_on_finish()
        return response
    g.pop("_committed_early", None)
    try:
        commit()
    except (IntegrityError, OperationalError) as exc:
        log.warning("commit failed: %s", exc)
        rollback()
        _run_on_finish()
        return error_response(409, "CONFLICT", "数据已被其他操作修改，请刷新后重试")
    _run_on_finish()
    return response


def init_uow(app):
    app.after_request(finish_request)
