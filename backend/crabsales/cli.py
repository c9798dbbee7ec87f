"""Flask CLI commands: demo data, first admin, jobs, the OpenAPI document."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

seed_cli = AppGroup("seed", help="Load data.")
jobs_cli = AppGroup("jobs", help="Background jobs.")
admin_cli = AppGroup("admin", help="Admin accounts.")
spec_cli = AppGroup("spec", help="The OpenAPI document.")


@seed_cli.command("demo")
def seed_demo():
    """Load the demo data (safe to run again: existing rows are kept)."""
    from .seed import load_demo

    load_demo()
    click.echo("demo data loaded")


@admin_cli.command("create")
@click.option("--username", required=True)
@click.option("--password", required=True, prompt=True, hide_input=True)
@click.option("--name", default="超级管理员")
def create_super_admin(username, password, name):
    """Create a super-admin (first install of a production system)."""
    from .core.uow import commit
    from .extensions import db
    from .identity.models import AdminUser
    from .identity.passwords import check_password_rule, hash_password

    check_password_rule(password, "password")
    db.session.add(AdminUser(username=username, name=name, password_hash=hash_password(password), is_super=True))
    commit()
    click.echo(f"super-admin {username} created")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
def worker(burst):
    """Run an RQ worker on every queue (JOBS_MODE=rq, REDIS_URL set)."""
    from .core.jobs import run_worker

    run_worker(current_app._get_current_object(), burst=burst)


@jobs_cli.command("scheduler")
def scheduler():
    """Enqueue recurring jobs on time (run one or more; each period fires once)."""
    from .core.jobs import run_scheduler_forever

    run_scheduler_forever(current_app._get_current_object())


@jobs_cli.command("list")
def list_jobs():
    from .core.jobs import JOBS, PERIODIC

    every = {p.job_name: p.every_seconds for p in PERIODIC}
    for name, spec in sorted(JOBS.items()):
        schedule = f"every {every[name]}s" if name in every else "on demand"
        click.echo(f"{name}  queue={spec.queue}  retries={spec.retries}  {schedule}")


def openapi_document() -> str:
    from .extensions import api

    return json.dumps(api.spec.to_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@spec_cli.command("write")
@click.argument("path", default="openapi/openapi.json")
def spec_write(path):
    """Write the OpenAPI document the code generates."""
    Path(path).write_text(openapi_document(), encoding="utf-8")
    click.echo(f"written {path}")


@spec_cli.command("check")
@click.argument("path", default="openapi/openapi.json")
def spec_check(path):
    """Fail when the committed OpenAPI document differs from what the code generates."""
    committed = Path(path).read_text(encoding="utf-8") if Path(path).exists() else ""
    if committed != openapi_document():
        click.echo(f"{path} is out of date: run `flask spec write {path}` and commit it", err=True)
        sys.exit(1)
    click.echo(f"{path} is up to date")


ledger_cli = AppGroup("ledger", help="Money accounts.")


@ledger_cli.command("verify")
def ledger_verify():
    """Prove balance = sum(entries) and no floor or limit crossed, for every account; exit 1 otherwise."""
    from .extensions import db
    from .ledgers.models import Account
    from .ledgers.services import verify

    problems = verify()
    for problem in problems:
        click.echo(problem, err=True)
    count = db.session.execute(db.select(db.func.count()).select_from(Account)).scalar_one()
    if problems:
        click.echo(f"ledger verify: {len(problems)} problem(s) in {count} accounts", err=True)
        sys.exit(1)
    click.echo(f"ledger verify: {count} accounts consistent")


def register_cli(app):
    for group in (seed_cli, jobs_cli, admin_cli, spec_cli, ledger_cli):
        app.cli.add_command(group)
