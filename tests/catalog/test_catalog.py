"""Catalog rules: categories, the four kinds, shelf, recycle bin, stock, lists, export, media library."""

import io

import pytest
from openpyxl import load_workbook

from tests.catalog.helpers import card, catalog_admin, category, package, product, small_catalog
from tests.factories import admin_headers, assert_error

ITEMS = "/api/v1/admin/catalog/items"


def test_a_whole_catalog_can_be_built(app, client):
    built = small_catalog(app, client)
    pkg = client.get(f"{ITEMS}/{built['package']['id']}", headers=built["headers"]).json
    assert [(c["product_sku"], c["quantity"]) for c in pkg["contents"]] == [("M-40", 4), ("F-30", 4)]
    assert built["physical"]["redeem_package_name"] == pkg["name"]
    assert built["ecard"]["kind"] == "ecard" and built["ecard"]["is_on_shelf"] is True


def test_product_categories_have_two_levels_others_one(app, client):
    headers = catalog_admin(app, client)
    top = category(client, headers, "product", "大类")
    sub = category(client, headers, "product", "小类", top)
    deeper = client.post(
        "/api/v1/admin/catalog/categories", json={"scope": "product", "name": "三级", "parent_id": sub}, headers=headers
    )
    assert "parent_id" in assert_error(deeper, 422)["errors"]
    pkg_top = category(client, headers, "package", "礼盒")
    nested = client.post(
        "/api/v1/admin/catalog/categories",
        json={"scope": "package", "name": "子", "parent_id": pkg_top},
        headers=headers,
    )
    assert "parent_id" in assert_error(nested, 422)["errors"]
    tree = client.get("/api/v1/admin/catalog/categories?scope=product", headers=headers).json["items"]
    assert tree[0]["category"]["name"] == "大类" and tree[0]["children"][0]["category"]["name"] == "小类"


def test_category_names_are_unique_among_siblings(app, client):
    headers = catalog_admin(app, client)
    category(client, headers, "package", "礼盒")
    response = client.post(
        "/api/v1/admin/catalog/categories", json={"scope": "package", "name": "礼盒"}, headers=headers
    )
    assert_error(response, 422, "CATEGORY_NAME_TAKEN")
    category(client, headers, "card", "礼盒")  # another scope is another namespace


def test_a_category_in_use_cannot_be_deleted(app, client):
    built = small_catalog(app, client)
    headers, cats = built["headers"], built["categories"]
    assert_error(
        client.delete(f"/api/v1/admin/catalog/categories/{cats['crabs']}", headers=headers),
        409,
        "CATEGORY_HAS_CHILDREN",
    )
    assert_error(
        client.delete(f"/api/v1/admin/catalog/categories/{cats['gift']}", headers=headers), 409, "CATEGORY_IN_USE"
    )
    empty = category(client, headers, "package", "空分类")
    assert client.delete(f"/api/v1/admin/catalog/categories/{empty}", headers=headers).status_code == 204


@pytest.mark.parametrize(
    "path, change, field",
    [
        ("products", {"sku": None}, "sku"),
        ("products", {"category_id": "top"}, "category_id"),  # products go in a sub-category
        ("products", {"retail_price": 0}, "retail_price"),
        ("products", {"retail_price": 12.5}, "retail_price"),  # fen are integers
        ("products", {"stock": -1}, "stock"),
        ("packages", {"category_id": "male"}, "category_id"),  # a product category for a package
        ("packages", {"contents": [{"product_id": 999999, "quantity": 1}]}, "contents"),
        ("packages", {"contents": [{"product_id": "p1", "quantity": 0}]}, "contents"),
        ("physical-cards", {"redeem_package_id": None}, "redeem_package_id"),
        ("ecards", {"redeem_package_id": "p1"}, "redeem_package_id"),  # must be a package
    ],
)
def test_item_validation(app, client, path, change, field):
    built = small_catalog(app, client)
    cats, p1 = built["categories"], built["products"][0]["id"]
    defaults = {
        "products": {"category_id": cats["male"], "name": "新品", "sku": "NEW-1", "retail_price": 100},
        "packages": {
            "category_id": cats["gift"],
            "name": "新套餐",
            "retail_price": 100,
            "contents": [{"product_id": p1, "quantity": 1}],
        },
        "physical-cards": {
            "category_id": cats["cards"],
            "name": "卡",
            "retail_price": 100,
            "redeem_package_id": built["package"]["id"],
        },
        "ecards": {
            "category_id": cats["cards"],
            "name": "卡",
            "retail_price": 100,
            "redeem_package_id": built["package"]["id"],
        },
    }[path]
    resolve = {"top": cats["crabs"], "male": cats["male"], "p1": p1}
    body = {**defaults}
    for key, value in change.items():
        if value is None:
            body.pop(key, None)
        elif key == "contents":
            body[key] = [{**line, "product_id": resolve.get(line["product_id"], line["product_id"])} for line in value]
        else:
            body[key] = resolve.get(value, value) if isinstance(value, str) else value
    response = client.post(f"/api/v1/admin/catalog/{path}", json=body, headers=built["headers"])
    assert field in assert_error(response, 422)["errors"]


def test_sku_is_unique(app, client):
    built = small_catalog(app, client)
    response = client.post(
        "/api/v1/admin/catalog/products",
        headers=built["headers"],
        json={"category_id": built["categories"]["male"], "name": "重复", "sku": "M-40", "retail_price": 100},
    )
    assert assert_error(response, 422)["errors"]["sku"] == ["SKU 编码已存在"]


def test_an_empty_package_cannot_go_on_shelf(app, client):
    headers = catalog_admin(app, client)
    gift = category(client, headers, "package", "礼盒")
    empty = package(client, headers, gift, [])
    response = client.post(f"{ITEMS}/shelf", json={"ids": [empty["id"]], "on_shelf": True}, headers=headers)
    assert_error(response, 409, "PACKAGE_EMPTY")


def test_update_changes_only_what_is_sent_and_is_audited(app, client):
    built = small_catalog(app, client)
    headers, pkg = built["headers"], built["package"]
    response = client.put(
        f"/api/v1/admin/catalog/packages/{pkg['id']}",
        headers=headers,
        json={"retail_price": 56800, "contents": [{"product_id": built["products"][0]["id"], "quantity": 8}]},
    )
    assert response.status_code == 200
    assert response.json["retail_price"] == 56800 and response.json["name"] == pkg["name"]
    assert [(c["product_sku"], c["quantity"]) for c in response.json["contents"]] == [("M-40", 8)]
    super_headers = admin_headers(app, client, is_super=True)
    log = client.get(
        f"/api/v1/admin/audit-logs?action=package.update&target_id={pkg['id']}", headers=super_headers
    ).json["items"][0]
    assert log["changes"]["retail_price"] == [59800, 56800]
    assert log["changes"]["contents"] == [
        [[built["products"][0]["id"], 4], [built["products"][1]["id"], 4]],
        [[built["products"][0]["id"], 8]],
    ]


def test_update_through_the_wrong_kind_path_is_404(app, client):
    built = small_catalog(app, client)
    response = client.put(
        f"/api/v1/admin/catalog/products/{built['package']['id']}", json={"name": "x"}, headers=built["headers"]
    )
    assert_error(response, 404, "ITEM_NOT_FOUND")


# ---- recycle bin -----------------------------------------------------------------------------------------------------


def test_a_product_in_a_live_package_cannot_be_deleted(app, client):
    built = small_catalog(app, client)
    response = client.post(f"{ITEMS}/delete", json={"ids": [built["products"][0]["id"]]}, headers=built["headers"])
    body = assert_error(response, 409, "ITEM_IN_USE")
    assert "套餐" in body["message"]


def test_a_package_with_live_cards_cannot_be_deleted_but_together_it_can(app, client):
    built = small_catalog(app, client)
    headers, pkg = built["headers"], built["package"]["id"]
    assert_error(client.post(f"{ITEMS}/delete", json={"ids": [pkg]}, headers=headers), 409, "ITEM_IN_USE")
    everything = [pkg, built["physical"]["id"], built["ecard"]["id"]]
    assert client.post(f"{ITEMS}/delete", json={"ids": everything}, headers=headers).status_code == 204
    bin_items = client.get(f"{ITEMS}?deleted=true", headers=headers).json
    assert bin_items["total"] == 3 and all(not i["is_on_shelf"] for i in bin_items["items"])
    assert client.get(f"{ITEMS}?kind=package", headers=headers).json["total"] == 0


def test_restore_keeps_items_off_shelf_and_needs_the_package_first(app, client):
    built = small_catalog(app, client)
    headers = built["headers"]
    everything = [built["package"]["id"], built["physical"]["id"]]
    client.post(f"{ITEMS}/delete", json={"ids": everything + [built["ecard"]["id"]]}, headers=headers)
    assert_error(
        client.post(f"{ITEMS}/restore", json={"ids": [built["physical"]["id"]]}, headers=headers),
        409,
        "CARD_PACKAGE_MISSING",
    )
    assert client.post(f"{ITEMS}/restore", json={"ids": everything}, headers=headers).status_code == 204
    restored = client.get(f"{ITEMS}/{built['physical']['id']}", headers=headers).json
    assert restored["deleted_at"] is None and restored["is_on_shelf"] is False


def test_purge_only_from_the_recycle_bin_and_never_while_referenced(app, client):
    built = small_catalog(app, client)
    headers, p1 = built["headers"], built["products"][0]["id"]
    assert_error(client.post(f"{ITEMS}/purge", json={"ids": [p1]}, headers=headers), 409, "ITEM_NOT_IN_RECYCLE_BIN")
    everything = [built["package"]["id"], built["physical"]["id"], built["ecard"]["id"], p1]
    assert client.post(f"{ITEMS}/delete", json={"ids": everything}, headers=headers).status_code == 204
    # The deleted package still holds the product: purging the product alone is refused.
    assert_error(client.post(f"{ITEMS}/purge", json={"ids": [p1]}, headers=headers), 409, "ITEM_IN_USE")
    assert client.post(f"{ITEMS}/purge", json={"ids": everything}, headers=headers).status_code == 204
    assert_error(client.get(f"{ITEMS}/{p1}", headers=headers), 404)


def test_deleted_items_cannot_be_put_on_shelf(app, client):
    built = small_catalog(app, client)
    headers, ecard = built["headers"], built["ecard"]["id"]
    client.post(f"{ITEMS}/delete", json={"ids": [ecard]}, headers=headers)
    assert_error(
        client.post(f"{ITEMS}/shelf", json={"ids": [ecard], "on_shelf": True}, headers=headers), 409, "ITEM_DELETED"
    )


# ---- lists, stock, export --------------------------------------------------------------------------------------------


def test_list_filters(app, client):
    built = small_catalog(app, client)
    headers, cats = built["headers"], built["categories"]
    get = lambda query: client.get(f"{ITEMS}?{query}", headers=headers).json  # noqa: E731
    assert get("kind=product")["total"] == 2
    assert get(f"category_id={cats['crabs']}")["total"] == 2  # a top category includes its sub-categories
    assert get("is_on_shelf=true")["total"] == 3
    assert get("q=m-40")["items"][0]["sku"] == "M-40"  # SKU search, case-insensitive
    assert [i["retail_price"] for i in get("kind=product&sort=-retail_price")["items"]] == [10000, 10000]
    client.put(f"{ITEMS}/{built['products'][0]['id']}/stock", json={"stock": 3, "reason": "盘点"}, headers=headers)
    assert [i["sku"] for i in get("low_stock=true")["items"]] == ["M-40"]
    summary = client.get(f"{ITEMS}/stock-summary", headers=headers).json
    assert summary["low_stock"] == 1 and summary["on_shelf"] == 3


def test_export_matches_the_filters(app, client):
    built = small_catalog(app, client)
    response = client.get(f"{ITEMS}/export?kind=product", headers=built["headers"])
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.max_row == 3 and sheet["F2"].value == 100 and sheet["F2"].number_format == "0.00"


def test_price_preview_shows_each_member_levels_price(app, client):
    from crabsales.core.uow import commit
    from crabsales.extensions import db
    from crabsales.members.models import MemberLevel

    with app.app_context():
        db.session.add_all(
            [
                MemberLevel(name="普通", discount_rate_bp=10000, sort_order=0, is_default=True),
                MemberLevel(name="金卡", discount_rate_bp=9500, sort_order=1),
            ]
        )
        commit()
    headers = catalog_admin(app, client)
    preview = client.get(f"{ITEMS}/price-preview?retail_price=39900", headers=headers).json
    assert [(p["level_name"], p["price"]) for p in preview["member_prices"]] == [("普通", 39900), ("金卡", 37905)]


def test_media_upload_and_library(app, client):
    from PIL import Image

    headers = catalog_admin(app, client)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), "orange").save(buffer, format="JPEG")
    response = client.post(
        "/api/v1/admin/catalog/media",
        data={"file": (io.BytesIO(buffer.getvalue()), "蟹.jpg")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201
    asset = response.json
    assert (asset["kind"], asset["width"], asset["height"]) == ("image", 64, 32)
    assert client.get(asset["url"]).status_code == 200
    assert client.get("/api/v1/admin/catalog/media?kind=image", headers=headers).json["total"] == 1
    bad = client.post(
        "/api/v1/admin/catalog/media",
        data={"file": (io.BytesIO(b"<svg/>"), "x.svg")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert "file" in assert_error(bad, 422)["errors"]


def test_catalog_permissions(app, client):
    from tests.factories import admin_headers

    viewer = admin_headers(app, client, permissions=["catalog.view"])
    assert client.get(ITEMS, headers=viewer).status_code == 200
    assert_error(client.post(f"{ITEMS}/delete", json={"ids": [1]}, headers=viewer), 403, "PERMISSION_DENIED")


def test_card_and_package_helpers_cover_each_kind(app, client):
    headers = catalog_admin(app, client)
    cat = category(client, headers, "product", "顶")
    sub = category(client, headers, "product", "底", cat)
    item = product(client, headers, sub, "X-1", specs=[{"name": "规格", "value": "公4两"}], settlement_price=2000)
    assert item["specs"] == [{"name": "规格", "value": "公4两"}] and item["settlement_price"] == 2000
    gift = category(client, headers, "package", "盒")
    pkg = package(client, headers, gift, [{"product_id": item["id"], "quantity": 2}])
    cards = category(client, headers, "card", "卡")
    assert card(client, headers, "ecards", cards, pkg["id"])["redeem_package_id"] == pkg["id"]
