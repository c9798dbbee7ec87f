from sqlalchemy import select

from ..extensions import db
from .models import MemberLevel


def default_level_id() -> int | None:
    return db.session.execute(
        select(MemberLevel.id).where(MemberLevel.is_default.is_(True)).order_by(MemberLevel.sort_order).limit(1)
    ).scalar_one_or_none()
