"""Endpoints and a job that exist only in the test app, to exercise the core (idempotency, unit of work, jobs)."""

import time

from crabsales.audit.models import AuditLog
from crabsales.audit.services import record
from crabsales.core.idempotency import idempotent
from crabsales.core.jobs import enqueue, job
from crabsales.errors import AppError
from crabsales.extensions import db
from crabsales.identity.auth import login_required
from flask import Blueprint, jsonify, request

probe = Blueprint("probe", __name__, url_prefix="/_test")


@probe.route("/charge", methods=["POST"])
@login_required
@idempotent
def charge():
    body = request.get_json()
    if body.get("fail"):
        raise AppError("PROBE_FAILED", "模拟失败", 409)
    entry = record("probe.charge", "probe", body["amount"])
    time.sleep(float(body.get("hold", 0)))  # keep the transaction open so duplicates really overlap
    return jsonify({"id": entry.id, "amount": body["amount"]}), 201


@job(queue="default", retries=0)
def probe_job(marker: str) -> None:
    record("probe.job", "probe", marker)


@probe.route("/enqueue", methods=["POST"])
def enqueue_then_maybe_fail():
    body = request.get_json()
    enqueue(probe_job, body["marker"])
    if body.get("fail"):
        raise AppError("PROBE_FAILED", "模拟失败", 409)
    return jsonify({"ok": True})


def count(action: str) -> int:
    return db.session.execute(db.select(db.func.count()).where(AuditLog.action == action)).scalar_one()
