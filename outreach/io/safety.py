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
_PHONE_LIKE = re.compile(r"\+?[0-9(][0-9 \-().\/]*")


def is_phone_like(value: str) -> bool:
    return bool(_PHONE_LIKE.fullmatch(value)) and sum(c.isdigit() for c in value) >= 6


def neutralise(value: str) -> str:
    if value and value.startswith(DANGEROUS) and not is_phone_like(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value
