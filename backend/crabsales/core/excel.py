"""Excel export and import helpers (openpyxl). Headers are Chinese; money is numeric yuan with two decimals.

Every exported cell goes through `safe_cell`: text a spreadsheet would run as a formula is written as quoted text, and
characters an .xlsx file cannot hold are removed, so no member-typed value can run or break an export.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from urllib.parse import quote
from zoneinfo import ZoneInfo

from flask import Response
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..errors import AppError

SHANGHAI = ZoneInfo("Asia/Shanghai")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Spreadsheets treat text starting with these as a formula (OWASP "CSV injection"); tab and CR can hide one.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
MONEY_FORMAT = "0.00"


@dataclass
class Column:
    header: str
    value: Callable[[object], object]
    width: int = 18
    number_format: str | None = None

    @classmethod
    def money(cls, header: str, fen: Callable[[object], int | None], width: int = 18) -> Column:
        """A money column: the fen amount becomes a numeric yuan cell (sums and sorts work in Excel)."""

        def yuan(row):
            amount = fen(row)
            return None if amount is None else Decimal(amount) / 100

        return cls(header, yuan, width, MONEY_FORMAT)


def safe_text(text: str) -> str:
    """Text as an export must write it: no characters illegal in XML, never read as a formula."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if text.startswith(FORMULA_TRIGGERS):
        text = "'" + text
    return text[:MAX_CELL_TEXT]


def _plain(value):
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))
        return aware.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def safe_cell(ws, value, number_format: str | None = None) -> WriteOnlyCell:
    """The one way an export writes a cell: numbers stay numeric, every text is stored as a string (never a formula)."""
    value = _plain(value)
    if value is None or isinstance(value, (bool, int, float, Decimal, date, time)):
        cell = WriteOnlyCell(ws, value=value)
        if number_format and value is not None:
            cell.number_format = number_format
        return cell
    cell = WriteOnlyCell(ws, value=safe_text(str(value)))
    cell.data_type = "s"
    return cell


def build_xlsx(columns: list[Column], rows: Iterable, sheet_title: str = "Sheet1") -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title[:31])
    for index, col in enumerate(columns):
        ws.column_dimensions[chr(ord("A") + index) if index < 26 else "A"].width = col.width
    ws.append([safe_cell(ws, c.header) for c in columns])
    for row in rows:
        ws.append([safe_cell(ws, c.value(row), c.number_format) for c in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype=XLSX_MIME)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _imported(value):
    # A typed line break or tab becomes a space and other control characters go: the field rules then see plain text.
    if not isinstance(value, str):
        return value
    return _CONTROL_CHARACTERS.sub("", re.sub(r"[\t\r\n]+", " ", value)).strip()


def read_xlsx(stream, header_map: dict[str, str], required: Iterable[str] = (), max_rows: int = 10_000) -> list[dict]:
    """Read the first sheet into dicts keyed by field name; header_map maps Chinese header -> field.

    Each dict carries `_row` (the Excel row number) so import errors can point at the row.
    """
    try:
        wb = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not xlsx
        raise AppError("EXCEL_UNREADABLE", "无法读取该文件，请上传 .xlsx 格式的 Excel 文件", 422) from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions = {}
    for index, title in enumerate(header):
        if title is not None and str(title).strip() in header_map:
            positions[header_map[str(title).strip()]] = index
    missing = [h for h, f in header_map.items() if f in set(required) and f not in positions]
    if missing:
        raise AppError("EXCEL_HEADER_MISSING", f"缺少必需的列：{'、'.join(missing)}", 422)
    result = []
    for number, row in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        if len(result) >= max_rows:
            raise AppError("EXCEL_TOO_MANY_ROWS", f"一次最多导入 {max_rows} 行", 422)
        item = {field: _imported(row[pos] if pos < len(row) else None) for field, pos in positions.items()}
        item["_row"] = number
        result.append(item)
    return result
