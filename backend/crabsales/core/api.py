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


class CrabApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        # Our own handlers (crabsales.errors) are registered by create_app for every error type.
        pass

    def init_app(self, app, *args, **kwargs):
        super().init_app(app, *args, **kwargs)
        self.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
