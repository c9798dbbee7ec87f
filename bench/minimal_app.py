"""The floor for bench/orders.py: a minimal Flask endpoint that takes one unit of stock and records an order.

One endpoint, POST /order: in one transaction `UPDATE bench_items SET stock = stock - 1 WHERE id = 1 AND stock >= 1`
and, when a unit was taken, an insert into bench_orders; 201 with the new id, 409 when the stock is gone.
Flask for the request and the answer (as the issue defines the floor), raw psycopg with one connection per server
thread (opened on first use), no ORM, no auth, no schema.
Its two tables live in the benchmark's database and are created by `setup()` (bench/orders.py calls it).

    MINIMAL_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/crab_bench_orders \\
        .venv/bin/gunicorn -w 4 --threads 4 -b 127.0.0.1:8001 --chdir bench minimal_app:app
"""

from __future__ import annotations

import os
import threading

import psycopg
from flask import Flask, request

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


app = Flask(__name__)


@app.get("/health")
def health():
    return {"ok": True}


@app.post("/order")
def order():
    body = request.get_json(silent=True)
    try:
        user_id = int((body or {}).get("user_id", 0))
    except (ValueError, TypeError, AttributeError):
        return {"error": "bad body"}, 400
    order_id = _place_order(user_id)
    if order_id is None:
        return {"error_code": "OUT_OF_STOCK"}, 409
    return {"id": order_id}, 201
