"""The brand's own sales team (the CRM issue adds leads and follow-ups)."""

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import IdType, TimestampMixin
from ..extensions import db


class Department(TimestampMixin, db.Model):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    name: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))


class Salesperson(TimestampMixin, db.Model):
    __tablename__ = "salespeople"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    # The login account: the phone number on this user, set by the admin and not editable by the salesperson.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(32), nullable=False)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    is_supervisor: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    user = relationship("User", lazy="joined")
    department = relationship("Department", lazy="joined")
