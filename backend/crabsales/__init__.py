"""Crab Sales: the sales system of a premium hairy-crab brand (Flask API)."""

from __future__ import annotations

import logging
from pathlib import Path

import swagger_ui_bundle
from flask import Flask, redirect, send_from_directory
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import REPO_ROOT, Config, resolve_secrets


def create_app(config: Config | None = None, **overrides) -> Flask:
    config = config or Config(**overrides)
    app = Flask(__name__, instance_path=str(REPO_ROOT / "instance"))
    app.config.from_object(config)
    resolve_secrets(app.config)
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=1, x_host=1)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    from . import models  # noqa: F401  (every table registered before migrations and the API spec)
    from .core.limits import init_request_limits
    from .core.redis import init_redis
    from .core.routes import IdConverter
    from .core.security import init_security_headers
    from .core.storage import init_storage
    from .core.uow import init_uow
    from .errors import register_error_handlers
    from .extensions import api, db, jwt, migrate
    from .integrations.sms import init_sms
    from .integrations.wechat import init_wechat

    app.url_map.converters["int"] = IdConverter
    init_request_limits(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(REPO_ROOT / "migrations"), render_as_batch=True, compare_type=True)
    jwt.init_app(app)
    init_redis(app)
    init_storage(app)
    init_sms(app)
    init_wechat(app)
    api.init_app(app)
    api.register_converter(IdConverter, lambda _: {"type": "integer", "minimum": 0, "maximum": 2**63 - 1})
    register_error_handlers(app)
    init_uow(app)
    init_security_headers(app)
    _register_blueprints(app, api)
    _register_swagger_assets(app)

    from .cli import register_cli

    register_cli(app)
    return app


def _register_blueprints(app, api):
    from .aftersales.routes import admin_blp as aftersales_admin_blp
    from .aftersales.routes import blp as aftersales_blp
    from .audit.routes import blp as audit_blp
    from .b2b.routes import admin_blp as b2b_admin_blp
    from .b2b.routes import blp as b2b_blp
    from .catalog.routes import blp as catalog_blp
    from .content.routes import blp as content_blp
    from .core.routes import blp as system_blp
    from .core.routes import files_bp
    from .crm.routes import blp as sales_blp
    from .dealers.network_routes import admin_blp as dealer_network_admin_blp
    from .dealers.network_routes import dealer_blp as dealer_network_blp
    from .dealers.network_routes import invite_blp as dealer_invite_blp
    from .dealers.network_routes import staff_blp as staff_workspace_blp
    from .dealers.routes import admin_blp as dealers_admin_blp
    from .dealers.routes import blp as dealer_workspace_blp
    from .identity.admin_routes import admin_auth_blp
    from .identity.routes import auth_blp, invite_blp, me_blp
    from .members.routes import blp as members_blp
    from .notifications.routes import blp as notifications_blp
    from .orders.routes import admin_blp as orders_admin_blp
    from .orders.routes import blp as orders_blp
    from .payments.routes import admin_blp as payments_admin_blp
    from .payments.routes import blp as payments_blp
    from .reviews.routes import admin_blp as reviews_admin_blp
    from .reviews.routes import blp as reviews_blp
    from .settings.routes import blp as settings_blp
    from .storefront.routes import admin_blp as storefront_admin_blp
    from .storefront.routes import blp as storefront_blp
    from .storefront.routes import me_blp as storefront_me_blp

    member_side = (
        system_blp,
        auth_blp,
        me_blp,
        invite_blp,
        content_blp,
        storefront_blp,
        storefront_me_blp,
        orders_blp,
        payments_blp,
        aftersales_blp,
        reviews_blp,
        notifications_blp,
        dealer_workspace_blp,
        dealer_network_blp,
        staff_workspace_blp,
        dealer_invite_blp,
        b2b_blp,
    )
    console = (
        admin_auth_blp,
        members_blp,
        catalog_blp,
        orders_admin_blp,
        aftersales_admin_blp,
        reviews_admin_blp,
        dealers_admin_blp,
        dealer_network_admin_blp,
        b2b_admin_blp,
        payments_admin_blp,
        storefront_admin_blp,
        settings_blp,
        audit_blp,
        sales_blp,
    )
    for blueprint in member_side + console:
        api.register_blueprint(blueprint)
    if app.config["FAKE_SERVICES"]:
        from .dev.routes import blp as dev_blp
        from .payments.routes import dev_blp as dev_payments_blp

        api.register_blueprint(dev_blp)
        api.register_blueprint(dev_payments_blp)
    app.register_blueprint(files_bp)


def _register_swagger_assets(app):
    # Swagger UI is served from the installed package: no CDN needed.
    @app.route("/api/swagger-assets/<path:filename>")
    def swagger_assets(filename):
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)

    @app.route("/api/docs-init.js")
    def swagger_init():
        # The start-up script of our Swagger UI page (templates/swagger_ui.html), kept out of the page for the CSP.
        return send_from_directory(Path(app.root_path) / "templates", "swagger-init.js")

    @app.route("/")
    def index():
        return redirect("/api/docs")
