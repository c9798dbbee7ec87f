"""Settings groups with defaults in code; stored values override them key by key."""

from __future__ import annotations

import copy

from flask import g

from ..audit.services import record
from ..core import clock, configcache
from ..errors import NotFound
from ..extensions import db
from .models import Setting

configcache.watch(Setting)

DEFAULTS: dict[str, dict] = {
    "company": {"name": "阳澄湖大闸蟹", "address": "", "logo_url": "", "service_phone": "", "about_html": ""},
    "products": {"default_on_shelf": False, "show_sales_count": True},
    "inventory": {"show_stock": True, "default_low_stock_threshold": 10, "deduct_stock_on": "order"},
    "orders": {
        "auto_close_minutes": 30,
        "auto_confirm_days": 10,
        "split_shipment": True,
        "after_sales_days": 7,
        "ecard_auto_approve": False,
    },
    # Applications through a dealer's invite QR: reviewed in the console unless approved automatically.
    "dealers": {"auto_approve_applications": False},
}


def _load_settings(key: str) -> dict:
    if key not in DEFAULTS:
        raise NotFound("SETTINGS_NOT_FOUND", "没有这组设置")
    stored = db.session.get(Setting, key)
    return {**copy.deepcopy(DEFAULTS[key]), **(copy.deepcopy(stored.value) if stored else {})}


def get_settings(key: str) -> dict:
    """The group with defaults filled in (a fresh dict). Read through the configuration cache: a change saved here
    is seen at once by every process (see core/configcache.py)."""
    if key not in DEFAULTS:
        raise NotFound("SETTINGS_NOT_FOUND", "没有这组设置")
    cached = configcache.cached(f"settings:{key}", lambda: _load_settings(key))
    return {k: copy.deepcopy(v) if isinstance(v, (dict, list)) else v for k, v in cached.items()}


def do_update_settings(key: str, values: dict) -> dict:
    before = _load_settings(key)  # from the database, not the cache: the stored row is replaced from it
    after = {**before, **{k: v for k, v in values.items() if k in DEFAULTS[key]}}
    row = db.session.get(Setting, key)
    if row is None:
        row = Setting(key=key, value=after)
        db.session.add(row)
    else:
        row.value = after
    admin = getattr(g, "admin", None)
    row.updated_by = admin.id if admin else None
    row.updated_at = clock.utcnow()
    db.session.flush()
    changes = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
    if changes:
        record("settings.update", "settings", key, changes)
    return after
