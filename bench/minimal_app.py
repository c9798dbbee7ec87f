"""The floor for bench/orders.py: the smallest WSGI app that takes one unit of stock and records an order.

One endpoint, POST /order: in one transaction `UPDATE bench_items SET stock = stock - 1 WHERE id = 1 AND stock >= 1`
and, when a unit was taken, an insert into bench_orders; 201 with the new id, 409 when the stock is gone.
Raw psycopg, one connection per server thread (opened on first use), no framework, no ORM, no auth.
Its two tables live in the benchmark's database and are created by `setup()` (bench/orders.py calls it).

    MINIMAL_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/crab_bench_orders \\
        .venv/bin/gunicorn -w 4 --threads 4 -b 127.0.0.1:8001 --chdir bench minimal_app:app
"""

from __future__ import annotations

import json
import os
import threading

import psycopg

DSN = os.environ.get("MINIMAL_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/crab_bench_orders")

_local = threading.local()


def setup(dsn: str, stock: int) -> None:
    """(Re)create the two tables with one item holding `stock` units."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_orders, bench_items")
        conn.execute("CREATE TABLE bench_items (id integer PRIMARY KEY, stock integer NOT NULL CHECK (stock >= 0))")
        conn.execute(
            "CREATE TABLE bench_orders (id bigserial PRIMARY KEY, item_id integer NOT NULL REFERENCES bench_items, "
            "user_id integer NOT NULL, quantity integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
        )
        conn.execute("INSERT INTO bench_items (id, stock) VALUES (1, %s)", (stock,))


def _connection() -> psycopg.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        conn = _local.conn = psycopg.connect(DSN)
    return conn


def _answer(start_response, status: str, payload: dict):
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _place_order(user_id: int) -> int | None:
    conn = _connection()
    try:
        with conn.cursor() as cur:
            cur.execute("UPDATE bench_items SET stock = stock - 1 WHERE id = 1 AND stock >= 1")
            if cur.rowcount != 1:
                conn.rollback()
                return None
            cur.execute(
                "INSERT INTO bench_orders (item_id, user_id, quantity) VALUES (1, %s, 1) RETURNING id", (user_id,)
            )
            order_id = cur.fetchone()[0]
        conn.commit()
        return order_id
    except Exception:
        conn.rollback()
        raise


def app(environ, start_response):
    if environ.get("PATH_INFO") == "/health":
        return _answer(start_response, "200 OK", {"ok": True})
    if environ.get("PATH_INFO") != "/order" or environ.get("REQUEST_METHOD") != "POST":
        return _answer(start_response, "404 Not Found", {"error": "not found"})
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    try:
        user_id = int((json.loads(raw) if raw else {}).get("user_id", 0))
    except (ValueError, TypeError, AttributeError):
        return _answer(start_response, "400 Bad Request", {"error": "bad body"})
    order_id = _place_order(user_id)
    if order_id is None:
        return _answer(start_response, "409 Conflict", {"error_code": "OUT_OF_STOCK"})
    return _answer(start_response, "201 Created", {"id": order_id})
