from marshmallow import ValidationError, fields, validate

from ..core.pagination import ListQuerySchema
from ..core.schemas import Id, InputSchema, Name, OutputSchema, QuerySchema, UtcDateTime

PHONE = {"validate": validate.Regexp(r"^1[3-9]\d{9}$", error="请输入正确的 11 位手机号")}
SMS_CODE = {"validate": validate.Regexp(r"^\d{6}$", error="请输入 6 位数字验证码")}
PASSWORD = {"validate": validate.Length(min=1, max=64)}
INVITE_TOKEN = {"validate": validate.Regexp(r"^[A-Za-z0-9]{1,16}$", error="邀请码格式不正确")}


# ---- outputs ---------------------------------------------------------------------------------------------------------


class UserSchema(OutputSchema):
    id = fields.Integer()
    member_no = fields.String()
    phone = fields.String(allow_none=True)
    nickname = fields.String()
    avatar_url = fields.String()
    real_name = fields.String()
    gender = fields.Integer(metadata={"description": "0 unknown, 1 male, 2 female"})
    member_level_id = fields.Integer(allow_none=True)
    member_level_name = fields.Function(lambda u: u.member_level.name if u.member_level else None)
    has_password = fields.Boolean()
    invited_by_id = fields.Integer(allow_none=True)
    owner_dealer_id = fields.Integer(allow_none=True)
    owner_staff_id = fields.Integer(allow_none=True)
    is_active = fields.Boolean()
    created_at = UtcDateTime()
    last_login_at = UtcDateTime(allow_none=True)


class TokenSchema(OutputSchema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String(required=True)
    expires_in = fields.Integer(required=True, metadata={"description": "Seconds the access token is valid"})
    workspace = fields.String(required=True)
    password_change_required = fields.Boolean(required=True)


class LoginSchema(TokenSchema):
    user = fields.Nested(UserSchema)
    is_new_user = fields.Boolean()


class WorkspaceItemSchema(OutputSchema):
    workspace = fields.String()
    label = fields.String()


class WorkspacesSchema(OutputSchema):
    current = fields.String()
    items = fields.List(fields.Nested(WorkspaceItemSchema))


class SmsSentSchema(OutputSchema):
    expires_in = fields.Integer()
    resend_after = fields.Integer()


class AddressSchema(OutputSchema):
    id = fields.Integer()
    receiver_name = fields.String()
    receiver_phone = fields.String()
    province = fields.String()
    city = fields.String()
    district = fields.String()
    detail = fields.String()
    postcode = fields.String()
    # Numbers, as map components expect them; the column keeps 6 decimals, which a float carries exactly.
    latitude = fields.Float(allow_none=True, metadata={"description": "-90 to 90, 6 decimals"})
    longitude = fields.Float(allow_none=True, metadata={"description": "-180 to 180, 6 decimals"})
    is_default = fields.Boolean()
    created_at = UtcDateTime()
    updated_at = UtcDateTime()


class AddressListSchema(OutputSchema):
    items = fields.List(fields.Nested(AddressSchema))


class InviteSchema(OutputSchema):
    token = fields.String()
    scene = fields.String()
    inviter_type = fields.String()
    inviter_name = fields.String()
    inviter_avatar_url = fields.String()
    member_level_id = fields.Integer(allow_none=True)
    member_level_name = fields.String(allow_none=True)
    accepted_count = fields.Integer()
    qrcode_url = fields.String()
    created_at = UtcDateTime()


class AcceptInviteResultSchema(OutputSchema):
    attached = fields.Boolean()
    reason = fields.String(metadata={"description": "attached, already_attached, self_invite, would_create_loop"})


class InviteeSchema(OutputSchema):
    id = fields.Integer()
    member_no = fields.String()
    nickname = fields.String()
    avatar_url = fields.String()
    created_at = UtcDateTime()


# ---- inputs ----------------------------------------------------------------------------------------------------------


class WeChatLoginSchema(InputSchema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=128))
    invite_token = fields.String(load_default=None, **INVITE_TOKEN)
    nickname = Name(load_default=None, validate=validate.Length(max=32))
    avatar_url = fields.String(load_default=None, validate=validate.Length(max=512))


class SmsCodeRequestSchema(InputSchema):
    phone = fields.String(required=True, **PHONE)
    purpose = fields.String(required=True, validate=validate.OneOf(["login", "bind", "reset", "change"]))


class SmsLoginSchema(InputSchema):
    phone = fields.String(required=True, **PHONE)
    code = fields.String(required=True, **SMS_CODE)
    invite_token = fields.String(load_default=None, **INVITE_TOKEN)


class PasswordLoginSchema(InputSchema):
    phone = fields.String(required=True, **PHONE)
    password = fields.String(required=True, **PASSWORD)


class PasswordResetSchema(InputSchema):
    phone = fields.String(required=True, **PHONE)
    code = fields.String(required=True, **SMS_CODE)
    new_password = fields.String(required=True, **PASSWORD)


class LogoutSchema(InputSchema):
    refresh_token = fields.String(load_default=None, validate=validate.Length(max=2048))


class WorkspaceSwitchSchema(InputSchema):
    workspace = fields.String(
        required=True, validate=validate.Regexp(r"^(member|sales|dealer:\d+|staff:\d+)$", error="身份格式不正确")
    )


class ProfileUpdateSchema(InputSchema):
    nickname = Name(validate=validate.Length(min=1, max=32))
    avatar_url = fields.String(validate=validate.Length(max=512))
    real_name = Name(validate=validate.Length(max=32))
    gender = fields.Integer(validate=validate.OneOf([0, 1, 2]))


class AvatarUploadSchema(QuerySchema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class PictureUploadSchema(QuerySchema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class PictureUploadQuerySchema(QuerySchema):
    purpose = fields.String(required=True, validate=validate.OneOf(["aftersale", "review", "feedback"]))


class UploadedSchema(OutputSchema):
    url = fields.String()


class PhoneByWeChatSchema(InputSchema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=128))


class PhoneBySmsSchema(InputSchema):
    phone = fields.String(required=True, **PHONE)
    code = fields.String(required=True, **SMS_CODE)


class PasswordChangeSchema(InputSchema):
    old_password = fields.String(load_default=None, **PASSWORD)
    new_password = fields.String(required=True, **PASSWORD)


class AdminPasswordChangeSchema(InputSchema):
    old_password = fields.String(required=True, **PASSWORD)
    new_password = fields.String(required=True, **PASSWORD)


def _within(limit: int):
    # A plain function, not validate.Range: Range bounds on a Decimal field would be documented as strings.
    def check(value):
        if value is not None and not -limit <= value <= limit:
            raise ValidationError(f"需在 -{limit} 到 {limit} 之间")

    return check


class AddressInputSchema(InputSchema):
    receiver_name = Name(required=True, validate=validate.Length(min=1, max=20))
    receiver_phone = fields.String(
        required=True,
        validate=validate.Regexp(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$", error="请输入正确的手机号或座机号"),
    )
    province = fields.String(required=True, validate=validate.Length(min=1, max=32))
    city = fields.String(required=True, validate=validate.Length(min=1, max=32))
    district = fields.String(required=True, validate=validate.Length(min=1, max=32))
    detail = fields.String(required=True, validate=validate.Length(min=2, max=120))
    postcode = fields.String(load_default="", validate=validate.Regexp(r"^(\d{6})?$", error="邮编为 6 位数字"))
    latitude = fields.Decimal(
        load_default=None, allow_none=True, places=6, validate=_within(90), metadata={"description": "-90 to 90"}
    )
    longitude = fields.Decimal(
        load_default=None, allow_none=True, places=6, validate=_within(180), metadata={"description": "-180 to 180"}
    )
    is_default = fields.Boolean(load_default=False)


class MemberListQuerySchema(ListQuerySchema):
    created_from = UtcDateTime(load_default=None)
    created_to = UtcDateTime(load_default=None)
    owner_dealer_id = Id(load_default=None)
    member_level_id = Id(load_default=None)
    is_active = fields.Boolean(load_default=None)
