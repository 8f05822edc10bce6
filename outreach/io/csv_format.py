"""CSV in the dialects people bring (Outlook, Google, Mailchimp, Excel in any locale) and the ones we write.

Reading: the encoding is detected (:mod:`outreach.io.textfile`), the delimiter sniffed with
:class:`csv.Sniffer` over the first lines with a fall-back to counting ``, ; TAB |`` in the header line.
Each data row keeps the line it starts on (quoted notes may span lines). Rows shorter than the header are
padded; rows with extra non-empty cells are refused whole (never half a row).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from outreach.errors import InputFileError
from outreach.io.records import RowError, Table
from outreach.io.textfile import decode, read_bytes

DELIMITERS = ",;\t|"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what ends a line for csv.reader over StringIO(newline="")


def _line_start(text: str, line: int) -> int:
    """The offset of 1-based `line` in `text`."""
    if line <= 1:
        return 0
    for n, match in enumerate(_LINE_BREAK.finditer(text), start=2):
        if n == line:
            return match.end()
    return len(text)


def sniff_delimiter(text: str) -> str:
    sample = text[:65536]
    lines = sample.splitlines()
    first = next((line for line in lines if line.strip()), "")  # the header: blank lines before it are skipped
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
        if found in first or len(lines) == 1:
            counts = {d: first.count(d) for d in DELIMITERS}
            best = max(counts, key=lambda d: counts[d])
            # The sniffer can be fooled by commas inside quoted notes; trust the header when it disagrees a lot.
            return best if counts[best] > 2 * max(counts[found], 1) else found
    except csv.Error:
        pass
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best]:
        return best
    # A header without a delimiter is a table of one column, whatever its delimiter was: take one the data
    # does not hold, so that a value such as "Lee, Ann" or "," stays one cell.
    return next((d for d in DELIMITERS if d not in text), ",")


def read_csv_table(path: Path, encoding: str | None = None, delimiter: str | None = None) -> Table:
    """The table of a CSV file; `encoding` and `delimiter` override what is detected."""
    data = read_bytes(path)
    text, used = decode(data, str(path), encoding)
    if not text.strip():
        raise InputFileError(str(path), "the file holds no text")
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
        raise InputFileError(str(path), f"the delimiter must be one character other than a quote or a line "
                                        f"break, not {delimiter!r}")
    delimiter = delimiter or sniff_delimiter(text)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    errors: list[RowError] = []
    part, offset = text, 0  # the text still to read, and the lines before it
    while True:
        reader = csv.reader(io.StringIO(part, newline=""), delimiter=delimiter, strict=False)
        start = 1
        last = (0, 0)  # first and last line of the last data row read
        try:
            for cells in reader:
                line = start
                start = reader.line_num + 1
                if headers is None:
                    if not any(c.strip() for c in cells):
                        continue
                    headers = [c.strip().lstrip("\ufeff") for c in cells]
                    continue
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > len(headers):
                    if any(c.strip() for c in cells[len(headers):]):
                        errors.append(RowError(offset + line, f"{len(cells)} cells but the header has {len(headers)}; "
                                                              "row left out (a delimiter inside an unquoted value?)"))
                        continue
                    cells = cells[:len(headers)]
                rows.append((offset + line, cells))
                last = (line, reader.line_num)
        except csv.Error as exc:
            errors.append(RowError(offset + start, f"unreadable CSV from here on: {exc}"))
            break
        # A quote opened and never closed makes the last row run to the end of the file, taking every later row
        # with it: leave that row out, say so, and read on from the line after it.
        first, end = last
        if not (first and end == reader.line_num and end > first
                and part[_line_start(part, first):].count('"') % 2 == 1):
            break
        rows.pop()
        errors.append(RowError(offset + first, 'a quote (") opened in this row is never closed; row left out, '
                                               "reading went on from the next line"))
        part, offset = part[_line_start(part, first + 1):], offset + first
    if headers is None:
        raise InputFileError(str(path), "no header row")
    return Table(str(path), headers, rows, used, delimiter, errors)
