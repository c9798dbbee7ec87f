"""Storefront and member-list benchmark on a big PostgreSQL data set.

Builds a dedicated database (default crab_bench: 100,000 catalog items, 1,000,000 members), loads it with server-side
SQL, then times the real endpoints through the Flask test client:

  GET /api/v1/storefront/items   (anonymous, as the mini-program calls it)
  GET /api/v1/admin/members      (with a super-admin token made for the run)

For every query it prints p50/p95/max, then the EXPLAIN (ANALYZE, BUFFERS) plan of each SQL statement the request ran
on catalog_items or users (captured with SQLAlchemy's before_cursor_execute event and explained with the same
parameters). The plan shown is the one the app settles on: psycopg prepares a statement after 5 runs and the server
may then switch to a generic plan, so the statement is PREPAREd and executed 5 times before EXPLAIN EXECUTE (the
custom plan is summarised beside it). A query is flagged when its plan reads a whole big table: a Seq Scan on
catalog_items or users, or a bitmap index scan that matches every row (a trigram index given a 2-character keyword).

    cd /work/main && PYTHONPATH=backend .venv/bin/python bench/storefront_members.py            # full size
    cd /work/main && PYTHONPATH=backend .venv/bin/python bench/storefront_members.py --small    # quick check
    ... --reuse        keep the loaded data when the row counts already match
    ... --check        exit 1 if any list query is flagged (--strict: also if a page sorts every match)
    ... --try-indexes  explain the flagged queries again with candidate indexes built in a rolled-back transaction

See docs/bench.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from pathlib import Path

import psycopg
from psycopg import sql

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "backend"))

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/crab_bench"
DEFAULT_SMALL_URL = "postgresql://postgres@127.0.0.1:5432/crab_bench_small"
PROTECTED_DATABASES = {"crab_test", "crab_ci", "crab_dev", "postgres", "template0", "template1"}
BIG_TABLES = ("catalog_items", "users")
# psycopg prepares a statement on its 5th execution and the server plans a prepared statement 5 times with its values
# before it may settle on a generic plan: after 10 calls a query runs the plan it will keep running.
WARMUP_CALLS = 10
SORT_FLAG_ROWS = 5_000  # a page statement that sorts more matching rows than this is reported
ADMIN_USERNAME = "bench-admin"
ADMIN_PASSWORD = "Bench-passw0rd"

# ---- word lists (combined server-side, so names vary and trigram search has something real to find) -----------------
# fmt: off

# Origins; 阳澄湖 is listed several times: it is the common word the keyword benchmark searches.
ORIGINS = ["阳澄湖"] * 6 + [
    "太湖", "固城湖", "洪泽湖", "高淳", "兴化", "洪湖", "梁子湖", "长荡湖", "微山湖", "滆湖", "巢湖", "石臼湖",
    "邵伯湖",
]
GRADES = [
    "精品", "特级", "鲜活", "尊享", "臻选", "至尊", "品鉴", "家庭", "经典", "金标", "生态", "原产地", "珍品", "优选",
]
RARE_WORD = "蟹王蟹后"  # replaces the grade in about 1 item of 2,000: the rare keyword
CRAB_SPECS = [
    "公4.0两母3.0两", "公4.5两母3.5两", "公5.0两母4.0两", "公3.5两母2.5两", "公5.5两母4.0两", "公6.0两母4.5两",
]
COUNTS = ["4只装", "6只装", "8只装", "10只装", "12只装", "16只装"]
PACKAGE_SUFFIXES = ["礼盒", "礼盒", "套餐", "家庭装", "团购装", "尝鲜装", "豪华礼盒"]
FACE_VALUES = ["298", "398", "498", "598", "688", "888", "1088", "1288", "1688", "1888", "2288", "2888", "3888"]
PHYSICAL_SUFFIXES = ["型提货卡", "型礼品卡", "型蟹卡", "型提货礼卡"]
ECARD_SUFFIXES = ["型电子提货券", "型电子礼品卡", "型电子蟹券"]
PRODUCT_WORDS = [
    "大闸蟹公蟹3.5两", "大闸蟹公蟹4.0两", "大闸蟹公蟹4.5两", "大闸蟹公蟹5.0两", "大闸蟹母蟹2.5两", "大闸蟹母蟹3.0两",
    "大闸蟹母蟹3.5两", "大闸蟹母蟹4.0两", "镇江香醋", "红糖姜茶", "绍兴黄酒", "蟹八件", "冰袋", "泡沫保温箱",
    "蟹黄酱", "醉蟹", "紫苏叶", "蟹粉",
]
SUBTITLES = [
    "顺丰冷链 产地直发", "死蟹包赔 坏一赔一", "鲜活发货 当日捕捞", "中秋送礼首选", "企业团购 可开发票",
    "一蟹一码 正品溯源", "青背白肚 金爪黄毛", "膏满黄肥 肉质鲜甜", "", "",
]
NICK_ADJECTIVES = [
    "快乐的", "爱吃蟹的", "阳光", "安静的", "可爱的", "小小", "大大", "开心", "幸福的", "平凡的", "追风的", "温柔的",
    "淡定的", "认真的", "忙碌的", "慢慢", "微笑的", "江南", "苏州", "上海",
]
NICK_NOUNS = [
    "小王", "小李", "螃蟹", "大叔", "阿姨", "蟹老板", "吃货", "老张", "小陈", "猫咪", "月亮", "星星", "清风", "海燕",
    "老刘", "小赵", "宝贝", "少年", "姑娘", "先生", "女士", "大白", "小黄", "阿强", "阿芳", "老周", "小孙", "渔夫",
]
# Surnames weighted roughly by frequency (王李张刘陈 first); given-name characters are common ones.
SURNAMES = ["王"] * 7 + ["李"] * 7 + ["张"] * 7 + ["刘"] * 5 + ["陈"] * 5 + list(
    "杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦"
)
GIVEN_CHARS = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅琳建国俊浩宇晨欣怡佳婷子涵雨萱博文思")
PHONE_PREFIXES = [str(p) for p in list(range(130, 140)) + [150, 151, 152, 153, 155, 156, 157, 158, 159, 166]] + [
    str(p) for p in [170, 171, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191, 198, 199]
]

PACKAGE_CATEGORIES = [
    "公蟹礼盒", "母蟹礼盒", "公母对蟹", "全公蟹", "全母蟹", "中秋礼盒", "国庆礼盒", "企业团购", "家庭尝鲜", "大规格",
    "小规格", "蟹黄专区", "限量珍品", "老客回购", "新客专享", "节日特惠", "产地直发", "冷链次日达", "高端定制",
    "年货礼盒", "组合套餐", "蟹+酒套餐", "蟹+茶套餐", "亲友分享", "预售专区",
]
CARD_CATEGORIES = [
    "提货卡", "礼品卡", "电子券", "中秋卡", "国庆卡", "企业卡", "员工福利卡", "客户答谢卡", "年卡", "季卡",
    "尊享卡", "至尊卡", "金卡", "银卡", "白金卡", "钻石卡", "经典卡", "鲜活卡", "限量卡", "定制卡",
    "团购卡", "亲情卡", "感恩卡", "节日卡", "预售卡",
]
PRODUCT_CATEGORIES = {
    "大闸蟹": ["公蟹", "母蟹", "对蟹", "蟹苗", "特大规格", "小规格"],
    "河鲜": ["鱼类", "虾类", "贝类", "螺类", "其他河鲜"],
    "海鲜": ["梭子蟹", "青蟹", "帝王蟹", "海虾", "贝类"],
    "调料": ["香醋", "姜茶", "酱料", "香料", "紫苏"],
    "酒水": ["黄酒", "白酒", "葡萄酒", "果酒"],
    "工具": ["蟹八件", "蟹钳", "剪刀", "围裙"],
    "包装耗材": ["泡沫箱", "冰袋", "礼盒外包装", "手提袋", "绑绳"],
    "熟食": ["醉蟹", "蟹黄酱", "蟹粉", "熟冻蟹"],
}
MEMBER_LEVELS = [  # name, discount (basis points), sort order, default
    ("普通会员", 10000, 1, True),
    ("银卡会员", 9800, 2, False),
    ("金卡会员", 9500, 3, False),
    ("钻石会员", 9000, 4, False),
]
DEALERS = 2_000
# fmt: on


# ---- small helpers ---------------------------------------------------------------------------------------------------


def log(message: str = "") -> None:
    print(message, flush=True)


def plain_url(url: str) -> str:
    """postgresql://... for psycopg (drop a SQLAlchemy driver suffix)."""
    url = url.replace("postgresql+psycopg://", "postgresql://", 1)
    return "postgresql://" + url[len("postgres://") :] if url.startswith("postgres://") else url


def database_name(url: str) -> str:
    return psycopg.conninfo.conninfo_to_dict(plain_url(url)).get("dbname", "")


def maintenance_url(url: str) -> str:
    params = psycopg.conninfo.conninfo_to_dict(plain_url(url))
    params["dbname"] = "postgres"
    return psycopg.conninfo.make_conninfo(**params)


def pick(array_param: str, length: int, skew: float = 1.0) -> str:
    """SQL: a random element of a text[] parameter; skew > 1 favours the first elements."""
    chance = "random()" if skew == 1.0 else f"power(random(), {skew})"
    return f"(%({array_param})s::text[])[1 + floor({chance} * {length})::int]"


@contextmanager
def timed(label: str, timings: list):
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    timings.append((label, elapsed))
    log(f"  {label:<52} {elapsed:8.1f} s")


# ---- database and schema ---------------------------------------------------------------------------------------------


def database_exists(url: str) -> bool:
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]).fetchone() is not None


def recreate_database(url: str) -> None:
    name = database_name(url)
    with psycopg.connect(maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def make_app(url: str):
    """The real app on the bench database: fakes on, embedded Redis, a long-lived token."""
    os.environ["DATABASE_URL"] = url
    os.environ["REDIS_URL"] = ""
    os.environ["FAKE_SERVICES"] = "1"
    from crabsales import create_app
    from crabsales.config import Config, _normalize_db_url

    workdir = Path(tempfile.mkdtemp(prefix="crab-bench-"))
    config = Config()
    config.SQLALCHEMY_DATABASE_URI = _normalize_db_url(url)
    config.REDIS_URL = ""
    config.FAKE_SERVICES = True
    config.SMS_PROVIDER = "fake"
    config.JOBS_MODE = "inline"
    config.STORAGE_DIR = str(workdir / "files")
    config.SECRET_KEY = "bench-secret-key-that-is-long-enough-for-hs256"
    config.JWT_SECRET_KEY = config.SECRET_KEY
    config.JWT_ACCESS_MINUTES = 24 * 60
    app = create_app(config)
    import logging

    logging.getLogger().setLevel(logging.WARNING)  # create_app sets INFO; keep the benchmark output readable
    return app


def migrate(app) -> None:
    from crabsales.extensions import db
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        db.session.remove()


# ---- loading ---------------------------------------------------------------------------------------------------------

SECONDARY_INDEXES_SQL = """
SELECT c.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY c.relname
"""


def load_reference_rows(conn) -> dict:
    """Member levels and categories (a few hundred rows: plain INSERTs)."""
    levels = {}
    for name, rate, order, is_default in MEMBER_LEVELS:
        levels[name] = conn.execute(
            "INSERT INTO member_levels (name, discount_rate_bp, sort_order, is_default, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, now(), now()) RETURNING id",
            [name, rate, order, is_default],
        ).fetchone()[0]

    def category(scope, name, parent_id=None, order=0):
        return conn.execute(
            "INSERT INTO categories (scope, parent_id, name, icon_url, sort_order, is_visible, created_at, updated_at)"
            " VALUES (%s, %s, %s, '', %s, true, now(), now()) RETURNING id",
            [scope, parent_id, name, order],
        ).fetchone()[0]

    package_ids = [category("package", name, order=n) for n, name in enumerate(PACKAGE_CATEGORIES)]
    card_ids = [category("card", name, order=n) for n, name in enumerate(CARD_CATEGORIES)]
    product_ids = []
    for n, (parent, children) in enumerate(PRODUCT_CATEGORIES.items()):
        parent_id = category("product", parent, order=n)
        product_ids += [category("product", child, parent_id, m) for m, child in enumerate(children)]
    return {"levels": levels, "package": package_ids, "card": card_ids, "product": product_ids}


def load_items(conn, total: int, cats: dict) -> None:
    """`total` catalog items; ids are explicit so cards can point at packages (ids divisible by 20) in one statement.

    Kinds by id % 20: 0-6 package (35%), 7-10 physical card (20%), 11-14 e-card (20%), 15-19 product (25%).
    About 3% are deleted (and off the shelf); of the rest about 90% are on the shelf.
    """
    params = {
        "origins": ORIGINS,
        "grades": GRADES,
        "specs": CRAB_SPECS,
        "counts": COUNTS,
        "pkg_suffixes": PACKAGE_SUFFIXES,
        "faces": FACE_VALUES,
        "phys_suffixes": PHYSICAL_SUFFIXES,
        "e_suffixes": ECARD_SUFFIXES,
        "products": PRODUCT_WORDS,
        "subtitles": SUBTITLES,
        "rare": RARE_WORD,
        "total": total,
        "pkg_cats": [str(c) for c in cats["package"]],
        "card_cats": [str(c) for c in cats["card"]],
        "product_cats": [str(c) for c in cats["product"]],
    }
    grade = f"CASE WHEN random() < 0.0005 THEN %(rare)s ELSE {pick('grades', len(GRADES))} END"
    origin = pick("origins", len(ORIGINS))
    face = pick("faces", len(FACE_VALUES), 1.5)
    statement = f"""
    WITH base AS MATERIALIZED (
      SELECT i AS id, k.kind, random() AS r_shelf, random() AS r_deleted, random() AS r_weight, random() AS r_sales,
             random() AS r_stock, random() AS r_recommend,
             now() - interval '3 years' + (i - 1 + random()) / %(total)s * interval '3 years' AS created_at,
             CASE k.kind
               WHEN 'package' THEN {origin} || {grade} || '大闸蟹' || {pick("specs", len(CRAB_SPECS))}
                                   || {pick("counts", len(COUNTS))} || {pick("pkg_suffixes", len(PACKAGE_SUFFIXES))}
               WHEN 'physical_card' THEN {origin} || {grade} || '大闸蟹' || {face}
                                   || {pick("phys_suffixes", len(PHYSICAL_SUFFIXES))}
               WHEN 'ecard' THEN {origin} || {grade} || '大闸蟹' || {face} || {pick("e_suffixes", len(ECARD_SUFFIXES))}
               ELSE {origin} || {grade} || {pick("products", len(PRODUCT_WORDS))}
             END AS name,
             {pick("subtitles", len(SUBTITLES))} AS subtitle,
             CASE WHEN k.kind = 'product' THEN 'SKU' || lpad(i::text, 8, '0') END AS sku,
             CASE k.kind
               WHEN 'package' THEN ((198 + floor(power(random(), 2) * 2800))::int / 10 * 10 - 2) * 100
               WHEN 'product' THEN (18 + floor(power(random(), 2) * 300))::int * 100
               ELSE ((298 + floor(power(random(), 2) * 3600))::int / 10 * 10 - 2) * 100
             END AS retail_price,
             CASE WHEN k.kind = 'package' THEN ({pick("pkg_cats", len(cats["package"]), 1.5)})::bigint
                  WHEN k.kind = 'product' THEN ({pick("product_cats", len(cats["product"]), 1.5)})::bigint
                  ELSE ({pick("card_cats", len(cats["card"]), 1.5)})::bigint END AS category_id,
             CASE WHEN k.kind IN ('physical_card', 'ecard')
                  THEN 20 * (1 + floor(random() * (%(total)s / 20 - 1)))::bigint END AS redeem_package_id
      FROM generate_series(1, %(total)s) AS i,
           LATERAL (SELECT CASE WHEN i %% 20 < 7 THEN 'package' WHEN i %% 20 < 11 THEN 'physical_card'
                                WHEN i %% 20 < 15 THEN 'ecard' ELSE 'product' END AS kind) AS k
    )
    INSERT INTO catalog_items (
      id, kind, category_id, name, subtitle, search_text, cover_url, gallery, video_url, detail_html, unit,
      retail_price, delivery_subsidy, stock, low_stock_threshold, is_on_shelf, is_recommended, sort_weight,
      sales_count, rating_total, review_count, deleted_at, sku, specs, settlement_price, weight_g, length_mm,
      width_mm, height_mm, redeem_package_id, created_at, updated_at)
    SELECT id, kind, category_id, left(name, 64), subtitle,
           left(lower(concat_ws(' ', name, nullif(subtitle, ''), sku)), 256),
           '/files/bench/cover-' || (id %% 500) || '.jpg', '[]'::json, '',
           '<p>' || name || '。' || subtitle || '。阳澄湖原产地直发，顺丰冷链，死蟹包赔，蟹季内任选日期发货。</p>',
           CASE kind WHEN 'package' THEN '盒' WHEN 'product' THEN '只' ELSE '张' END,
           retail_price, CASE WHEN kind = 'package' THEN 1500 ELSE 0 END,
           floor(r_stock * 800)::int, 20,
           r_deleted >= 0.03 AND r_shelf < 0.9, r_recommend < 0.01,
           CASE WHEN r_weight < 0.05 THEN 1 + floor(r_weight * 2000)::int ELSE 0 END,
           floor(power(r_sales, 3) * 20000)::int,
           floor(power(r_sales, 3) * 20000 * 0.1)::int * 5 - floor(power(r_sales, 3) * 20000 * 0.1 * r_stock)::int,
           floor(power(r_sales, 3) * 20000 * 0.1)::int,
           CASE WHEN r_deleted < 0.03 THEN created_at + (now() - created_at) * r_stock END,
           sku,
           CASE WHEN kind = 'product' THEN '[{{"name": "规格", "value": "标准"}}]'::json ELSE '[]'::json END,
           CASE WHEN kind = 'product' THEN retail_price * 7 / 10 END,
           CASE WHEN kind IN ('product', 'package') THEN 250 + floor(r_stock * 5000)::int END,
           CASE WHEN kind = 'package' THEN 400 END, CASE WHEN kind = 'package' THEN 300 END,
           CASE WHEN kind = 'package' THEN 200 END,
           redeem_package_id, created_at, created_at
    FROM base
    """
    conn.execute(statement, params)


def load_users(conn, total: int, levels: dict) -> None:
    """`total` members in id order of sign-up (created_at spread evenly over three years).

    Phones are unique: a prefix plus (id * 7919 mod 10^8), a bijection for ids below 10^8. About 0.5% are soft-deleted
    (phone moved to deleted_phone, as the service does), ~20% belong to one of 2,000 dealers, levels 70/20/8/2%.
    """
    level_ids = [levels[name] for name, *_ in MEMBER_LEVELS]
    params = {
        "prefixes": PHONE_PREFIXES,
        "adjectives": NICK_ADJECTIVES,
        "nouns": NICK_NOUNS,
        "surnames": SURNAMES,
        "given": GIVEN_CHARS,
        "total": total,
        "l1": level_ids[0],
        "l2": level_ids[1],
        "l3": level_ids[2],
        "l4": level_ids[3],
        "dealers": DEALERS,
    }
    statement = f"""
    WITH base AS MATERIALIZED (
      SELECT i AS id,
             {pick("prefixes", len(PHONE_PREFIXES))} || lpad(((i::bigint * 7919 + 13) %% 100000000)::text, 8, '0')
               AS phone,
             random() AS r_nick, random() AS r_name, random() AS r_level, random() AS r_dealer, random() AS r_misc,
             random() AS r_deleted,
             {pick("adjectives", len(NICK_ADJECTIVES))} || {pick("nouns", len(NICK_NOUNS))} AS nick,
             {pick("surnames", len(SURNAMES))} || {pick("given", len(GIVEN_CHARS))}
               || CASE WHEN random() < 0.5 THEN {pick("given", len(GIVEN_CHARS))} ELSE '' END AS full_name,
             now() - interval '3 years' + (i - 1 + random()) / %(total)s * interval '3 years' AS created_at
      FROM generate_series(1, %(total)s) AS i
    )
    INSERT INTO users (
      id, member_no, phone, password_hash, password_change_required, token_version, wechat_openid, wechat_unionid,
      nickname, avatar_url, real_name, gender, member_level_id, invited_by_id, owner_dealer_id, owner_staff_id,
      attached_at, is_active, last_login_at, deleted_at, deleted_phone, total_spent, paid_order_count,
      last_order_at, created_at, updated_at)
    SELECT id, (10000000 + id)::text,
           CASE WHEN r_deleted >= 0.005 THEN phone END,
           NULL, false, 1, 'oBench' || md5(id::text), NULL,
           CASE WHEN r_nick < 0.10 THEN '微信用户' WHEN r_nick < 0.25 THEN '蟹友' || right(phone, 4) ELSE nick END,
           CASE WHEN r_misc < 0.7 THEN '/files/avatars/bench-' || (id %% 1000) || '.jpg' ELSE '' END,
           CASE WHEN r_name < 0.6 THEN full_name ELSE '' END,
           floor(r_misc * 3)::smallint,
           CASE WHEN r_level < 0.70 THEN %(l1)s WHEN r_level < 0.90 THEN %(l2)s
                WHEN r_level < 0.98 THEN %(l3)s ELSE %(l4)s END,
           NULL,
           CASE WHEN r_dealer < 0.2 THEN 1 + floor(power(r_dealer / 0.2, 1.5) * %(dealers)s)::bigint END,
           CASE WHEN r_dealer < 0.12
                THEN (1 + floor(power(r_dealer / 0.2, 1.5) * %(dealers)s)::bigint) * 10 + floor(r_misc * 5)::bigint
           END,
           CASE WHEN r_dealer < 0.2 THEN created_at END,
           r_misc >= 0.02,
           created_at + (now() - created_at) * r_nick,
           CASE WHEN r_deleted < 0.005 THEN created_at + (now() - created_at) * r_name END,
           CASE WHEN r_deleted < 0.005 THEN phone END,
           CASE WHEN r_level < 0.3 THEN 0 ELSE floor(power(r_level, 4) * 2000000)::bigint END,
           CASE WHEN r_level < 0.3 THEN 0 ELSE 1 + floor(power(r_level, 4) * 30)::int END,
           CASE WHEN r_level < 0.3 THEN NULL ELSE created_at + (now() - created_at) * r_level END,
           created_at, created_at + (now() - created_at) * r_misc
    FROM base
    """
    conn.execute(statement, params)


def load_data(url: str, items: int, users: int) -> list:
    timings: list = []
    log(f"Loading {items:,} catalog items and {users:,} members into {database_name(url)}")
    with psycopg.connect(plain_url(url)) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("SET synchronous_commit = off")
        conn.execute("SELECT setseed(0.42)")  # the same data every run
        with timed("member levels and categories", timings):
            cats = load_reference_rows(conn)
        # Secondary indexes (GIN trigram above all) are far cheaper to build once than to maintain row by row:
        # drop them, load, then recreate them from their exact saved definitions (the schema ends as migrated).
        saved = []
        for table in BIG_TABLES:
            saved += conn.execute(SECONDARY_INDEXES_SQL, [table]).fetchall()
        for name, _ in saved:
            conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        with timed(f"catalog_items: {items:,} rows (INSERT ... SELECT generate_series)", timings):
            load_items(conn, items, cats)
        with timed(f"users: {users:,} rows (INSERT ... SELECT generate_series)", timings):
            load_users(conn, users, cats["levels"])
        for table in BIG_TABLES:
            conn.execute(
                sql.SQL("SELECT setval(pg_get_serial_sequence({t}, 'id'), (SELECT max(id) FROM {i}))").format(
                    t=sql.Literal(table), i=sql.Identifier(table)
                )
            )
        conn.commit()
        for table in BIG_TABLES:
            definitions = [(n, d) for n, d in saved if f" ON public.{table} " in d]
            with timed(f"{table}: rebuild {len(definitions)} secondary indexes", timings):
                for _, definition in definitions:
                    conn.execute(definition)
                conn.commit()
        after = []
        for table in BIG_TABLES:
            after += conn.execute(SECONDARY_INDEXES_SQL, [table]).fetchall()
        # Names must match; definitions are compared loosely, since PostgreSQL re-normalizes partial-index
        # predicates (casts around IN lists) when an index is created again from its printed definition.
        if sorted(n for n, _ in after) != sorted(n for n, _ in saved):
            raise SystemExit("indexes differ after the reload: refusing to benchmark a different schema")
    with psycopg.connect(plain_url(url), autocommit=True) as conn, timed("VACUUM (ANALYZE) every table", timings):
        conn.execute("VACUUM (ANALYZE)")
    log(f"  {'total load':<52} {sum(t for _, t in timings):8.1f} s")
    return timings


def make_admin(app) -> str:
    """A super-admin (made once) and an access token for it."""
    from crabsales.core.uow import commit
    from crabsales.extensions import db
    from crabsales.identity.auth import issue_tokens
    from crabsales.identity.models import AdminUser
    from crabsales.identity.passwords import hash_password
    from sqlalchemy import select

    with app.test_request_context():
        admin = db.session.execute(select(AdminUser).where(AdminUser.username == ADMIN_USERNAME)).scalar_one_or_none()
        if admin is None:
            admin = AdminUser(
                username=ADMIN_USERNAME, name="压测管理员", password_hash=hash_password(ADMIN_PASSWORD), is_super=True
            )
            db.session.add(admin)
            commit()
        token = issue_tokens("admin", admin, "admin")["access_token"]
        db.session.remove()
        return token


def row_counts(url: str) -> dict:
    with psycopg.connect(plain_url(url)) as conn:
        return {
            t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
            for t in BIG_TABLES
        }


# ---- the queries -----------------------------------------------------------------------------------------------------


@dataclass
class Query:
    name: str
    path: str
    params: dict
    admin: bool = False

    @property
    def window(self) -> int:
        """Rows a perfect plan reads for the page: offset + page size."""
        return int(self.params.get("page", 1)) * int(self.params.get("page_size", 20))


@dataclass
class Statement:
    label: str  # count | page | eager load
    sql: str
    parameters: object
    plan_text: str = ""
    exec_ms: float = 0.0
    seq_scans: tuple = ()
    rows_read: int = 0  # rows the plan read from catalog_items/users (returned + filtered out)
    rows_sorted: int = 0  # rows fed into the largest Sort node
    indexes: tuple = ()
    full_index_scans: tuple = ()  # big tables whose bitmap index scan matched (nearly) every row
    generic: bool = False  # the steady-state plan is the server's generic plan (parameters as $n)
    custom: dict = field(default_factory=dict)  # facts of the custom plan (the first executions), for comparison

    def sorts_everything(self, window: int) -> bool:
        return self.label == "page" and self.rows_sorted > max(SORT_FLAG_ROWS, 5 * window)


@dataclass
class Result:
    query: Query
    times_ms: list = field(default_factory=list)
    sql_ms: list = field(default_factory=list)
    rows: int = 0
    total: int = 0
    statements: list = field(default_factory=list)

    @property
    def seq_scans(self) -> set:
        return {t for s in self.statements for t in s.seq_scans}

    @property
    def full_index_scans(self) -> set:
        return {t for s in self.statements for t in s.full_index_scans}

    @property
    def flagged(self) -> bool:
        """Reads a whole big table: a seq scan, or an index scan that matched every row."""
        return bool(self.seq_scans or self.full_index_scans)

    @property
    def page_read(self) -> int:
        return sum(s.rows_read for s in self.statements if s.label == "page")

    @property
    def sorted_rows(self) -> int:
        return max([s.rows_sorted for s in self.statements if s.sorts_everything(self.query.window)], default=0)


def choose_parameters(url: str) -> dict:
    """Filter values taken from the data: the busiest categories and dealer, a level, a created range."""
    with psycopg.connect(plain_url(url)) as conn:

        def one(statement, params=()):
            return conn.execute(statement, params).fetchone()[0]

        on_sale = "is_on_shelf AND deleted_at IS NULL"
        return {
            "package_category": one(
                f"SELECT category_id FROM catalog_items WHERE kind = 'package' AND {on_sale}"
                " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
            ),
            "card_category": one(
                f"SELECT category_id FROM catalog_items WHERE kind IN ('physical_card', 'ecard') AND {on_sale}"
                " GROUP BY 1 ORDER BY count(*) ASC, 1 LIMIT 1"
            ),
            "dealer": one(
                "SELECT owner_dealer_id FROM users WHERE owner_dealer_id IS NOT NULL"
                " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
            ),
            "level": one("SELECT id FROM member_levels WHERE name = %s", ["金卡会员"]),
            "max_created": one("SELECT max(created_at) FROM users"),
        }


SALES = {"sort": "sales"}


def build_queries(chosen: dict) -> list[Query]:
    items, members = "/api/v1/storefront/items", "/api/v1/admin/members"
    queries = []
    for kind, sorts in (
        (None, ("default", "sales")),
        ("package", ("default", "sales", "price", "-price", "newest")),
        ("physical_card", ("default", "sales", "price", "-price")),
        ("ecard", ("default", "sales", "price", "-price")),
    ):
        for sort in sorts:
            params = ({"kind": kind} if kind else {}) | {"sort": sort}
            queries.append(Query(f"store {kind or 'all kinds'} sort={sort}", items, params))
    queries += [
        Query("store category (largest package cat.)", items, {"category_id": chosen["package_category"]}),
        Query(
            "store category (smallest card cat.) sort=sales", items, {"category_id": chosen["card_category"]} | SALES
        ),
        Query("store search common '阳澄湖'", items, {"q": "阳澄湖"}),
        Query(f"store search rare '{RARE_WORD}'", items, {"q": RARE_WORD}),
        Query("store search 2-char '礼盒'", items, {"q": "礼盒"}),
        Query("store package sort=sales page=50", items, {"kind": "package", "sort": "sales", "page": 50}),
    ]
    end = chosen["max_created"] - timedelta(days=365)
    start = end - timedelta(days=90)
    iso = "%Y-%m-%dT%H:%M:%SZ"
    queries += [
        Query("members default (newest first)", members, {}, admin=True),
        Query("members search phone '8273'", members, {"q": "8273"}, admin=True),
        Query("members search nickname '蟹老板'", members, {"q": "蟹老板"}, admin=True),
        Query("members search name 2-char '张伟'", members, {"q": "张伟"}, admin=True),
        Query("members owner dealer (largest)", members, {"owner_dealer_id": chosen["dealer"]}, admin=True),
        Query(
            "members level 金卡 + created 90 days",
            members,
            {
                "member_level_id": chosen["level"],
                "created_from": start.astimezone(UTC).strftime(iso),
                "created_to": end.astimezone(UTC).strftime(iso),
            },
            admin=True,
        ),
    ]
    return queries


class SqlRecorder:
    """Engine events: SQL time per request, and the statements of one request when capturing."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.capture: list | None = None
        self.sql_seconds = 0.0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()
        if self.capture is not None:
            self.capture.append((statement, parameters))

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        self.sql_seconds += time.perf_counter() - conn.info.pop("bench_started", time.perf_counter())


TOUCHES_BIG_TABLE = re.compile(r"\b(?:FROM|JOIN)\s+(catalog_items|users)\b", re.IGNORECASE)
SCAN_NODES = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"}


def statement_label(statement: str) -> str:
    text = statement.lstrip()
    if text.startswith("SELECT count(*)"):
        return "count"
    if "%(primary_keys_" in text:
        return "eager load"
    return "page"


def run_query(client, recorder: SqlRecorder, query: Query, headers: dict, runs: int, budget_s: float) -> Result:
    result = Result(query)
    request_headers = headers if query.admin else {}

    def call():
        response = client.get(query.path, query_string=query.params, headers=request_headers)
        if response.status_code != 200:
            raise SystemExit(f"{query.name}: HTTP {response.status_code} {response.get_data(as_text=True)[:300]}")
        return response.get_json()

    recorder.capture = []
    body = call()  # the first warm-up call, and the statements to explain
    result.statements = [
        Statement(statement_label(s), s, p) for s, p in recorder.capture if TOUCHES_BIG_TABLE.search(s)
    ]
    recorder.capture = None
    result.rows, result.total = len(body["items"]), body["total"]
    for _ in range(WARMUP_CALLS - 1):
        call()
    started = time.perf_counter()
    for n in range(runs):
        recorder.sql_seconds = 0.0
        t0 = time.perf_counter()
        call()
        result.times_ms.append((time.perf_counter() - t0) * 1000)
        result.sql_ms.append(recorder.sql_seconds * 1000)
        if time.perf_counter() - started > budget_s and n + 1 >= 5:
            break
    return result


def analyse_plan(document, table_rows: dict) -> dict:
    """Seq scans on the big tables, rows read from them, the largest sort, the indexes used (EXPLAIN JSON)."""
    top = document[0]
    seq, full, indexes, read, sorted_rows = set(), set(), set(), 0, 0
    stack = [top["Plan"]]
    while stack:
        node = stack.pop()
        kind, loops = node["Node Type"], node.get("Actual Loops", 1)
        if node.get("Index Name"):
            indexes.add(node["Index Name"])
        if node.get("Relation Name") in BIG_TABLES and kind in SCAN_NODES:
            returned = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
            read += round((returned + node.get("Rows Removed by Index Recheck", 0)) * loops)
            if kind == "Seq Scan":
                seq.add(node["Relation Name"])
            recheck_lost = node.get("Rows Removed by Index Recheck", 0) * loops
            if kind == "Bitmap Heap Scan" and recheck_lost >= 0.5 * table_rows.get(node["Relation Name"], 0):
                full.add(node["Relation Name"])
        if kind in ("Sort", "Incremental Sort") and node.get("Plans"):
            child = node["Plans"][0]
            sorted_rows = max(sorted_rows, round(child.get("Actual Rows", 0) * child.get("Actual Loops", 1)))
        stack.extend(node.get("Plans", []))
    return {
        "seq_scans": tuple(sorted(seq)),
        "full_index_scans": tuple(sorted(full)),
        "indexes": tuple(sorted(indexes)),
        "rows_read": read,
        "rows_sorted": sorted_rows,
        "exec_ms": top.get("Execution Time", 0.0),
    }


PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def as_prepared(conn, statement: Statement) -> tuple[str, str]:
    """The statement with $n parameters for PREPARE, and its parameter values as SQL literals for EXECUTE."""
    names: list = []

    def number(match):
        if match.group(0) == "%%":
            return "%"
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    text = PLACEHOLDER.sub(number, statement.sql)
    return text, ", ".join(sql.Literal(statement.parameters[n]).as_string(conn) for n in names)


def explain_statement(conn, statement: Statement, table_rows: dict, with_text: bool = True) -> dict:
    """EXPLAIN ANALYZE the plan the app ends up running, plus the custom plan of the first executions.

    psycopg prepares a statement once it has run 5 times on a connection (prepare_threshold=5); the server then plans
    the prepared statement 5 times with its parameter values (custom plans) and afterwards may switch to a generic
    plan, which knows nothing of the values. PREPARE, 5 EXECUTEs, then EXPLAIN EXECUTE gives that steady state.
    """
    custom_doc = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement.sql, statement.parameters).fetchone()[0]
    text, args = as_prepared(conn, statement)
    execute = f"EXECUTE bench_stmt({args})" if args else "EXECUTE bench_stmt"
    conn.execute(f"PREPARE bench_stmt AS {text}")
    try:
        for _ in range(5):
            conn.execute(execute)
        document = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + execute).fetchone()[0]
        facts = analyse_plan(document, table_rows)
        facts["generic"] = bool(re.search(r"\$\d", json.dumps(document)))
        facts["custom"] = analyse_plan(custom_doc, table_rows)
        if with_text:
            rows = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + execute).fetchall()
            facts["plan_text"] = "\n".join(r[0] for r in rows)
    finally:
        conn.execute("DEALLOCATE bench_stmt")
    return facts


def explain(url: str, result: Result, table_rows: dict) -> None:
    with psycopg.connect(plain_url(url), autocommit=True) as conn:
        for statement in result.statements:
            for key, value in explain_statement(conn, statement, table_rows).items():
                setattr(statement, key, value)


def keyword_of(parameters) -> str | None:
    """The search keyword inside a LIKE parameter ('%word%'), unescaped."""
    values = parameters.values() if isinstance(parameters, dict) else parameters or ()
    for value in values:
        if isinstance(value, str) and len(value) > 2 and value.startswith("%") and value.endswith("%"):
            return re.sub(r"\\(.)", r"\1", value[1:-1])
    return None


STOREFRONT_KINDS_SQL = "('package', 'physical_card', 'ecard')"
# The query says `is_on_shelf IS true`: a partial index must say the same (the planner cannot prove that
# `is_on_shelf IS TRUE` implies a bare `is_on_shelf`).
ON_SALE_SQL = "is_on_shelf IS TRUE AND deleted_at IS NULL"
SORT_KEYS = {"sort_weight": "sort", "sales_count": "sales", "retail_price": "price"}
CANDIDATE_INDEXES = [
    *(
        f"CREATE INDEX ix_catalog_items_onsale_kind_{suffix} ON catalog_items (kind, {column}, id) WHERE {ON_SALE_SQL}"
        for column, suffix in SORT_KEYS.items()
    ),
    *(
        f"CREATE INDEX ix_catalog_items_onsale_{suffix} ON catalog_items ({column}, id)"
        f" WHERE kind IN {STOREFRONT_KINDS_SQL} AND {ON_SALE_SQL}"
        for column, suffix in SORT_KEYS.items()
    ),
    "CREATE INDEX ix_users_live_created ON users (created_at, id) WHERE deleted_at IS NULL",
]


def diagnose(result: Result, sizes: dict) -> list[str]:
    """Why a statement reads a whole big table or sorts every match, and which index would fix it (heuristics)."""
    notes = []
    for st in result.statements:
        sorts_all = st.sorts_everything(result.query.window)
        whole = st.seq_scans or st.full_index_scans
        if not whole and not sorts_all:
            continue
        table = whole[0] if whole else TOUCHES_BIG_TABLE.search(st.sql).group(1)
        keyword = keyword_of(st.parameters)
        order = re.search(r"ORDER BY catalog_items\.(\w+)", st.sql)
        if keyword is not None and len(keyword) < 3:
            how = (
                "the generic plan scans the GIN trigram index in full (every row is a candidate) and rechecks every row"
                if st.full_index_scans
                else "the planner reads the whole table"
            )
            notes.append(
                f"[{st.label}] keyword '{keyword}' has {len(keyword)} characters: pg_trgm makes trigrams only from"
                f" 3+ characters, so the trigram index{'es' if table == 'users' else ''} on {table} cannot narrow"
                f" LIKE '%{keyword}%'; {how} ({st.exec_ms:.0f} ms; custom plan {st.custom['exec_ms']:.0f} ms). No"
                " stock PostgreSQL index fixes this: a bigram GIN index (the pg_bigm extension) would, or send 1-2"
                " character keywords to an exact/prefix match backed by a btree index."
            )
        elif table == "users" and st.label == "count" and keyword is None:
            notes.append(
                f"[count] the exact total counts every live member (~{sizes['users']:,} rows); `deleted_at IS NULL`"
                " is in no index, so the planner reads the heap. A partial index ix_users_live_created ON users"
                " (created_at, id) WHERE deleted_at IS NULL makes it an index-only scan (and serves the newest-first"
                " page directly), but the count still touches every live member: for the unfiltered list use an"
                " estimate (pg_class.reltuples) or cap the count."
            )
        elif table == "catalog_items" and st.label == "page" and order and order.group(1) in SORT_KEYS:
            column = order.group(1)
            suffix = SORT_KEYS[column]
            if "kind IN" in st.sql:
                fix = (
                    f"ix_catalog_items_onsale_{suffix} ON catalog_items ({column}, id) WHERE kind IN"
                    f" {STOREFRONT_KINDS_SQL} AND {ON_SALE_SQL}"
                )
                why = (
                    "kind IN (three kinds) and `deleted_at IS NULL` leave the index order unusable (an IN list on the"
                    " leading column and an IS NULL test are not equalities)"
                )
            else:
                fix = f"ix_catalog_items_onsale_kind_{suffix} ON catalog_items (kind, {column}, id) WHERE {ON_SALE_SQL}"
                why = (
                    f"the index (kind, is_on_shelf, deleted_at, {column}, id) cannot give the order: `deleted_at IS"
                    " NULL` is not an equality, so the planner does not treat deleted_at as fixed and cannot use the"
                    f" {column} order behind it"
                )
            notes.append(
                f"[page] ORDER BY {column}: {why}; every matching row ({st.rows_sorted:,}) is fetched and sorted for"
                f" {result.query.window} rows{' (so a seq scan is cheaper)' if st.seq_scans else ''}."
                f" Fix: CREATE INDEX {fix}."
            )
        else:
            notes.append(
                f"[{st.label}] the plan reads {st.rows_read:,} rows of {table} and sorts {st.rows_sorted:,} for"
                f" {result.query.window} (the filter matches too many rows for the sort-order index); see the plan."
            )
    return list(dict.fromkeys(notes))


def try_indexes(url: str, results: list[Result], table_rows: dict) -> None:
    """Create the candidate indexes in a transaction, explain the flagged queries again, roll back."""
    targets = [r for r in results if r.flagged or r.sorted_rows]
    if not targets:
        return
    log("")
    log("=" * 118)
    log("Candidate indexes, created inside a transaction that is rolled back (the schema is left as migrated):")
    with psycopg.connect(plain_url(url)) as conn:
        conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for ddl in CANDIDATE_INDEXES:
            t0 = time.perf_counter()
            conn.execute(ddl)
            log(f"  {ddl}   ({time.perf_counter() - t0:.1f} s)")
        conn.execute("ANALYZE catalog_items")
        conn.execute("ANALYZE users")
        log("")
        log(
            f"{'query':<46} {'before: db ms':>13} {'page read':>10} {'plan':<24} {'after: db ms':>12} {'page read':>10}"
            "  plan (new indexes used)"
        )
        for r in targets:
            after = [explain_statement(conn, st, table_rows, with_text=False) for st in r.statements]
            new = sorted(
                {i for a in after for i in a["indexes"] if i.startswith(("ix_catalog_items_onsale", "ix_users_live"))}
            )
            page_after = sum(a["rows_read"] for a, st in zip(after, r.statements, strict=True) if st.label == "page")
            seq_after = {t for a in after for t in a["seq_scans"]}
            full_after = {t for a in after for t in a["full_index_scans"]}
            flag_at = max(SORT_FLAG_ROWS, 5 * r.query.window)
            sorted_after = max(
                [a["rows_sorted"] for a, st in zip(after, r.statements, strict=True) if st.label == "page"], default=0
            )
            log(
                f"{r.query.name:<46} {sum(s.exec_ms for s in r.statements):>13.1f} {r.page_read:>10,}"
                f" {plan_verdict(r):<24} {sum(a['exec_ms'] for a in after):>12.1f} {page_after:>10,}"
                f"  {verdict(seq_after, full_after, sorted_after if sorted_after > flag_at else 0)}"
                f" ({', '.join(new) or 'none'})"
            )
        conn.rollback()
    log("(db ms = EXPLAIN ANALYZE execution time of the steady-state plans, summed over the request's statements)")


def percentile(values: list, pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def compact_sql(statement: str) -> str:
    """The statement with long column lists folded, for printing."""
    folded = re.sub(r"SELECT\s+(?!count\(\*\))[^()]*?\s+FROM", "SELECT … FROM", statement, flags=re.DOTALL)
    return re.sub(r"\s+", " ", folded).strip()


def load_average() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def print_environment(url: str, runs: int) -> None:
    with psycopg.connect(plain_url(url)) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        settings = {
            name: conn.execute(sql.SQL("SHOW {}").format(sql.Identifier(name))).fetchone()[0]
            for name in (
                "shared_buffers",
                "work_mem",
                "effective_cache_size",
                "random_page_cost",
                "max_parallel_workers_per_gather",
                "jit",
            )
        }
        sizes = {
            t: conn.execute(
                "SELECT pg_size_pretty(pg_table_size(%s)), pg_size_pretty(pg_indexes_size(%s))", [t, t]
            ).fetchone()
            for t in BIG_TABLES
        }
    log(f"PostgreSQL {version}; {os.cpu_count()} CPUs; " + ", ".join(f"{k}={v}" for k, v in settings.items()))
    for table, (heap, indexes) in sizes.items():
        log(f"  {table}: table {heap}, indexes {indexes}")
    log(f"  runs per query: {runs} (after {WARMUP_CALLS} warm-up calls); load average {load_average()}")


def verdict(seq: set, full: set, sorted_rows: int) -> str:
    if seq:
        return "SEQ SCAN " + ",".join(sorted(seq))
    if full:
        return "INDEX MATCHES ALL " + ",".join(sorted(full))
    return f"index, sorts {sorted_rows:,}" if sorted_rows else "index"


def plan_verdict(r: Result) -> str:
    return verdict(r.seq_scans, r.full_index_scans, r.sorted_rows)


def print_table(results: list[Result]) -> None:
    header = (
        f"{'query':<46} {'runs':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'sql p50':>8} {'rows':>5}"
        f" {'total':>9} {'page read':>10}  plan"
    )
    log(header)
    log("-" * (len(header) + 20))
    for r in results:
        log(
            f"{r.query.name:<46} {len(r.times_ms):>5} {percentile(r.times_ms, 50):>8.1f}"
            f" {percentile(r.times_ms, 95):>8.1f} {max(r.times_ms):>8.1f} {percentile(r.sql_ms, 50):>8.1f}"
            f" {r.rows:>5} {r.total:>9,} {r.page_read:>10,}  {plan_verdict(r)}"
        )


def print_plans(results: list[Result]) -> None:
    for r in results:
        log("")
        log("=" * 118)
        log(f"{r.query.name}  —  GET {r.query.path} {r.query.params}  —  {plan_verdict(r)}")
        for st in r.statements:
            c = st.custom
            log(f"--- {st.label}: {compact_sql(st.sql)}")
            log(f"    parameters: {st.parameters}")
            log(
                f"    steady-state plan{' (GENERIC: parameters shown as $n)' if st.generic else ''} below;"
                " custom plan of the first"
                f" executions: {c['exec_ms']:.1f} ms, {verdict(set(c['seq_scans']), set(c['full_index_scans']), 0)},"
                f" indexes {', '.join(c['indexes']) or 'none'}"
            )
            log(st.plan_text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help=f"default {DEFAULT_URL} ({DEFAULT_SMALL_URL} with --small)")
    parser.add_argument("--small", action="store_true", help="10,000 items, 50,000 members, 20 runs")
    parser.add_argument("--items", type=int, help="catalog items (default 100,000)")
    parser.add_argument("--users", type=int, help="members (default 1,000,000)")
    parser.add_argument("--runs", type=int, help="timed runs per query (default 200; 20 with --small)")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="seconds of timed runs per query before stopping early (at least 5 runs; default 30)",
    )
    parser.add_argument("--reuse", action="store_true", help="keep the loaded data when the row counts match")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a list query reads a whole catalog_items/users table (seq scan, or index matching all rows)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="with --check, also exit 1 when a page query fetches and sorts every matching row",
    )
    parser.add_argument(
        "--try-indexes",
        action="store_true",
        help="explain flagged queries again with candidate indexes (built, then rolled back)",
    )
    parser.add_argument("--only", help="run only queries whose name matches this regular expression")
    args = parser.parse_args(argv)

    url = args.database_url or (DEFAULT_SMALL_URL if args.small else DEFAULT_URL)
    items = args.items or (10_000 if args.small else 100_000)
    users = args.users or (50_000 if args.small else 1_000_000)
    runs = args.runs or (20 if args.small else 200)
    name = database_name(url)
    if not name or name in PROTECTED_DATABASES:
        parser.error(f"refusing to use database {name!r}: pick a dedicated bench database")
    if items < 100:
        parser.error("--items must be at least 100")

    begun = time.perf_counter()
    existed = database_exists(url)
    if not (args.reuse and existed):
        log(f"(Re)creating database {name}")
        recreate_database(url)
    app = make_app(url)
    t0 = time.perf_counter()
    migrate(app)
    log(f"Migrations: {time.perf_counter() - t0:.1f} s")
    counts = row_counts(url)
    if args.reuse and counts == {"catalog_items": items, "users": users}:
        log(f"Reusing the loaded data: {counts['catalog_items']:,} items, {counts['users']:,} members")
    else:
        if args.reuse and existed:
            log(f"Existing data does not match ({counts}): reloading")
            from crabsales.extensions import db

            with app.app_context():
                db.engine.dispose()
            recreate_database(url)
            migrate(app)
        load_data(url, items, users)
    table_rows = row_counts(url)
    token = make_admin(app)
    headers = {"Authorization": f"Bearer {token}"}

    log("")
    print_environment(url, runs)
    chosen = choose_parameters(url)
    queries = build_queries(chosen)
    if args.only:
        queries = [q for q in queries if re.search(args.only, q.name)]

    from crabsales.extensions import db

    with app.app_context():
        recorder = SqlRecorder(db.engine)
    client = app.test_client()
    results = []
    log("")
    log("Timing (wall time of the whole request through the Flask test client; sql = time inside the driver):")
    for query in queries:
        # A fresh connection per query: the server's plan cache (custom or generic plan for a prepared statement)
        # then depends on this query's parameters only, not on the queries timed before it with the same SQL text.
        with app.app_context():
            db.engine.dispose()
        result = run_query(client, recorder, query, headers, runs, args.budget)
        explain(url, result, table_rows)
        results.append(result)
        log(f"  {query.name:<46} p50 {percentile(result.times_ms, 50):7.1f} ms  ({len(result.times_ms)} runs)")

    log(f"Load average after the timing: {load_average()} (other work on the machine inflates p95 and max)")
    print_plans(results)
    log("")
    log("=" * 118)
    log(f"Summary: {items:,} catalog items, {users:,} members, database {name}")
    log("(page read = rows the page statement read from catalog_items/users; a perfect plan reads offset + 20)")
    print_table(results)
    whole = [r for r in results if r.flagged]
    sorting = [r for r in results if r.sorted_rows and not r.flagged]
    log("")
    if whole:
        log(
            f"{len(whole)} list quer{'y' if len(whole) == 1 else 'ies'} read a whole big table (seq scan, or an index"
            " scan that matches every row) with the current schema (no schema was changed):"
        )
    else:
        log("No list query reads a whole catalog_items or users table.")
    for r in whole + sorting:
        log(f"* {r.query.name} — {plan_verdict(r)} (GET {r.query.path} {r.query.params})")
        for note in diagnose(r, table_rows):
            log(f"    {note}")
    if args.try_indexes:
        try_indexes(url, results, table_rows)
    log("")
    log(f"Total time {time.perf_counter() - begun:.0f} s")
    failed = bool(whole) or (args.strict and bool(sorting))
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
