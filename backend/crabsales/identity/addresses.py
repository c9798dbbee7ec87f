"""Delivery addresses: several per member, at most one default.

Every change that touches the default holds the user's row lock, so concurrent "set default" calls serialize and
the partial unique index backs the rule up. The first address becomes the default; deleting the default leaves
none, and the member picks the next one (spec 01: no silent choice).
"""

from __future__ import annotations

from sqlalchemy import func, select, update

from ..errors import AppError, NotFound
from ..extensions import db
from .models import Address, User
from .services import lock_user

MAX_ADDRESSES = 20
FIELDS = (
    "receiver_name",
    "receiver_phone",
    "province",
    "city",
    "district",
    "detail",
    "postcode",
    "latitude",
    "longitude",
)


def list_addresses(user: User) -> list[Address]:
    return (
        db.session.execute(
            select(Address).where(Address.user_id == user.id).order_by(Address.is_default.desc(), Address.id.desc())
        )
        .scalars()
        .all()
    )


def get_address(user: User, address_id: int) -> Address:
    address = db.session.get(Address, address_id)
    if address is None or address.user_id != user.id:
        raise NotFound("ADDRESS_NOT_FOUND", "地址不存在")
    return address


def _clear_default(user_id: int) -> None:
    db.session.execute(
        update(Address).where(Address.user_id == user_id, Address.is_default.is_(True)).values(is_default=False)
    )


def do_create_address(user: User, values: dict) -> Address:
    lock_user(user.id)
    count = db.session.execute(select(func.count()).where(Address.user_id == user.id)).scalar_one()
    if count >= MAX_ADDRESSES:
        raise AppError("ADDRESS_LIMIT", f"最多保存 {MAX_ADDRESSES} 个地址", 409)
    make_default = bool(values.pop("is_default", False)) or count == 0
    if make_default:
        _clear_default(user.id)
    address = Address(user_id=user.id, is_default=make_default, **{k: values.get(k) for k in FIELDS if k in values})
    db.session.add(address)
    db.session.flush()
    return address


def do_update_address(user: User, address_id: int, values: dict) -> Address:
    lock_user(user.id)
    address = get_address(user, address_id)
    make_default = values.pop("is_default", None)
    for field in FIELDS:
        if field in values:
            setattr(address, field, values[field])
    if make_default and not address.is_default:
        _clear_default(user.id)
        address.is_default = True
    db.session.flush()
    return address


def do_set_default(user: User, address_id: int) -> Address:
    lock_user(user.id)
    address = get_address(user, address_id)
    if not address.is_default:
        _clear_default(user.id)
        db.session.flush()
        address.is_default = True
        db.session.flush()
    return address


def do_delete_address(user: User, address_id: int) -> None:
    lock_user(user.id)
    db.session.delete(get_address(user, address_id))
    db.session.flush()
