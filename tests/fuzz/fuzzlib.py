"""Shared pieces of the fuzz targets: seed files, byte-level mutations, and the import oracle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import reject
from hypothesis import strategies as st

from outreach.errors import UserError
from outreach.services.importing import ImportReport, import_file

DATA = Path(__file__).resolve().parents[1] / "data"


def seeds(*patterns: str, limit: int = 20_000) -> list[bytes]:
    """The bytes of the sample files matching the patterns (under tests/data), small ones only."""
    found = sorted({p for pattern in patterns for p in DATA.glob(pattern) if p.stat().st_size <= limit})
    assert found, patterns
    return [p.read_bytes() for p in found]


# Bytes that change how text and CSV/vCard structure are read.
STRUCTURE_TOKENS = [
    b",", b";", b"\t", b"|", b'"', b'""', b"'", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\r\n", b"\r", b"\n",
    b"\n ", b"\r\n\t", b"\xff", b"\xc3", b"\xe2\x80\xae", b"\xe2\x80\x8b", b"\xe2\x80\xa8", b"\xc2\x85", b"\x0c",
    b"=cmd|' /C calc'!A0", b"+1+1", b"@SUM(A1)", b"-2+3", b"@", b"\\", b"=", b"=\r\n", b":", b"x" * 300,
]


@st.composite
def mutated(draw: Any, pool: list[bytes], tokens: list[bytes]) -> bytes:
    """A seed file with a few byte flips, truncations, insertions, deletions and line shuffles."""
    data = bytearray(draw(st.sampled_from(pool)))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "insert", "delete", "dup_line", "swap_lines",
                                   "bytes"]))
        pos = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            data[min(pos, len(data) - 1)] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from(tokens))
        elif op == "bytes":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 40))]
        elif op in ("dup_line", "swap_lines"):
            lines = bytes(data).split(b"\n")
            if len(lines) > 1:
                i = draw(st.integers(0, len(lines) - 1))
                j = draw(st.integers(0, len(lines) - 1))
                if op == "dup_line":
                    lines.insert(j, lines[i])
                else:
                    lines[i], lines[j] = lines[j], lines[i]
                data = bytearray(b"\n".join(lines))
    return bytes(data)


def line_bound(data: bytes) -> int:
    """More than the number of lines any reading of these bytes can have."""
    return data.count(b"\n") + data.count(b"\r") + 2


# Bugs these targets found that wait for a fix in outreach/io (tests/data/bad has an xfail case for each).
# An exception matching one is tolerated so the targets keep looking for new ones; remove an entry once fixed.
KNOWN_BUGS: list[tuple[str, str, str, str]] = [
    # (exception class name, text in its message, file of the innermost outreach frame, corpus case)
]


def known_bug(exc: BaseException) -> str | None:
    frames = [tb.tb_frame.f_code.co_filename for tb in _walk(exc.__traceback__)]
    ours = [f for f in frames if "/outreach/" in f and "/site-packages/" not in f]
    where = ours[-1] if ours else ""
    for name, text, filename, case in KNOWN_BUGS:
        if type(exc).__name__ == name and text in str(exc) and where.endswith(filename):
            return case
    return None


def _walk(tb: Any) -> list[Any]:
    out = []
    while tb is not None:
        out.append(tb)
        tb = tb.tb_next
    return out


def check_import(db: Any, path: Path, **options: Any) -> ImportReport | None:
    """Import `path`: a report whose counts add up, or a UserError that names the file; nothing else."""
    try:
        report = import_file(db, path, **options)
    except UserError as exc:
        assert str(path) in str(exc), f"the message does not name the file: {exc}"
        assert "\n" not in str(exc).strip(), f"not one line: {exc!r}"
        return None
    except Exception as exc:
        if not known_bug(exc):
            raise
        reject()  # a known bug: not a valid example, so no other property is checked on it
    assert isinstance(report, ImportReport)
    counted = report.created + report.merged + report.unchanged + report.skipped
    assert counted + report.errors == len(report.outcomes)
    assert report.errors == sum(1 for o in report.outcomes if o.action == "error")
    data = path.read_bytes()
    if report.encoding not in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "xlsx"):
        bound = line_bound(data)
        for outcome in report.outcomes:
            assert 1 <= outcome.line <= bound, (outcome, bound)
    return report
