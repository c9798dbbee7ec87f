from flask_smorest import Blueprint
from marshmallow import fields
from sqlalchemy import select

from ..core.schemas import OutputSchema, UtcDateTime
from ..errors import NotFound
from ..extensions import db
from .models import Agreement

blp = Blueprint("content", __name__, url_prefix="/api/v1/agreements", description="协议与说明")


class AgreementSchema(OutputSchema):
    code = fields.String()
    title = fields.String()
    content = fields.String(metadata={"description": "rich text (HTML)"})
    version = fields.Integer()
    updated_at = UtcDateTime()


@blp.route("/<string:code>", methods=["GET"])
@blp.response(200, AgreementSchema)
def get_agreement(code):
    """An agreement by code (user-agreement, privacy-policy). No login needed."""
    agreement = db.session.execute(select(Agreement).where(Agreement.code == code)).scalar_one_or_none()
    if agreement is None:
        raise NotFound("AGREEMENT_NOT_FOUND", "协议不存在")
    return agreement
