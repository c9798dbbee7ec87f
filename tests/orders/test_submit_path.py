"""The hot path of checkout and submit: what it reads, and that cached configuration changes are seen at once."""

from datetime import datetime

import pytest
from crabsales.catalog.models import CatalogItem
from crabsales.extensions import db
from sqlalchemy import event

from tests.factories import admin_headers
from tests.orders.helpers import TEMPLATE, buy_now, buyer, checkout, open_shop, submit


@pytest.fixture
def statements(app):
    seen: list[str] = []

    def record(conn, cursor, statement, params, context, executemany):
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def _reads(statements, table):
    return [s for s in statements if s.startswith("SELECT") and f" FROM {table} " in f"{s} "]


def test_checkout_and_submit_read_the_user_once_and_cached_configuration_not_at_all(app, client, statements):
    app.config["WECHAT_TEMPLATE_ORDER_STATUS"] = ""  # no inline subscribe-message job inside the request
    try:
        shop = open_shop(app, client)
        headers, _ = buyer(app, client)
        pkg = shop["package"]["id"]
        assert buy_now(client, headers, pkg).status_code == 201  # fills the configuration cache
        statements.clear()
        preview = checkout(client, headers, item_id=pkg)
        assert len(_reads(statements, "users")) == 1
        assert not _reads(statements, "freight_templates") and not _reads(statements, "freight_rules")
        assert not _reads(statements, "member_tags")  # tags are not needed to authorize or price
        statements.clear()
        answer = submit(client, headers, preview, item_id=pkg)
        assert answer.status_code == 201, answer.json
        assert len(_reads(statements, "users")) == 1
        assert not _reads(statements, "settings") and not _reads(statements, "freight_templates")
        # The answer is built from what was written: the order, its lines and its first event are not read back.
        assert not _reads(statements, "orders") and not _reads(statements, "order_events")
        assert [e["action"] for e in answer.json["events"]] == ["create"]
        assert answer.json["lines"][0]["item_id"] == pkg
        # The hot stock row is the last statement before the commit.
        assert statements[-1].startswith("UPDATE catalog_items SET stock=")
    finally:
        app.config["WECHAT_TEMPLATE_ORDER_STATUS"] = "demo-order-status"


def test_a_freight_template_change_in_the_console_is_seen_by_the_next_checkout(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    pkg = shop["package"]["id"]
    assert checkout(client, headers, item_id=pkg)["freight_amount"] == 1700
    rules = [{**TEMPLATE["rules"][0], "first_price": 2000}, *TEMPLATE["rules"][1:]]
    response = client.put(
        f"/api/v1/admin/freight-templates/{shop['template']['id']}",
        json={**TEMPLATE, "rules": rules},
        headers=shop["freight_admin"],
    )
    assert response.status_code == 200, response.json
    assert checkout(client, headers, item_id=pkg)["freight_amount"] == 2500
    client.delete(f"/api/v1/admin/freight-templates/{shop['template']['id']}", headers=shop["freight_admin"])
    second = client.post(
        "/api/v1/admin/freight-templates", json={**TEMPLATE, "name": "第二个"}, headers=shop["freight_admin"]
    )
    assert second.status_code == 201
    assert checkout(client, headers, item_id=pkg)["freight_amount"] == 1700  # the new default


def test_a_settings_change_in_the_console_is_seen_by_the_next_submit(app, client):
    shop = open_shop(app, client)
    headers, _ = buyer(app, client)
    pkg = shop["package"]["id"]
    first = buy_now(client, headers, pkg).json
    settings_admin = admin_headers(app, client, permissions=["settings.manage"])
    response = client.put("/api/v1/admin/settings/orders", json={"auto_close_minutes": 90}, headers=settings_admin)
    assert response.status_code == 200, response.json
    second = buy_now(client, headers, pkg).json

    def minutes(order):
        return (datetime.fromisoformat(order["auto_close_at"]) - datetime.fromisoformat(order["created_at"])).seconds

    assert (round(minutes(first) / 60), round(minutes(second) / 60)) == (30, 90)
    response = client.put(
        "/api/v1/admin/settings/inventory", json={"deduct_stock_on": "payment"}, headers=settings_admin
    )
    assert response.status_code == 200, response.json
    stock = _stock(app, pkg)
    assert buy_now(client, headers, pkg).status_code == 201
    assert _stock(app, pkg) == stock  # stock is now taken at payment, not at submit


def _stock(app, item_id):
    with app.app_context():
        return db.session.get(CatalogItem, item_id).stock
