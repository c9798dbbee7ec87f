"""Idempotency-Key handling for money-moving POSTs.

The record is inserted as the first statement of the request's transaction and completed in the same transaction as
the business change, so "action committed" and "answer stored" are one fact. A concurrent duplicate blocks on the
unique key until the first commits, then replays its answer; if the first rolled back, the duplicate runs the action.
"""

from __future__ import annotations

import copy
import hashlib
import re
from functools import wraps

from flask import Response, g, request
from sqlalchemy import select

from ..errors import AppError
from ..extensions import db
from .models import IdempotencyRecord

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_\-:.]{8,64}$")

IDEMPOTENCY_HEADER_DOC = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": True,
    "schema": {"type": "string", "minLength": 8, "maxLength": 64, "pattern": KEY_PATTERN.pattern},
    "description": "Unique per action (a UUID). A retry with the same key replays the first answer.",
}


def _insert_ignore(values: dict):
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return (
        insert(IdempotencyRecord)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["scope", "key"])
        .returning(IdempotencyRecord.id)
    )


def _fingerprint() -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(b"\0" + request.path.encode() + b"\0")
    digest.update(request.get_data(cache=True) or b"")
    return digest.hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.response_body, status=record.response_status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def idempotent(view):
    """Decorate a view (inside the auth decorator) so its first successful answer is stored and replayed."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get("Idempotency-Key", "")
        if not KEY_PATTERN.match(key):
            raise AppError("IDEMPOTENCY_KEY_REQUIRED", "请求缺少有效的幂等键（Idempotency-Key，8-64 位字母数字）", 400)
        actor = getattr(g, "actor", None)
        scope = actor.scope if actor else f"ip:{request.remote_addr}"
        fingerprint = _fingerprint()
        # RETURNING tells reliably whether our row went in (rowcount is not dependable for ON CONFLICT).
        inserted = db.session.execute(
            _insert_ignore({"scope": scope, "key": key, "fingerprint": fingerprint})
        ).scalar_one_or_none()
        if inserted is None:
            record = db.session.execute(
                select(IdempotencyRecord).where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
            ).scalar_one()
            if record.fingerprint != fingerprint:
                raise AppError("IDEMPOTENCY_KEY_MISMATCH", "该幂等键已用于另一个不同的请求", 422)
            return _replay(record)
        response = view(*args, **kwargs)
        if not isinstance(response, Response):
            from flask import make_response

            response = make_response(response)
        if response.status_code < 400:
            record = db.session.execute(
                select(IdempotencyRecord).where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
            ).scalar_one()
            record.response_status = response.status_code
            record.response_body = response.get_data(as_text=True)
            db.session.flush()
        return response

    wrapper._apidoc = copy.deepcopy(getattr(view, "_apidoc", {}))
    manual = wrapper._apidoc.setdefault("manual_doc", {})
    manual.setdefault("parameters", []).append(IDEMPOTENCY_HEADER_DOC)
    return wrapper
