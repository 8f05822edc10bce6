"""Every sample release in tests/data/releases is read as its truth file says."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from outreach.domain.identity import name_key
from outreach.domain.release import parse_release

DATA = Path(__file__).parents[2] / "data" / "releases"
TRUTHS = sorted(DATA.glob("*.json"))


def _load(path: Path) -> tuple[dict[str, Any], str]:
    truth = json.loads(path.read_text(encoding="utf-8"))
    return truth, (DATA / truth["file"]).read_text(encoding="utf-8")


def test_there_are_enough_samples() -> None:
    assert len(TRUTHS) >= 24


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_sample_contacts_channels_and_problems(path: Path) -> None:
    truth, text = _load(path)
    result = parse_release(text, region=truth["region"])
    got = {name_key(c.name or ""): c for c in result.media_contacts if c.name}
    assert set(got) == {name_key(c["name"]) for c in truth["media_contacts"]}
    for want in truth["media_contacts"]:
        contact = got[name_key(want["name"])]
        assert sorted(e.normalized.casefold() for e in contact.emails if e.valid and e.normalized) == sorted(
            e.casefold() for e in want["emails"]
        )
        phones = {(p.e164, p.kind, p.extension) for p in contact.phones if p.valid}
        assert phones == {(p["e164"], p["kind"], p["extension"]) for p in want["phones"] if p["valid"]}
        invalid_raw = sorted(p.raw for p in contact.phones if not p.valid)
        assert invalid_raw == sorted(p["raw"] for p in want["phones"] if not p["valid"])
    kinds = Counter(p.kind for p in result.scored_problems)
    assert kinds == Counter(p["kind"] for p in truth["problems"])
    assert result.region == truth["region"]


@pytest.mark.parametrize("path", TRUTHS, ids=lambda p: p.stem)
def test_sample_spans_point_at_the_text_and_not_phones_stay_out(path: Path) -> None:
    truth, text = _load(path)
    result = parse_release(text)  # region from the dateline alone
    assert result.dateline_region == truth["region"]
    phones = [p for c in result.media_contacts for p in c.phones] + result.other_phones
    for phone in phones:
        assert text[phone.span[0] : phone.span[1]] == phone.raw
    for email in (e for c in result.media_contacts for e in c.emails):
        assert text[email.span[0] : email.span[1]] == email.raw
    for problem in result.problems:
        if problem.text:
            assert problem.text in text
    for not_phone in truth["not_phones"]:
        assert not any(not_phone in p.raw or p.raw in not_phone for p in phones), not_phone
