"""Rate limits in Redis: exact sliding windows (sorted sets of hit times), shared by every API process.

Times come from core.clock so tests can move time. Several windows are checked and recorded atomically
(WATCH/MULTI), so a refused request records nothing and two concurrent requests cannot both take the last slot.
`check` + `record` count only some outcomes (failures, rejections): check before the work, record after it fails.
"""

from __future__ import annotations

import ipaddress
import math
import uuid
from dataclasses import dataclass

import redis as redis_lib
from flask import current_app

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


def check(windows: list[Window], error_code: str = "RATE_LIMITED", message: str | None = None) -> None:
    """Raise RateLimited if any window is full; records nothing."""
    redis = get_redis()
    now = clock.timestamp()
    wait = max((_wait_for(redis, w, now) for w in windows), default=0)
    if wait > 0:
        raise RateLimited(math.ceil(wait), error_code, _format(message, math.ceil(wait)))


def record(windows: list[Window]) -> list[int]:
    """Record one hit in every window, full or not; answers each window's count including this hit."""
    now = clock.timestamp()
    member = f"{now:.6f}:{uuid.uuid4().hex[:8]}"
    with get_redis().pipeline() as pipe:
        for w in windows:
            pipe.zremrangebyscore(w.key, "-inf", now - w.seconds)
            pipe.zadd(w.key, {member: now})
            pipe.expire(w.key, w.seconds + 60)
            pipe.zcount(w.key, f"({now - w.seconds}", "+inf")
        answers = pipe.execute()
    return answers[3::4]


def ip_key(ip: str) -> str:
    """The unit an IP is limited by: the address for IPv4, its /64 network for IPv6 (one host holds a whole /64)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip or "unknown"
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _wait_text(wait: int) -> str:
    return f"{wait} 秒" if wait < 60 else f"{math.ceil(wait / 60)} 分钟"


class LoginGuard:
    """Password-login throttling by account and IP together, so a stranger can neither lock an owner out nor spray.

    - account + IP: `pair_failures` failures within `window` lock that IP out of that account for `lock_seconds`;
    - IP: `ip_failures` failures within `window` across any accounts refuse every password login from that IP;
    - account: from `account_failures` failures within `window` across all IPs on, each further failure makes IPs
      that never logged in to the account wait longer (doubling from `base_delay` up to `max_delay`); an IP that
      logged in successfully before is never slowed by this, so the owner still logs in during an attack.
    """

    def __init__(
        self,
        pair_failures: int = 5,
        ip_failures: int = 20,
        account_failures: int = 10,
        window: int = 15 * 60,
        lock_seconds: int = 15 * 60,
        base_delay: int = 30,
        max_delay: int = 15 * 60,
        known_ip_days: int = 90,
    ):
        self.pair_failures = pair_failures
        self.ip_failures = ip_failures
        self.account_failures = account_failures
        self.window = window
        self.lock_seconds = lock_seconds
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.known_ip_seconds = known_ip_days * 86400

    @staticmethod
    def _keys(account: str, ip: str) -> dict[str, str]:
        ip = ip_key(ip)
        return {
            "pair_fail": f"login:fail:{account}|{ip}",
            "pair_lock": f"login:lock:{account}|{ip}",
            "pair_ips": f"login:ips:{account}",  # IPs holding pair state, so clear() can find them
            "ip_fail": f"login:ipfail:{ip}",
            "account_fail": f"login:acctfail:{account}",
            "account_cool": f"login:cool:{account}",
            "known": f"login:known:{account}",
            "ip": ip,
        }

    def _ip_limit(self) -> int:
        # Settable: many members can share one carrier-NAT address.
        return int(current_app.config.get("LOGIN_IP_FAILURE_LIMIT", self.ip_failures))

    def check(self, account: str, ip: str) -> None:
        """Raise RateLimited when this IP may not try a password on this account now."""
        keys = self._keys(account, ip)
        redis = get_redis()
        now = clock.timestamp()
        locked_until = redis.get(keys["pair_lock"])
        if locked_until is not None and float(locked_until) > now:
            wait = math.ceil(float(locked_until) - now)
            raise RateLimited(wait, "ACCOUNT_LOCKED_FOR_IP", f"登录失败次数过多，请 {_wait_text(wait)}后再试")
        check(
            [Window(keys["ip_fail"], self._ip_limit(), self.window)],
            "LOGIN_THROTTLED",
            "登录尝试过于频繁，请 {minutes} 分钟后再试",
        )
        cool_until = redis.get(keys["account_cool"])
        if cool_until is not None and float(cool_until) > now and not redis.sismember(keys["known"], keys["ip"]):
            wait = math.ceil(float(cool_until) - now)
            raise RateLimited(wait, "LOGIN_THROTTLED", f"该账号登录失败次数过多，请 {_wait_text(wait)}后再试")

    def record_failure(self, account: str, ip: str) -> int:
        """Count a failure; returns how many tries this IP has left on this account (0: it is now locked out)."""
        keys = self._keys(account, ip)
        redis = get_redis()
        now = clock.timestamp()
        pair, _, on_account = record(
            [
                Window(keys["pair_fail"], self.pair_failures, self.window),
                Window(keys["ip_fail"], self._ip_limit(), self.window),
                Window(keys["account_fail"], self.account_failures, self.window),
            ]
        )
        redis.sadd(keys["pair_ips"], keys["ip"])
        redis.expire(keys["pair_ips"], self.window + self.lock_seconds + 60)
        if on_account >= self.account_failures:
            delay = min(self.base_delay * 2 ** (on_account - self.account_failures), self.max_delay)
            redis.set(keys["account_cool"], str(now + delay), ex=delay + 60)
        if pair >= self.pair_failures:
            redis.set(keys["pair_lock"], str(now + self.lock_seconds), ex=self.lock_seconds + 60)
            redis.delete(keys["pair_fail"])
            return 0
        return self.pair_failures - pair

    def record_success(self, account: str, ip: str) -> None:
        """The right password: this IP's failures on the account are forgiven and the IP is known from now on."""
        keys = self._keys(account, ip)
        with get_redis().pipeline() as pipe:
            pipe.delete(keys["pair_fail"], keys["pair_lock"])
            pipe.sadd(keys["known"], keys["ip"])
            pipe.expire(keys["known"], self.known_ip_seconds)
            pipe.execute()

    def clear(self, account: str) -> None:
        """Forget every failure and lock on the account (its password was reset); known IPs stay known."""
        redis = get_redis()
        ips_key = f"login:ips:{account}"
        ips = [ip.decode() if isinstance(ip, bytes) else ip for ip in redis.smembers(ips_key)]
        stale = [f"login:{kind}:{account}|{ip}" for ip in ips for kind in ("fail", "lock")]
        redis.delete(ips_key, f"login:acctfail:{account}", f"login:cool:{account}", *stale)


login_guard = LoginGuard()
