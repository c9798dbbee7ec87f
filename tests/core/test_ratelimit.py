import pytest
from crabsales.core import clock
from crabsales.core.ratelimit import LoginGuard, Window, check, hit, ip_key, record
from crabsales.errors import RateLimited


def test_sliding_window_refuses_and_reports_the_wait(ctx):
    window = [Window("t:a", 2, 60)]
    hit(window)
    clock.advance(10)
    hit(window)
    with pytest.raises(RateLimited) as refused:
        hit(window)
    assert refused.value.retry_after == 50  # the first hit leaves the window 60 s after it was made
    clock.advance(50)
    hit(window)  # one slot free again


def test_a_refused_hit_records_nothing_in_any_window(ctx):
    small, large = Window("t:small", 1, 60), Window("t:large", 10, 3600)
    hit([small, large])
    for _ in range(3):
        with pytest.raises(RateLimited):
            hit([small, large])
    clock.advance(61)
    for _ in range(9):  # 9 more fit in the hour: refused tries were not counted
        hit([Window("t:large", 10, 3600)])
    with pytest.raises(RateLimited):
        hit([Window("t:large", 10, 3600)])


def test_check_refuses_a_full_window_and_record_counts_even_past_the_limit(ctx):
    window = [Window("t:rejects", 2, 60)]
    check(window)
    assert record(window) == [1]
    assert record(window) == [2]
    with pytest.raises(RateLimited) as refused:
        check(window, "NOTIFY_THROTTLED")
    assert refused.value.error_code == "NOTIFY_THROTTLED" and refused.value.retry_after == 60
    clock.advance(61)
    check(window)


def test_login_guard_locks_the_pair_after_five_failures_for_fifteen_minutes(ctx):
    guard = LoginGuard()
    for remaining in (4, 3, 2, 1):
        assert guard.record_failure("acct", "203.0.113.1") == remaining
    assert guard.record_failure("acct", "203.0.113.1") == 0
    with pytest.raises(RateLimited) as locked:
        guard.check("acct", "203.0.113.1")
    assert locked.value.error_code == "ACCOUNT_LOCKED_FOR_IP"
    assert 890 <= locked.value.retry_after <= 900
    guard.check("acct", "203.0.113.2")  # another IP is not locked
    clock.advance(15 * 60 + 1)
    guard.check("acct", "203.0.113.1")  # open again


def test_login_failures_older_than_the_window_do_not_count(ctx):
    guard = LoginGuard()
    for _ in range(4):
        guard.record_failure("acct", "203.0.113.1")
    clock.advance(15 * 60 + 1)
    assert guard.record_failure("acct", "203.0.113.1") == 4


def test_clearing_an_account_forgets_every_ips_lock_and_the_cooldown(ctx):
    guard = LoginGuard()
    for n in range(2):
        for _ in range(5):
            guard.record_failure("acct", f"203.0.113.{n}")
    for n in range(2):
        with pytest.raises(RateLimited):
            guard.check("acct", f"203.0.113.{n}")
    guard.clear("acct")
    guard.check("acct", "203.0.113.0")
    guard.check("acct", "203.0.113.1")
    guard.check("acct", "192.0.2.1")


@pytest.mark.parametrize(
    "ip, key",
    [
        ("203.0.113.5", "203.0.113.5"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.5", "203.0.113.5"),
        ("", "unknown"),
        ("not-an-ip", "not-an-ip"),
    ],
)
def test_ip_key_groups_an_ipv6_host_by_its_network(ip, key):
    assert ip_key(ip) == key
