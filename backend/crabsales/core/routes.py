"""System endpoints: health, stored files, the built admin console."""

from pathlib import Path

from flask import Blueprint as FlaskBlueprint
from flask import current_app, send_file, send_from_directory
from flask_smorest import Blueprint
from marshmallow import fields
from sqlalchemy import text
from werkzeug.routing import IntegerConverter

from ..errors import NotFound
from ..extensions import db
from .redis import get_redis
from .schemas import MAX_ID, OutputSchema
from .storage import get_storage
from .uploads import find_file


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
    """A stored upload, with the content type recorded when it was stored (never guessed from the requested name);
    files in storage without a record are not served."""
    storage = get_storage()
    try:
        path = storage.local_path(key)
    except ValueError:
        raise NotFound() from None
    record = find_file(key)
    if record is None or not path.is_file():
        raise NotFound()
    response = send_file(path, mimetype=record.content_type, max_age=86400, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, a stored file is never a page that runs scripts with our origin.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'"
    return response


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
