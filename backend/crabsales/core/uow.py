"""Unit of work: services only flush; the request or job boundary commits once, then runs after-commit actions.

Row locks in services use FOR NO KEY UPDATE (`with_for_update(..., key_share=True)`): it serializes changes to the
row as FOR UPDATE does, but does not block inserts of rows that merely reference it (an order line, a notification),
which would otherwise deadlock with concurrent payments of the same buyer."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import g
from sqlalchemy.exc import IntegrityError, OperationalError

from ..errors import error_response
from ..extensions import db

log = logging.getLogger(__name__)


def on_commit(action: Callable[[], None]) -> None:
    """Run action after the current unit of work commits (dropped if it rolls back)."""
    g.setdefault("_on_commit", []).append(action)


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


def rollback() -> None:
    db.session.rollback()
    g.pop("_on_commit", None)


def finish_request(response):
    """after_request hook: commit successful requests, roll back the rest."""
    if response.status_code >= 400:
        rollback()
        return response
    try:
        commit()
    except (IntegrityError, OperationalError) as exc:
        log.warning("commit failed: %s", exc)
        rollback()
        return error_response(409, "CONFLICT", "数据已被其他操作修改，请刷新后重试")
    return response


def init_uow(app):
    app.after_request(finish_request)
