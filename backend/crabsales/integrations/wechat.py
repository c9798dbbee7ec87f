"""WeChat mini-program server API through wechatpy: login, phone number, invite codes.

The access token lives in Redis (wechatpy's RedisStorage), shared by every worker. With FAKE_SERVICES on, the
client's HTTP session sends api.weixin.qq.com to the local fake (integrations.fake_wechat) in-process; that mount
is the one place where the fake is wired in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session.redisstorage import RedisStorage

from ..core.wsgi_transport import WSGITransport
from ..errors import AppError
from .fake_wechat import create_fake_wechat_app

log = logging.getLogger(__name__)

WECHAT_HOST = "https://api.weixin.qq.com/"

# What each platform error means to the person in front of the phone.
ERROR_MESSAGES = {
    40029: ("WECHAT_CODE_INVALID", "微信登录凭证无效，请重新登录"),
    40163: ("WECHAT_CODE_USED", "微信登录凭证已使用，请重新登录"),
    45011: ("WECHAT_RATE_LIMITED", "微信登录过于频繁，请稍后再试"),
    40226: ("WECHAT_USER_BLOCKED", "该微信账号存在风险，暂时无法登录"),
    40169: ("WECHAT_SCENE_INVALID", "小程序码参数不合法"),
}


@dataclass
class WeChatSession:
    openid: str
    unionid: str | None
    session_key: str


class WeChatMiniProgram:
    def __init__(self, client: WeChatClient):
        self.client = client

    def _call(self, func, *args, messages: dict | None = None, **kwargs):
        try:
            return func(*args, **kwargs)
        except WeChatClientException as exc:
            known = {**ERROR_MESSAGES, **(messages or {})}
            code, message = known.get(exc.errcode, ("WECHAT_ERROR", "微信服务暂时不可用，请稍后再试"))
            log.warning("wechat call failed: %s %s", exc.errcode, exc.errmsg)
            raise AppError(code, message, 502 if code == "WECHAT_ERROR" else 400) from exc
        except Exception as exc:  # network errors from requests
            log.warning("wechat call failed: %s", exc)
            raise AppError("WECHAT_UNAVAILABLE", "微信服务暂时不可用，请稍后再试", 502) from exc

    def code_to_session(self, code: str) -> WeChatSession:
        data = self._call(self.client.wxa.code_to_session, code)
        return WeChatSession(data["openid"], data.get("unionid"), data.get("session_key", ""))

    def get_phone_number(self, code: str) -> str:
        data = self._call(
            self.client.post,
            WECHAT_HOST + "wxa/business/getuserphonenumber",
            data={"code": code},
            messages={40029: ("WECHAT_PHONE_CODE_INVALID", "手机号授权已失效，请重新授权")},
        )
        info = data.get("phone_info") or {}
        if info.get("countryCode") not in (None, "86"):
            raise AppError("PHONE_COUNTRY_UNSUPPORTED", "暂只支持中国大陆手机号", 400)
        return info["purePhoneNumber"]

    def send_subscribe_message(self, openid: str, template_id: str, data: dict, page: str = "") -> None:
        body = {"touser": openid, "template_id": template_id, "data": data, "page": page, "miniprogram_state": "formal"}
        self._call(self.client.post, WECHAT_HOST + "cgi-bin/message/subscribe/send", data=body)

    def get_unlimited_code(self, scene: str, page: str, env_version: str = "release") -> bytes:
        data = {"scene": scene, "page": page, "check_path": False, "env_version": env_version, "width": 430}
        response = self._call(self.client.post, WECHAT_HOST + "wxa/getwxacodeunlimit", data=data)
        if isinstance(response, dict):  # an error answer is JSON; the image is not
            raise AppError("WECHAT_ERROR", "生成小程序码失败", 502)
        return response.content


def build_wechat(app) -> WeChatMiniProgram:
    config = app.config
    client = WeChatClient(
        config["WECHAT_APPID"], config["WECHAT_SECRET"], session=RedisStorage(app.extensions["crab_redis"], "wechatpy")
    )
    client.timeout = 5
    if config["FAKE_SERVICES"]:
        fake = create_fake_wechat_app(config["WECHAT_APPID"], config["WECHAT_SECRET"])
        client._http.mount(WECHAT_HOST, WSGITransport(fake))
    return WeChatMiniProgram(client)


def get_wechat() -> WeChatMiniProgram:
    return current_app.extensions["crab_wechat"]


def init_wechat(app):
    app.extensions["crab_wechat"] = build_wechat(app)
