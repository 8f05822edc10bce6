"""Fuzzing vCard import: mutated real cards and generated ones (2.1 quoted-printable, 3.0, 4.0, folding)."""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fuzzlib import STRUCTURE_TOKENS, check_import, mutated, seeds
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.store.database import Database

FUZZ = settings.get_profile("fuzz")
VCF_SEEDS = seeds("formats/*.vcf", "bad/*.vcf", limit=8_000)
VCARD_TOKENS = [*STRUCTURE_TOKENS, b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b"VERSION:2.1\r\n", b"VERSION:4.0\r\n",
                b";ENCODING=QUOTED-PRINTABLE", b";ENCODING=b", b";CHARSET=UTF-8", b";CHARSET=x-nope", b"=C3",
                b"=\r\n", b"\r\n ", b";TYPE=", b";PREF=1", b"\\n", b"\\,", b"tel:",
                b"X-OUTREACH-DNC-DATE:2026-99-99\r\n",
                b"X-OUTREACH-SOCIALS:{\r\n", b"item1.", b"PHOTO;ENCODING=b:AAA\r\n", b"N:;;;;;;;;\r\n"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-vcard")


@pytest.fixture(scope="module")
def db(workdir: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{workdir / 'fuzz.db'}")
    yield database
    database.close()


@FUZZ
@given(data=mutated(VCF_SEEDS, VCARD_TOKENS), dry_run=st.booleans())
def test_mutated_vcard_imports_or_is_refused(db: Database, workdir: Path, data: bytes, dry_run: bool) -> None:
    path = workdir / "in.vcf"
    path.write_bytes(data)
    check_import(db, path, dry_run=dry_run)


# Control characters (NUL refuses the file) have their own corpus cases; U+2028/U+2029 stay in.
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
_PARAMS = st.lists(st.sampled_from(["TYPE=WORK", "TYPE=CELL", "TYPE=\"work,voice\"", "PREF=1", "CELL", "INTERNET",
                                    "VALUE=uri", "VALUE=text", "X-DELIVERY=bounced", "CHARSET=UTF-8",
                                    "TYPE=", "LANGUAGE=de"]), max_size=3)
_PROPS = st.sampled_from(["FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "NOTE", "CATEGORIES", "UID", "X-OUTREACH-ROLE",
                          "X-OUTREACH-COUNTRY", "X-OUTREACH-DNC", "X-OUTREACH-DNC-DATE", "X-OUTREACH-VERIFIED",
                          "X-OUTREACH-SOCIALS", "X-OUTREACH-TIME-ZONE", "ADR", "URL", "BDAY", "item1.EMAIL"])
_VALUES = st.one_of(_TEXT, st.sampled_from(["Ann Lee", "Lee;Ann;;;", "ann@example.org", "+44 20 7946 0958",
                                            "tel:+1-202-555-0143", "2026-01-01", "{\"x\": \"y\"}", "[]", "a,b\\,c",
                                            "=cmd|' /C calc'!A0", "\u202eeeL nnA", "", "\\", "\\n", ";;;"]))


def _fold(line: str, at: int) -> str:
    return line if at <= 0 or at >= len(line) else line[:at] + "\r\n " + line[at:]


@st.composite
def cards(draw: Any) -> bytes:
    """A file of cards built property by property; some values quoted-printable, some lines folded."""
    out: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        version = draw(st.sampled_from(["2.1", "3.0", "4.0", None]))
        lines = ["BEGIN:VCARD"] + ([f"VERSION:{version}"] if version else [])
        for _ in range(draw(st.integers(0, 8))):
            name, params, value = draw(_PROPS), draw(_PARAMS), draw(_VALUES)
            if draw(st.booleans()) and version == "2.1":
                value = quopri.encodestring(value.encode("utf-8")).decode("ascii").replace("\n", "\r\n")
                params = [*params, "ENCODING=QUOTED-PRINTABLE"]
            else:
                value = value.replace("\r", "").replace("\n", "\\n")
            line = ";".join([name, *params]) + ":" + value
            lines.append(_fold(line, draw(st.integers(0, 90))))
        if draw(st.integers(0, 9)):  # now and then a card is cut short
            lines.append("END:VCARD")
        out.append("\r\n".join(lines) + "\r\n")
    return "".join(out).encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])), errors="replace")


@FUZZ
@given(data=cards())
def test_generated_vcards_import_or_are_refused(db: Database, workdir: Path, data: bytes) -> None:
    path = workdir / "cards.vcf"
    path.write_bytes(data)
    report = check_import(db, path, dry_run=True)
    # Every BEGIN:VCARD line gives one outcome: a person (created, merged, unchanged, skipped) or an error with its
    # line. (Only a line of its own begins a card: "FN:BEGIN:VCARD" is a name, " BEGIN:VCARD" a folded value.)
    assert report is not None
    text = path.read_text(encoding="utf-16" if report.encoding.startswith("utf-16") else "utf-8", errors="replace")
    lines = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))  # vCard lines end at CR, LF or CRLF only
    assert len(report.outcomes) == sum(1 for line in lines if line.rstrip().upper() == "BEGIN:VCARD")
