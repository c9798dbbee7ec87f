"""The schema is built by the migrations; the models must agree with them exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from crabsales.extensions import db
from sqlalchemy import inspect


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"


def test_every_table_comes_from_migrations(app):
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables
