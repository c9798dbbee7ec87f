from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..core.pagination import ListQuerySchema, page_schema, paginate
from ..core.schemas import Id, InputSchema, Name, OutputSchema, UtcDateTime
from ..identity.auth import admin_required
from ..identity.schemas import PASSWORD, PHONE
from . import services
from .models import Department, Salesperson

blp = Blueprint("admin_sales", __name__, url_prefix="/api/v1/admin", description="后台：销售团队账号与部门")


class DepartmentSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    parent_id = fields.Integer(allow_none=True)
    created_at = UtcDateTime()


class DepartmentInputSchema(InputSchema):
    name = Name(required=True, validate=validate.Length(min=1, max=32))
    parent_id = Id(load_default=None, allow_none=True)


class DepartmentUpdateSchema(InputSchema):
    name = Name(validate=validate.Length(min=1, max=32))
    parent_id = Id(allow_none=True)


class SalespersonSchema(OutputSchema):
    id = fields.Integer()
    user_id = fields.Integer()
    name = fields.String()
    phone = fields.Function(lambda p: p.user.phone)
    department_id = fields.Integer(allow_none=True)
    department_name = fields.Function(lambda p: p.department.name if p.department else None)
    is_supervisor = fields.Boolean()
    is_active = fields.Boolean()
    password_change_required = fields.Function(lambda p: p.user.password_change_required)
    created_at = UtcDateTime()


class SalespersonCreateSchema(InputSchema):
    phone = fields.String(required=True, **PHONE)
    name = Name(required=True, validate=validate.Length(min=1, max=32))
    department_id = Id(load_default=None, allow_none=True)
    is_supervisor = fields.Boolean(load_default=False)
    password = fields.String(required=True, **PASSWORD)


class SalespersonUpdateSchema(InputSchema):
    name = Name(validate=validate.Length(min=1, max=32))
    department_id = Id(allow_none=True)
    is_supervisor = fields.Boolean()
    is_active = fields.Boolean()
    password = fields.String(**PASSWORD)


class SalespersonQuerySchema(ListQuerySchema):
    department_id = Id(load_default=None)
    is_active = fields.Boolean(load_default=None)
    is_supervisor = fields.Boolean(load_default=None)


@blp.route("/departments", methods=["GET"])
@admin_required("sales.view")
@blp.arguments(ListQuerySchema, location="query")
@blp.response(200, page_schema(DepartmentSchema))
def list_departments(args):
    return paginate(
        services.department_query(args),
        args,
        sortable={"id": Department.id, "name": Department.name},
        default_sort="id",
        tiebreak=Department.id,
    )


@blp.route("/departments", methods=["POST"])
@admin_required("sales.manage")
@blp.arguments(DepartmentInputSchema)
@blp.response(201, DepartmentSchema)
def create_department(args):
    return services.do_create_department(args)


@blp.route("/departments/<int:department_id>", methods=["PUT"])
@admin_required("sales.manage")
@blp.arguments(DepartmentUpdateSchema)
@blp.response(200, DepartmentSchema)
def update_department(args, department_id):
    return services.do_update_department(department_id, args)


@blp.route("/salespeople", methods=["GET"])
@admin_required("sales.view")
@blp.arguments(SalespersonQuerySchema, location="query")
@blp.response(200, page_schema(SalespersonSchema))
def list_salespeople(args):
    """Salespeople; q searches name and phone."""
    return paginate(
        services.salesperson_query(args),
        args,
        sortable={"id": Salesperson.id, "created_at": Salesperson.created_at, "name": Salesperson.name},
        default_sort="-created_at",
        tiebreak=Salesperson.id,
    )


@blp.route("/salespeople", methods=["POST"])
@admin_required("sales.manage")
@blp.arguments(SalespersonCreateSchema)
@blp.response(201, SalespersonSchema)
def create_salesperson(args):
    """Create a sales account on a phone number; the initial password must be changed at first login."""
    return services.do_create_salesperson(args)


@blp.route("/salespeople/<int:salesperson_id>", methods=["GET"])
@admin_required("sales.view")
@blp.response(200, SalespersonSchema)
def get_salesperson(salesperson_id):
    return services.get_salesperson(salesperson_id)


@blp.route("/salespeople/<int:salesperson_id>", methods=["PUT"])
@admin_required("sales.manage")
@blp.arguments(SalespersonUpdateSchema)
@blp.response(200, SalespersonSchema)
def update_salesperson(args, salesperson_id):
    return services.do_update_salesperson(salesperson_id, args)
