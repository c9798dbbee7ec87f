"""The money ledgers (spec 04): append-only entries with balance-after, floors that hold under concurrency,
all-or-nothing postings, activation paid by stored value then credit, and `verify` that catches tampering."""

import threading

import pytest
from crabsales.core.uow import commit
from crabsales.errors import AppError
from crabsales.extensions import db
from crabsales.ledgers.models import Account, LedgerEntry
from crabsales.ledgers.services import Leg, charge_activation, open_account, post, set_credit_limit, verify
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError


def accounts(app, stored=0, limit=0):
    with app.app_context():
        sv = open_account("dealer", 1, "stored_value")
        cr = open_account("dealer", 1, "credit")
        if stored:
            post([Leg(sv.id, stored, "top_up")], ref=("top_up", "T0"))
        if limit:
            set_credit_limit(cr.id, limit, "授信")
        commit()
        return sv.id, cr.id


def balance(app, account_id):
    with app.app_context():
        return db.session.get(Account, account_id).balance


def test_entries_carry_the_balance_after(app):
    sv, _ = accounts(app)
    with app.app_context():
        post([Leg(sv, 10000, "top_up")], ref=("top_up", "A"))
        post([Leg(sv, -2500, "b2b_payment")], ref=("b2b_order", "B"))
        commit()
        entries = db.session.execute(db.select(LedgerEntry).order_by(LedgerEntry.id)).scalars().all()
        assert [(e.amount, e.balance_after) for e in entries] == [(10000, 10000), (-2500, 7500)]
        assert verify() == []


def test_a_debit_below_zero_is_refused_and_nothing_is_written(app):
    sv, _ = accounts(app, stored=1000)
    with app.app_context():
        with pytest.raises(AppError) as refused:
            post([Leg(sv, -1001, "b2b_payment")])
        assert refused.value.error_code == "INSUFFICIENT_FUNDS"
        db.session.rollback()
    assert balance(app, sv) == 1000


def test_a_posting_is_all_or_nothing(app):
    sv, cr = accounts(app, stored=500, limit=1000)
    with app.app_context():
        with pytest.raises(AppError):
            post([Leg(sv, -500, "activation"), Leg(cr, 1001, "credit_use")])  # second leg over the limit
        db.session.rollback()
    assert (balance(app, sv), balance(app, cr)) == (500, 0)


@pytest.mark.parametrize(
    "stored, limit, used_before, amount, expected",
    [
        (10000, 0, 0, 6000, (6000, 0)),  # stored value covers it
        (10000, 5000, 0, 12000, (10000, 2000)),  # stored value first, the rest on credit
        (0, 5000, 1000, 4000, (0, 4000)),  # credit only, up to what is available
        (0, 0, 0, 0, (0, 0)),
    ],
)
def test_activation_takes_stored_value_first_then_credit(app, stored, limit, used_before, amount, expected):
    sv, cr = accounts(app, stored=stored, limit=limit)
    with app.app_context():
        if used_before:
            post([Leg(cr, used_before, "credit_use")])
        result = charge_activation(sv, cr, amount, ("activation", "ACT-1"))
        commit()
    assert (result["from_stored_value"], result["from_credit"]) == expected
    assert balance(app, sv) == stored - expected[0]
    assert balance(app, cr) == used_before + expected[1]


def test_activation_short_of_funds_takes_nothing(app):
    sv, cr = accounts(app, stored=3000, limit=2000)
    with app.app_context():
        with pytest.raises(AppError) as refused:
            charge_activation(sv, cr, 5001, ("activation", "ACT-2"))
        assert refused.value.error_code == "ACTIVATION_FUNDS_SHORT" and refused.value.extra["shortfall"] == 1
        db.session.rollback()
    assert (balance(app, sv), balance(app, cr)) == (3000, 0)


def test_credit_limit_changes_are_recorded_and_never_below_the_debt(app):
    sv, cr = accounts(app, limit=5000)
    with app.app_context():
        post([Leg(cr, 4000, "credit_use")])
        commit()
        with pytest.raises(AppError) as refused:
            set_credit_limit(cr, 3999, "降额")
        assert refused.value.error_code == "LIMIT_BELOW_DEBT"
        db.session.rollback()
        set_credit_limit(cr, 8000, "提额")
        post([Leg(cr, -1500, "debt_settlement")], note="经销商还款")
        commit()
        account = db.session.get(Account, cr)
        assert (account.balance, account.credit_limit) == (2500, 8000)
        assert verify() == []


def test_the_database_refuses_a_negative_balance_even_without_the_service(app):
    sv, _ = accounts(app)
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(text("UPDATE accounts SET balance = -1 WHERE id = :id"), {"id": sv})
            db.session.flush()
        db.session.rollback()


@pytest.mark.parametrize("tamper", ["balance", "entry_amount", "balance_after", "limit"])
def test_verify_catches_a_tampered_ledger(app, tamper):
    sv, cr = accounts(app, stored=10000, limit=5000)
    statements = {
        "balance": "UPDATE accounts SET balance = balance + 1 WHERE id = :sv",
        "entry_amount": "UPDATE ledger_entries SET amount = amount + 1 WHERE account_id = :sv",
        "balance_after": "UPDATE ledger_entries SET balance_after = balance_after + 7 WHERE account_id = :sv",
        "limit": "UPDATE accounts SET credit_limit = credit_limit + 100 WHERE id = :cr",
    }
    with app.app_context():
        assert verify() == []
        db.session.execute(text(statements[tamper]), {"sv": sv, "cr": cr})
        commit()
        assert verify() != []
    result = app.test_cli_runner().invoke(args=["ledger", "verify"])
    assert result.exit_code == 1


def test_verify_command_passes_on_a_consistent_ledger(app):
    accounts(app, stored=10000, limit=5000)
    result = app.test_cli_runner().invoke(args=["ledger", "verify"])
    assert result.exit_code == 0 and "consistent" in result.output


@pytest.mark.postgres
@pytest.mark.concurrency
def test_50_concurrent_debits_never_overdraw_and_the_ledger_sums(app):
    sv, _ = accounts(app, stored=10000)
    barrier, outcomes = threading.Barrier(50), []

    def debit(index):
        with app.app_context():
            barrier.wait()
            try:
                post([Leg(sv, -300, "b2b_payment")], ref=("b2b_order", f"R{index}"))
                commit()
                outcomes.append("ok")
            except AppError:
                db.session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=debit, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 10000 // 300
    assert balance(app, sv) == 10000 - 300 * outcomes.count("ok") >= 0
    with app.app_context():
        assert verify() == []


@pytest.mark.postgres
@pytest.mark.concurrency
def test_concurrent_activations_share_stored_value_and_credit_exactly(app):
    sv, cr = accounts(app, stored=50000, limit=30000)
    barrier, taken = threading.Barrier(20), []

    def activate(index):
        with app.app_context():
            barrier.wait()
            try:
                taken.append(charge_activation(sv, cr, 7000, ("activation", f"A{index}")))
                commit()
            except AppError:
                db.session.rollback()

    threads = [threading.Thread(target=activate, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(taken) == 80000 // 7000
    assert balance(app, sv) + (30000 - balance(app, cr)) == 80000 - 7000 * len(taken)
    with app.app_context():
        assert verify() == []
