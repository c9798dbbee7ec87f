"""Settings read from environment variables (see README, "Configuration")."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# With FAKE_SERVICES on and no SECRET_KEY the app signs with this key (stable, so demo tokens survive a restart).
DEV_SECRET_KEY = "dev-only-secret-key-change-me-in-production-0123456789"
# Keys written in this repository (dev, tests, benchmarks, e2e): never accepted with fakes off.
REPOSITORY_KEYS = frozenset(
    {
        DEV_SECRET_KEY,
        "test-secret-key-that-is-long-enough-for-hs256",
        "bench-secret-key-that-is-long-enough-for-hs256",
        "bench-orders-only-secret-0123456789abcdef-0123456789",
        "e2e-only-secret",
    }
)
MIN_SECRET_KEY_LENGTH = 32


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


def _engine_options(url: str) -> dict:
    """SQLAlchemy engine options. The pool is per process: with gunicorn, size it to the threads of one worker.

    DB_POOL_PRE_PING (default on) tests a connection with a round trip each time it leaves the pool; with
    DB_POOL_RECYCLE set below the server's idle timeout it can be turned off to save that round trip."""
    options: dict = {"pool_pre_ping": _bool("DB_POOL_PRE_PING", True)}
    if url.startswith("sqlite"):
        return options
    options["pool_size"] = _int("DB_POOL_SIZE", 5)
    options["max_overflow"] = _int("DB_MAX_OVERFLOW", 10)
    options["pool_timeout"] = _float("DB_POOL_TIMEOUT", 30.0)
    recycle = _int("DB_POOL_RECYCLE", -1)
    if recycle > 0:
        options["pool_recycle"] = recycle
    return options


class Config:
    """Values are read when an instance is made, so tests can set the environment first."""

    def __init__(self, **overrides):
        env = os.environ.get
        # No default: create_app refuses to start without a real key unless FAKE_SERVICES is on (resolve_secrets).
        self.SECRET_KEY = env("SECRET_KEY", "")
        self.SQLALCHEMY_DATABASE_URI = _normalize_db_url(
            env("DATABASE_URL", f"sqlite:///{REPO_ROOT / 'instance' / 'crabsales.db'}")
        )
        self.SQLALCHEMY_ENGINE_OPTIONS = _engine_options(self.SQLALCHEMY_DATABASE_URI)
        # Settings groups and the default freight template are cached per process for this long at most; a change
        # saved through the app is seen by every process at once (core/configcache.py). 0: no cache.
        self.CONFIG_CACHE_SECONDS = _float("CONFIG_CACHE_SECONDS", 30.0)
        # Empty REDIS_URL means the embedded mode: an in-process fake Redis.
        self.REDIS_URL = env("REDIS_URL", "")
        # inline: jobs run in-process right after commit; rq: jobs go to Redis queues for `flask jobs worker`.
        self.JOBS_MODE = env("JOBS_MODE", "inline")
        self.SCHEDULER_IN_PROCESS = _bool("SCHEDULER_IN_PROCESS", False)
        # `flask jobs worker`: fork (a new process per job, RQ's default) or simple (jobs run in the worker itself).
        self.JOBS_WORKER = env("JOBS_WORKER", "fork")

        self.JWT_SECRET_KEY = env("JWT_SECRET_KEY", "")
        self.JWT_ACCESS_MINUTES = _int("JWT_ACCESS_MINUTES", 30)
        self.JWT_REFRESH_DAYS = _int("JWT_REFRESH_DAYS", 30)

        # Fakes for outside services; the dev inbox, simulated payment and the fake WeChat server API exist only when
        # on. Off by default: a deployment that forgets the variable gets the real services, never the fakes.
        self.FAKE_SERVICES = _bool("FAKE_SERVICES", False)
        self.WECHAT_APPID = env("WECHAT_APPID", "wx-demo-appid")
        self.WECHAT_SECRET = env("WECHAT_SECRET", "demo-secret")
        self.WECHAT_MINIPROGRAM_ENV = env("WECHAT_MINIPROGRAM_ENV", "release")
        # Subscribe-message template for order and after-sales updates (empty: in-app notifications only).
        self.WECHAT_TEMPLATE_ORDER_STATUS = env(
            "WECHAT_TEMPLATE_ORDER_STATUS", "demo-order-status" if self.FAKE_SERVICES else ""
        )
        self.INVITE_PAGE = env("INVITE_PAGE", "pages/home/index/index")

        # WeChat Pay API v3 (public-key mode). Keys are PEM text; with FAKE_SERVICES a fake merchant is generated.
        self.WECHATPAY_MCHID = env("WECHATPAY_MCHID", "1900000109")
        self.WECHATPAY_PRIVATE_KEY = env("WECHATPAY_PRIVATE_KEY", "")
        self.WECHATPAY_CERT_SERIAL_NO = env("WECHATPAY_CERT_SERIAL_NO", "")
        self.WECHATPAY_APIV3_KEY = env("WECHATPAY_APIV3_KEY", "")
        self.WECHATPAY_PUBLIC_KEY = env("WECHATPAY_PUBLIC_KEY", "")
        self.WECHATPAY_PUBLIC_KEY_ID = env("WECHATPAY_PUBLIC_KEY_ID", "")
        self.WECHATPAY_NOTIFY_URL = env("WECHATPAY_NOTIFY_URL", "https://api.example.com/api/v1/payments/wechat/notify")
        self.PAYMENT_RECONCILE_MINUTES = _int("PAYMENT_RECONCILE_MINUTES", 5)
        # Rejected WeChat Pay notifications from one IP within a minute before further ones are refused unread.
        self.PAYMENT_NOTIFY_REJECT_LIMIT = _int("PAYMENT_NOTIFY_REJECT_LIMIT", 20)

        self.SMS_PROVIDER = env("SMS_PROVIDER", "fake" if self.FAKE_SERVICES else "aliyun")
        self.SMS_ACCESS_KEY_ID = env("SMS_ACCESS_KEY_ID", "")
        self.SMS_ACCESS_KEY_SECRET = env("SMS_ACCESS_KEY_SECRET", "")
        self.SMS_ENDPOINT = env("SMS_ENDPOINT", "dysmsapi.aliyuncs.com")
        self.SMS_SIGN_NAME = env("SMS_SIGN_NAME", "阳澄湖大闸蟹")
        self.SMS_TEMPLATE_VERIFY_CODE = env("SMS_TEMPLATE_VERIFY_CODE", "SMS_VERIFY_CODE")
        # Template with {dealer} and {code} for adding staff; empty: the verification-code template is used.
        self.SMS_TEMPLATE_STAFF_INVITE = env("SMS_TEMPLATE_STAFF_INVITE", "")
        self.SMS_IP_LIMIT_PER_HOUR = _int("SMS_IP_LIMIT_PER_HOUR", 20)
        self.SMS_IP_LIMIT_PER_DAY = _int("SMS_IP_LIMIT_PER_DAY", 100)
        # Failed password logins from one IP (any accounts) within 15 minutes before its password logins are refused.
        self.LOGIN_IP_FAILURE_LIMIT = _int("LOGIN_IP_FAILURE_LIMIT", 20)

        # Prefix for links to stored files (avatars, images), e.g. https://api.example.com; empty = relative /files/...
        self.PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "").rstrip("/")
        self.STORAGE_DIR = env("STORAGE_DIR", str(REPO_ROOT / "instance" / "files"))
        self.ADMIN_SPA_DIST = env("ADMIN_SPA_DIST", str(REPO_ROOT / "admin-spa" / "dist"))
        # Number of reverse proxies in front of the app whose X-Forwarded-For is trusted.
        self.TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)

        self.API_TITLE = "Crab Sales API"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api"
        self.OPENAPI_JSON_PATH = "openapi.json"
        self.OPENAPI_SWAGGER_UI_PATH = "/docs"
        self.OPENAPI_SWAGGER_UI_URL = "/api/swagger-assets/"  # served from the installed package, no CDN
        self.JSON_SORT_KEYS = False
        # Request body limit for the JSON API; upload endpoints raise their own (core/limits.py).
        self.MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 1024 * 1024)
        self.TESTING = False
        for key, value in overrides.items():
            setattr(self, key, value)


def resolve_secrets(config) -> None:
    """Fill in and check SECRET_KEY and JWT_SECRET_KEY (a mapping such as app.config), or raise RuntimeError.

    With fakes on an empty SECRET_KEY becomes DEV_SECRET_KEY. With fakes off (production) each key must be set, at
    least MIN_SECRET_KEY_LENGTH characters long and none of the keys written in this repository."""
    if not config.get("SECRET_KEY") and config.get("FAKE_SERVICES"):
        config["SECRET_KEY"] = DEV_SECRET_KEY
    config["JWT_SECRET_KEY"] = config.get("JWT_SECRET_KEY") or config.get("SECRET_KEY") or ""
    if config.get("FAKE_SERVICES"):
        return
    for name in ("SECRET_KEY", "JWT_SECRET_KEY"):
        key = config.get(name) or ""
        if not key:
            raise RuntimeError(f"{name} must be set when FAKE_SERVICES is off (production)")
        if key in REPOSITORY_KEYS:
            raise RuntimeError(f"{name} is a key written in the repository: set a random one for production")
        if len(key) < MIN_SECRET_KEY_LENGTH:
            raise RuntimeError(f"{name} is too short: use at least {MIN_SECRET_KEY_LENGTH} random characters")


def _normalize_db_url(url: str) -> str:
    # psycopg 3 is the driver; accept the usual postgres:// and postgresql:// spellings.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url
