"""Mini-program endpoints: login, tokens, profile, phone, password, addresses, invites. Thin: parse, call, dump."""

from flask import Response, g
from flask_jwt_extended import get_jwt
from flask_smorest import Blueprint
from sqlalchemy import select

from ..audit.services import client_ip
from ..core.limits import upload_limit
from ..core.pagination import ListQuerySchema, page_schema, paginate
from . import addresses, invites, services
from .auth import issue_tokens, login_required, revoke_encoded, revoke_session, rotate_refresh
from .models import User
from .schemas import (
    AcceptInviteResultSchema,
    AddressInputSchema,
    AddressListSchema,
    AddressSchema,
    AvatarUploadSchema,
    InviteeSchema,
    InviteSchema,
    LoginSchema,
    LogoutSchema,
    PasswordChangeSchema,
    PasswordLoginSchema,
    PasswordResetSchema,
    PhoneBySmsSchema,
    PhoneByWeChatSchema,
    PictureUploadQuerySchema,
    PictureUploadSchema,
    ProfileUpdateSchema,
    SmsCodeRequestSchema,
    SmsLoginSchema,
    SmsSentSchema,
    TokenSchema,
    UploadedSchema,
    UserSchema,
    WeChatLoginSchema,
    WorkspacesSchema,
    WorkspaceSwitchSchema,
)
from .workspaces import check_workspace, usable_workspace, workspaces_for

auth_blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="小程序登录与凭证")
me_blp = Blueprint("me", __name__, url_prefix="/api/v1/me", description="我的：资料、手机号、密码、地址")
invite_blp = Blueprint("invites", __name__, url_prefix="/api/v1/invites", description="邀请码与邀请注册")


def _login_answer(user: User, is_new: bool = False, workspace: str = "member") -> dict:
    return {**issue_tokens("user", user, workspace), "user": user, "is_new_user": is_new}


# ---- auth ------------------------------------------------------------------------------------------------------------


@auth_blp.route("/wechat-login", methods=["POST"])
@auth_blp.arguments(WeChatLoginSchema)
@auth_blp.response(200, LoginSchema)
def wechat_login(args):
    """WeChat login: wx.login code → code2Session → find or register the user."""
    user, is_new = services.do_login_with_wechat(args["code"], args["nickname"], args["avatar_url"])
    invites.do_attach_on_registration(user, args["invite_token"], is_new)
    return _login_answer(user, is_new)


@auth_blp.route("/sms-codes", methods=["POST"])
@auth_blp.arguments(SmsCodeRequestSchema)
@auth_blp.response(201, SmsSentSchema)
def send_sms_code(args):
    """Send a 6-digit code (1 per 60 s, 5 per hour, 10 per day per phone; per-IP limits too)."""
    return services.do_send_sms_code(args["phone"], args["purpose"], client_ip())


@auth_blp.route("/sms-login", methods=["POST"])
@auth_blp.arguments(SmsLoginSchema)
@auth_blp.response(200, LoginSchema)
def sms_login(args):
    """SMS-code login; an unregistered phone is registered (through the invite, if one is given)."""
    user, is_new = services.do_login_with_sms(args["phone"], args["code"])
    invites.do_attach_on_registration(user, args["invite_token"], is_new)
    return _login_answer(user, is_new)


@auth_blp.route("/password-login", methods=["POST"])
@auth_blp.arguments(PasswordLoginSchema)
@auth_blp.response(200, LoginSchema)
def password_login(args):
    """Phone + password (members, salespeople, dealers, staff). 5 failures from one IP lock that IP out of the account
    for 15 minutes; 20 failures from one IP refuse its password logins; failures from many IPs slow IPs that never
    logged in to the account (429 ACCOUNT_LOCKED_FOR_IP / LOGIN_THROTTLED with retry_after)."""
    return _login_answer(services.do_login_with_password(args["phone"], args["password"], client_ip()))


@auth_blp.route("/password-reset", methods=["POST"])
@auth_blp.arguments(PasswordResetSchema)
@auth_blp.response(204)
def password_reset(args):
    """Reset the password with an SMS code (purpose reset); every existing token is revoked."""
    services.do_reset_password(args["phone"], args["code"], args["new_password"])


@auth_blp.route("/refresh", methods=["POST"])
@login_required(refresh=True)
@auth_blp.response(200, TokenSchema)
def refresh():
    """Exchange a refresh token (in the Authorization header) for a new pair of the same session; the old refresh
    token is used up. Using it again revokes the whole session (every token refreshed from the same login)."""
    claims = get_jwt()
    rotate_refresh(claims)
    return issue_tokens("user", g.user, usable_workspace(g.user, claims.get("ws", "member")), claims.get("fam"))


@auth_blp.route("/logout", methods=["POST"])
@login_required(allow_pending_password=True)
@auth_blp.arguments(LogoutSchema)
@auth_blp.response(204)
def logout(args):
    """End this session: the access token, its refresh token (sent or not) and every token refreshed from the same
    login. A refresh token in the body is revoked too (with its own session)."""
    claims = get_jwt()
    revoke_session(claims)
    revoke_encoded(args["refresh_token"], claims["sub"], "user")


@auth_blp.route("/workspace", methods=["POST"])
@login_required
@auth_blp.arguments(WorkspaceSwitchSchema)
@auth_blp.response(200, LoginSchema)
def switch_workspace(args):
    """Switch the active workspace (member, dealer:<id>, staff:<id>, sales); answers new tokens (a new session: the
    old access and refresh tokens stop working)."""
    workspace = check_workspace(g.user, args["workspace"])
    revoke_session(get_jwt())
    return _login_answer(g.user, workspace=workspace)


# ---- me --------------------------------------------------------------------------------------------------------------


@me_blp.route("", methods=["GET"])
@login_required(allow_pending_password=True)
@me_blp.response(200, UserSchema)
def get_me():
    return g.user


@me_blp.route("", methods=["PATCH"])
@login_required
@me_blp.arguments(ProfileUpdateSchema)
@me_blp.response(200, UserSchema)
def update_me(args):
    return services.do_update_profile(g.user, args)


@me_blp.route("/avatar", methods=["POST"])
@upload_limit(services.AVATAR_MAX_BYTES)
@login_required
@me_blp.arguments(AvatarUploadSchema, location="files")
@me_blp.response(200, UserSchema)
def upload_avatar(files):
    """Upload an avatar (multipart field `file`: PNG, JPG or WebP up to 2 MB, 10 an hour); answers the user with
    avatar_url. The replaced avatar file is deleted."""
    return services.do_upload_avatar(g.user, files["file"].read(services.AVATAR_MAX_BYTES + 1))


@me_blp.route("/uploads", methods=["POST"])
@upload_limit(services.UPLOAD_MAX_BYTES)
@login_required
@me_blp.arguments(PictureUploadQuerySchema, location="query")
@me_blp.arguments(PictureUploadSchema, location="files")
@me_blp.response(201, UploadedSchema)
def upload_picture(query, files):
    """Upload a picture for an after-sales case, a review or feedback (multipart field `file`: PNG, JPG or WebP up to
    5 MB; `?purpose=aftersale|review|feedback`); answers its `url` to send in the form's `images`."""
    data = files["file"].read(services.UPLOAD_MAX_BYTES + 1)
    return {"url": services.do_upload_picture(g.user, query["purpose"], data)}


@me_blp.route("/workspaces", methods=["GET"])
@login_required
@me_blp.response(200, WorkspacesSchema)
def my_workspaces():
    return {"current": get_jwt().get("ws", "member"), "items": workspaces_for(g.user)}


@me_blp.route("/wechat", methods=["POST"])
@login_required
@me_blp.arguments(PhoneByWeChatSchema)
@me_blp.response(200, UserSchema)
def bind_wechat(args):
    """Link this account to the WeChat user of a wx.login code (needed to pay with WeChat Pay)."""
    return services.do_bind_wechat(g.user, args["code"])


@me_blp.route("/phone/wechat", methods=["POST"])
@login_required
@me_blp.arguments(PhoneByWeChatSchema)
@me_blp.response(200, UserSchema)
def bind_phone_wechat(args):
    """Bind the phone from the mini-program's phone-number button (getuserphonenumber)."""
    return services.do_bind_phone_with_wechat(g.user, args["code"])


@me_blp.route("/phone/sms", methods=["POST"])
@login_required
@me_blp.arguments(PhoneBySmsSchema)
@me_blp.response(200, UserSchema)
def bind_phone_sms(args):
    """Bind (code purpose bind) or change (purpose change) the phone with an SMS code sent to the new number."""
    return services.do_bind_phone_with_sms(g.user, args["phone"], args["code"])


@me_blp.route("/password", methods=["PUT"])
@login_required(allow_pending_password=True)
@me_blp.arguments(PasswordChangeSchema)
@me_blp.response(200, LoginSchema)
def change_password(args):
    """Set or change the password; all other sessions are logged out and new tokens are answered."""
    services.do_change_password(g.user, args["old_password"], args["new_password"], client_ip())
    return _login_answer(g.user, workspace=usable_workspace(g.user, get_jwt().get("ws", "member")))


@me_blp.route("/addresses", methods=["GET"])
@login_required
@me_blp.response(200, AddressListSchema)
def list_addresses():
    return {"items": addresses.list_addresses(g.user)}


@me_blp.route("/addresses", methods=["POST"])
@login_required
@me_blp.arguments(AddressInputSchema)
@me_blp.response(201, AddressSchema)
def create_address(args):
    return addresses.do_create_address(g.user, args)


@me_blp.route("/addresses/<int:address_id>", methods=["GET"])
@login_required
@me_blp.response(200, AddressSchema)
def get_address(address_id):
    return addresses.get_address(g.user, address_id)


@me_blp.route("/addresses/<int:address_id>", methods=["PUT"])
@login_required
@me_blp.arguments(AddressInputSchema)
@me_blp.response(200, AddressSchema)
def update_address(args, address_id):
    return addresses.do_update_address(g.user, address_id, args)


@me_blp.route("/addresses/<int:address_id>", methods=["DELETE"])
@login_required
@me_blp.response(204)
def delete_address(address_id):
    addresses.do_delete_address(g.user, address_id)


@me_blp.route("/addresses/<int:address_id>/default", methods=["POST"])
@login_required
@me_blp.response(200, AddressSchema)
def set_default_address(address_id):
    return addresses.do_set_default(g.user, address_id)


@me_blp.route("/invitees", methods=["GET"])
@login_required
@me_blp.arguments(ListQuerySchema, location="query")
@me_blp.response(200, page_schema(InviteeSchema))
def my_invitees(args):
    """Members I invited, newest first."""
    query = select(User).where(User.invited_by_id == g.user.id)
    return paginate(query, args, sortable={"created_at": User.created_at}, default_sort="-created_at", tiebreak=User.id)


# ---- invites ---------------------------------------------------------------------------------------------------------


def _invite_answer(invite) -> dict:
    return {
        "token": invite.token,
        "scene": invites.invite_scene(invite),
        "inviter_type": invite.inviter_type,
        **invites.inviter_display(invite),
        "member_level_id": invite.member_level_id,
        "member_level_name": invite.member_level.name if invite.member_level else None,
        "accepted_count": invite.accepted_count,
        "qrcode_url": f"/api/v1/invites/{invite.token}/qrcode",
        "created_at": invite.created_at,
    }


@invite_blp.route("", methods=["POST"])
@login_required
@invite_blp.response(201, InviteSchema)
def create_invite():
    """My invite for the active workspace (the same one is answered again on later calls)."""
    return _invite_answer(invites.do_create_invite_for_workspace(g.user, get_jwt().get("ws", "member")))


@invite_blp.route("/<string:token>", methods=["GET"])
@invite_blp.response(200, InviteSchema)
def resolve_invite(token):
    """Who invites (shown on the landing page before login). No login needed."""
    return _invite_answer(invites.get_invite(token))


@invite_blp.route("/<string:token>/accept", methods=["POST"])
@login_required
@invite_blp.response(200, AcceptInviteResultSchema)
def accept_invite(token):
    """Attach the logged-in user through the invite; a user already attached stays where they are."""
    attached, reason = invites.do_attach(g.user, token)
    return {"attached": attached, "reason": reason}


@invite_blp.route("/<string:token>/qrcode", methods=["GET"])
@invite_blp.response(200, {"format": "binary", "type": "string"}, content_type="image/png")
def invite_qrcode(token):
    """The invite QR code (a mini-program code whose scene is inv=<token>) as PNG."""
    png = invites.invite_qrcode_png(invites.get_invite(token))
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
