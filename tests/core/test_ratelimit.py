import pytest
from crabsales.core import clock
from crabsales.core.ratelimit import LoginThrottle, Window, hit
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


def test_login_throttle_locks_after_five_failures_for_fifteen_minutes(ctx):
    throttle = LoginThrottle()
    for remaining in (4, 3, 2, 1):
        assert throttle.record_failure("acct") == remaining
    assert throttle.record_failure("acct") == 0
    with pytest.raises(RateLimited) as locked:
        throttle.check("acct")
    assert locked.value.error_code == "LOGIN_LOCKED"
    assert 890 <= locked.value.retry_after <= 900
    clock.advance(15 * 60 + 1)
    throttle.check("acct")  # open again


def test_login_failures_older_than_the_window_do_not_count(ctx):
    throttle = LoginThrottle()
    for _ in range(4):
        throttle.record_failure("acct")
    clock.advance(15 * 60 + 1)
    assert throttle.record_failure("acct") == 4
