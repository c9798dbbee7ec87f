"""SMS senders: Alibaba Cloud for production, a fake that only records (its messages show in the dev inbox)."""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass

from flask import current_app

log = logging.getLogger(__name__)

# Our template codes and how they read; the Alibaba Cloud template codes are configured per environment.
TEMPLATES = {
    "verify_code": "您的验证码为{code}，5分钟内有效，请勿泄露给他人。",
    # A dealer adds this phone as staff: the person reads the code out to the dealer only if they agree.
    "staff_invite": "{dealer}邀请您成为其员工，验证码{code}，5分钟内有效。同意加入请将验证码告知对方，否则请忽略。",
}
# A template without its own Alibaba Cloud template code goes out as this one, with the code only.
FALLBACK_TEMPLATES = {"staff_invite": "verify_code"}


@dataclass
class SendResult:
    ok: bool
    code: str
    message: str
    biz_id: str = ""


def render(template: str, params: dict) -> str:
    text = TEMPLATES.get(template, template)
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


class FakeSmsSender:
    name = "fake"
    keeps_params = True

    def send(self, phone: str, template: str, params: dict) -> SendResult:
        log.info("fake SMS to %s: %s", phone, render(template, params))
        return SendResult(True, "OK", "OK", "fake-" + secrets.token_hex(8))


class AliyunSmsSender:
    """alibabacloud-dysmsapi20170525. Business errors arrive as HTTP 200 with body.code != 'OK'."""

    name = "aliyun"
    keeps_params = False

    def __init__(self, access_key_id: str, access_key_secret: str, endpoint: str, sign_name: str, template_codes: dict):
        from alibabacloud_dysmsapi20170525.client import Client
        from alibabacloud_tea_openapi.models import Config

        self.client = Client(
            Config(access_key_id=access_key_id, access_key_secret=access_key_secret, endpoint=endpoint)
        )
        self.sign_name = sign_name
        self.template_codes = template_codes

    def send(self, phone: str, template: str, params: dict) -> SendResult:
        from alibabacloud_dysmsapi20170525.models import SendSmsRequest

        if not self.template_codes.get(template) and template in FALLBACK_TEMPLATES:
            template, params = FALLBACK_TEMPLATES[template], {"code": params["code"]}
        request = SendSmsRequest(
            phone_numbers=phone,
            sign_name=self.sign_name,
            template_code=self.template_codes[template],
            template_param=json.dumps(params, ensure_ascii=False),
        )
        try:
            body = self.client.send_sms(request).body
        except Exception as exc:  # the SDK raises its own TeaException and network errors
            return SendResult(False, "EXCEPTION", str(exc)[:255])
        return SendResult(body.code == "OK", body.code or "", (body.message or "")[:255], body.biz_id or "")


def build_sms_sender(app):
    config = app.config
    if config["SMS_PROVIDER"] == "fake":
        return FakeSmsSender()
    return AliyunSmsSender(
        config["SMS_ACCESS_KEY_ID"],
        config["SMS_ACCESS_KEY_SECRET"],
        config["SMS_ENDPOINT"],
        config["SMS_SIGN_NAME"],
        {"verify_code": config["SMS_TEMPLATE_VERIFY_CODE"], "staff_invite": config["SMS_TEMPLATE_STAFF_INVITE"]},
    )


def get_sms_sender():
    return current_app.extensions["crab_sms"]


def init_sms(app):
    app.extensions["crab_sms"] = build_sms_sender(app)
