"""The demo data (`flask seed demo`): orders in every status a member order reaches, placed and paid through the
real services and the fake WeChat Pay, consistent money, and loaded once however often the command runs."""

from collections import Counter

from crabsales.aftersales.models import AfterSaleCase
from crabsales.extensions import db
from crabsales.identity.models import User
from crabsales.orders.models import Order
from crabsales.payments.models import Payment, PaymentNotification, Refund
from sqlalchemy import func, select


def _seed(app):
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    assert "demo data loaded" in result.output


def _counts(app):
    with app.app_context():
        return {
            model.__tablename__: db.session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Order, AfterSaleCase, Payment, Refund, PaymentNotification, User)
        }


def test_demo_orders_cover_every_status_and_their_money_adds_up(app):
    _seed(app)
    with app.app_context():
        orders = db.session.execute(select(Order)).scalars().all()
        assert Counter((o.status, o.close_reason or None) for o in orders) == {
            ("pending_payment", None): 1,
            ("pending_shipment", None): 2,
            ("closed", "cancelled"): 1,
            ("closed", "refunded"): 1,
        }
        shopper = db.session.execute(select(User).filter_by(wechat_openid="demo-shopper")).scalar_one()
        assert {o.user_id for o in orders} == {shopper.id}
        cases = {c.status: c for c in db.session.execute(select(AfterSaleCase)).scalars()}
        assert set(cases) == {"awaiting_merchant", "refunded"}
        assert db.session.get(Order, cases["awaiting_merchant"].order_id).status == "pending_shipment"
        assert db.session.get(Order, cases["refunded"].order_id).close_reason == "refunded"

        # Each paid order has its payment, confirmed by a verified notification; refunds match what was reserved.
        for order in orders:
            payment = db.session.execute(select(Payment).filter_by(order_id=order.id)).scalar_one_or_none()
            if order.paid_at is None:
                assert order.status in ("pending_payment", "closed") and (payment is None or payment.status != "paid")
                continue
            assert payment.status == "paid" and payment.amount == order.pay_amount and payment.transaction_id
            refunds = db.session.execute(select(Refund).filter_by(payment_id=payment.id)).scalars().all()
            assert all(r.status == "succeeded" for r in refunds)
            assert payment.refunded_amount == sum(r.amount for r in refunds)
            assert (payment.refunded_amount == payment.amount) == (order.close_reason == "refunded")
        applied = db.session.execute(select(PaymentNotification).filter_by(outcome="applied")).scalars().all()
        assert len(applied) == 3
        assert cases["refunded"].amount == db.session.get(Order, cases["refunded"].order_id).pay_amount

    verify = app.test_cli_runner().invoke(args=["ledger", "verify"])
    assert verify.exit_code == 0, verify.output
    assert "consistent" in verify.output


def test_seeding_again_adds_nothing(app):
    _seed(app)
    first = _counts(app)
    _seed(app)
    assert _counts(app) == first


def test_the_demo_shopper_sees_the_orders_in_the_mini_program(app, client):
    _seed(app)
    login = client.post("/api/v1/auth/wechat-login", json={"code": "openid:demo-shopper"})
    assert login.status_code == 200, login.json
    headers = {"Authorization": f"Bearer {login.json['access_token']}"}
    mine = client.get("/api/v1/orders", headers=headers).json
    assert mine["total"] == 5
