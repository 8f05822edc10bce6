"""The text of a press release from the file a user picked: .txt/.md, .html, .docx, .pdf or .eml.

Returns plain text with paragraph breaks kept; raises InputFileError for anything unreadable.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import logging
import os
import re
from collections.abc import Iterator
from email.message import EmailMessage
from html.parser import HTMLParser

from outreach.errors import InputFileError

_BLOCK_TAGS = frozenset(
    str.split(
    "address article aside blockquote body br dd details div dl dt fieldset figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody tfoot thead tr ul"
    )
)
_SKIP_TAGS = frozenset(str.split("script style head title noscript template svg"))
_MAX_BYTES = 50 * 1024 * 1024


class _TextExtractor(HTMLParser):
    """Text of an HTML document with a line break at every block element; scripts and styles dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "pre":
            self._pre += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table"} else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table"} else "\n")
        elif tag in {"td", "th"}:
            self.parts.append(" | ")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre:
            self.parts.append(data)
        else:
            self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = [re.sub(r"^[ |]*\|[ ]*|[ ]*\|[ |]*$", "", line.strip(" ")) for line in joined.split("\n")]
        out = "\n".join(lines)
        return re.sub(r"\n{3,}", "\n\n", out).strip("\n") + "\n"


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return parser.text()


def _decode(data: bytes) -> str:
    from outreach.io.textfile import decode_by_line, utf16_without_bom

    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    name = utf16_without_bom(data[:4096])
    if name:
        return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_by_line(data)[0]


def _looks_binary(data: bytes) -> bool:
    from outreach.io.textfile import utf16_without_bom

    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(head):
        return False
    return b"\x00" in head


def _read_bytes(path: str) -> bytes:
    try:
        size = os.path.getsize(path)
        if size > _MAX_BYTES:
            raise InputFileError(path, f"too large for a press release ({size // (1024 * 1024)} MB)")
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputFileError(path, "no such file") from None
    except IsADirectoryError:
        raise InputFileError(path, "is a folder, not a file") from None
    except PermissionError:
        raise InputFileError(path, "permission denied") from None
    except OSError as exc:
        raise InputFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputFileError(path, "the file is empty")
    return data


def _docx_text(path: str, data: bytes) -> str:
    import io
    import zipfile

    try:
        import docx
    except ImportError:  # pragma: no cover - dependency missing
        raise InputFileError(path, "reading .docx needs the python-docx package") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputFileError(path, f"not a readable Word document ({exc.__class__.__name__})") from None
    except Exception as exc:  # python-docx raises assorted errors on damaged packages
        raise InputFileError(path, f"not a readable Word document ({exc})") from None
    parts: list[str] = []
    body = document.element.body
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(Paragraph(child, document).text)
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = cell.text.strip()
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                parts.append(" | ".join(cells))
            parts.append("")
    return "\n".join(parts).strip("\n") + "\n"


def _pdf_text(path: str, data: bytes) -> str:
    import io

    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - dependency missing
        raise InputFileError(path, "reading .pdf needs the pypdf package") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise InputFileError(path, "the PDF is password-protected") from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputFileError:
        raise
    except PdfReadError as exc:
        raise InputFileError(path, f"not a readable PDF ({exc})") from None
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        raise InputFileError(path, f"not a readable PDF ({exc.__class__.__name__})") from None
    text = "\f".join(pages)
    if not text.strip():
        raise InputFileError(path, "the PDF has no text layer (a scan?): run it through OCR first")
    return text


@contextlib.contextmanager
def _quiet(logger: str) -> Iterator[None]:
    """Keep a library's own warnings (pypdf: "EOF marker not found") off stderr; our message says what matters."""
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def _eml_text(path: str, data: bytes) -> str:
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except Exception as exc:
        raise InputFileError(path, f"not a readable e-mail ({exc})") from None
    if not isinstance(message, EmailMessage):  # pragma: no cover - policy.default always gives one
        raise InputFileError(path, "not a readable e-mail")
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    try:
        if plain is not None:
            content = plain.get_content()
            if isinstance(content, str) and content.strip():
                return content
        if html is not None:
            content = html.get_content()
            if isinstance(content, str) and content.strip():
                return html_to_text(content)
    except (LookupError, ValueError) as exc:
        raise InputFileError(path, f"the e-mail body cannot be decoded ({exc})") from None
    raise InputFileError(path, "the e-mail has no text or HTML body")


def read_release_text(path: str | os.PathLike[str]) -> str:
    """The release's text from a .txt, .md, .html/.htm, .docx, .pdf or .eml file."""
    name = os.fspath(path)
    ext = os.path.splitext(name)[1].lower()
    data = _read_bytes(name)
    if ext == ".docx":
        return _docx_text(name, data)
    if ext == ".pdf":
        with _quiet("pypdf"):
            return _pdf_text(name, data)
    if ext == ".eml":
        return _eml_text(name, data)
    if data[:4] == b"PK\x03\x04" or data[:5] == b"%PDF-":
        raise InputFileError(name, "looks like a Word or PDF file: give it its .docx or .pdf name")
    if _looks_binary(data):
        raise InputFileError(name, "a binary file, not text")
    text = _decode(data)
    if ext in (".html", ".htm", ".xhtml") or (ext not in (".txt", ".md") and re.match(r"\s*<(?:!doctype|html)", text,
                                                                                     re.IGNORECASE)):
        text = html_to_text(text)
    if not text.strip():
        raise InputFileError(name, "the file has no text")
    return text
