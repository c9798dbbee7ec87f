"""A local fake of WeChat Pay API v3 that speaks the real protocol, so our client and verification code run for real.

It checks the merchant's request signatures, keeps transactions and refunds in memory, signs every answer with its
"platform" private key (whose public key the app is configured with), and builds payment notifications exactly as
the platform does: signed headers over `timestamp\\nnonce\\nbody\\n` and an AES-256-GCM encrypted resource.
The SDK reaches it over loopback HTTP (see payments/provider.py, the one place that points the SDK at it).
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, jsonify, request
from werkzeug.serving import make_server


def _pem_private(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _pem_public(key) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@dataclass
class FakeKeys:
    """Key material for one fake merchant: generated per process, never written to the repository."""

    merchant_private_pem: str
    merchant_public_pem: str
    merchant_serial: str
    platform_private_pem: str
    platform_public_pem: str
    platform_key_id: str
    apiv3_key: str

    @classmethod
    def generate(cls) -> FakeKeys:
        merchant = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        platform = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return cls(
            _pem_private(merchant),
            _pem_public(merchant),
            secrets.token_hex(20).upper(),
            _pem_private(platform),
            _pem_public(platform),
            "PUB_KEY_ID_" + secrets.token_hex(12).upper(),
            secrets.token_hex(16),
        )


@dataclass
class FakeTransaction:
    out_trade_no: str
    appid: str
    mchid: str
    total: int
    openid: str
    notify_url: str
    prepay_id: str
    state: str = "NOTPAY"
    transaction_id: str = ""
    success_time: str = ""
    refunds: dict = field(default_factory=dict)

    @property
    def refunded(self) -> int:
        return sum(r["amount"] for r in self.refunds.values())


class FakeWeChatPay:
    def __init__(self, mchid: str, appid: str, keys: FakeKeys):
        self.mchid, self.appid, self.keys = mchid, appid, keys
        self._platform_key = serialization.load_pem_private_key(keys.platform_private_pem.encode(), None)
        self._merchant_public = serialization.load_pem_public_key(keys.merchant_public_pem.encode())
        self.transactions: dict[str, FakeTransaction] = {}
        self.lock = threading.Lock()
        self.app = self._build_app()
        self._server = None
        self.base_url = ""

    # ---- protocol helpers --------------------------------------------------------------------------------------------

    def sign(self, timestamp: str, nonce: str, body: str) -> str:
        message = f"{timestamp}\n{nonce}\n{body}\n".encode()
        return base64.b64encode(self._platform_key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode()

    def signed_headers(self, body: str, timestamp: int | None = None) -> dict:
        ts, nonce = str(timestamp or int(time.time())), secrets.token_hex(16)
        return {
            "Wechatpay-Timestamp": ts,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": self.sign(ts, nonce, body),
            "Wechatpay-Serial": self.keys.platform_key_id,
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048",
        }

    def _answer(self, payload: dict, status: int = 200):
        body = json.dumps(payload, ensure_ascii=False)
        return body, status, {"Content-Type": "application/json", **self.signed_headers(body)}

    def _error(self, status: int, code: str, message: str):
        return jsonify({"code": code, "message": message}), status

    def _merchant_signature_ok(self) -> bool:
        header = request.headers.get("Authorization", "")
        if not header.startswith("WECHATPAY2-SHA256-RSA2048 "):
            return False
        parts = dict(item.split("=", 1) for item in header[len("WECHATPAY2-SHA256-RSA2048 ") :].split(","))
        parts = {k.strip(): v.strip().strip('"') for k, v in parts.items()}
        path = request.full_path.rstrip("?")
        message = f"{request.method}\n{path}\n{parts.get('timestamp')}\n{parts.get('nonce_str')}\n"
        message += request.get_data(as_text=True) + "\n"
        try:
            self._merchant_public.verify(
                base64.b64decode(parts.get("signature", "")), message.encode(), padding.PKCS1v15(), hashes.SHA256()
            )
        except Exception:
            return False
        return parts.get("mchid") == self.mchid and parts.get("serial_no") == self.keys.merchant_serial

    def encrypt(self, plain: dict, associated_data: str) -> dict:
        nonce = secrets.token_hex(6)
        ciphertext = AESGCM(self.keys.apiv3_key.encode()).encrypt(
            nonce.encode(), json.dumps(plain, ensure_ascii=False).encode(), associated_data.encode()
        )
        return {
            "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": base64.b64encode(ciphertext).decode(),
            "associated_data": associated_data,
            "nonce": nonce,
            "original_type": associated_data,
        }

    def _transaction_view(self, tx: FakeTransaction) -> dict:
        view = {
            "appid": tx.appid,
            "mchid": tx.mchid,
            "out_trade_no": tx.out_trade_no,
            "trade_type": "JSAPI",
            "trade_state": tx.state,
            "trade_state_desc": {"SUCCESS": "支付成功", "NOTPAY": "未支付", "CLOSED": "已关闭"}.get(tx.state, tx.state),
            "payer": {"openid": tx.openid},
            "amount": {"total": tx.total, "currency": "CNY"},
        }
        if tx.state == "SUCCESS":
            view.update({"transaction_id": tx.transaction_id, "success_time": tx.success_time, "bank_type": "OTHERS"})
            view["amount"].update({"payer_total": tx.total, "payer_currency": "CNY"})
        return view

    # ---- what the platform does on its own ---------------------------------------------------------------------------

    def pay(self, out_trade_no: str) -> FakeTransaction:
        """The buyer pays: the transaction succeeds (once)."""
        with self.lock:
            tx = self.transactions[out_trade_no]
            if tx.state == "NOTPAY":
                tx.state = "SUCCESS"
                tx.transaction_id = "42" + time.strftime("%Y%m%d") + str(secrets.randbelow(10**18)).rjust(18, "0")
                tx.success_time = time.strftime("%Y-%m-%dT%H:%M:%S+08:00")
            return tx

    def payment_notification(self, out_trade_no: str, timestamp: int | None = None) -> tuple[dict, str]:
        """The notification the platform sends for a successful payment: (headers, body)."""
        tx = self.transactions[out_trade_no]
        body = json.dumps(
            {
                "id": str(uuid.uuid4()),
                "create_time": time.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
                "resource_type": "encrypt-resource",
                "event_type": "TRANSACTION.SUCCESS",
                "summary": "支付成功",
                "resource": self.encrypt(self._transaction_view(tx), "transaction"),
            },
            ensure_ascii=False,
        )
        return self.signed_headers(body, timestamp), body

    # ---- HTTP API ----------------------------------------------------------------------------------------------------

    def _build_app(self) -> Flask:
        app = Flask("fake_wechatpay")

        @app.before_request
        def check_signature():
            if not self._merchant_signature_ok():
                return self._error(401, "SIGN_ERROR", "签名错误")
            return None

        @app.post("/v3/pay/transactions/jsapi")
        def jsapi():
            data = request.get_json(silent=True) or {}
            total = (data.get("amount") or {}).get("total")
            if data.get("mchid") != self.mchid or data.get("appid") != self.appid:
                return self._error(400, "PARAM_ERROR", "appid和mch_id不匹配")
            if not isinstance(total, int) or total <= 0 or not data.get("out_trade_no") or not data.get("notify_url"):
                return self._error(400, "PARAM_ERROR", "参数错误")
            with self.lock:
                tx = self.transactions.get(data["out_trade_no"])
                if tx is not None and tx.state == "SUCCESS":
                    return self._error(400, "ORDERPAID", "该订单已支付")
                if tx is not None and tx.total != total:
                    return self._error(400, "OUT_TRADE_NO_USED", "商户订单号重复")
                if tx is None:
                    tx = FakeTransaction(
                        data["out_trade_no"],
                        self.appid,
                        self.mchid,
                        total,
                        (data.get("payer") or {}).get("openid", ""),
                        data["notify_url"],
                        "wx" + secrets.token_hex(15),
                    )
                    self.transactions[tx.out_trade_no] = tx
            return self._answer({"prepay_id": tx.prepay_id})

        @app.get("/v3/pay/transactions/out-trade-no/<out_trade_no>")
        def query(out_trade_no):
            tx = self.transactions.get(out_trade_no)
            if tx is None:
                return self._error(404, "ORDER_NOT_EXIST", "订单不存在")
            return self._answer(self._transaction_view(tx))

        @app.post("/v3/pay/transactions/out-trade-no/<out_trade_no>/close")
        def close(out_trade_no):
            tx = self.transactions.get(out_trade_no)
            if tx is not None and tx.state == "NOTPAY":
                tx.state = "CLOSED"
            return "", 204, self.signed_headers("")

        @app.post("/v3/refund/domestic/refunds")
        def refund():
            data = request.get_json(silent=True) or {}
            tx = self.transactions.get(data.get("out_trade_no", ""))
            amount = data.get("amount") or {}
            if tx is None or tx.state != "SUCCESS":
                return self._error(404, "RESOURCE_NOT_EXISTS", "订单不存在")
            with self.lock:
                existing = tx.refunds.get(data.get("out_refund_no"))
                if existing is None:
                    if amount.get("total") != tx.total or amount.get("refund", 0) <= 0:
                        return self._error(400, "PARAM_ERROR", "退款金额或订单金额错误")
                    if tx.refunded + amount["refund"] > tx.total:
                        return self._error(403, "NOT_ENOUGH", "退款金额超过可退金额")
                    existing = {
                        "refund_id": "50" + secrets.token_hex(14),
                        "amount": amount["refund"],
                        "status": "SUCCESS",
                    }
                    tx.refunds[data["out_refund_no"]] = existing
            return self._answer(
                {
                    "refund_id": existing["refund_id"],
                    "out_refund_no": data["out_refund_no"],
                    "out_trade_no": tx.out_trade_no,
                    "transaction_id": tx.transaction_id,
                    "status": existing["status"],
                    "amount": {"total": tx.total, "refund": existing["amount"], "currency": "CNY"},
                }
            )

        return app

    def start(self) -> str:
        """Serve on a free loopback port in a daemon thread; returns the base URL."""
        if self._server is None:
            self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
            threading.Thread(target=self._server.serve_forever, daemon=True).start()
            self.base_url = f"http://127.0.0.1:{self._server.server_port}"
        return self.base_url
