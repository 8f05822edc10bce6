"""Turning the bytes of a contact file into text: encoding detection and refusing binary files.

Order of detection: a byte-order mark (UTF-8, UTF-16, UTF-32), then UTF-16 without a mark when every
other byte is NUL (Excel "Unicode Text" copied around), then strict UTF-8, then cp1252 (what Excel on
Windows writes for "CSV"), then latin-1 (which decodes anything). An explicit encoding overrides it.
"""

from __future__ import annotations

import codecs
import contextlib
from pathlib import Path

from outreach.errors import InputFileError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = {
    b"PK\x03\x04": "a ZIP archive (an .xlsx or .docx file?)",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Office document (.xls/.doc): save it as CSV or .xlsx",
    b"GIF8": "a GIF image",
    b"SQLite format 3": "an SQLite database",
}


def describe_binary(data: bytes) -> str | None:
    """What a binary file looks like, or None when it may be text."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    return None


def read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputFileError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise InputFileError(str(path), f"cannot read the file ({exc.strerror or exc})") from None
    if not data:
        raise InputFileError(str(path), "the file is empty (0 bytes)")
    return data


def utf16_without_bom(sample: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for text saved as UTF-16 without a byte-order mark (every other byte NUL)."""
    if len(sample) < 4:
        return None
    quarter = len(sample) // 4
    if sample[1::2].count(0) > quarter and sample[0::2].count(0) == 0:
        return "utf-16-le"
    if sample[0::2].count(0) > quarter and sample[1::2].count(0) == 0:
        return "utf-16-be"
    return None


def _single(line: bytes) -> str:
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def decode_by_line(data: bytes) -> tuple[str, str]:
    """Bytes that are not UTF-8 as a whole: cp1252 (else latin-1); but when some lines are UTF-8 with accents and
    others are not (a file pasted together from two programs), each line is read in its own encoding."""
    parts: list[str] = []
    utf8 = other = 0
    for line in data.splitlines(keepends=True):  # bytes: only CR, LF and CRLF end a line
        try:
            parts.append(line.decode("utf-8"))
            utf8 += not line.isascii()
        except UnicodeDecodeError:
            parts.append(_single(line))
            other += 1
    if utf8 and other:
        return "".join(parts), "utf-8 and cp1252 (mixed, read line by line)"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _refuse_nul(data: bytes, path: str) -> None:
    """A file with NUL bytes: binary, unless it is text with a stray NUL or two (then say on which line)."""
    rest = data.replace(b"\x00", b"")
    sample = rest[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in b"\t\r\n\f\v")
    if rest.strip() and data.count(0) <= max(8, len(data) // 1000) and controls <= max(8, len(sample) // 50):
        head = data[:data.index(0)]
        line = (head.count(b"\n") if b"\n" in data else head.count(b"\r")) + 1
        raise InputFileError(path, "a NUL byte (\\0) in the text: remove it (or export the file again) and import "
                                   "again; nothing was imported", line)
    raise InputFileError(path, "this is a binary file, not a text contact file")


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of a file and the encoding it was read with; InputFileError for binary files."""
    if encoding:
        try:
            return data.decode(encoding).removeprefix("\ufeff"), encoding
        except LookupError:
            raise InputFileError(path, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise InputFileError(path, f"not readable as {encoding}: {exc.reason} at byte {exc.start}") from None
    what = describe_binary(data)
    if what:
        raise InputFileError(path, f"this is {what}, not a text contact file")
    used = ""
    text = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, used = data[len(bom):].decode(name), name
            except UnicodeDecodeError:
                raise InputFileError(path, f"starts with a {name} byte-order mark but is not {name} text") from None
            break
    else:
        sample = data[:4096]
        utf16 = utf16_without_bom(sample)
        if utf16:
            with contextlib.suppress(UnicodeDecodeError):
                text, used = data.decode(utf16), utf16
        if not used:
            if b"\x00" in data:
                _refuse_nul(data, path)
            try:
                text, used = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, used = decode_by_line(data)
    controls = sum(1 for c in text[:8192] if c < " " and c not in "\t\r\n\f\v")
    if "\x00" in text or controls > max(8, len(text[:8192]) // 50):
        raise InputFileError(path, "this is a binary file, not a text contact file")
    return text, used
