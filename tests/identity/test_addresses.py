"""Addresses (spec 01): several per member, exactly one default, no silent new default after deleting it."""

import threading

import pytest

from tests.factories import assert_error, user_headers

ADDRESS = {
    "receiver_name": "王明",
    "receiver_phone": "13800000001",
    "province": "江苏省",
    "city": "苏州市",
    "district": "相城区",
    "detail": "阳澄湖镇湖滨路 1 号",
    "postcode": "215138",
}


def add(client, headers, **fields):
    response = client.post("/api/v1/me/addresses", json={**ADDRESS, **fields}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def defaults(client, headers):
    return [a["id"] for a in client.get("/api/v1/me/addresses", headers=headers).json["items"] if a["is_default"]]


def test_first_address_becomes_default_and_later_ones_do_not(app, client):
    headers, _, _ = user_headers(app, client)
    first = add(client, headers)
    second = add(client, headers)
    assert first["is_default"] and not second["is_default"]
    assert defaults(client, headers) == [first["id"]]


def test_set_default_moves_it(app, client):
    headers, _, _ = user_headers(app, client)
    first, second = add(client, headers), add(client, headers)
    response = client.post(f"/api/v1/me/addresses/{second['id']}/default", headers=headers)
    assert response.json["is_default"] is True
    assert defaults(client, headers) == [second["id"]]
    items = client.get("/api/v1/me/addresses", headers=headers).json["items"]
    assert items[0]["id"] == second["id"]  # default first
    assert first["id"] in [a["id"] for a in items]


def test_create_as_default_and_update_as_default(app, client):
    headers, _, _ = user_headers(app, client)
    add(client, headers)
    third = add(client, headers, is_default=True)
    assert defaults(client, headers) == [third["id"]]
    other = add(client, headers)
    client.put(f"/api/v1/me/addresses/{other['id']}", json={**ADDRESS, "is_default": True}, headers=headers)
    assert defaults(client, headers) == [other["id"]]


def test_deleting_the_default_leaves_none(app, client):
    headers, _, _ = user_headers(app, client)
    first, _second = add(client, headers), add(client, headers)
    assert client.delete(f"/api/v1/me/addresses/{first['id']}", headers=headers).status_code == 204
    assert defaults(client, headers) == []


def test_another_members_address_is_invisible(app, client):
    alice, _, _ = user_headers(app, client)
    bob, _, _ = user_headers(app, client)
    address = add(client, alice)
    for call in (client.get, client.delete):
        assert_error(call(f"/api/v1/me/addresses/{address['id']}", headers=bob), 404, "ADDRESS_NOT_FOUND")
    assert_error(client.post(f"/api/v1/me/addresses/{address['id']}/default", headers=bob), 404)
    assert_error(client.put(f"/api/v1/me/addresses/{address['id']}", json=ADDRESS, headers=bob), 404)


def test_at_most_twenty_addresses(app, client):
    headers, _, _ = user_headers(app, client)
    for _ in range(20):
        add(client, headers)
    assert_error(client.post("/api/v1/me/addresses", json=ADDRESS, headers=headers), 409, "ADDRESS_LIMIT")


@pytest.mark.parametrize(
    "field, value",
    [
        ("receiver_phone", "12345"),
        ("postcode", "12"),
        ("receiver_name", ""),
        ("detail", "x"),
        ("latitude", 91),
        ("longitude", "east"),
        ("province", None),
    ],
)
def test_address_validation(app, client, field, value):
    headers, _, _ = user_headers(app, client)
    body = assert_error(client.post("/api/v1/me/addresses", json={**ADDRESS, field: value}, headers=headers), 422)
    assert field in body["errors"]
    assert client.get("/api/v1/me/addresses", headers=headers).json["items"] == []


def test_coordinates_round_trip_exactly(app, client):
    headers, _, _ = user_headers(app, client)
    address = add(client, headers, latitude="31.412345", longitude="120.798765")
    assert (address["latitude"], address["longitude"]) == (31.412345, 120.798765)  # numbers, all six decimals kept


@pytest.mark.postgres
@pytest.mark.concurrency
def test_concurrent_set_default_leaves_exactly_one_default(app, client):
    headers, _, _ = user_headers(app, client)
    ids = [add(client, headers)["id"] for _ in range(8)]
    barrier = threading.Barrier(len(ids))
    statuses = []

    def make_default(address_id):
        local = app.test_client()
        barrier.wait()
        statuses.append(local.post(f"/api/v1/me/addresses/{address_id}/default", headers=headers).status_code)

    threads = [threading.Thread(target=make_default, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * len(ids)  # the row lock serializes them; none fails
    assert len(defaults(client, headers)) == 1


@pytest.mark.postgres
@pytest.mark.concurrency
def test_concurrent_first_addresses_make_one_default(app, client):
    headers, _, _ = user_headers(app, client)
    barrier = threading.Barrier(6)

    def create():
        local = app.test_client()
        barrier.wait()
        local.post("/api/v1/me/addresses", json=ADDRESS, headers=headers)

    threads = [threading.Thread(target=create) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(client.get("/api/v1/me/addresses", headers=headers).json["items"]) == 6
    assert len(defaults(client, headers)) == 1
