"""List helpers: page/page_size/sort/q query arguments, sorting by a whitelist, and the list answer shape."""

from __future__ import annotations

import marshmallow as ma
from sqlalchemy import func, or_, select

from ..errors import ValidationFailed
from ..extensions import db

MAX_PAGE_SIZE = 100


class ListQuerySchema(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100_000))
    page_size = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=MAX_PAGE_SIZE))
    sort = ma.fields.String(load_default=None, validate=ma.validate.Length(max=64))
    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=64))


_PAGE_SCHEMAS: dict[str, type] = {}


def page_schema(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The list answer schema for an item schema: {items, total, page, page_size}."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    if name not in _PAGE_SCHEMAS:
        _PAGE_SCHEMAS[name] = type(
            name,
            (ma.Schema,),
            {
                "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
                "total": ma.fields.Integer(required=True),
                "page": ma.fields.Integer(required=True),
                "page_size": ma.fields.Integer(required=True),
            },
        )
    return _PAGE_SCHEMAS[name]


def apply_sort(query, sort: str | None, sortable: dict, default: str, tiebreak):
    sort = sort or default
    descending = sort.startswith("-")
    field = sort.lstrip("-")
    if field not in sortable:
        allowed = "、".join(sorted(sortable))
        raise ValidationFailed({"sort": [f"不支持按 {field} 排序，可选：{allowed}"]})
    column = sortable[field]
    order = column.desc() if descending else column.asc()
    return query.order_by(order, tiebreak.desc() if descending else tiebreak.asc())


def contains_pattern(q: str) -> str:
    """A LIKE pattern for "contains q" in which %, _ and the backslash of the keyword are literal (escape '\\')."""
    escaped = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def keyword_filter(query, q: str | None, *columns):
    """Case-insensitive 'contains' over several columns; % and _ in the keyword are literal."""
    if not q or not q.strip():
        return query
    pattern = contains_pattern(q)
    return query.where(or_(*[col.ilike(pattern, escape="\\") for col in columns]))


def paginate(query, args: dict, *, sortable: dict, default_sort: str, tiebreak) -> dict:
    """Run a select() with sorting and paging; returns the list answer with ORM objects as items."""
    page, page_size = args.get("page", 1), args.get("page_size", 20)
    total = db.session.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    query = apply_sort(query, args.get("sort"), sortable, default_sort, tiebreak)
    items = db.session.execute(query.limit(page_size).offset((page - 1) * page_size)).scalars().all()
    return {"items": items, "total": total, "page": page, "page_size": page_size}


def iterate_all(query, *, sortable: dict, default_sort: str, tiebreak, sort: str | None = None, limit: int = 50_000):
    """Every row of a list (for Excel export), in the list's order, up to a limit."""
    query = apply_sort(query, sort, sortable, default_sort, tiebreak)
    return db.session.execute(query.limit(limit)).scalars().all()
