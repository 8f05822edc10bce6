"""Spreadsheet safety for the files we write (OWASP "CSV injection").

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be run as a formula by
Excel, LibreOffice or Google Sheets when someone opens the file. Every text cell we write to CSV or XLSX
goes through :func:`neutralise`: such a value is prefixed with a single quote (``'=HYPERLINK(…)``), which
spreadsheets show as text and never evaluate.

The exception is a value that *is* a phone number -- an optional leading ``+`` then only digits, spaces,
``- ( ) .`` and ``/``, with at least six digits, e.g. ``+44 20 7946 0958``. It stays as written so that it
can be dialled and copied; in XLSX every cell is written as a string cell anyway, so no spreadsheet
evaluates it there, and in CSV such a value cannot form a function call or reference.

Our own import undoes the guard (:func:`restore`): a value that starts with a quote followed by one of the
dangerous characters loses the quote, so export → import round-trips are exact.
"""

from __future__ import annotations

import re

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
# The first characters that need a look (``value[:1] in DANGEROUS_FIRST`` is one cheap check per cell;
# the empty string is not in it).
DANGEROUS_FIRST = frozenset(DANGEROUS)
_PHONE_LIKE = re.compile(r"\+?[0-9(][0-9 \-().\/]*")
_DIGITS = "0123456789"


def is_phone_like(value: str) -> bool:
    # After the full match every digit in the value is an ASCII digit, so counting those is enough.
    return bool(_PHONE_LIKE.fullmatch(value)) and sum(map(value.count, _DIGITS)) >= 6


def neutralise(value: str) -> str:
    if value and value.startswith(DANGEROUS) and not is_phone_like(value):
        return "'" + value
    return value


def neutralise_row(row: list[str]) -> list[str]:
    """:func:`neutralise` over a row of cells, calling it only for cells that start with a dangerous character."""
    first = DANGEROUS_FIRST
    return [neutralise(v) if v[:1] in first else v for v in row]


def restore(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value
