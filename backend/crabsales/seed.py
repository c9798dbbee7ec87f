"""Demo data for the run command and the end-to-end tests. Idempotent: run it as often as you like."""

from __future__ import annotations

from sqlalchemy import select

from .content.models import Agreement
from .core.uow import commit
from .crm.models import Department, Salesperson
from .extensions import db
from .identity.models import AdminUser, Role, RolePermission, User
from .identity.passwords import hash_password
from .identity.services import do_create_user
from .members.models import MemberLevel

DEMO_ADMIN = ("admin", "Admin@12345")
DEMO_MEMBER_PASSWORD = "Member@123"

LEVELS = [
    ("普通会员", 10000, 0, True),
    ("银卡会员", 9800, 1, False),
    ("金卡会员", 9500, 2, False),
    ("钻石会员", 9000, 3, False),
]

MEMBERS = [
    ("13800000001", "蟹友小王", "王明", None),
    ("13800000002", "阳澄湖老李", "李强", "13800000001"),
    ("13800000003", "秋风蟹黄", "张丽", "13800000001"),
    ("13800000004", "吃蟹达人", "赵静", "13800000002"),
    ("13800000005", "湖畔人家", "陈刚", None),
]

AGREEMENTS = {
    "user-agreement": ("用户服务协议", "<h3>用户服务协议</h3><p>欢迎使用本小程序。注册即表示您同意遵守本协议……</p>"),
    "privacy-policy": ("隐私政策", "<h3>隐私政策</h3><p>我们仅为完成订单、配送与售后收集必要的信息……</p>"),
}


def _get_or_none(model, **where):
    return db.session.execute(select(model).filter_by(**where)).scalar_one_or_none()


def load_demo() -> None:
    for name, rate, sort, is_default in LEVELS:
        if not _get_or_none(MemberLevel, name=name):
            db.session.add(MemberLevel(name=name, discount_rate_bp=rate, sort_order=sort, is_default=is_default))
    db.session.flush()

    if not _get_or_none(AdminUser, username=DEMO_ADMIN[0]):
        db.session.add(
            AdminUser(
                username=DEMO_ADMIN[0], name="超级管理员", password_hash=hash_password(DEMO_ADMIN[1]), is_super=True
            )
        )
    service = _get_or_none(Role, name="客服")
    if service is None:
        service = Role(name="客服", description="查看会员与操作日志")
        service.permission_rows = [RolePermission(code=c) for c in ("members.view", "audit.view")]
        db.session.add(service)
    if not _get_or_none(AdminUser, username="kefu"):
        db.session.add(
            AdminUser(username="kefu", name="客服小周", password_hash=hash_password("Kefu@12345"), roles=[service])
        )
    db.session.flush()

    by_phone = {}
    for phone, nickname, real_name, inviter_phone in MEMBERS:
        user = _get_or_none(User, phone=phone)
        if user is None:
            user = do_create_user(
                phone=phone, nickname=nickname, real_name=real_name, password_hash=hash_password(DEMO_MEMBER_PASSWORD)
            )
            if inviter_phone:
                user.invited_by_id = by_phone[inviter_phone].id
        by_phone[phone] = user

    department = _get_or_none(Department, name="华东销售部")
    if department is None:
        department = Department(name="华东销售部")
        db.session.add(department)
        db.session.flush()
    if not _get_or_none(User, phone="13900000001"):
        sales_user = do_create_user(
            phone="13900000001",
            real_name="周销售",
            nickname="周销售",
            password_hash=hash_password("Sales@1234"),
            password_change_required=True,
        )
        db.session.add(
            Salesperson(user_id=sales_user.id, name="周销售", department_id=department.id, is_supervisor=True)
        )

    for code, (title, content) in AGREEMENTS.items():
        if not _get_or_none(Agreement, code=code):
            db.session.add(Agreement(code=code, title=title, content=content))
    commit()
