"""Dealer endpoints: the console's dealer tree and finance actions; the dealer workspace's accounts and withdrawals."""

from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy import select

from ..core.idempotency import idempotent
from ..core.pagination import ListQuerySchema, page_schema, paginate
from ..core.schemas import Id, InputSchema, Name, OutputSchema, UtcDateTime
from ..identity.auth import admin_required, login_required
from ..identity.schemas import PHONE
from ..ledgers.models import LedgerEntry
from . import services
from .models import Dealer, Withdrawal
from .staff import dealer_actor, log_operation

admin_blp = Blueprint("admin_dealers", __name__, url_prefix="/api/v1/admin", description="后台：渠道商、账户与提现")
blp = Blueprint("dealer_workspace", __name__, url_prefix="/api/v1/dealer", description="渠道商工作台：账户与提现")

MONEY = validate.Range(min=1, max=10**12)


class DealerSchema(OutputSchema):
    id = fields.Integer()
    name = fields.String()
    contact_name = fields.String()
    phone = fields.String()
    tier = fields.Integer()
    kind = fields.String(allow_none=True)
    dealer_type = fields.String()
    parent_id = fields.Integer(allow_none=True)
    root_id = fields.Integer(allow_none=True)
    discount_rate_bp = fields.Integer()
    owner_user_id = fields.Integer()
    salesperson_id = fields.Integer(allow_none=True)
    province = fields.String()
    city = fields.String()
    address = fields.String()
    status = fields.String()
    created_at = UtcDateTime()


class DealerCreateSchema(InputSchema):
    name = Name(required=True, validate=validate.Length(min=1, max=64))
    contact_name = Name(load_default="", validate=validate.Length(max=32))
    phone = fields.String(required=True, **PHONE)
    tier = fields.Integer(required=True, validate=validate.OneOf([1, 2, 3]))
    kind = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(["city_partner", "flagship_store"])
    )
    dealer_type = fields.String(
        load_default="offline_distributor", validate=validate.OneOf(["offline_distributor", "offline_reseller"])
    )
    parent_id = Id(load_default=None, allow_none=True)
    discount_rate_bp = fields.Integer(required=True, validate=validate.Range(min=1, max=10000))
    province = fields.String(load_default="", validate=validate.Length(max=32))
    city = fields.String(load_default="", validate=validate.Length(max=32))
    address = fields.String(load_default="", validate=validate.Length(max=128))


class DealerUpdateSchema(InputSchema):
    name = Name(validate=validate.Length(min=1, max=64))
    contact_name = Name(validate=validate.Length(max=32))
    kind = fields.String(validate=validate.OneOf(["city_partner", "flagship_store"]))
    dealer_type = fields.String(validate=validate.OneOf(["offline_distributor", "offline_reseller"]))
    discount_rate_bp = fields.Integer(validate=validate.Range(min=1, max=10000))
    salesperson_id = Id(allow_none=True)
    province = fields.String(validate=validate.Length(max=32))
    city = fields.String(validate=validate.Length(max=32))
    address = fields.String(validate=validate.Length(max=128))


class MoveSchema(InputSchema):
    parent_id = Id(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=128))


class TierChangeSchema(InputSchema):
    tier = fields.Integer(required=True, validate=validate.OneOf([1, 2, 3]))
    parent_id = Id(load_default=None, allow_none=True)
    kind = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(["city_partner", "flagship_store"])
    )
    reason = fields.String(required=True, validate=validate.Length(min=1, max=128))


class ReasonSchema(InputSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=128))


class DealerQuerySchema(ListQuerySchema):
    tier = fields.Integer(load_default=None, validate=validate.OneOf([1, 2, 3]))
    kind = fields.String(load_default=None, validate=validate.OneOf(["city_partner", "flagship_store"]))
    dealer_type = fields.String(load_default=None, validate=validate.OneOf(["offline_distributor", "offline_reseller"]))
    status = fields.String(load_default=None, validate=validate.OneOf(["active", "closed"]))
    parent_id = Id(load_default=None)
    root_id = Id(load_default=None)


class NetworkSchema(OutputSchema):
    tier2 = fields.Integer()
    tier3 = fields.Integer()
    members = fields.Integer()
    staff = fields.Integer()


class AccountsSchema(OutputSchema):
    dealer_id = fields.Integer()
    tier1_id = fields.Integer()
    tier1_name = fields.String()
    stored_value = fields.Integer()
    credit_limit = fields.Integer()
    credit_used = fields.Integer()
    credit_available = fields.Integer()
    pending = fields.Integer()
    withdrawable = fields.Integer()
    withdrawing = fields.Integer()
    withdrawn = fields.Integer()


class EntrySchema(OutputSchema):
    id = fields.Integer()
    amount = fields.Integer()
    balance_after = fields.Integer()
    limit_after = fields.Integer(allow_none=True)
    kind = fields.String()
    ref_type = fields.String()
    ref_id = fields.String()
    note = fields.String()
    settled = fields.Boolean()
    created_at = UtcDateTime()


class EntryQuerySchema(ListQuerySchema):
    account = fields.String(
        required=True,
        validate=validate.OneOf(
            [
                "stored_value",
                "credit",
                "earnings_pending",
                "earnings_withdrawable",
                "earnings_withdrawing",
                "earnings_withdrawn",
            ]
        ),
    )


class TopUpSchema(InputSchema):
    amount = fields.Integer(required=True, validate=MONEY, metadata={"description": "fen"})
    reference = fields.String(
        required=True, validate=validate.Length(min=1, max=40), metadata={"description": "bank transfer reference"}
    )
    note = fields.String(load_default="", validate=validate.Length(max=200))


class AdjustSchema(InputSchema):
    amount = fields.Integer(
        required=True, validate=validate.Range(min=-(10**12), max=10**12), metadata={"description": "signed fen"}
    )
    reason = fields.String(required=True, validate=validate.Length(min=1, max=200))


class CreditLimitSchema(InputSchema):
    credit_limit = fields.Integer(required=True, validate=validate.Range(min=0, max=10**12))
    note = fields.String(required=True, validate=validate.Length(min=1, max=200))


class WithdrawalRequestSchema(InputSchema):
    amount = fields.Integer(required=True, validate=MONEY)
    bank_holder = Name(required=True, validate=validate.Length(min=1, max=32))
    bank_name = Name(required=True, validate=validate.Length(min=1, max=64))
    bank_account = fields.String(required=True, validate=validate.Regexp(r"^\d{8,30}$", error="请输入正确的银行卡号"))
    invoice_no = fields.String(load_default="", validate=validate.Length(max=32))


class WithdrawalDecisionSchema(InputSchema):
    paid = fields.Boolean(required=True)
    reference = fields.String(load_default="", validate=validate.Length(max=64))
    reason = fields.String(load_default="", validate=validate.Length(max=200))


class WithdrawalSchema(OutputSchema):
    id = fields.Integer()
    dealer_id = fields.Integer()
    dealer_name = fields.Function(lambda w: w.dealer.name, metadata={"type": "string"})
    amount = fields.Integer()
    status = fields.String()
    bank_holder = fields.String()
    bank_name = fields.String()
    bank_account = fields.Function(lambda w: "****" + w.bank_account[-4:], metadata={"type": "string"})
    invoice_no = fields.String()
    payment_reference = fields.String()
    reject_reason = fields.String()
    decided_at = UtcDateTime(allow_none=True)
    created_at = UtcDateTime()


class WithdrawalQuerySchema(ListQuerySchema):
    status = fields.String(load_default=None, validate=validate.OneOf(["requested", "paid", "rejected"]))
    dealer_id = Id(load_default=None)


def _entries(dealer_id, args):
    account = services.dealer_account(dealer_id, args["account"])
    query = select(LedgerEntry).where(LedgerEntry.account_id == account.id)
    return paginate(query, args, sortable={"id": LedgerEntry.id}, default_sort="-id", tiebreak=LedgerEntry.id)


# ---- console ---------------------------------------------------------------------------------------------------------


@admin_blp.route("/dealers", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.arguments(DealerQuerySchema, location="query")
@admin_blp.response(200, page_schema(DealerSchema))
def list_dealers(args):
    """Dealers; q searches name, phone and contact; filters by tier, kind, type, status, parent, tier-1."""
    return paginate(
        services.dealer_query(args),
        args,
        sortable={"created_at": Dealer.created_at, "id": Dealer.id},
        default_sort="-created_at",
        tiebreak=Dealer.id,
    )


@admin_blp.route("/dealers", methods=["POST"])
@admin_required("dealers.manage")
@admin_blp.arguments(DealerCreateSchema)
@admin_blp.response(201, DealerSchema)
def create_dealer(args):
    return services.do_create_dealer(args)


@admin_blp.route("/dealers/<int:dealer_id>", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.response(200, DealerSchema)
def get_dealer(dealer_id):
    return services.get_dealer(dealer_id)


@admin_blp.route("/dealers/<int:dealer_id>", methods=["PUT"])
@admin_required("dealers.manage")
@admin_blp.arguments(DealerUpdateSchema)
@admin_blp.response(200, DealerSchema)
def update_dealer(args, dealer_id):
    """Edit; a rate change must keep the parent ≤ rate ≤ lowest member rate and stay ≤ every child's rate."""
    return services.do_update_dealer(dealer_id, args)


@admin_blp.route("/dealers/<int:dealer_id>/move", methods=["POST"])
@admin_required("dealers.manage")
@admin_blp.arguments(MoveSchema)
@admin_blp.response(200, DealerSchema)
def move_dealer(args, dealer_id):
    return services.do_move_dealer(dealer_id, args["parent_id"], args["reason"])


@admin_blp.route("/dealers/<int:dealer_id>/tier", methods=["POST"])
@admin_required("dealers.manage")
@admin_blp.arguments(TierChangeSchema)
@admin_blp.response(200, DealerSchema)
def change_tier(args, dealer_id):
    """Change the tier (with the parent the new tier needs; a kind for tier-1). Refused when the subtree would break a
    rule, or while a tier-1 that stops being one still holds stored value, credit or debt."""
    return services.do_change_tier(dealer_id, args)


@admin_blp.route("/dealers/<int:dealer_id>/close", methods=["POST"])
@admin_required("dealers.manage")
@admin_blp.arguments(ReasonSchema)
@admin_blp.response(200, DealerSchema)
def close_dealer(args, dealer_id):
    """Close; refused while active subordinates, balances, debt or earnings remain."""
    return services.do_close_dealer(dealer_id, args["reason"])


@admin_blp.route("/dealers/<int:dealer_id>/network", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.response(200, NetworkSchema)
def dealer_network(dealer_id):
    return services.network(dealer_id)


@admin_blp.route("/dealers/<int:dealer_id>/accounts", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.response(200, AccountsSchema)
def dealer_accounts(dealer_id):
    return services.accounts_summary(dealer_id)


@admin_blp.route("/dealers/<int:dealer_id>/entries", methods=["GET"])
@admin_required("dealers.view")
@admin_blp.arguments(EntryQuerySchema, location="query")
@admin_blp.response(200, page_schema(EntrySchema))
def dealer_entries(args, dealer_id):
    return _entries(dealer_id, args)


@admin_blp.route("/dealers/<int:dealer_id>/top-ups", methods=["POST"])
@admin_required("finance.manage")
@idempotent
@admin_blp.arguments(TopUpSchema)
@admin_blp.response(201, AccountsSchema)
def top_up(args, dealer_id):
    """Record an offline transfer into the tier-1's stored value."""
    services.do_top_up(dealer_id, args["amount"], args["reference"], args["note"])
    return services.accounts_summary(dealer_id)


@admin_blp.route("/dealers/<int:dealer_id>/adjustments", methods=["POST"])
@admin_required("finance.manage")
@idempotent
@admin_blp.arguments(AdjustSchema)
@admin_blp.response(201, AccountsSchema)
def adjust(args, dealer_id):
    """A manual stored-value correction with its reason (never below zero)."""
    services.do_adjust(dealer_id, args["amount"], args["reason"])
    return services.accounts_summary(dealer_id)


@admin_blp.route("/dealers/<int:dealer_id>/credit-limit", methods=["PUT"])
@admin_required("finance.manage")
@admin_blp.arguments(CreditLimitSchema)
@admin_blp.response(200, AccountsSchema)
def credit_limit(args, dealer_id):
    services.do_set_credit_limit(dealer_id, args["credit_limit"], args["note"])
    return services.accounts_summary(dealer_id)


@admin_blp.route("/dealers/<int:dealer_id>/debt-settlements", methods=["POST"])
@admin_required("finance.manage")
@idempotent
@admin_blp.arguments(TopUpSchema)
@admin_blp.response(201, AccountsSchema)
def settle_debt(args, dealer_id):
    """Record a repayment of credit debt."""
    services.do_settle_debt(dealer_id, args["amount"], args["reference"], args["note"])
    return services.accounts_summary(dealer_id)


@admin_blp.route("/withdrawals", methods=["GET"])
@admin_required("finance.manage")
@admin_blp.arguments(WithdrawalQuerySchema, location="query")
@admin_blp.response(200, page_schema(WithdrawalSchema))
def list_withdrawals(args):
    query = select(Withdrawal)
    if args.get("status"):
        query = query.where(Withdrawal.status == args["status"])
    if args.get("dealer_id"):
        query = query.where(Withdrawal.dealer_id == args["dealer_id"])
    return paginate(
        query, args, sortable={"created_at": Withdrawal.created_at}, default_sort="-created_at", tiebreak=Withdrawal.id
    )


@admin_blp.route("/withdrawals/<int:withdrawal_id>/decision", methods=["POST"])
@admin_required("finance.manage")
@idempotent
@admin_blp.arguments(WithdrawalDecisionSchema)
@admin_blp.response(200, WithdrawalSchema)
def decide_withdrawal(args, withdrawal_id):
    """Mark paid (with the bank reference) or reject (the money returns to withdrawable)."""
    return services.do_decide_withdrawal(withdrawal_id, args["paid"], args["reference"], args["reason"])


# ---- dealer workspace ------------------------------------------------------------------------------------------------


def _my_dealer_id(module: str | None = "settlement") -> int:
    """The owner, or an operator holding the settlement module (reads); writes pass module=None (owner only)."""
    return dealer_actor(module).dealer.id


@blp.route("/accounts", methods=["GET"])
@login_required
@blp.response(200, AccountsSchema)
def my_accounts():
    return services.accounts_summary(_my_dealer_id())


@blp.route("/entries", methods=["GET"])
@login_required
@blp.arguments(EntryQuerySchema, location="query")
@blp.response(200, page_schema(EntrySchema))
def my_entries(args):
    return _entries(_my_dealer_id(), args)


@blp.route("/withdrawals", methods=["POST"])
@login_required(workspace="dealer")
@idempotent
@blp.arguments(WithdrawalRequestSchema)
@blp.response(201, WithdrawalSchema)
def request_withdrawal(args):
    """Withdraw earnings (≤ withdrawable) to a bank card; the amount waits in 提现中 until finance decides."""
    actor = dealer_actor()
    withdrawal = services.do_request_withdrawal(actor.dealer.id, args)
    log_operation(actor, "withdrawal.request", f"申请提现 {args['amount'] / 100:.2f} 元", {"id": withdrawal.id})
    return withdrawal


@blp.route("/withdrawals", methods=["GET"])
@login_required
@blp.arguments(ListQuerySchema, location="query")
@blp.response(200, page_schema(WithdrawalSchema))
def my_withdrawals(args):
    query = select(Withdrawal).where(Withdrawal.dealer_id == _my_dealer_id())
    return paginate(
        query, args, sortable={"created_at": Withdrawal.created_at}, default_sort="-created_at", tiebreak=Withdrawal.id
    )
