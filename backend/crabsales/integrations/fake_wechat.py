"""A local fake of the WeChat mini-program server API, speaking the same HTTP protocol.

Used with FAKE_SERVICES on (run command, demo, tests): wechatpy's requests go to this WSGI app in-process, so our
request building and error handling run for real. Conventions for codes (documented in README):
- wx.login code `openid:<x>` logs in as openid `x` (reusable, for scripted dev logins); any other code maps to a
  stable openid derived from it and is single use (40163 when reused); codes starting with `invalid` answer 40029.
- phone-number code `phone:<11 digits>` yields that phone; other codes yield a stable 139xxxxxxxx number.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
import threading
import time

import qrcode
from flask import Flask, jsonify, request

SCENE_PATTERN = re.compile(r"^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$")


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def _body() -> dict:
    # The platform reads a JSON body whatever the Content-Type says (wechatpy sends none).
    try:
        data = json.loads(request.get_data() or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _err(code: int, msg: str):
    return jsonify({"errcode": code, "errmsg": msg})


def create_fake_wechat_app(appid: str, secret: str) -> Flask:
    app = Flask("fake_wechat")
    lock = threading.Lock()
    tokens: dict[str, float] = {}
    used_login_codes: set[str] = set()
    used_phone_codes: set[str] = set()

    def token_ok() -> bool:
        token = request.args.get("access_token", "")
        with lock:
            return tokens.get(token, 0) > time.time()

    @app.get("/cgi-bin/token")
    def token():
        if request.args.get("appid") != appid:
            return _err(40013, "invalid appid")
        if request.args.get("secret") != secret:
            return _err(40125, "invalid appsecret")
        value = "fake-token-" + secrets.token_hex(16)
        with lock:
            tokens[value] = time.time() + 7200
        return jsonify({"access_token": value, "expires_in": 7200})

    @app.get("/sns/jscode2session")
    def jscode2session():
        if request.args.get("appid") != appid or request.args.get("secret") != secret:
            return _err(40013, "invalid appid or secret")
        code = request.args.get("js_code", "")
        if not code or code.startswith("invalid"):
            return _err(40029, "invalid code")
        with lock:
            # Named dev logins (openid:<x>) may repeat; any other code is single use, as on the real platform.
            if code in used_login_codes and not code.startswith("openid:"):
                return _err(40163, "code been used")
            used_login_codes.add(code)
        openid = code[len("openid:") :] if code.startswith("openid:") else "o" + _digest(code, 27)
        return jsonify(
            {
                "openid": openid,
                "unionid": "u" + _digest(openid, 27),
                "session_key": secrets.token_urlsafe(16),
                "errcode": 0,
                "errmsg": "ok",
            }
        )

    @app.post("/wxa/business/getuserphonenumber")
    def phone_number():
        if not token_ok():
            return _err(40001, "invalid credential, access_token is invalid or not latest")
        code = _body().get("code", "")
        if not code or code.startswith("invalid"):
            return _err(40029, "invalid code")
        with lock:
            if code in used_phone_codes:
                return _err(40029, "invalid code")
            used_phone_codes.add(code)
        if code.startswith("phone:") and re.fullmatch(r"1\d{10}", code[6:]):
            phone = code[6:]
        else:
            phone = "139" + str(int(_digest(code, 12), 16))[-8:].rjust(8, "0")
        return jsonify(
            {
                "errcode": 0,
                "errmsg": "ok",
                "phone_info": {
                    "phoneNumber": phone,
                    "purePhoneNumber": phone,
                    "countryCode": "86",
                    "watermark": {"timestamp": int(time.time()), "appid": appid},
                },
            }
        )

    @app.post("/wxa/getwxacodeunlimit")
    def wxacode_unlimited():
        if not token_ok():
            return _err(40001, "invalid credential, access_token is invalid or not latest")
        body = _body()
        scene = str(body.get("scene", ""))
        page = str(body.get("page") or "")
        if not SCENE_PATTERN.match(scene):
            return _err(40169, "invalid length for scene, or the data is not json string")
        if "?" in page:
            return _err(41030, "invalid page rule")
        image = qrcode.make(f"{page}?scene={scene}", box_size=8, border=2)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue(), 200, {"Content-Type": "image/png"}

    @app.post("/cgi-bin/message/subscribe/send")
    def subscribe_send():
        if not token_ok():
            return _err(40001, "invalid credential, access_token is invalid or not latest")
        body = _body()
        if not body.get("touser") or not body.get("template_id"):
            return _err(47003, "argument invalid!")
        return _err(0, "ok")

    return app
