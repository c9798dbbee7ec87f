import io
from datetime import UTC, datetime

import pytest
from crabsales.core.excel import Column, build_xlsx, read_xlsx
from crabsales.errors import AppError
from openpyxl import load_workbook


def test_export_writes_chinese_headers_and_shanghai_times():
    rows = [{"name": "阳澄湖", "at": datetime(2026, 11, 23, 1, 0, tzinfo=UTC)}]
    data = build_xlsx([Column("名称", lambda r: r["name"]), Column("时间", lambda r: r["at"])], rows, "测试")
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == ["名称", "时间"]
    assert [c.value for c in sheet[2]] == ["阳澄湖", "2026-11-23 09:00:00"]


def test_import_maps_headers_and_skips_blank_rows():
    data = build_xlsx(
        [Column("手机号", lambda r: r[0]), Column("姓名", lambda r: r[1])],
        [("13800000001", "王"), ("", ""), ("13800000002", "李")],
    )
    rows = read_xlsx(io.BytesIO(data), {"手机号": "phone", "姓名": "name"}, required=["phone"])
    assert [(r["phone"], r["name"], r["_row"]) for r in rows] == [("13800000001", "王", 2), ("13800000002", "李", 4)]


def test_import_names_the_missing_column():
    data = build_xlsx([Column("姓名", lambda r: r)], ["王"])
    with pytest.raises(AppError) as error:
        read_xlsx(io.BytesIO(data), {"手机号": "phone", "姓名": "name"}, required=["phone"])
    assert "手机号" in error.value.message


def test_import_refuses_a_file_that_is_not_excel():
    with pytest.raises(AppError) as error:
        read_xlsx(io.BytesIO(b"plain text"), {"a": "a"})
    assert error.value.error_code == "EXCEL_UNREADABLE"
