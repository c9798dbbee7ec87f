"""Sales-team accounts: created by admins with a phone and an initial password that must be changed at first login."""

from __future__ import annotations

from sqlalchemy import select

from ..audit.services import apply_changes, record
from ..core.pagination import keyword_filter
from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..identity.models import User
from ..identity.passwords import check_password_rule, hash_password
from ..identity.services import check_phone, do_create_user, find_user_by_phone
from ..identity.workspaces import workspace_provider
from .models import Department, Salesperson


@workspace_provider
def sales_workspace(user) -> list[dict]:
    person = db.session.execute(
        select(Salesperson).where(Salesperson.user_id == user.id, Salesperson.is_active.is_(True))
    ).scalar_one_or_none()
    if person is None:
        return []
    return [{"workspace": "sales", "label": "销售主管" if person.is_supervisor else "销售"}]


def get_department(department_id: int) -> Department:
    department = db.session.get(Department, department_id)
    if department is None:
        raise NotFound("DEPARTMENT_NOT_FOUND", "部门不存在")
    return department


def department_query(args: dict):
    return keyword_filter(select(Department), args.get("q"), Department.name)


def _check_department_name(name: str, department_id: int | None = None) -> str:
    name = name.strip()
    if db.session.execute(
        select(Department.id).where(Department.name == name, Department.id != (department_id or 0))
    ).first():
        raise ValidationFailed({"name": ["部门名称已存在"]}, "部门名称已存在", "DEPARTMENT_NAME_TAKEN")
    return name


def _check_parent(parent_id: int | None, department_id: int | None = None) -> int | None:
    if parent_id is None:
        return None
    parent = get_department(parent_id)
    seen = set()
    while parent is not None:
        if parent.id == department_id or parent.id in seen:
            raise ValidationFailed({"parent_id": ["上级部门不能是自己或下级部门"]})
        seen.add(parent.id)
        parent = db.session.get(Department, parent.parent_id) if parent.parent_id else None
    return parent_id


def do_create_department(values: dict) -> Department:
    department = Department(
        name=_check_department_name(values["name"]), parent_id=_check_parent(values.get("parent_id"))
    )
    db.session.add(department)
    db.session.flush()
    record("department.create", "department", department.id, {"name": [None, department.name]})
    return department


def do_update_department(department_id: int, values: dict) -> Department:
    department = get_department(department_id)
    new = {}
    if "name" in values:
        new["name"] = _check_department_name(values["name"], department_id)
    if "parent_id" in values:
        new["parent_id"] = _check_parent(values["parent_id"], department_id)
    changes = apply_changes(department, new)
    db.session.flush()
    if changes:
        record("department.update", "department", department.id, changes)
    return department


def get_salesperson(salesperson_id: int) -> Salesperson:
    person = db.session.get(Salesperson, salesperson_id)
    if person is None:
        raise NotFound("SALESPERSON_NOT_FOUND", "销售人员不存在")
    return person


def salesperson_query(args: dict):
    query = select(Salesperson).join(User, Salesperson.user_id == User.id)
    if args.get("department_id"):
        query = query.where(Salesperson.department_id == args["department_id"])
    if args.get("is_active") is not None:
        query = query.where(Salesperson.is_active.is_(args["is_active"]))
    if args.get("is_supervisor") is not None:
        query = query.where(Salesperson.is_supervisor.is_(args["is_supervisor"]))
    return keyword_filter(query, args.get("q"), Salesperson.name, User.phone)


def do_create_salesperson(values: dict) -> Salesperson:
    phone = check_phone(values["phone"])
    check_password_rule(values["password"], "password")
    if values.get("department_id"):
        get_department(values["department_id"])
    user = find_user_by_phone(phone)
    if user is None:
        user = do_create_user(phone=phone, real_name=values["name"])
    elif db.session.execute(select(Salesperson.id).where(Salesperson.user_id == user.id)).first():
        raise Conflict("SALESPERSON_EXISTS", "该手机号已是销售人员")
    # An existing member keeps their account; the admin's password replaces theirs and must be changed at login.
    user.password_hash = hash_password(values["password"])
    user.password_change_required = True
    user.token_version += 1
    person = Salesperson(
        user_id=user.id,
        name=values["name"].strip(),
        department_id=values.get("department_id"),
        is_supervisor=values.get("is_supervisor", False),
    )
    db.session.add(person)
    db.session.flush()
    record(
        "salesperson.create",
        "salesperson",
        person.id,
        {"phone": [None, phone], "name": [None, person.name], "department_id": [None, person.department_id]},
    )
    return person


def do_update_salesperson(salesperson_id: int, values: dict) -> Salesperson:
    person = get_salesperson(salesperson_id)
    if values.get("department_id"):
        get_department(values["department_id"])
    changes = apply_changes(
        person, {k: values[k] for k in ("name", "department_id", "is_supervisor", "is_active") if k in values}
    )
    if "password" in values and values["password"]:
        check_password_rule(values["password"], "password")
        person.user.password_hash = hash_password(values["password"])
        person.user.password_change_required = True
        person.user.token_version += 1
        changes["password"] = ["***", "***"]
    if changes.get("is_active") == [True, False]:
        person.user.token_version += 1  # a deactivated salesperson leaves the sales workspace at once
    db.session.flush()
    if changes:
        record("salesperson.update", "salesperson", person.id, changes)
    return person
