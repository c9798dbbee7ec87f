from marshmallow import fields, validate

from ..core.pagination import ListQuerySchema
from ..core.schemas import Id, InputSchema, Name, OutputSchema, UtcDateTime
from .schemas import PASSWORD


class RoleRefSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()


class AdminSchema(OutputSchema):
    id = fields.Integer()
    username = fields.String()
    name = fields.String()
    phone = fields.String()
    is_super = fields.Boolean()
    is_active = fields.Boolean()
    password_change_required = fields.Boolean()
    roles = fields.List(fields.Nested(RoleRefSchema))
    last_login_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()


class AdminMeSchema(AdminSchema):
    permissions = fields.Function(lambda a: sorted(a.permission_codes()), metadata={"description": "permission codes"})


class AdminTokenSchema(OutputSchema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String(required=True)
    expires_in = fields.Integer(required=True)
    workspace = fields.String(required=True)
    password_change_required = fields.Boolean(required=True)


class AdminLoginAnswerSchema(AdminTokenSchema):
    admin = fields.Nested(AdminMeSchema)


class AdminLoginSchema(InputSchema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=32))
    password = fields.String(required=True, **PASSWORD)


class PermissionSchema(OutputSchema):
    code = fields.String()
    name = fields.String()


class PermissionGroupSchema(OutputSchema):
    code = fields.String()
    name = fields.String()
    permissions = fields.List(fields.Nested(PermissionSchema))


class PermissionCatalogSchema(OutputSchema):
    groups = fields.List(fields.Nested(PermissionGroupSchema))


class RoleSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    description = fields.String()
    permissions = fields.List(fields.String())
    admin_count = fields.Integer()
    created_at = UtcDateTime()
    updated_at = UtcDateTime()


class RoleInputSchema(InputSchema):
    name = Name(required=True, validate=validate.Length(min=1, max=32))
    description = fields.String(load_default="", validate=validate.Length(max=255))
    permissions = fields.List(
        fields.String(validate=validate.Length(max=64)), load_default=list, validate=validate.Length(max=200)
    )


class RoleUpdateSchema(InputSchema):
    name = Name(validate=validate.Length(min=1, max=32))
    description = fields.String(validate=validate.Length(max=255))
    permissions = fields.List(fields.String(validate=validate.Length(max=64)), validate=validate.Length(max=200))


class AdminCreateSchema(InputSchema):
    username = Name(required=True, validate=validate.Length(min=3, max=32))
    name = Name(load_default="", validate=validate.Length(max=32))
    phone = fields.String(
        load_default="", validate=validate.Regexp(r"^(1[3-9]\d{9})?$", error="请输入正确的 11 位手机号")
    )
    password = fields.String(required=True, **PASSWORD)
    role_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=50))
    is_active = fields.Boolean(load_default=True)
    is_super = fields.Boolean(load_default=False, metadata={"description": "super-admin (only a super-admin sets it)"})


class AdminUpdateSchema(InputSchema):
    name = Name(validate=validate.Length(max=32))
    phone = fields.String(validate=validate.Regexp(r"^(1[3-9]\d{9})?$", error="请输入正确的 11 位手机号"))
    role_ids = fields.List(Id(), validate=validate.Length(max=50))
    is_active = fields.Boolean()
    is_super = fields.Boolean(metadata={"description": "super-admin (only a super-admin changes it)"})


class PasswordSetSchema(InputSchema):
    password = fields.String(required=True, **PASSWORD)


class AdminListQuerySchema(ListQuerySchema):
    is_active = fields.Boolean(load_default=None)
    role_id = Id(load_default=None)
