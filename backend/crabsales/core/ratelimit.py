"""Rate limits in Redis: exact sliding windows (sorted sets of hit times), shared by every API process.

Times come from core.clock so tests can move time. Several windows are checked and recorded atomically
(WATCH/MULTI), so a refused request records nothing and two concurrent requests cannot both take the last slot.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass

import redis as redis_lib

from ..errors import RateLimited
from . import clock
from .redis import get_redis


@dataclass(frozen=True)
class Window:
    key: str
    limit: int
    seconds: int


def _wait_for(pipe, window: Window, now: float) -> float:
    """Seconds until this window has a free slot (0 when free). Reads only: a write would break the WATCH."""
    lower = f"({now - window.seconds}"
    count = pipe.zcount(window.key, lower, "+inf")
    if count < window.limit:
        return 0
    # The slot frees when the oldest hit still counting leaves the window.
    oldest = pipe.zrangebyscore(window.key, lower, "+inf", start=count - window.limit, num=1, withscores=True)
    return oldest[0][1] + window.seconds - now if oldest else window.seconds


def hit(windows: list[Window], error_code: str = "RATE_LIMITED", message: str | None = None) -> None:
    """Record one hit in every window, or raise RateLimited (recording nothing) if any window is full."""
    redis = get_redis()
    keys = [w.key for w in windows]
    while True:
        with redis.pipeline() as pipe:
            try:
                pipe.watch(*keys)
                now = clock.timestamp()
                wait = max((_wait_for(pipe, w, now) for w in windows), default=0)
                if wait > 0:
                    pipe.unwatch()
                    raise RateLimited(math.ceil(wait), error_code, _format(message, math.ceil(wait)))
                pipe.multi()
                member = f"{now:.6f}:{uuid.uuid4().hex[:8]}"
                for w in windows:
                    pipe.zremrangebyscore(w.key, "-inf", now - w.seconds)
                    pipe.zadd(w.key, {member: now})
                    pipe.expire(w.key, w.seconds + 60)
                pipe.execute()
                return
            except redis_lib.WatchError:
                continue


def _format(message: str | None, wait: int) -> str | None:
    if message is None:
        return None
    return message.format(wait=wait, minutes=math.ceil(wait / 60))


class LoginThrottle:
    """After `max_failures` failed logins within `window` seconds, refuse the account for `lock_seconds`."""

    def __init__(self, max_failures: int = 5, window: int = 15 * 60, lock_seconds: int = 15 * 60):
        self.max_failures = max_failures
        self.window = window
        self.lock_seconds = lock_seconds

    def _keys(self, account: str) -> tuple[str, str]:
        return f"login:fail:{account}", f"login:lock:{account}"

    def check(self, account: str) -> None:
        _, lock_key = self._keys(account)
        locked_until = get_redis().get(lock_key)
        if locked_until is not None:
            wait = float(locked_until) - clock.timestamp()
            if wait > 0:
                minutes = math.ceil(wait / 60)
                raise RateLimited(math.ceil(wait), "LOGIN_LOCKED", f"登录失败次数过多，请 {minutes} 分钟后再试")

    def record_failure(self, account: str) -> int:
        """Count a failure; returns how many tries remain before the lock (0 means now locked)."""
        fail_key, lock_key = self._keys(account)
        redis = get_redis()
        now = clock.timestamp()
        with redis.pipeline() as pipe:
            pipe.zremrangebyscore(fail_key, "-inf", now - self.window)
            pipe.zadd(fail_key, {f"{now:.6f}:{uuid.uuid4().hex[:8]}": now})
            pipe.expire(fail_key, self.window + 60)
            pipe.zcard(fail_key)
            failures = pipe.execute()[-1]
        if failures >= self.max_failures:
            redis.set(lock_key, str(now + self.lock_seconds), ex=self.lock_seconds + 60)
            redis.delete(fail_key)
            return 0
        return self.max_failures - failures

    def clear(self, account: str) -> None:
        fail_key, lock_key = self._keys(account)
        get_redis().delete(fail_key, lock_key)


login_throttle = LoginThrottle()
