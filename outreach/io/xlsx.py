"""Excel workbooks: reading (openpyxl, read-only) and writing (XlsxWriter, constant memory).

Cells hold at most 32,767 characters: a longer value is split into continuation columns named
"Notes (cont. 1)", … which our import joins again (with a warning in the report).
Every cell is written as a string (phone numbers stay text, no formula is ever created) and passes
through :func:`outreach.io.safety.neutralise` as well, so a copy saved as CSV stays safe.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from outreach.errors import InputFileError
from outreach.io.records import Table
from outreach.io.safety import DANGEROUS_FIRST, neutralise

CELL_LIMIT = 32_767
# What a damaged package raises while its sheets are read (cut XML, bad compressed data, a cut archive).
_DAMAGED: tuple[type[Exception], ...] = (ParseError, zlib.error, EOFError)
try:
    from lxml.etree import LxmlError

    _DAMAGED += (LxmlError,)
except ImportError:  # pragma: no cover - openpyxl without lxml
    pass


_DAMAGED_READING: tuple[type[Exception], ...] = (*_DAMAGED, zipfile.BadZipFile, KeyError, ValueError)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_xlsx_table(path: Path, sheet: str | None = None) -> Table:
    from openpyxl import load_workbook

    if not path.exists():
        raise InputFileError(str(path), "no such file")
    if path.stat().st_size == 0:
        raise InputFileError(str(path), "the file is empty (0 bytes)")
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # openpyxl refuses a path whose name is not .xlsx/.xlsm (an .xlsx saved as .xls, or no extension);
        # it reads the same bytes from a file object.
        source: Any = path if path.suffix.lower() in (".xlsx", ".xlsm") else io.BytesIO(path.read_bytes())
        book = load_workbook(source, read_only=True, data_only=True)
    except _DAMAGED as exc:
        raise InputFileError(str(path), f"the workbook is damaged ({_one_line(exc)}); nothing was imported") from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, InvalidFileException) as exc:
        raise InputFileError(str(path), f"not an Excel .xlsx workbook ({_one_line(exc)})") from None
    try:
        if sheet:
            if sheet not in book.sheetnames:
                raise InputFileError(str(path), f"no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
            ws = book[sheet]
        else:
            ws = book.worksheets[0]
        headers: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        try:
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = [_text(v) for v in values]
                if not any(c.strip() for c in cells):
                    continue
                if headers is None:
                    headers = [c.strip() for c in cells]
                    while headers and not headers[-1]:
                        headers.pop()
                    continue
                rows.append((number, cells[:len(headers)]))
        except _DAMAGED_READING as exc:  # a sheet cut mid-tag, bad compressed data
            raise InputFileError(str(path), f"the workbook is damaged ({_one_line(exc)}); nothing was imported"
                                 ) from None
    finally:
        book.close()
    if headers is None:
        headers = []
    return Table(str(path), headers, rows, "xlsx", "")


def split_cell(value: str) -> list[str]:
    return [value[i:i + CELL_LIMIT] for i in range(0, len(value), CELL_LIMIT)] or [""]


def write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence[str]],
               split_columns: dict[str, int] | None = None, sheet: str = "Contacts") -> int:
    """Write a sheet; `split_columns` gives the number of continuation columns a header needs."""
    import xlsxwriter

    split_columns = split_columns or {}
    full_headers: list[str] = []
    parts_of: list[int] = []
    for header in headers:
        extra = split_columns.get(header, 0)
        parts_of.append(extra + 1)
        full_headers.append(header)
        full_headers.extend(f"{header} (cont. {n})" for n in range(1, extra + 1))
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_numbers": False, "strings_to_urls": False})
    try:
        ws = book.add_worksheet(sheet)
        bold = book.add_format({"bold": True})
        ws.freeze_panes(1, 0)
        for col, header in enumerate(full_headers):
            width = 40 if header.startswith("Notes") else 28 if "mail" in header.lower() else \
                18 if "phone" in header.lower() else max(10, min(30, len(header) + 2))
            ws.set_column(col, col, width)
        for col, header in enumerate(full_headers):
            ws.write_string(0, col, header, bold)
        count = 0
        write = ws.write_string
        first = DANGEROUS_FIRST
        split = any(parts > 1 for parts in parts_of)
        for r, values in enumerate(rows, start=1):
            if not split:
                if len(values) != len(parts_of):
                    raise ValueError(f"row {r}: {len(values)} values for {len(parts_of)} columns")
                for col, cell in enumerate(values):
                    if cell:
                        write(r, col, neutralise(cell) if cell[:1] in first else cell)
                count += 1
                continue
            col = 0
            for value, parts in zip(values, parts_of, strict=True):
                if parts == 1:
                    cells = [value]
                else:
                    cells = split_cell(value)
                    cells += [""] * (parts - len(cells))
                for cell in cells:
                    if cell:
                        write(r, col, neutralise(cell) if cell[:1] in first else cell)
                    col += 1
            count += 1
    finally:
        book.close()
    return count
