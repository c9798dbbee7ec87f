"""Excel exports never run member-typed text as a formula, and legacy data with control characters cannot break them."""

import io

from crabsales.core.uow import commit
from crabsales.extensions import db
from crabsales.identity.models import User
from openpyxl import load_workbook
from sqlalchemy import update

from tests.factories import admin_headers, bearer, make_user, next_phone, user_login

EXPORT = "/api/v1/admin/members/export"


def _nickname_cell(response):
    assert response.status_code == 200, response.get_json()
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["C1"].value == "昵称"
    return sheet["C2"]


def test_a_formula_nickname_is_exported_as_text(app, client):
    phone = next_phone()
    make_user(app, phone=phone)
    formula = '=HYPERLINK("http://x","y")'
    member = bearer(user_login(client, phone)["access_token"])
    me = client.patch("/api/v1/me", json={"nickname": formula}, headers=member)
    assert me.status_code == 200 and me.json["nickname"] == formula  # stored as typed: only the export quotes it
    headers = admin_headers(app, client, permissions=["members.view"])
    cell = _nickname_cell(client.get(f"{EXPORT}?q={phone}", headers=headers))
    assert cell.value == "'" + formula
    assert cell.data_type == "s"


def test_a_legacy_nickname_with_a_control_character_does_not_break_the_export(app, client):
    phone = next_phone()
    user_id = make_user(app, phone=phone)
    with app.app_context():
        # Written straight to the table, as data saved before names were checked.
        db.session.execute(update(User).where(User.id == user_id).values(nickname="阿\u0001蟹"))
        commit()
    headers = admin_headers(app, client, permissions=["members.view"])
    assert _nickname_cell(client.get(f"{EXPORT}?q={phone}", headers=headers)).value == "阿蟹"


def test_money_columns_are_numeric(app, client):
    phone = next_phone()
    user_id = make_user(app, phone=phone)
    with app.app_context():
        db.session.execute(update(User).where(User.id == user_id).values(total_spent=123456))
        commit()
    response = client.get(f"{EXPORT}?q={phone}", headers=admin_headers(app, client, permissions=["members.view"]))
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["J1"].value == "累计消费(元)"
    assert (sheet["J2"].value, sheet["J2"].data_type) == (1234.56, "n")
