"""Users (mini-program logins), SMS codes and messages, addresses, invites, admin accounts and roles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import clock
from ..core.models import IdType, TimestampMixin
from ..extensions import db


class User(TimestampMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("gender IN (0, 1, 2)", name="gender_values"),
        Index("ix_users_created_at", "created_at"),
        # The console's member list (live members, newest first) and its count read this partial index only.
        Index(
            "ix_users_live_created",
            "created_at",
            "id",
            postgresql_where=db.text("deleted_at IS NULL"),
            sqlite_where=db.text("deleted_at IS NULL"),
        ),
        # The console's member search is "contains" over these columns: trigram indexes on PostgreSQL.
        *(
            Index(f"ix_users_{col}_trgm", col, postgresql_using="gin", postgresql_ops={col: "gin_trgm_ops"})
            for col in ("phone", "nickname", "real_name", "member_no")
        ),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    # Assigned right after insert from the id; unique and never changed.
    member_no: Mapped[str | None] = mapped_column(String(16), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    password_change_required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # Raised on password change/reset: every token carrying an older version is refused.
    token_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    wechat_openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    wechat_unionid: Mapped[str | None] = mapped_column(String(64), index=True)
    nickname: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    avatar_url: Mapped[str] = mapped_column(String(512), nullable=False, default="")
    real_name: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    gender: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    member_level_id: Mapped[int | None] = mapped_column(ForeignKey("member_levels.id"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The dealer and dealer staff member this member belongs to (tables arrive with the dealer domain).
    owner_dealer_id: Mapped[int | None] = mapped_column(IdType, index=True)
    owner_staff_id: Mapped[int | None] = mapped_column(IdType, index=True)
    attached_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Soft delete: the row stays for orders and audit; phone and openid move aside so the person can register anew.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_phone: Mapped[str | None] = mapped_column(String(20))
    # Kept in step with paid orders (members.services.on_order_paid) for upgrades and analytics.
    total_spent: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    paid_order_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_order_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    member_level = relationship("MemberLevel", lazy="joined")
    tags = relationship("MemberTag", secondary="member_tag_links", lazy="selectin", order_by="MemberTag.id")

    @property
    def has_password(self) -> bool:
        return bool(self.password_hash)

    @property
    def display_name(self) -> str:
        return (
            self.nickname
            or self.real_name
            or (self.phone and f"{self.phone[:3]}****{self.phone[-4:]}")
            or (self.member_no or f"用户{self.id}")
        )


class SmsCode(db.Model):
    """A verification code, stored hashed; single use; bound to phone + purpose."""

    __tablename__ = "sms_codes"
    __table_args__ = (Index("ix_sms_codes_phone_purpose", "phone", "purpose", "created_at"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), nullable=False)
    purpose: Mapped[str] = mapped_column(String(16), nullable=False)
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    consumed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ip: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)


class SmsMessage(db.Model):
    """Every SMS we send, with the provider's answer. Template parameters are kept only for the fake provider."""

    __tablename__ = "sms_messages"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    template_code: Mapped[str] = mapped_column(String(64), nullable=False)
    params: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    provider: Mapped[str] = mapped_column(String(16), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="queued")
    provider_code: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    provider_message: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    biz_id: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Address(TimestampMixin, db.Model):
    __tablename__ = "addresses"
    __table_args__ = (
        # At most one default per user, enforced by the database as well as by the service's row lock.
        Index(
            "uq_addresses_default_per_user",
            "user_id",
            unique=True,
            postgresql_where=db.text("is_default"),
            sqlite_where=db.text("is_default"),
        ),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    receiver_name: Mapped[str] = mapped_column(String(32), nullable=False)
    receiver_phone: Mapped[str] = mapped_column(String(20), nullable=False)
    province: Mapped[str] = mapped_column(String(32), nullable=False)
    city: Mapped[str] = mapped_column(String(32), nullable=False)
    district: Mapped[str] = mapped_column(String(32), nullable=False)
    detail: Mapped[str] = mapped_column(String(128), nullable=False)
    postcode: Mapped[str] = mapped_column(String(6), nullable=False, default="")
    latitude = mapped_column(Numeric(9, 6), nullable=True)
    longitude = mapped_column(Numeric(9, 6), nullable=True)
    is_default: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Invite(db.Model):
    """An invite token (carried by the invite QR code's scene) naming the inviter and what a new member gets."""

    __tablename__ = "invites"
    __table_args__ = (
        CheckConstraint("inviter_type IN ('member', 'dealer', 'dealer_staff')", name="inviter_type_values"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    token: Mapped[str] = mapped_column(String(16), nullable=False, unique=True)
    inviter_type: Mapped[str] = mapped_column(String(16), nullable=False)
    inviter_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    dealer_id: Mapped[int | None] = mapped_column(IdType, index=True)
    dealer_staff_id: Mapped[int | None] = mapped_column(IdType)
    member_level_id: Mapped[int | None] = mapped_column(ForeignKey("member_levels.id"))
    accepted_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_revoked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.utcnow, nullable=False)

    inviter = relationship("User", lazy="joined")
    member_level = relationship("MemberLevel", lazy="joined")


admin_user_roles = Table(
    "admin_user_roles",
    db.metadata,
    Column("admin_user_id", ForeignKey("admin_users.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("roles.id", ondelete="CASCADE"), primary_key=True),
)


class Role(TimestampMixin, db.Model):
    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    name: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    description: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    permission_rows = relationship(
        "RolePermission", cascade="all, delete-orphan", lazy="selectin", order_by="RolePermission.code"
    )

    @property
    def permissions(self) -> list[str]:
        return [p.code for p in self.permission_rows]


class RolePermission(db.Model):
    __tablename__ = "role_permissions"
    __table_args__ = (UniqueConstraint("role_id", "code", name="uq_role_permissions_role_code"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), nullable=False)
    code: Mapped[str] = mapped_column(String(64), nullable=False)


class AdminUser(TimestampMixin, db.Model):
    __tablename__ = "admin_users"

    id: Mapped[int] = mapped_column(IdType, primary_key=True)
    username: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    password_change_required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    token_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    is_super: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    roles = relationship("Role", secondary=admin_user_roles, lazy="selectin", order_by="Role.id")

    def permission_codes(self) -> set[str]:
        from .permissions import ALL_PERMISSION_CODES

        if self.is_super:
            return set(ALL_PERMISSION_CODES)
        return {code for role in self.roles for code in role.permissions}
