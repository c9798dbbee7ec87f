"""Dealer network endpoints: the dealer workspace (me, network, members, invites, staff, operators, operation log),
the staff workspace, dealer invites and applications, and the console's tabs and application review."""

from flask import Response, g
from flask_jwt_extended import get_jwt
from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy import select

from ..audit.services import client_ip
from ..core.idempotency import idempotent
from ..core.pagination import ListQuerySchema, page_schema, paginate
from ..core.schemas import Id, InputSchema, Name, OutputSchema, UtcDateTime
from ..crm.routes import SalespersonQuerySchema, SalespersonSchema
from ..identity.auth import admin_required, login_required
from ..identity.models import User
from ..identity.routes import _invite_answer
from ..identity.schemas import PHONE, InviteSchema
from ..ledgers.models import LedgerEntry
from ..ledgers.services import find_account
from . import applications, services, staff
from .models import OPERATOR_MODULES, DealerApplication, DealerOperationLog, DealerStaff, StaffSettlement
from .routes import DealerSchema

dealer_blp = Blueprint(
    "dealer_network", __name__, url_prefix="/api/v1/dealer", description="渠道商工作台：网络、邀请、会员、员工与操作员"
)
staff_blp = Blueprint("staff_workspace", __name__, url_prefix="/api/v1/staff", description="渠道商员工工作台")
invite_blp = Blueprint("dealer_invites", __name__, url_prefix="/api/v1", description="渠道商邀请码与入驻申请")
admin_blp = Blueprint(
    "admin_dealer_network", __name__, url_prefix="/api/v1/admin", description="后台：渠道商网络、员工、申请与对账"
)

RATE = validate.Range(min=1, max=10000)
COMMISSION = validate.Range(min=0, max=10000)
DEALER_TYPES = validate.OneOf(["offline_distributor", "offline_reseller"])


# ---- schemas ---------------------------------------------------------------------------------------------------------


class BriefDealerSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    tier = fields.Integer()
    kind = fields.String(allow_none=True)
    phone = fields.String()
    contact_name = fields.String()


class NetworkCountsSchema(OutputSchema):
    tier2 = fields.Integer()
    tier3 = fields.Integer()
    members = fields.Integer()
    staff = fields.Integer()


class InviteRulesSchema(OutputSchema):
    tiers = fields.List(fields.Integer())
    min_rate_bp = fields.Integer()
    max_rate_bp = fields.Integer()


class SalespersonBriefSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    phone = fields.String()


class DealerMeSchema(OutputSchema):
    dealer = fields.Nested(DealerSchema)
    parent = fields.Nested(BriefDealerSchema, allow_none=True)
    tier1 = fields.Nested(BriefDealerSchema)
    network = fields.Nested(NetworkCountsSchema)
    salesperson = fields.Nested(SalespersonBriefSchema, allow_none=True)
    invite_rules = fields.Nested(InviteRulesSchema)


class NetworkDealerSchema(DealerSchema):
    parent_name = fields.Function(
        lambda d: d.parent.name if d.parent else None, metadata={"type": "string", "nullable": True}
    )


class NetworkQuerySchema(ListQuerySchema):
    tier = fields.Integer(load_default=None, validate=validate.OneOf([2, 3]))


class DealerMemberSchema(OutputSchema):
    id = fields.Integer()
    nickname = fields.Function(lambda u: u.display_name, metadata={"type": "string"})
    phone = fields.Function(
        lambda u: f"{u.phone[:3]}****{u.phone[-4:]}" if u.phone else "", metadata={"type": "string"}
    )
    member_level_name = fields.Function(
        lambda u: u.member_level.name if u.member_level else None, metadata={"type": "string", "nullable": True}
    )
    staff_id = fields.Integer(attribute="owner_staff_id", allow_none=True)
    staff_name = fields.String(allow_none=True)
    created_at = UtcDateTime()


class AdminDealerMemberSchema(DealerMemberSchema):
    phone = fields.String(allow_none=True, metadata={"description": "null for a WeChat member who gave no phone"})


class DealerInviteSchema(OutputSchema):
    token = fields.String()
    dealer_id = fields.Integer()
    tier = fields.Integer()
    tier_name = fields.Function(lambda i: f"{services.TIER_NAMES[i.tier]}渠道商", metadata={"type": "string"})
    discount_rate_bp = fields.Integer()
    dealer_type = fields.String()
    accepted_count = fields.Integer()
    scene = fields.Function(lambda i: applications.SCENE_PREFIX + i.token, metadata={"type": "string"})
    qrcode_url = fields.Function(lambda i: f"/api/v1/dealer-invites/{i.token}/qrcode", metadata={"type": "string"})
    created_at = UtcDateTime()


class PublicDealerInviteSchema(OutputSchema):
    token = fields.String()
    inviter_name = fields.Function(lambda i: i.dealer.name, metadata={"type": "string"})
    tier = fields.Integer()
    tier_name = fields.Function(lambda i: f"{services.TIER_NAMES[i.tier]}渠道商", metadata={"type": "string"})
    dealer_type = fields.String()
    discount_rate_bp = fields.Integer()


class DealerInviteCreateSchema(InputSchema):
    tier = fields.Integer(required=True, validate=validate.OneOf([2, 3]))
    discount_rate_bp = fields.Integer(required=True, validate=RATE)
    dealer_type = fields.String(load_default="offline_distributor", validate=DEALER_TYPES)


class InviteLevelSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    discount_rate_bp = fields.Integer()
    is_default = fields.Boolean()


class MemberInviteCreateSchema(InputSchema):
    member_level_id = Id(load_default=None, allow_none=True)


class DealerApplySchema(InputSchema):
    name = Name(required=True, validate=validate.Length(min=1, max=64))
    contact_name = Name(required=True, validate=validate.Length(min=1, max=32))
    province = fields.String(load_default="", validate=validate.Length(max=32))
    city = fields.String(load_default="", validate=validate.Length(max=32))
    address = fields.String(load_default="", validate=validate.Length(max=128))


class DealerApplicationSchema(OutputSchema):
    id = fields.Integer()
    status = fields.String()
    parent_id = fields.Integer()
    parent_name = fields.Function(lambda a: a.parent.name, metadata={"type": "string"})
    tier = fields.Integer()
    discount_rate_bp = fields.Integer()
    dealer_type = fields.String()
    name = fields.String()
    contact_name = fields.String()
    phone = fields.String()
    province = fields.String()
    city = fields.String()
    address = fields.String()
    reject_reason = fields.String()
    dealer_id = fields.Integer(allow_none=True)
    decided_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()


class ApplicationQuerySchema(ListQuerySchema):
    status = fields.String(load_default=None, validate=validate.OneOf(["pending", "approved", "rejected"]))
    parent_id = Id(load_default=None)


class ApplicationDecisionSchema(InputSchema):
    approve = fields.Boolean(required=True)
    reason = fields.String(load_default="", validate=validate.Length(max=200))


class StaffMemberSchema(OutputSchema):
    id = fields.Integer()
    dealer_id = fields.Integer()
    name = fields.String()
    phone = fields.String()
    commission_rate_bp = fields.Integer()
    status = fields.String()
    is_operator = fields.Function(lambda s: s.operator_status == "active", metadata={"type": "boolean"})
    operator_status = fields.String()
    operator_modules = fields.List(fields.String())
    members_count = fields.Integer()
    pending = fields.Integer()
    settleable = fields.Integer()
    settled = fields.Integer()
    created_at = UtcDateTime()


class StaffCreateSchema(InputSchema):
    name = Name(required=True, validate=validate.Length(min=1, max=32))
    phone = fields.String(required=True, **PHONE)
    commission_rate_bp = fields.Integer(required=True, validate=COMMISSION)
    code = fields.String(
        required=True,
        validate=validate.Length(max=6),
        metadata={"description": "the SMS code sent to the phone by POST /dealer/staff/phone-codes"},
    )


class StaffPhoneCodeSchema(InputSchema):
    phone = fields.String(required=True, **PHONE)


class StaffCodeSentSchema(OutputSchema):
    expires_in = fields.Integer()
    resend_after = fields.Integer()


class StaffUpdateSchema(InputSchema):
    name = Name(validate=validate.Length(min=1, max=32))
    commission_rate_bp = fields.Integer(validate=COMMISSION)


class SettlementCreateSchema(InputSchema):
    amount = fields.Integer(required=True, validate=validate.Range(min=1, max=10**12))
    note = fields.String(load_default="", validate=validate.Length(max=200))


class StaffSettlementSchema(OutputSchema):
    id = fields.Integer()
    staff_id = fields.Integer()
    staff_name = fields.Function(lambda s: s.staff.name, metadata={"type": "string"})
    amount = fields.Integer()
    note = fields.String()
    created_at = UtcDateTime()


class SettlementQuerySchema(ListQuerySchema):
    staff_id = Id(load_default=None)


class OperatorSchema(InputSchema):
    modules = fields.List(
        fields.String(validate=validate.OneOf(list(OPERATOR_MODULES))),
        required=True,
        validate=validate.Length(min=1, max=len(OPERATOR_MODULES)),
    )


class OperationLogSchema(OutputSchema):
    id = fields.Integer()
    actor_name = fields.String()
    actor_role = fields.String()
    action = fields.String()
    summary = fields.String()
    created_at = UtcDateTime()


class StaffMeSchema(OutputSchema):
    staff = fields.Nested(StaffMemberSchema)
    dealer = fields.Nested(BriefDealerSchema)


class StaffEarningsSchema(OutputSchema):
    total = fields.Integer()
    pending = fields.Integer()
    settleable = fields.Integer()
    settled = fields.Integer()


class StaffEntryQuerySchema(ListQuerySchema):
    account = fields.String(required=True, validate=validate.OneOf(list(staff.STAFF_ACCOUNTS)))


class StaffEntrySchema(OutputSchema):
    id = fields.Integer()
    amount = fields.Integer()
    balance_after = fields.Integer()
    kind = fields.String()
    ref_type = fields.String()
    ref_id = fields.String()
    note = fields.String()
    created_at = UtcDateTime()


class PerformanceSchema(OutputSchema):
    goods_orders = fields.Integer()
    goods_amount = fields.Integer()
    members = fields.Integer()
    earnings_total = fields.Integer()
    earnings_pending = fields.Integer()
    earnings_withdrawable = fields.Integer()
    earnings_withdrawn = fields.Integer()


class SettledTotalsSchema(OutputSchema):
    settled = fields.Integer()
    unsettled = fields.Integer()


class ReconciliationSchema(OutputSchema):
    stored_value = fields.Nested(SettledTotalsSchema)
    credit = fields.Nested(SettledTotalsSchema)


class MarkSettledSchema(InputSchema):
    entry_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=500))
    settled = fields.Boolean(required=True)


class UpdatedSchema(OutputSchema):
    updated = fields.Integer()


# ---- helpers ---------------------------------------------------------------------------------------------------------


def _members_page(dealer_id: int, args: dict, staff_id: int | None = None) -> dict:
    page = paginate(
        services.members_query(dealer_id, args.get("q"), staff_id),
        args,
        sortable={"created_at": User.created_at},
        default_sort="-created_at",
        tiebreak=User.id,
    )
    services.attach_staff_names(page["items"])
    return page


def _staff_page(dealer_id: int, args: dict) -> dict:
    page = paginate(
        staff.staff_query(dealer_id, args.get("q")),
        args,
        sortable={"created_at": DealerStaff.created_at},
        default_sort="-created_at",
        tiebreak=DealerStaff.id,
    )
    staff.decorate_staff(page["items"])
    return page


def _settlements_page(dealer_id: int, args: dict) -> dict:
    return paginate(
        staff.settlement_query(dealer_id, args.get("staff_id")),
        args,
        sortable={"id": StaffSettlement.id, "created_at": StaffSettlement.created_at},
        default_sort="-id",
        tiebreak=StaffSettlement.id,
    )


def _oplog_page(dealer_id: int, args: dict) -> dict:
    return paginate(
        staff.operation_log_query(dealer_id),
        args,
        sortable={"id": DealerOperationLog.id, "created_at": DealerOperationLog.created_at},
        default_sort="-id",
        tiebreak=DealerOperationLog.id,
    )


def _owner():
    return staff.dealer_actor()


# ---- dealer workspace ------------------------------------------------------------------------------------------------


@dealer_blp.route("/me", methods=["GET"])
@login_required(workspace="dealer")
@dealer_blp.response(200, DealerMeSchema)
def dealer_me():
    """My dealer, my parent, my tier-1, network counts, salesperson and what my invites may offer."""
    dealer = _owner().dealer
    return {**services.dealer_overview(dealer), "invite_rules": applications.invite_rules(dealer)}


@dealer_blp.route("/network", methods=["GET"])
@login_required(workspace="dealer")
@dealer_blp.arguments(NetworkQuerySchema, location="query")
@dealer_blp.response(200, page_schema(NetworkDealerSchema))
def my_network(args):
    """Dealers below me by tier; q searches name, phone and contact."""
    dealer = _owner().dealer
    return paginate(
        services.subtree_query(dealer, args.get("tier"), args.get("q")),
        args,
        sortable={"created_at": services.Dealer.created_at},
        default_sort="-created_at",
        tiebreak=services.Dealer.id,
    )


@dealer_blp.route("/members", methods=["GET"])
@login_required(workspace="dealer")
@dealer_blp.arguments(ListQuerySchema, location="query")
@dealer_blp.response(200, page_schema(DealerMemberSchema))
def my_members(args):
    """Members who belong to me; q searches nickname, name and phone."""
    return _members_page(_owner().dealer.id, args)


@dealer_blp.route("/dealer-invites", methods=["POST"])
@login_required(workspace="dealer")
@dealer_blp.arguments(DealerInviteCreateSchema)
@dealer_blp.response(201, DealerInviteSchema)
def create_dealer_invite(args):
    """An invite QR for a sub-dealer of a lower tier at a rate within my rules (same terms, same invite)."""
    return applications.do_create_dealer_invite(_owner(), args)


@dealer_blp.route("/dealer-invites", methods=["GET"])
@login_required(workspace="dealer")
@dealer_blp.response(200, DealerInviteSchema(many=True))
def list_dealer_invites():
    return applications.dealer_invites(_owner().dealer.id)


@dealer_blp.route("/dealer-invites/<string:token>", methods=["DELETE"])
@login_required(workspace="dealer")
@dealer_blp.response(204)
def revoke_dealer_invite(token):
    applications.do_revoke_dealer_invite(_owner(), token)


@dealer_blp.route("/member-invites", methods=["POST"])
@login_required
@dealer_blp.arguments(MemberInviteCreateSchema)
@dealer_blp.response(201, InviteSchema)
def create_member_invite(args):
    """A member invite QR: new members belong to me (and, from a staff workspace, to that staff member) and get the
    chosen member level."""
    return _invite_answer(
        applications.do_create_member_invite(g.user, get_jwt().get("ws", ""), args["member_level_id"])
    )


@dealer_blp.route("/member-levels", methods=["GET"])
@login_required
@dealer_blp.response(200, InviteLevelSchema(many=True))
def member_levels():
    """The member levels a member invite may carry (owner or staff workspace)."""
    from ..members.services import list_levels

    if get_jwt().get("ws", "").partition(":")[0] not in ("dealer", "staff"):
        staff.dealer_actor()  # answers the workspace error
    return list_levels()


@dealer_blp.route("/staff", methods=["GET"])
@login_required(workspace="dealer")
@dealer_blp.arguments(ListQuerySchema, location="query")
@dealer_blp.response(200, page_schema(StaffMemberSchema))
def list_staff(args):
    """My staff with their members count and commission balances; q searches name and phone."""
    return _staff_page(_owner().dealer.id, args)


@dealer_blp.route("/staff/phone-codes", methods=["POST"])
@login_required(workspace="dealer")
@dealer_blp.arguments(StaffPhoneCodeSchema)
@dealer_blp.response(201, StaffCodeSentSchema)
def send_staff_code(args):
    """Send an SMS code to the phone of the person to add (they read it out to agree). Says nothing about the phone:
    whether it can be added is answered by POST /staff with the right code."""
    return staff.do_send_staff_code(_owner(), args["phone"], client_ip())


@dealer_blp.route("/staff", methods=["POST"])
@login_required(workspace="dealer")
@idempotent
@dealer_blp.arguments(StaffCreateSchema)
@dealer_blp.response(201, StaffMemberSchema)
def add_staff(args):
    """Add a staff member with the SMS code their phone received. A wrong code: SMS_CODE_WRONG / SMS_CODE_INVALID /
    SMS_CODE_BURNED; a phone that cannot be added (for any reason): 409 STAFF_PHONE_UNAVAILABLE."""
    return staff.decorate_staff([staff.do_add_staff(_owner(), args)])[0]


@dealer_blp.route("/staff/<int:staff_id>", methods=["GET"])
@login_required(workspace="dealer")
@dealer_blp.response(200, StaffMemberSchema)
def get_staff(staff_id):
    return staff.decorate_staff([staff.get_staff(_owner().dealer.id, staff_id)])[0]


@dealer_blp.route("/staff/<int:staff_id>", methods=["PUT"])
@login_required(workspace="dealer")
@dealer_blp.arguments(StaffUpdateSchema)
@dealer_blp.response(200, StaffMemberSchema)
def update_staff(args, staff_id):
    return staff.decorate_staff([staff.do_update_staff(_owner(), staff_id, args)])[0]


@dealer_blp.route("/staff/<int:staff_id>", methods=["DELETE"])
@login_required(workspace="dealer")
@dealer_blp.response(204)
def delete_staff(staff_id):
    """Delete a staff member: their members stay with me; refused while commission is unsettled."""
    staff.do_delete_staff(_owner(), staff_id)


@dealer_blp.route("/staff/<int:staff_id>/members", methods=["GET"])
@login_required(workspace="dealer")
@dealer_blp.arguments(ListQuerySchema, location="query")
@dealer_blp.response(200, page_schema(DealerMemberSchema))
def staff_members(args, staff_id):
    dealer = _owner().dealer
    staff.get_staff(dealer.id, staff_id)
    return _members_page(dealer.id, args, staff_id)


@dealer_blp.route("/staff/<int:staff_id>/settlements", methods=["POST"])
@login_required(workspace="dealer")
@idempotent
@dealer_blp.arguments(SettlementCreateSchema)
@dealer_blp.response(201, StaffSettlementSchema)
def settle_staff(args, staff_id):
    """Record an offline settlement with a staff member (≤ settleable)."""
    return staff.do_settle_staff(_owner(), staff_id, args["amount"], args["note"])


@dealer_blp.route("/staff-settlements", methods=["GET"])
@login_required(workspace="dealer")
@dealer_blp.arguments(SettlementQuerySchema, location="query")
@dealer_blp.response(200, page_schema(StaffSettlementSchema))
def list_settlements(args):
    return _settlements_page(_owner().dealer.id, args)


@dealer_blp.route("/staff/<int:staff_id>/operator", methods=["PUT"])
@login_required(workspace="dealer")
@dealer_blp.arguments(OperatorSchema)
@dealer_blp.response(200, StaffMemberSchema)
def set_operator(args, staff_id):
    """Flagship stores: make a staff member an operator with these modules (or change them)."""
    return staff.decorate_staff([staff.do_set_operator(_owner(), staff_id, args["modules"])])[0]


@dealer_blp.route("/staff/<int:staff_id>/operator", methods=["DELETE"])
@login_required(workspace="dealer")
@dealer_blp.response(200, StaffMemberSchema)
def close_operator(staff_id):
    return staff.decorate_staff([staff.do_close_operator(_owner(), staff_id)])[0]


@dealer_blp.route("/operation-logs", methods=["GET"])
@login_required(workspace="dealer")
@dealer_blp.arguments(ListQuerySchema, location="query")
@dealer_blp.response(200, page_schema(OperationLogSchema))
def my_operation_logs(args):
    return _oplog_page(_owner().dealer.id, args)


# ---- staff workspace -------------------------------------------------------------------------------------------------


def _me_staff() -> DealerStaff:
    return staff.own_staff_record(int(get_jwt().get("ws", "").partition(":")[2]))


@staff_blp.route("/me", methods=["GET"])
@login_required(workspace="staff")
@staff_blp.response(200, StaffMeSchema)
def staff_me():
    me = _me_staff()
    return {"staff": staff.decorate_staff([me])[0], "dealer": me.dealer}


@staff_blp.route("/members", methods=["GET"])
@login_required(workspace="staff")
@staff_blp.arguments(ListQuerySchema, location="query")
@staff_blp.response(200, page_schema(DealerMemberSchema))
def staff_my_members(args):
    me = _me_staff()
    return _members_page(me.dealer_id, args, me.id)


@staff_blp.route("/earnings", methods=["GET"])
@login_required(workspace="staff")
@staff_blp.response(200, StaffEarningsSchema)
def staff_earnings():
    return staff.staff_balances(_me_staff().id)


@staff_blp.route("/entries", methods=["GET"])
@login_required(workspace="staff")
@staff_blp.arguments(StaffEntryQuerySchema, location="query")
@staff_blp.response(200, page_schema(StaffEntrySchema))
def staff_entries(args):
    account = find_account("dealer_staff", _me_staff().id, args["account"])
    query = select(LedgerEntry).where(LedgerEntry.account_id == (account.id if account else -1))
    return paginate(query, args, sortable={"id": LedgerEntry.id}, default_sort="-id", tiebreak=LedgerEntry.id)


@staff_blp.route("/settlements", methods=["GET"])
@login_required(workspace="staff")
@staff_blp.arguments(ListQuerySchema, location="query")
@staff_blp.response(200, page_schema(StaffSettlementSchema))
def staff_settlements(args):
    me = _me_staff()
    return _settlements_page(me.dealer_id, {**args, "staff_id": me.id})


# ---- dealer invites and applications ---------------------------------------------------------------------------------


@invite_blp.route("/dealer-invites/<string:token>", methods=["GET"])
@invite_blp.response(200, PublicDealerInviteSchema)
def resolve_dealer_invite(token):
    """Who invites and to which tier (shown before the application form). No login needed."""
    return applications.get_dealer_invite(token)


@invite_blp.route("/dealer-invites/<string:token>/qrcode", methods=["GET"])
@invite_blp.response(200, {"format": "binary", "type": "string"}, content_type="image/png")
def dealer_invite_qrcode(token):
    """The invite QR (a mini-program code whose scene is dinv=<token>, opening the application page) as PNG."""
    png = applications.dealer_invite_qrcode_png(applications.get_dealer_invite(token))
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@invite_blp.route("/dealer-invites/<string:token>/apply", methods=["POST"])
@login_required
@idempotent
@invite_blp.arguments(DealerApplySchema)
@invite_blp.response(201, DealerApplicationSchema)
def apply(args, token):
    """Apply to become a dealer through the invite (the bound phone becomes the dealer's phone)."""
    return applications.do_apply(g.user, token, args)


@invite_blp.route("/dealer-applications/mine", methods=["GET"])
@login_required
@invite_blp.response(200, DealerApplicationSchema(many=True))
def my_applications():
    return applications.my_applications(g.user)


# ---- console ---------------------------------------------------------------------------------------------------------


@admin_blp.route("/dealers/<int:dealer_id>", methods=["DELETE"])
@admin_required("dealers.manage")
@admin_blp.response(204)
def delete_dealer(dealer_id):
    """Delete a dealer with no history at all; anything else is closed instead (409 DEALER_HAS_HISTORY)."""
    services.do_delete_dealer(dealer_id)


@admin_blp.route("/dealer-salespeople", methods=["GET"])
@admin_required("dealers.manage")
@admin_blp.arguments(SalespersonQuerySchema, location="query")
@admin_blp.response(200, page_schema(SalespersonSchema))
def salespeople_for_dealers(args):
    """Salespeople to assign a tier-1 to (for admins who manage dealers without the sales team permission)."""
    from ..crm.models import Salesperson
    from ..crm.services import salesperson_query

    return paginate(
        salesperson_query(args),
        args,
        sortable={"id": Salesperson.id, "name": Salesperson.name},
        default_sort="name",
        tiebreak=Salesperson.id,
    )


@admin_blp.route("/dealers/<int:dealer_id>/members", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.arguments(ListQuerySchema, location="query")
@admin_blp.response(200, page_schema(AdminDealerMemberSchema))
def dealer_members(args, dealer_id):
    """Members who belong to the dealer (full phone numbers: the console is the platform's own)."""
    services.get_dealer(dealer_id)
    return _members_page(dealer_id, args)


@admin_blp.route("/dealers/<int:dealer_id>/staff", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.arguments(ListQuerySchema, location="query")
@admin_blp.response(200, page_schema(StaffMemberSchema))
def dealer_staff(args, dealer_id):
    services.get_dealer(dealer_id)
    return _staff_page(dealer_id, args)


@admin_blp.route("/dealers/<int:dealer_id>/staff-settlements", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.arguments(SettlementQuerySchema, location="query")
@admin_blp.response(200, page_schema(StaffSettlementSchema))
def dealer_staff_settlements(args, dealer_id):
    services.get_dealer(dealer_id)
    return _settlements_page(dealer_id, args)


@admin_blp.route("/dealers/<int:dealer_id>/operation-logs", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.arguments(ListQuerySchema, location="query")
@admin_blp.response(200, page_schema(OperationLogSchema))
def dealer_operation_logs(args, dealer_id):
    services.get_dealer(dealer_id)
    return _oplog_page(dealer_id, args)


@admin_blp.route("/dealers/<int:dealer_id>/performance", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.response(200, PerformanceSchema)
def dealer_performance(dealer_id):
    return services.performance(dealer_id)


@admin_blp.route("/dealers/<int:dealer_id>/reconciliation", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.response(200, ReconciliationSchema)
def dealer_reconciliation(dealer_id):
    """Settled and unsettled totals of the stored value and credit entries (of the dealer's tier-1)."""
    return services.reconciliation(dealer_id)


@admin_blp.route("/dealers/<int:dealer_id>/entries/settlement", methods=["POST"])
@admin_required("finance.manage")
@admin_blp.arguments(MarkSettledSchema)
@admin_blp.response(200, UpdatedSchema)
def mark_entries_settled(args, dealer_id):
    """Mark stored value and credit entries settled (or unsettled again) for reconciliation."""
    return {"updated": services.do_mark_entries_settled(dealer_id, args["entry_ids"], args["settled"])}


@admin_blp.route("/dealer-applications", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.arguments(ApplicationQuerySchema, location="query")
@admin_blp.response(200, page_schema(DealerApplicationSchema))
def list_applications(args):
    """Applications; q searches name and phone."""
    return paginate(
        applications.application_query(args),
        args,
        sortable={"id": DealerApplication.id, "created_at": DealerApplication.created_at},
        default_sort="-id",
        tiebreak=DealerApplication.id,
    )


@admin_blp.route("/dealer-applications/<int:application_id>", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.response(200, DealerApplicationSchema)
def get_application(application_id):
    return applications.get_application(application_id)


@admin_blp.route("/dealer-applications/<int:application_id>/decision", methods=["POST"])
@admin_required("dealers.manage")
@idempotent
@admin_blp.arguments(ApplicationDecisionSchema)
@admin_blp.response(200, DealerApplicationSchema)
def decide_application(args, application_id):
    """Approve (creates the dealer under the inviter, rules checked again) or reject with a reason."""
    return applications.do_decide_application(application_id, args["approve"], args["reason"])
