from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..core.schemas import InputSchema, Name, OutputSchema
from ..identity.auth import admin_required
from . import services

blp = Blueprint("admin_settings", __name__, url_prefix="/api/v1/admin/settings", description="后台：系统设置")


class CompanySchema(InputSchema):
    name = Name(validate=validate.Length(min=1, max=64))
    address = fields.String(validate=validate.Length(max=128))
    logo_url = fields.String(validate=validate.Length(max=512))
    service_phone = fields.String(validate=validate.Length(max=32))
    about_html = fields.String(validate=validate.Length(max=100_000))


class ProductSettingsSchema(InputSchema):
    default_on_shelf = fields.Boolean()
    show_sales_count = fields.Boolean()


class InventorySettingsSchema(InputSchema):
    show_stock = fields.Boolean()
    default_low_stock_threshold = fields.Integer(validate=validate.Range(min=0, max=1_000_000))
    deduct_stock_on = fields.String(validate=validate.OneOf(["order", "payment"]))


class OrderSettingsSchema(InputSchema):
    auto_close_minutes = fields.Integer(validate=validate.Range(min=5, max=24 * 60))
    auto_confirm_days = fields.Integer(validate=validate.Range(min=1, max=60))
    split_shipment = fields.Boolean()
    after_sales_days = fields.Integer(validate=validate.Range(min=0, max=90))
    ecard_auto_approve = fields.Boolean()


class DealerSettingsSchema(InputSchema):
    auto_approve_applications = fields.Boolean()


class SettingsAnswerSchema(OutputSchema):
    key = fields.String()
    value = fields.Dict()


GROUPS = {
    "company": CompanySchema,
    "products": ProductSettingsSchema,
    "inventory": InventorySettingsSchema,
    "orders": OrderSettingsSchema,
    "dealers": DealerSettingsSchema,
}


def _group_routes(key: str, schema):
    @blp.route(f"/{key}", methods=["GET"], endpoint=f"get_{key}")
    @admin_required("settings.manage")
    @blp.response(200, SettingsAnswerSchema)
    def read():
        return {"key": key, "value": services.get_settings(key)}

    @blp.route(f"/{key}", methods=["PUT"], endpoint=f"put_{key}")
    @admin_required("settings.manage")
    @blp.arguments(schema)
    @blp.response(200, SettingsAnswerSchema)
    def write(args):
        return {"key": key, "value": services.do_update_settings(key, args)}

    read.__doc__ = f"The {key} settings (defaults filled in)."
    write.__doc__ = f"Change {key} settings (only the fields sent; audited)."


for _key, _schema in GROUPS.items():
    _group_routes(_key, _schema)
