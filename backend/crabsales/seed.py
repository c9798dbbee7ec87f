"""Demo data for the run command and the end-to-end tests. Idempotent: run it as often as you like."""

from __future__ import annotations

from sqlalchemy import select

from .content.models import Agreement
from .core.uow import commit
from .crm.models import Department, Salesperson
from .extensions import db
from .identity.models import AdminUser, Role, RolePermission, User
from .identity.passwords import hash_password
from .identity.services import do_create_user
from .members.models import MemberLevel

DEMO_ADMIN = ("admin", "Admin@12345")
DEMO_MEMBER_PASSWORD = "Member@123"

LEVELS = [
    ("普通会员", 10000, 0, True),
    ("银卡会员", 9800, 1, False),
    ("金卡会员", 9500, 2, False),
    ("钻石会员", 9000, 3, False),
]

MEMBERS = [
    ("13800000001", "蟹友小王", "王明", None),
    ("13800000002", "阳澄湖老李", "李强", "13800000001"),
    ("13800000003", "秋风蟹黄", "张丽", "13800000001"),
    ("13800000004", "吃蟹达人", "赵静", "13800000002"),
    ("13800000005", "湖畔人家", "陈刚", None),
]

AGREEMENTS = {
    "user-agreement": ("用户服务协议", "<h3>用户服务协议</h3><p>欢迎使用本小程序。注册即表示您同意遵守本协议……</p>"),
    "privacy-policy": ("隐私政策", "<h3>隐私政策</h3><p>我们仅为完成订单、配送与售后收集必要的信息……</p>"),
}


def _get_or_none(model, **where):
    return db.session.execute(select(model).filter_by(**where)).scalar_one_or_none()


# (name, sku, specs, retail fen, settlement fen, weight g)
PRODUCTS = [
    ("公蟹 4.0 两", "YC-M40", [("规格", "公 4.0 两"), ("产地", "阳澄湖")], 9800, 6000, 220),
    ("公蟹 4.5 两", "YC-M45", [("规格", "公 4.5 两"), ("产地", "阳澄湖")], 12800, 7800, 250),
    ("公蟹 5.0 两", "YC-M50", [("规格", "公 5.0 两"), ("产地", "阳澄湖")], 16800, 10000, 280),
    ("母蟹 3.0 两", "YC-F30", [("规格", "母 3.0 两"), ("产地", "阳澄湖")], 8800, 5200, 170),
    ("母蟹 3.5 两", "YC-F35", [("规格", "母 3.5 两"), ("产地", "阳澄湖")], 11800, 7000, 200),
    ("母蟹 4.0 两", "YC-F40", [("规格", "母 4.0 两"), ("产地", "阳澄湖")], 15800, 9200, 230),
]
# (category, name, subtitle, retail fen, subsidy fen, [(sku, qty)], recommended)
PACKAGES = [
    ("礼盒装", "公4.0两 母3.0两 4对装", "8 只精选，经典送礼", 59800, 1500, [("YC-M40", 4), ("YC-F30", 4)], True),
    ("礼盒装", "公4.5两 母3.5两 4对装", "膏满黄肥，商务礼赠", 79800, 1500, [("YC-M45", 4), ("YC-F35", 4)], True),
    ("礼盒装", "公5.0两 母4.0两 5对装", "蟹王蟹后，尊享之选", 128800, 2000, [("YC-M50", 5), ("YC-F40", 5)], False),
    ("家庭装", "公4.0两 母3.0两 3对装", "家庭尝鲜", 39800, 1000, [("YC-M40", 3), ("YC-F30", 3)], True),
    ("家庭装", "母3.5两 8只装", "只选母蟹，蟹黄饱满", 69800, 1200, [("YC-F35", 8)], False),
]
# (kind, category, name, retail fen, package name, recommended)
CARDS = [
    ("physical_card", "实体提货卡", "598 型提货卡（4对装）", 59800, "公4.0两 母3.0两 4对装", True),
    ("physical_card", "实体提货卡", "798 型提货卡（4对装）", 79800, "公4.5两 母3.5两 4对装", False),
    ("ecard", "电子提货卡", "598 电子卡（4对装）", 59800, "公4.0两 母3.0两 4对装", True),
    ("ecard", "电子提货卡", "1288 电子卡（5对装）", 128800, "公5.0两 母4.0两 5对装", False),
]


def _demo_image(key: str, color: tuple, size=(750, 750)) -> str:
    """A simple drawn picture for demo items (a crab-orange shape on a lake-blue ground), stored once."""
    import io

    from PIL import Image, ImageDraw

    from .core.storage import get_storage
    from .core.uploads import record_file

    storage = get_storage()
    if not storage.exists(key):
        width, height = size
        image = Image.new("RGB", size, (222, 236, 245))
        draw = ImageDraw.Draw(image)
        draw.ellipse((width * 0.2, height * 0.3, width * 0.8, height * 0.75), fill=color)
        for side in (0.12, 0.88):
            draw.ellipse((width * side - 40, height * 0.25, width * side + 40, height * 0.35), fill=color)
        for i in range(4):
            y = height * (0.45 + i * 0.07)
            draw.line((width * 0.2, y, width * 0.06, y + 30), fill=color, width=14)
            draw.line((width * 0.8, y, width * 0.94, y + 30), fill=color, width=14)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        storage.save(key, buffer.getvalue())
    record_file(key, "image/png", len(storage.read(key)), "demo")  # /files/ serves only recorded files
    return storage.url(key)


def _load_catalog() -> None:
    from .catalog.models import CatalogItem, Category, PackageContent

    def category(scope, name, parent=None):
        row = _get_or_none(Category, scope=scope, name=name)
        if row is None:
            row = Category(scope=scope, name=name, parent_id=parent.id if parent else None)
            db.session.add(row)
            db.session.flush()
        return row

    crabs = category("product", "大闸蟹")
    males, females = category("product", "公蟹", crabs), category("product", "母蟹", crabs)
    by_sku = {}
    for name, sku, specs, retail, settlement, weight in PRODUCTS:
        item = _get_or_none(CatalogItem, sku=sku)
        sub = males if sku.split("-")[1].startswith("M") else females
        if item is None:
            item = CatalogItem(
                kind="product",
                category_id=sub.id,
                name=name,
                sku=sku,
                specs=[{"name": k, "value": v} for k, v in specs],
                retail_price=retail,
                settlement_price=settlement,
                weight_g=weight,
                unit="只",
                stock=2000,
                low_stock_threshold=100,
                is_on_shelf=True,
                search_text=f"{name} {sku} {sub.name}".lower(),
            )
            db.session.add(item)
            db.session.flush()
        by_sku[sku] = item
    packages = {}
    for cat, name, subtitle, retail, subsidy, contents, recommended in PACKAGES:
        item = _get_or_none(CatalogItem, kind="package", name=name)
        if item is None:
            item = CatalogItem(
                kind="package",
                category_id=category("package", cat).id,
                name=name,
                subtitle=subtitle,
                unit="盒",
                cover_url=_demo_image(f"demo/package-{len(packages)}.png", (214, 96 + 20 * len(packages), 40)),
                retail_price=retail,
                delivery_subsidy=subsidy,
                stock=300,
                low_stock_threshold=20,
                is_on_shelf=True,
                is_recommended=recommended,
                weight_g=sum(by_sku[s].weight_g * q for s, q in contents) + 1500,
                length_mm=400,
                width_mm=300,
                height_mm=200,
                search_text=f"{name} {subtitle} {cat}".lower(),
                detail_html=f"<p>{subtitle}。阳澄湖原产地直发，顺丰冷链，死蟹包赔。</p>",
            )
            item.contents = [PackageContent(product_id=by_sku[s].id, quantity=q) for s, q in contents]
            db.session.add(item)
            db.session.flush()
        packages[name] = item
    for kind, cat, name, retail, package_name, recommended in CARDS:
        if _get_or_none(CatalogItem, kind=kind, name=name) is None:
            db.session.add(
                CatalogItem(
                    kind=kind,
                    category_id=category("card", cat).id,
                    name=name,
                    unit="张",
                    retail_price=retail,
                    cover_url=_demo_image(f"demo/card-{kind}-{retail}.png", (196, 60, 40), (750, 450)),
                    redeem_package_id=packages[package_name].id,
                    stock=1000,
                    low_stock_threshold=50,
                    is_on_shelf=True,
                    is_recommended=recommended,
                    search_text=f"{name} {cat}".lower(),
                    detail_html="<p>凭卡号与密码在小程序内提货，蟹季内任选日期发货。</p>",
                )
            )
    db.session.flush()


REMOTE_PROVINCES = ["新疆维吾尔自治区", "西藏自治区", "青海省", "内蒙古自治区"]
NEAR_PROVINCES = ["江苏省", "浙江省", "上海市", "安徽省"]


def _load_freight() -> None:
    from .orders.models import FreightRule, FreightTemplate

    if _get_or_none(FreightTemplate, name="顺丰冷链（默认）") is None:
        db.session.add(
            FreightTemplate(
                name="顺丰冷链（默认）",
                is_default=True,
                free_threshold=100000,
                volumetric_divisor=6000,
                rules=[
                    FreightRule(
                        regions=NEAR_PROVINCES,
                        first_weight_g=1000,
                        first_price=1200,
                        additional_weight_g=1000,
                        additional_price=500,
                    ),
                    FreightRule(
                        regions=REMOTE_PROVINCES,
                        first_weight_g=1000,
                        first_price=3000,
                        additional_weight_g=1000,
                        additional_price=1500,
                        is_remote=True,
                    ),
                    FreightRule(
                        regions=[],
                        first_weight_g=1000,
                        first_price=1800,
                        additional_weight_g=1000,
                        additional_price=800,
                    ),
                ],
            )
        )
        db.session.flush()


# (name, phone, tier, kind, parent name, rate bp, province, city)
DEALERS = [
    ("苏州阳澄湖专卖店", "13700001001", 1, "flagship_store", None, 7000, "江苏省", "苏州市"),
    ("上海城市合伙人", "13700001004", 1, "city_partner", None, 7200, "上海市", "上海市"),
    ("昆山经销商", "13700001002", 2, None, "苏州阳澄湖专卖店", 7500, "江苏省", "苏州市"),
    ("湖畔蟹庄餐厅", "13700001003", 3, None, "昆山经销商", 8000, "江苏省", "苏州市"),
]
DEMO_DEALER_PASSWORD = "Dealer@123"


def _load_dealers() -> None:
    """A small dealer tree; the flagship store gets a stored-value top-up and a credit line."""
    from .dealers.models import Dealer
    from .dealers.services import dealer_account, do_create_dealer
    from .ledgers.services import Leg, post, set_credit_limit

    by_name = {}
    for name, phone, tier, kind, parent, rate, province, city in DEALERS:
        dealer = _get_or_none(Dealer, name=name)
        if dealer is None:
            dealer = do_create_dealer(
                {
                    "name": name,
                    "phone": phone,
                    "tier": tier,
                    "kind": kind,
                    "contact_name": name[:2] + "经理",
                    "parent_id": by_name[parent].id if parent else None,
                    "discount_rate_bp": rate,
                    "dealer_type": "offline_distributor" if tier < 3 else "offline_reseller",
                    "province": province,
                    "city": city,
                }
            )
            dealer.owner.password_hash = hash_password(DEMO_DEALER_PASSWORD)
            if name == "苏州阳澄湖专卖店":
                post(
                    [Leg(dealer_account(dealer.id, "stored_value").id, 5_000_000, "top_up")],
                    ref=("top_up", "DEMO-BANK-001"),
                    note="演示：线下打款",
                )
                set_credit_limit(dealer_account(dealer.id, "credit").id, 2_000_000, "演示：季节授信")
        by_name[name] = dealer
    store = by_name["苏州阳澄湖专卖店"]
    for phone in ("13800000001", "13800000002"):
        member = _get_or_none(User, phone=phone)
        if member is not None and member.owner_dealer_id is None:
            member.owner_dealer_id = store.id
    db.session.flush()
    _load_dealer_network(by_name)


DEMO_STAFF_PHONE = "13700002001"
DEMO_APPLICANT_PHONE = "13700003001"


def _load_dealer_network(by_name: dict) -> None:
    """Staff (an operator of the flagship store with commission to settle), a pending application through a
    tier-2's invite, earnings with a withdrawal request, and an unpaid B2B order."""
    from .b2b.models import B2BOrder, B2BOrderEvent, B2BOrderLine
    from .catalog.models import CatalogItem
    from .catalog.pricing import dealer_price
    from .dealers.models import DealerApplication, DealerInvite, DealerStaff, Withdrawal
    from .dealers.services import dealer_account
    from .dealers.staff import STAFF_ACCOUNTS
    from .ledgers.services import Leg, open_account, post

    store, kunshan = by_name["苏州阳澄湖专卖店"], by_name["昆山经销商"]
    if _get_or_none(DealerStaff, phone=DEMO_STAFF_PHONE) is None:
        user = _get_or_none(User, phone=DEMO_STAFF_PHONE) or do_create_user(
            phone=DEMO_STAFF_PHONE, real_name="王店员", password_hash=hash_password(DEMO_DEALER_PASSWORD)
        )
        staff = DealerStaff(
            dealer_id=store.id,
            user_id=user.id,
            name="王店员",
            phone=DEMO_STAFF_PHONE,
            commission_rate_bp=1000,
            operator_status="active",
            operator_modules=["b2b_orders", "settlement"],
        )
        db.session.add(staff)
        db.session.flush()
        for kind in STAFF_ACCOUNTS:
            open_account("dealer_staff", staff.id, kind)
        member = _get_or_none(User, phone="13800000002")
        if member is not None and member.owner_dealer_id == store.id:
            member.owner_staff_id = staff.id
        settleable = open_account("dealer_staff", staff.id, "staff_settleable")
        post([Leg(settleable.id, 12_000, "commission")], ref=("demo", "commission"), note="演示：会员订单提成")

    if _get_or_none(DealerInvite, dealer_id=kunshan.id, tier=3) is None:
        invite = DealerInvite(
            token="DemoInv001",
            dealer_id=kunshan.id,
            tier=3,
            discount_rate_bp=8200,
            dealer_type="offline_reseller",
            accepted_count=1,
        )
        db.session.add(invite)
        db.session.flush()
        applicant = _get_or_none(User, phone=DEMO_APPLICANT_PHONE) or do_create_user(
            phone=DEMO_APPLICANT_PHONE, real_name="钱老板", password_hash=hash_password(DEMO_DEALER_PASSWORD)
        )
        db.session.add(
            DealerApplication(
                invite_id=invite.id,
                parent_id=kunshan.id,
                user_id=applicant.id,
                tier=3,
                discount_rate_bp=8200,
                dealer_type="offline_reseller",
                name="无锡蟹行",
                contact_name="钱老板",
                phone=DEMO_APPLICANT_PHONE,
                province="江苏省",
                city="无锡市",
                address="梁溪区中山路 18 号",
            )
        )

    if _get_or_none(Withdrawal, dealer_id=kunshan.id) is None:
        withdrawable = dealer_account(kunshan.id, "earnings_withdrawable")
        withdrawing = dealer_account(kunshan.id, "earnings_withdrawing")
        post([Leg(withdrawable.id, 50_000, "earning")], ref=("demo", "earning"), note="演示：会员订单收益")
        withdrawal = Withdrawal(
            dealer_id=kunshan.id,
            amount=20_000,
            bank_holder="昆山经销商",
            bank_name="工商银行昆山支行",
            bank_account="6222021102003456789",
            invoice_no="FP-DEMO-001",
        )
        db.session.add(withdrawal)
        db.session.flush()
        post(
            [Leg(withdrawable.id, -20_000, "withdrawal_request"), Leg(withdrawing.id, 20_000, "withdrawal_request")],
            ref=("withdrawal", withdrawal.id),
        )

    package = db.session.execute(
        select(CatalogItem).where(CatalogItem.kind == "package", CatalogItem.is_on_shelf.is_(True)).limit(1)
    ).scalar_one_or_none()
    if package is not None and _get_or_none(B2BOrder, order_no="B20261101000000000001") is None:
        price = dealer_price(package.retail_price, store.discount_rate_bp)
        order = B2BOrder(
            order_no="B20261101000000000001",
            dealer_id=store.id,
            status="pending_payment",
            goods_amount=price * 10,
            receiver_name="张店长",
            receiver_phone=store.phone,
            province="江苏省",
            city="苏州市",
            district="相城区",
            address_detail="阳澄湖大道 1 号",
            stock_reserved=True,
            created_by_user_id=store.owner_user_id,
        )
        order.lines.append(
            B2BOrderLine(
                item_id=package.id,
                item_kind="package",
                name=package.name,
                cover_url=package.cover_url,
                retail_price=package.retail_price,
                unit_price=price,
                quantity=10,
                line_total=price * 10,
            )
        )
        package.stock -= 10
        db.session.add(order)
        db.session.flush()
        db.session.add(
            B2BOrderEvent(order_id=order.id, action="create", to_status="pending_payment", actor_type="system")
        )
    db.session.flush()


DEMO_SHOPPER_CODE = "openid:demo-shopper"  # a wx.login code of the fake WeChat server
DEMO_SHOPPER_ADDRESS = {
    "receiver_name": "陈晓",
    "receiver_phone": "13800000006",
    "province": "上海市",
    "city": "上海市",
    "district": "浦东新区",
    "detail": "世纪大道 100 号 8 楼",
}


def _load_orders() -> bool:
    """Member orders in every status a member order reaches without a shipment, bought by one WeChat member through
    the same service calls as the API (checkout, submit, WeChat Pay prepay and its signed notification from the fake
    provider, after-sales open and approve, the refund job): unpaid, paid, cancelled, paid with an after-sales case
    awaiting the merchant, and refunded in full (closed). Only with the fake outside services: a real merchant
    account would charge and refund for real. Loaded once: nothing is added when the member already has orders.
    Returns whether orders were placed (the refund then runs after the caller's commit)."""
    from flask import current_app

    from .aftersales.services import do_merchant_action, do_open_case
    from .catalog.models import CatalogItem
    from .identity.addresses import do_create_address
    from .identity.services import do_login_with_wechat
    from .orders.models import Order
    from .orders.services import do_cancel, do_preview_checkout, do_submit_order
    from .payments.provider import get_fake
    from .payments.services import do_create_payment, do_handle_notification

    if not current_app.config["FAKE_SERVICES"]:
        return False
    shopper, _ = do_login_with_wechat(DEMO_SHOPPER_CODE, "蟹宴常客", None)
    if db.session.execute(select(Order.id).where(Order.user_id == shopper.id).limit(1)).first() is not None:
        return False
    do_create_address(shopper, dict(DEMO_SHOPPER_ADDRESS))

    def package(name):
        return db.session.execute(select(CatalogItem).filter_by(kind="package", name=name)).scalar_one()

    def place(item, quantity=1, remark=""):
        args = {"item_id": item.id, "quantity": quantity}
        preview = do_preview_checkout(shopper, args)
        order, _ = do_submit_order(
            shopper,
            {
                **args,
                "submit_token": preview["submit_token"],
                "expected_pay_amount": preview["pay_amount"],
                "remark": remark,
            },
        )
        return order

    def pay(order):
        do_create_payment(shopper, order.id)
        fake = get_fake()
        fake.pay(order.order_no)
        headers, body = fake.payment_notification(order.order_no)
        do_handle_notification(headers, body)
        return order

    gift, family = package("公4.5两 母3.5两 4对装"), package("公4.0两 母3.0两 3对装")
    place(gift, remark="周五前送到，谢谢")  # 待付款 (closes itself after the auto-close time, like any unpaid order)
    pay(place(family, 2))  # 待发货
    do_cancel(shopper, place(gift).id, "不想要了")  # 已关闭: cancelled by the member
    with_case = pay(place(gift))  # 待发货 with an after-sales case awaiting the merchant
    line = with_case.lines[0]
    do_open_case(
        shopper,
        with_case.id,
        {
            "kind": "refund_only",
            "reason": "少发",
            "description": "礼盒少了一只母蟹",
            "amount": line.unit_price // 8,
            "lines": [{"line_id": line.id, "quantity": 1}],
        },
    )
    refunded = pay(place(family))  # refunded in full: the order closes once the refund succeeds
    case = do_open_case(
        shopper,
        refunded.id,
        {"kind": "refund_only", "reason": "死蟹", "description": "到货时多只不动了", "amount": refunded.pay_amount},
    )
    do_merchant_action(case.id, "approve", "核实后全额退款")
    db.session.flush()
    return True


def load_demo() -> None:
    for name, rate, sort, is_default in LEVELS:
        if not _get_or_none(MemberLevel, name=name):
            db.session.add(MemberLevel(name=name, discount_rate_bp=rate, sort_order=sort, is_default=is_default))
    db.session.flush()

    if not _get_or_none(AdminUser, username=DEMO_ADMIN[0]):
        db.session.add(
            AdminUser(
                username=DEMO_ADMIN[0], name="超级管理员", password_hash=hash_password(DEMO_ADMIN[1]), is_super=True
            )
        )
    service = _get_or_none(Role, name="客服")
    if service is None:
        service = Role(name="客服", description="查看会员与操作日志")
        service.permission_rows = [RolePermission(code=c) for c in ("members.view", "audit.view")]
        db.session.add(service)
    if not _get_or_none(AdminUser, username="kefu"):
        db.session.add(
            AdminUser(username="kefu", name="客服小周", password_hash=hash_password("Kefu@12345"), roles=[service])
        )
    db.session.flush()

    by_phone = {}
    for phone, nickname, real_name, inviter_phone in MEMBERS:
        user = _get_or_none(User, phone=phone)
        if user is None:
            user = do_create_user(
                phone=phone, nickname=nickname, real_name=real_name, password_hash=hash_password(DEMO_MEMBER_PASSWORD)
            )
            if inviter_phone:
                user.invited_by_id = by_phone[inviter_phone].id
        by_phone[phone] = user

    department = _get_or_none(Department, name="华东销售部")
    if department is None:
        department = Department(name="华东销售部")
        db.session.add(department)
        db.session.flush()
    if not _get_or_none(User, phone="13900000001"):
        sales_user = do_create_user(
            phone="13900000001",
            real_name="周销售",
            nickname="周销售",
            password_hash=hash_password("Sales@1234"),
            password_change_required=True,
        )
        db.session.add(
            Salesperson(user_id=sales_user.id, name="周销售", department_id=department.id, is_supervisor=True)
        )

    _load_catalog()
    _load_freight()
    _load_dealers()
    from .storefront.models import Banner

    if not _get_or_none(Banner, title="金秋蟹季 礼盒上新"):
        image = _demo_image("demo/banner-autumn.png", (230, 120, 30), (750, 320))
        db.session.add(
            Banner(
                title="金秋蟹季 礼盒上新",
                image_url=image,
                link_type="page",
                link_target="pages/catalog/list/index?kind=package",
                sort_order=1,
            )
        )

    for code, (title, content) in AGREEMENTS.items():
        if not _get_or_none(Agreement, code=code):
            db.session.add(Agreement(code=code, title=title, content=content))
    _load_orders()
    commit()  # the demo refund is sent by its job right after this commit (inline jobs)
