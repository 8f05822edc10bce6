"""The hold-out releases (tests/data/releases_holdout, written without looking at the parser) are read as their
truth files say, by the scorer's rules: names (honorifics aside, case-insensitive), each contact's valid phones
and addresses, fax kinds and extensions, the six scored problem kinds, and no not-phone read as a phone."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from outreach.domain.release import SCORED_KINDS, parse_release

DATA = Path(__file__).parents[2] / "data" / "releases_holdout"
TRUTHS = sorted(DATA.glob("*.json"))


def _norm_name(s: str) -> str:
    s = unicodedata.normalize("NFC", s or "").casefold()
    s = re.sub(r"^(dr|mr|mrs|ms|prof)\.?\s+", "", s.strip())
    return re.sub(r"\s+", " ", s)


def _load(path: Path) -> tuple[dict[str, Any], str]:
    truth = json.loads(path.read_text(encoding="utf-8"))
    return truth, (DATA / truth["file"]).read_text(encoding="utf-8")


def test_there_are_enough_holdout_releases() -> None:
    assert len(TRUTHS) >= 25


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_holdout_release(path: Path) -> None:
    truth, text = _load(path)
    result = parse_release(text, region=truth["region"])
    got = {_norm_name(c.name or ""): c for c in result.media_contacts if c.name}
    assert set(got) == {_norm_name(c["name"]) for c in truth["media_contacts"]}
    for want in truth["media_contacts"]:
        contact = got[_norm_name(want["name"])]
        emails = {e.normalized.casefold() for e in contact.emails if e.valid and e.normalized}
        assert emails == {e.casefold() for e in want["emails"]}, want["name"]
        phones = {p.e164: p for p in contact.phones if p.valid}
        assert set(phones) == {p["e164"] for p in want["phones"] if p["valid"]}, want["name"]
        for p in want["phones"]:
            if p["valid"]:
                assert (phones[p["e164"]].kind == "fax") == (p["kind"] == "fax"), p["raw"]
                assert phones[p["e164"]].extension == p["extension"], p["raw"]
    kinds = Counter(p.kind for p in result.problems if p.kind in SCORED_KINDS)
    assert kinds == Counter(p["kind"] for p in truth["problems"])
    raws = [p.raw for c in result.media_contacts for p in c.phones] + [p.raw for p in result.other_phones]
    for s in truth["not_phones"]:
        assert not any(s in r or (r in s and sum(ch.isdigit() for ch in r) >= 5) for r in raws), s
