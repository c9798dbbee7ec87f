"""Tables owned by the core: idempotency records."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from . import clock

# BIGINT keys on PostgreSQL; SQLite only auto-increments a plain INTEGER primary key.
IdType = BigInteger().with_variant(Integer, "sqlite")


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=clock.utcnow, onupdate=clock.utcnow, nullable=False
    )


class IdempotencyRecord(db.Model):
    """The stored first answer to a money-moving POST, per caller and key."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_idempotency_records_scope_key"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    scope: Mapped[str] = mapped_column(String(64), nullable=False)
    key: Mapped[str] = mapped_column(String(64), nullable=False)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=clock.utcnow, nullable=False, index=True
    )


def lock_row(model, row_id: int):
    """Row-lock one row for the rest of the transaction and reload it (another transaction may have changed it while
    we waited). `FOR NO KEY UPDATE`: inserts of rows that reference it (events, lines) are not blocked. None if the
    row does not exist."""
    from sqlalchemy import select

    from ..extensions import db

    return db.session.execute(
        select(model)
        .where(model.id == row_id)
        .with_for_update(of=model, key_share=True)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


class StoredFile(db.Model):
    """Every file an upload (or the demo data) put in file storage: what it is and who uploaded it. The /files/
    route serves only these, with this content type, and form fields that take a file URL check it here."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    storage_key: Mapped[str] = mapped_column(String(256), nullable=False, unique=True)
    content_type: Mapped[str] = mapped_column(String(64), nullable=False)
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    # avatar | aftersale | review | feedback | media | demo
    purpose: Mapped[str] = mapped_column(String(16), nullable=False, default="")
    owner_user_id: Mapped[int | None] = mapped_column(IdType, index=True)  # the member who uploaded it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)
