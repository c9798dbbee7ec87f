"""flask-smorest Api with our error schema and bearer security documented once."""

import marshmallow as ma
from flask_smorest import Api


class ErrorSchema(ma.Schema):
    code = ma.fields.Integer(metadata={"description": "HTTP status"})
    status = ma.fields.String(metadata={"description": "HTTP status name"})
    error_code = ma.fields.String(metadata={"description": "Machine-readable error code, e.g. PHONE_TAKEN"})
    message = ma.fields.String(metadata={"description": "Chinese message for people"})
    errors = ma.fields.Dict(metadata={"description": "Field name -> list of messages (validation errors)"})
    retry_after = ma.fields.Integer(metadata={"description": "Seconds to wait (429 only)"})
    # What some errors add so the client can act without parsing the message (docs/api.md, "Errors").
    item_id = ma.fields.Integer(
        metadata={"description": "The item that stops the order (OUT_OF_STOCK, ITEM_NOT_ON_SALE of a cart line)"}
    )
    pay_amount = ma.fields.Integer(metadata={"description": "PRICE_CHANGED: the new amount to pay, fen"})
    goods_amount = ma.fields.Integer(metadata={"description": "PRICE_CHANGED: the new goods amount, fen"})
    freight_amount = ma.fields.Integer(metadata={"description": "PRICE_CHANGED: the new freight, fen"})
    account_kind = ma.fields.String(
        metadata={"description": "INSUFFICIENT_FUNDS / CREDIT_EXCEEDED: the money account that is short"}
    )
    missing_permissions = ma.fields.List(
        ma.fields.String(), metadata={"description": "PERMISSION_DENIED of the console: the permissions lacking"}
    )


class CrabApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        # Our own handlers (crabsales.errors) are registered by create_app for every error type.
        pass

    def init_app(self, app, *args, **kwargs):
        super().init_app(app, *args, **kwargs)
        self.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
