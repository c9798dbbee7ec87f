"""What members see: home, lists (filter, search, sort, paging), detail, favorites, feedback, about."""

from datetime import timedelta

import pytest
from crabsales.core import clock

from tests.catalog.helpers import card, category, package, small_catalog
from tests.factories import admin_headers, assert_error, user_headers

ITEMS = "/api/v1/storefront/items"


def test_home_shows_scheduled_banners_and_recommended_items(app, client):
    built = small_catalog(app, client)
    marketing = admin_headers(app, client, permissions=["marketing.manage"])
    now = clock.utcnow()
    for title, starts, ends in [
        ("进行中", now - timedelta(days=1), now + timedelta(days=1)),
        ("未开始", now + timedelta(days=1), None),
        ("已结束", None, now - timedelta(hours=1)),
    ]:
        response = client.post(
            "/api/v1/admin/banners",
            headers=marketing,
            json={
                "title": title,
                "image_url": "/files/b.png",
                "starts_at": starts.isoformat() if starts else None,
                "ends_at": ends.isoformat() if ends else None,
            },
        )
        assert response.status_code == 201, response.json
    client.post(
        "/api/v1/admin/catalog/items/recommend",
        json={"ids": [built["package"]["id"]], "recommended": True},
        headers=built["headers"],
    )
    home = client.get("/api/v1/storefront/home").json
    assert [b["title"] for b in home["banners"]] == ["进行中"]
    assert [i["id"] for i in home["recommended"]] == [built["package"]["id"]]
    assert [c["name"] for c in home["package_categories"]] == ["礼盒"]


@pytest.mark.parametrize(
    "link_type, target",
    [("item", "999999"), ("page", "/pages/x"), ("url", "http://insecure.example")],
)
def test_banner_links_are_checked(app, client, link_type, target):
    marketing = admin_headers(app, client, permissions=["marketing.manage"])
    response = client.post(
        "/api/v1/admin/banners",
        headers=marketing,
        json={"title": "x", "image_url": "/files/b.png", "link_type": link_type, "link_target": target},
    )
    assert "link_target" in assert_error(response, 422)["errors"]


def test_a_banner_cannot_link_to_a_deleted_item(app, client):
    from crabsales.catalog.models import CatalogItem
    from crabsales.core import clock
    from crabsales.core.uow import commit
    from crabsales.extensions import db

    built = small_catalog(app, client)
    item_id = built["package"]["id"]
    with app.app_context():
        db.session.get(CatalogItem, item_id).deleted_at = clock.utcnow()
        commit()
    marketing = admin_headers(app, client, permissions=["marketing.manage"])
    body = {"title": "x", "image_url": "/files/b.png", "link_type": "item", "link_target": str(item_id)}
    response = client.post("/api/v1/admin/banners", headers=marketing, json=body)
    assert "link_target" in assert_error(response, 422)["errors"]


def _storefront_catalog(app, client):
    built = small_catalog(app, client)
    headers, cats, pkg = built["headers"], built["categories"], built["package"]
    extra = category(client, headers, "package", "家庭装")
    cheap = package(
        client,
        headers,
        extra,
        [{"product_id": built["products"][0]["id"], "quantity": 2}],
        name="家庭实惠装",
        retail_price=19800,
        is_on_shelf=True,
    )
    hidden = package(
        client,
        headers,
        extra,
        [{"product_id": built["products"][0]["id"], "quantity": 1}],
        name="未上架套餐",
        retail_price=9900,
    )
    card(client, headers, "ecards", cats["cards"], pkg["id"], name="下架电子卡")
    return built, cheap, hidden


def test_lists_show_only_items_on_sale_of_the_kind(app, client):
    built, cheap, hidden = _storefront_catalog(app, client)
    packages = client.get(f"{ITEMS}?kind=package").json
    assert {i["id"] for i in packages["items"]} == {built["package"]["id"], cheap["id"]}
    assert client.get(f"{ITEMS}?kind=ecard").json["total"] == 1
    assert client.get(f"{ITEMS}?kind=product").status_code == 422  # products are not sold to members


def test_filter_search_sort_and_page(app, client):
    built, cheap, _ = _storefront_catalog(app, client)
    by_price = client.get(f"{ITEMS}?kind=package&sort=price").json["items"]
    assert [i["retail_price"] for i in by_price] == [19800, 59800]
    by_price_desc = client.get(f"{ITEMS}?kind=package&sort=-price").json["items"]
    assert [i["retail_price"] for i in by_price_desc] == [59800, 19800]
    assert client.get(f"{ITEMS}?q=实惠").json["items"][0]["id"] == cheap["id"]
    assert client.get(f"{ITEMS}?category_id={built['categories']['gift']}&kind=package").json["total"] == 1
    page_two = client.get(f"{ITEMS}?page=2&page_size=2").json
    assert page_two["total"] == 4 and len(page_two["items"]) == 2
    assert client.get(f"{ITEMS}?q=%25").json["total"] == 0


def test_sales_sort(app, client):
    from crabsales.catalog.services import do_add_sales
    from crabsales.core.uow import commit

    built, cheap, _ = _storefront_catalog(app, client)
    with app.app_context():
        do_add_sales(cheap["id"], 7)
        do_add_sales(built["package"]["id"], 3)
        commit()
    assert [i["id"] for i in client.get(f"{ITEMS}?kind=package&sort=sales").json["items"]] == [
        cheap["id"],
        built["package"]["id"],
    ]
    assert [i["sales_count"] for i in client.get(f"{ITEMS}?kind=package&sort=-sales").json["items"]] == [3, 7]


def test_detail_of_items_not_on_sale_is_404(app, client):
    built, _, hidden = _storefront_catalog(app, client)
    assert_error(client.get(f"{ITEMS}/{hidden['id']}"), 404, "ITEM_NOT_ON_SALE")
    assert_error(client.get(f"{ITEMS}/{built['products'][0]['id']}"), 404, "ITEM_NOT_ON_SALE")
    detail = client.get(f"{ITEMS}/{built['physical']['id']}").json
    assert detail["redeem_package"]["id"] == built["package"]["id"]
    assert [c["quantity"] for c in detail["redeem_package"]["contents"]] == [4, 4]


def test_favorites(app, client):
    built, cheap, hidden = _storefront_catalog(app, client)
    headers, _, _ = user_headers(app, client)
    for item_id in (cheap["id"], cheap["id"], built["ecard"]["id"]):  # twice is harmless
        assert client.put(f"/api/v1/me/favorites/{item_id}", headers=headers).json["is_favorite"] is True
    assert client.get(f"{ITEMS}/{cheap['id']}", headers=headers).json["is_favorite"] is True
    assert client.get(f"{ITEMS}/{cheap['id']}").json["is_favorite"] is False
    favorites = client.get("/api/v1/me/favorites", headers=headers).json
    assert favorites["total"] == 2 and favorites["items"][0]["item"]["id"] == built["ecard"]["id"]
    client.delete(f"/api/v1/me/favorites/{cheap['id']}", headers=headers)
    assert client.get("/api/v1/me/favorites", headers=headers).json["total"] == 1
    assert_error(client.put(f"/api/v1/me/favorites/{built['products'][0]['id']}", headers=headers), 404)


def test_feedback_and_reply(app, client):
    headers, _, phone = user_headers(app, client)
    assert (
        "content"
        in assert_error(client.post("/api/v1/me/feedback", json={"content": "短"}, headers=headers), 422)["errors"]
    )
    created = client.post(
        "/api/v1/me/feedback", json={"content": "希望增加顺丰次日达选项", "contact": "微信 crab"}, headers=headers
    )
    assert created.status_code == 201
    support = admin_headers(app, client, permissions=["feedback.manage"])
    assert client.get("/api/v1/admin/feedback?status=open", headers=support).json["total"] == 1
    for keyword, found in (("次日达", 1), ("crab", 1), (phone[-6:], 1), ("没有这样的字", 0)):
        listed = client.get("/api/v1/admin/feedback", query_string={"q": keyword}, headers=support).json
        assert listed["total"] == found, keyword
    client.post(
        f"/api/v1/admin/feedback/{created.json['id']}/reply", json={"reply": "已安排，感谢建议"}, headers=support
    )
    mine = client.get("/api/v1/me/feedback", headers=headers).json["items"][0]
    assert (mine["status"], mine["reply"]) == ("replied", "已安排，感谢建议")


def test_about_reads_company_settings(app, client):
    settings_admin = admin_headers(app, client, permissions=["settings.manage"])
    assert client.get("/api/v1/storefront/about").json["name"] == "阳澄湖大闸蟹"
    client.put(
        "/api/v1/admin/settings/company",
        json={"name": "湖畔蟹业", "service_phone": "400-800-0000"},
        headers=settings_admin,
    )
    about = client.get("/api/v1/storefront/about").json
    assert (about["name"], about["service_phone"]) == ("湖畔蟹业", "400-800-0000")


def test_settings_drive_defaults_and_visibility(app, client):
    settings_admin = admin_headers(app, client, permissions=["settings.manage"])
    client.put(
        "/api/v1/admin/settings/products",
        json={"default_on_shelf": True, "show_sales_count": False},
        headers=settings_admin,
    )
    client.put(
        "/api/v1/admin/settings/inventory",
        json={"show_stock": False, "default_low_stock_threshold": 3},
        headers=settings_admin,
    )
    built = small_catalog(app, client)
    assert built["products"][0]["is_on_shelf"] is True and built["products"][0]["low_stock_threshold"] == 3
    detail = client.get(f"{ITEMS}/{built['package']['id']}").json
    assert detail["show_sales_count"] is False and detail["stock"] is None
    assert detail["sales_count"] is None  # hidden counts are not sent at all
    listed = client.get(ITEMS, query_string={"kind": "package"}).json["items"]
    assert listed and all(item["sales_count"] is None for item in listed)
    client.put("/api/v1/admin/settings/products", json={"show_sales_count": True}, headers=settings_admin)
    assert client.get(ITEMS, query_string={"kind": "package"}).json["items"][0]["sales_count"] == 0
    bad = client.put("/api/v1/admin/settings/inventory", json={"deduct_stock_on": "never"}, headers=settings_admin)
    assert_error(bad, 422)


def test_search_finds_items_by_category_name_and_follows_renames(app, client):
    built, cheap, _ = _storefront_catalog(app, client)
    assert {i["id"] for i in client.get(f"{ITEMS}?q=家庭装").json["items"]} == {cheap["id"]}
    client.put(
        f"/api/v1/admin/catalog/categories/{built['categories']['gift']}",
        json={"name": "节日礼盒"},
        headers=built["headers"],
    )
    assert [i["id"] for i in client.get(f"{ITEMS}?q=节日").json["items"]] == [built["package"]["id"]]
