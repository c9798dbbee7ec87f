from datetime import datetime

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core import clock
from ..core.models import IdType
from ..extensions import db


class Setting(db.Model):
    """One settings group (company, products, inventory, orders …) as a JSON object; defaults live in code."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    updated_by: Mapped[int | None] = mapped_column(IdType)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)
