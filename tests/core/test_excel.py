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


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_text_that_a_spreadsheet_would_run_is_written_as_quoted_text(text):
    sheet = load_workbook(io.BytesIO(build_xlsx([Column("昵称", lambda r: r)], [text]))).active
    assert sheet["A2"].value == "'" + text.replace("\r", "\n")  # XML reads a stored CR back as LF
    assert sheet["A2"].data_type == "s"


def test_characters_xml_cannot_hold_are_removed():
    sheet = load_workbook(io.BytesIO(build_xlsx([Column("昵称", lambda r: r)], ["阿\x01蟹\x1f"]))).active
    assert sheet["A2"].value == "阿蟹"


def test_numbers_stay_numbers_and_money_is_numeric_yuan():
    columns = [Column("数量", lambda r: r[0]), Column.money("金额(元)", lambda r: r[1])]
    sheet = load_workbook(io.BytesIO(build_xlsx(columns, [(-3, 12345), (0, -50)]))).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == (-3, "n")
    assert (sheet["B2"].value, sheet["B2"].data_type, sheet["B2"].number_format) == (123.45, "n", "0.00")
    assert sheet["B3"].value == -0.5


def test_import_reads_text_cells_without_control_characters():
    sheet_bytes = build_xlsx([Column("姓名", lambda r: r)], [" 王\n五\t"])
    assert read_xlsx(io.BytesIO(sheet_bytes), {"姓名": "name"})[0]["name"] == "王 五"
