"""Audit records, written in the same transaction as the change they describe (refusals: after its rollback)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import g, has_request_context, request
from sqlalchemy import select

from ..core.pagination import keyword_filter
from ..core.uow import on_finish
from ..extensions import db
from .models import AuditLog

SECRET_FIELDS = {"password", "password_hash"}


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def apply_changes(obj, values: dict) -> dict:
    """Set attributes on obj; return {field: [before, after]} for the ones that really changed."""
    changes = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            setattr(obj, field, new)
            shown = ("***", "***") if field in SECRET_FIELDS else (_plain(old), _plain(new))
            changes[field] = list(shown)
    return changes


def record(action: str, target_type: str, target_id, changes: dict | None = None) -> AuditLog:
    entry = _entry(action, target_type, target_id, changes)
    db.session.add(entry)
    db.session.flush()
    return entry


def record_refusal(action: str, target_type: str, target_id, error_code: str, changes: dict | None = None) -> None:
    """Audit a refused attempt. The refusal's error answer rolls the request back, so the record is written in a
    short transaction of its own after that rollback (`uow.on_finish`): it survives, and nothing else does."""
    entry = _entry(action, target_type, target_id, {"error_code": [None, error_code], **(changes or {})})
    on_finish(lambda: db.session.add(entry))


def _entry(action: str, target_type: str, target_id, changes: dict | None) -> AuditLog:
    actor = getattr(g, "actor", None)
    return AuditLog(
        actor_type=actor.kind if actor else "system",
        actor_id=actor.id if actor else None,
        actor_name=actor.name if actor else "系统",
        workspace=actor.workspace if actor else "",
        action=action,
        target_type=target_type,
        target_id=str(target_id) if target_id is not None else "",
        changes=changes or {},
        ip=client_ip() if has_request_context() else "",
        user_agent=(request.headers.get("User-Agent", "")[:255] if has_request_context() else ""),
    )


def client_ip() -> str:
    return request.remote_addr or ""


def search_query(args: dict):
    query = select(AuditLog)
    for field in ("actor_type", "action", "target_type"):
        if args.get(field):
            query = query.where(getattr(AuditLog, field) == args[field])
    if args.get("actor_id") is not None:
        query = query.where(AuditLog.actor_id == args["actor_id"])
    if args.get("target_id"):
        query = query.where(AuditLog.target_id == str(args["target_id"]))
    if args.get("created_from"):
        query = query.where(AuditLog.created_at >= args["created_from"])
    if args.get("created_to"):
        query = query.where(AuditLog.created_at <= args["created_to"])
    return keyword_filter(query, args.get("q"), AuditLog.actor_name, AuditLog.action, AuditLog.target_id)


SORTABLE = {"created_at": AuditLog.created_at, "id": AuditLog.id}
