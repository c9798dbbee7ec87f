"""Excel export and import helpers (openpyxl). Headers are Chinese; values are plain (fen shown as yuan text)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from flask import Response
from openpyxl import Workbook, load_workbook

from ..errors import AppError

SHANGHAI = ZoneInfo("Asia/Shanghai")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Column:
    header: str
    value: Callable[[object], object]
    width: int = 18


def _cell(value):
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))
        return aware.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, ensure_ascii=False)
    return value


def build_xlsx(columns: list[Column], rows: Iterable, sheet_title: str = "Sheet1") -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title[:31])
    for index, col in enumerate(columns):
        ws.column_dimensions[chr(ord("A") + index) if index < 26 else "A"].width = col.width
    ws.append([c.header for c in columns])
    for row in rows:
        ws.append([_cell(c.value(row)) for c in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype=XLSX_MIME)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


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
        item = {field: (row[pos] if pos < len(row) else None) for field, pos in positions.items()}
        item["_row"] = number
        result.append(item)
    return result
