"""Member levels (the catalog issue adds upgrade rules; identity needs the level an invite grants)."""

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import IdType, TimestampMixin
from ..extensions import db


class MemberLevel(TimestampMixin, db.Model):
    __tablename__ = "member_levels"
    __table_args__ = (CheckConstraint("discount_rate_bp > 0 AND discount_rate_bp <= 10000", name="rate_range"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    name: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    # Multiplier on retail price in basis points: 9500 = 95%.
    discount_rate_bp: Mapped[int] = mapped_column(Integer, nullable=False, default=10000)
    sort_order: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_default: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Upgrade when either condition is met after a paid order (None: that condition is not used).
    upgrade_min_spend: Mapped[int | None] = mapped_column(BigInteger)
    upgrade_min_orders: Mapped[int | None] = mapped_column(Integer)


class MemberTag(TimestampMixin, db.Model):
    __tablename__ = "member_tags"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    name: Mapped[str] = mapped_column(String(16), nullable=False, unique=True)
    color: Mapped[str] = mapped_column(String(16), nullable=False, default="")


member_tag_links = Table(
    "member_tag_links",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("member_tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)
