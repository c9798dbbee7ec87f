"""System endpoints: health, stored files, the built admin console."""

from pathlib import Path

from flask import Blueprint as FlaskBlueprint
from flask import current_app, send_from_directory
from flask_smorest import Blueprint
from marshmallow import fields
from sqlalchemy import text
from werkzeug.routing import IntegerConverter

from ..errors import NotFound
from ..extensions import db
from .redis import get_redis
from .schemas import MAX_ID, OutputSchema
from .storage import get_storage


class IdConverter(IntegerConverter):
    """<int:...> in URLs: a number past the 64-bit range is simply not found, never sent to the database."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


blp = Blueprint("system", __name__, url_prefix="/api/v1", description="系统")
files_bp = FlaskBlueprint("files", __name__)


class HealthSchema(OutputSchema):
    status = fields.String()
    database = fields.String()
    redis = fields.String()


@blp.route("/health", methods=["GET"])
@blp.response(200, HealthSchema)
def health():
    """Liveness and readiness: answers 200 while the database and Redis answer."""
    db.session.execute(text("SELECT 1"))
    get_redis().ping()
    return {"status": "ok", "database": "ok", "redis": "ok"}


@files_bp.route("/files/<path:key>")
def stored_file(key):
    storage = get_storage()
    try:
        path = storage.local_path(key)
    except ValueError:
        raise NotFound() from None
    if not path.is_file():
        raise NotFound()
    return send_from_directory(path.parent, path.name, max_age=86400)


@files_bp.route("/admin/", defaults={"path": ""})
@files_bp.route("/admin/<path:path>")
def admin_console(path):
    """The built console (admin-spa/dist); unknown paths get index.html so the SPA router can handle them."""
    dist = Path(current_app.config["ADMIN_SPA_DIST"])
    if path and (dist / path).is_file():
        return send_from_directory(dist, path)
    if not (dist / "index.html").is_file():
        raise NotFound("CONSOLE_NOT_BUILT", "管理后台尚未构建：请在 admin-spa 目录运行 npm run build")
    response = send_from_directory(dist, "index.html")
    response.headers["Cache-Control"] = "no-cache"
    return response
