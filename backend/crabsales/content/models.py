from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import IdType, TimestampMixin
from ..extensions import db


class Agreement(TimestampMixin, db.Model):
    """User agreement, privacy policy and other texts shown in the mini-program (rich text)."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    title: Mapped[str] = mapped_column(String(64), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
