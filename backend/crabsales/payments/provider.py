"""WeChat Pay API v3 through wechatpayv3 (public-key mode), behind one small interface with our own errors.

With FAKE_SERVICES on, the SDK's gateway is pointed at the local fake (integrations/fake_wechatpay.py) served on a
loopback port; this module is the one place that does it. The SDK raises bare Exceptions: they become PaymentError.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from dataclasses import dataclass

from flask import current_app
from wechatpayv3 import WeChatPay, WeChatPayType

from ..core import clock
from ..errors import AppError

log = logging.getLogger(__name__)

NOTIFICATION_MAX_AGE = 5 * 60  # seconds; the SDK does not check the timestamp, we do


class PaymentError(AppError):
    http_status = 502

    def __init__(self, message: str = "支付服务暂时不可用，请稍后再试", error_code: str = "PAYMENT_PROVIDER_ERROR"):
        super().__init__(error_code, message)


class NotificationRejected(Exception):
    """A notification that must not be trusted (bad signature, stale, probe, undecryptable)."""


@dataclass
class ProviderConfig:
    mchid: str
    appid: str
    private_key: str
    cert_serial_no: str
    apiv3_key: str
    public_key: str
    public_key_id: str
    notify_url: str
    gateway: str | None = None


class WeChatPayProvider:
    def __init__(self, config: ProviderConfig):
        self.config = config
        self.client = WeChatPay(
            wechatpay_type=WeChatPayType.MINIPROG,
            mchid=config.mchid,
            private_key=config.private_key,
            cert_serial_no=config.cert_serial_no,
            appid=config.appid,
            apiv3_key=config.apiv3_key,
            notify_url=config.notify_url,
            public_key=config.public_key,
            public_key_id=config.public_key_id,
            timeout=(3, 10),
        )
        if config.gateway:
            self.client._core._gate_way = config.gateway  # the documented place where the fake is wired in

    def _call(self, func, *args, **kwargs) -> tuple[int, dict]:
        try:
            code, text = func(*args, **kwargs)
        except Exception as exc:  # network errors and signature failures arrive as bare Exception
            log.warning("wechat pay call failed: %s", exc)
            raise PaymentError() from exc
        try:
            body = json.loads(text) if text else {}
        except (TypeError, ValueError):
            body = {}
        return code, body

    def prepay(self, out_trade_no: str, description: str, amount: int, openid: str) -> str:
        code, body = self._call(
            self.client.pay,
            description=description[:127],
            out_trade_no=out_trade_no,
            amount={"total": amount, "currency": "CNY"},
            payer={"openid": openid},
            pay_type=WeChatPayType.MINIPROG,
        )
        if code != 200 or "prepay_id" not in body:
            if body.get("code") == "ORDERPAID":
                raise AppError("ORDER_ALREADY_PAID", "该订单已支付，请刷新", 409)
            log.warning("prepay refused: %s %s", code, body)
            raise PaymentError(f"微信支付下单失败：{body.get('message', code)}")
        return body["prepay_id"]

    def pay_params(self, prepay_id: str) -> dict:
        """What the mini-program passes to wx.requestPayment (RSA over appId, timeStamp, nonceStr, package)."""
        timestamp, nonce, package = str(int(time.time())), secrets.token_hex(16), f"prepay_id={prepay_id}"
        signature = self.client.sign([self.config.appid, timestamp, nonce, package])
        return {
            "appId": self.config.appid,
            "timeStamp": timestamp,
            "nonceStr": nonce,
            "package": package,
            "signType": "RSA",
            "paySign": signature,
        }

    def verify_notification(self, headers: dict, body: str) -> dict:
        """Check signature, age and decrypt; returns the notification with its decrypted resource."""
        signature = headers.get("Wechatpay-Signature", "")
        if not signature or signature.startswith("WECHATPAY/SIGNTEST/"):
            raise NotificationRejected("probe or unsigned notification")
        try:
            age = abs(clock.timestamp() - int(headers.get("Wechatpay-Timestamp", "0")))
        except ValueError:
            raise NotificationRejected("bad timestamp") from None
        if age > NOTIFICATION_MAX_AGE:
            raise NotificationRejected("stale timestamp")
        try:
            result = self.client.callback(headers=headers, body=body)
        except Exception as exc:
            raise NotificationRejected(f"cannot verify: {exc}") from exc
        if not result:
            raise NotificationRejected("signature or decryption failed")
        return result

    def query(self, out_trade_no: str) -> dict | None:
        code, body = self._call(self.client.query, out_trade_no=out_trade_no)
        return body if code == 200 else None

    def close(self, out_trade_no: str) -> None:
        self._call(self.client.close, out_trade_no=out_trade_no)

    def refund(self, out_trade_no: str, out_refund_no: str, amount: int, total: int, reason: str) -> dict:
        code, body = self._call(
            self.client.refund,
            out_refund_no=out_refund_no,
            out_trade_no=out_trade_no,
            amount={"refund": amount, "total": total, "currency": "CNY"},
            reason=reason[:80],
        )
        if code != 200:
            raise PaymentError(f"微信退款失败：{body.get('message', code)}", "REFUND_PROVIDER_ERROR")
        return body


def build_provider(app):
    config = app.config
    if config["FAKE_SERVICES"]:
        from ..integrations.fake_wechatpay import FakeKeys, FakeWeChatPay

        fake = app.extensions.get("crab_fake_wechatpay")
        if fake is None:
            fake = FakeWeChatPay(config["WECHATPAY_MCHID"], config["WECHAT_APPID"], FakeKeys.generate())
            app.extensions["crab_fake_wechatpay"] = fake
        keys = fake.keys
        return WeChatPayProvider(
            ProviderConfig(
                mchid=config["WECHATPAY_MCHID"],
                appid=config["WECHAT_APPID"],
                private_key=keys.merchant_private_pem,
                cert_serial_no=keys.merchant_serial,
                apiv3_key=keys.apiv3_key,
                public_key=keys.platform_public_pem,
                public_key_id=keys.platform_key_id,
                notify_url=config["WECHATPAY_NOTIFY_URL"],
                gateway=fake.start(),
            )
        )
    return WeChatPayProvider(
        ProviderConfig(
            mchid=config["WECHATPAY_MCHID"],
            appid=config["WECHAT_APPID"],
            private_key=config["WECHATPAY_PRIVATE_KEY"],
            cert_serial_no=config["WECHATPAY_CERT_SERIAL_NO"],
            apiv3_key=config["WECHATPAY_APIV3_KEY"],
            public_key=config["WECHATPAY_PUBLIC_KEY"],
            public_key_id=config["WECHATPAY_PUBLIC_KEY_ID"],
            notify_url=config["WECHATPAY_NOTIFY_URL"],
        )
    )


def get_provider() -> WeChatPayProvider:
    """Built on first use (the real client needs its keys only when someone pays)."""
    app = current_app._get_current_object()
    provider = app.extensions.get("crab_wechatpay")
    if provider is None:
        provider = app.extensions["crab_wechatpay"] = build_provider(app)
    return provider


def get_fake():
    return current_app.extensions.get("crab_fake_wechatpay")
