import threading

import pytest

from tests.factories import assert_error, user_headers
from tests.probe import count


def _charge(client, headers, key, **body):
    return client.post("/_test/charge", json={"amount": 100, **body}, headers={**headers, "Idempotency-Key": key})


def test_retry_with_the_same_key_replays_the_first_answer(app, client):
    headers, _, _ = user_headers(app, client)
    first = _charge(client, headers, "key-000001")
    again = _charge(client, headers, "key-000001")
    assert first.status_code == again.status_code == 201
    assert again.json == first.json
    assert again.headers["Idempotent-Replayed"] == "true"
    with app.app_context():
        assert count("probe.charge") == 1


def test_same_key_with_another_body_is_refused(app, client):
    headers, _, _ = user_headers(app, client)
    _charge(client, headers, "key-000002")
    assert_error(_charge(client, headers, "key-000002", amount=999), 422, "IDEMPOTENCY_KEY_MISMATCH")


def test_keys_are_per_caller(app, client):
    alice, _, _ = user_headers(app, client)
    bob, _, _ = user_headers(app, client)
    assert _charge(client, alice, "shared-key-1").status_code == 201
    response = _charge(client, bob, "shared-key-1")
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    with app.app_context():
        assert count("probe.charge") == 2


@pytest.mark.parametrize("key", [None, "short", "x" * 65, "bad key with spaces"])
def test_missing_or_malformed_key_is_400(app, client, key):
    headers, _, _ = user_headers(app, client)
    extra = {"Idempotency-Key": key} if key else {}
    response = client.post("/_test/charge", json={"amount": 1}, headers={**headers, **extra})
    assert_error(response, 400, "IDEMPOTENCY_KEY_REQUIRED")


def test_a_failed_first_try_is_not_stored_and_can_be_retried(app, client):
    headers, _, _ = user_headers(app, client)
    assert_error(_charge(client, headers, "key-000003", fail=True), 409, "PROBE_FAILED")
    assert _charge(client, headers, "key-000003", fail=True).status_code == 409  # same body, runs again
    with app.app_context():
        assert count("probe.charge") == 0


@pytest.mark.postgres
@pytest.mark.concurrency
def test_concurrent_duplicates_act_once_and_all_get_the_first_answer(app, client):
    headers, _, _ = user_headers(app, client)
    results, barrier = [], threading.Barrier(10)

    def attempt():
        local = app.test_client()
        barrier.wait()
        results.append(_charge(local, headers, "key-concurrent", hold=0.3))

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in results] == [201] * 10
    assert len({r.get_data() for r in results}) == 1
    assert sum(1 for r in results if r.headers.get("Idempotent-Replayed")) == 9
    with app.app_context():
        assert count("probe.charge") == 1
