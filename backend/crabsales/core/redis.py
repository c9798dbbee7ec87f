"""The Redis connection: the real server when REDIS_URL is set, an in-process fake in the embedded mode."""

from flask import current_app

_FAKE_SERVERS: dict = {}


def make_redis(url: str):
    if url:
        import redis

        return redis.Redis.from_url(url)
    import fakeredis

    # One fake server per process so every client in it sees the same data.
    server = _FAKE_SERVERS.setdefault("default", fakeredis.FakeServer())
    return fakeredis.FakeRedis(server=server)


def get_redis():
    return current_app.extensions["crab_redis"]


def init_redis(app):
    app.extensions["crab_redis"] = make_redis(app.config["REDIS_URL"])
