"""Building a catalog through the console API, as an admin would."""

from tests.factories import admin_headers


def catalog_admin(app, client):
    return admin_headers(app, client, permissions=["catalog.view", "catalog.manage"])


def category(client, headers, scope, name, parent_id=None):
    body = {"scope": scope, "name": name}
    if parent_id:
        body["parent_id"] = parent_id
    response = client.post("/api/v1/admin/catalog/categories", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json["id"]


def product(client, headers, category_id, sku, **fields):
    body = {
        "category_id": category_id,
        "name": f"大闸蟹 {sku}",
        "sku": sku,
        "retail_price": 10000,
        "stock": 100,
        "weight_g": 250,
        **fields,
    }
    response = client.post("/api/v1/admin/catalog/products", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def package(client, headers, category_id, contents, **fields):
    body = {
        "category_id": category_id,
        "name": "公4两母3两 4对装",
        "retail_price": 59800,
        "stock": 50,
        "contents": contents,
        **fields,
    }
    response = client.post("/api/v1/admin/catalog/packages", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def card(client, headers, kind_path, category_id, package_id, **fields):
    body = {
        "category_id": category_id,
        "name": "888 型提货卡",
        "retail_price": 88800,
        "stock": 200,
        "redeem_package_id": package_id,
        **fields,
    }
    response = client.post(f"/api/v1/admin/catalog/{kind_path}", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def small_catalog(app, client):
    """Product categories (大类/小类), two products, a package of them, a physical card and an e-card."""
    headers = catalog_admin(app, client)
    crabs = category(client, headers, "product", "大闸蟹")
    male = category(client, headers, "product", "公蟹", crabs)
    p1 = product(client, headers, male, "M-40", name="公蟹 4.0 两")
    p2 = product(client, headers, male, "F-30", name="母蟹 3.0 两")
    gift = category(client, headers, "package", "礼盒")
    pkg = package(
        client,
        headers,
        gift,
        [{"product_id": p1["id"], "quantity": 4}, {"product_id": p2["id"], "quantity": 4}],
        is_on_shelf=True,
    )
    cards = category(client, headers, "card", "提货卡")
    physical = card(client, headers, "physical-cards", cards, pkg["id"], is_on_shelf=True)
    ecard = card(client, headers, "ecards", cards, pkg["id"], name="598 电子卡", retail_price=59800, is_on_shelf=True)
    return {
        "headers": headers,
        "products": [p1, p2],
        "package": pkg,
        "physical": physical,
        "ecard": ecard,
        "categories": {"crabs": crabs, "male": male, "gift": gift, "cards": cards},
    }
