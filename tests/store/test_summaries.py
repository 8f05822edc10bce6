"""The derived columns a list sorts and searches by (sort name, primary e-mail and phone, search text)."""

from __future__ import annotations

import re
import sys
import unicodedata

import phonenumbers

from outreach.domain.accents import strip_accents
from outreach.store.summaries import _phone_search_forms, fold, summarize


def test_fold_drops_every_combining_mark_in_the_code_space() -> None:
    marks = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))]
    assert all(fold("a" + mark + "b") == "ab" for mark in marks)
    assert all(strip_accents("É" + mark) == "E" for mark in marks)
    assert fold("Ångström Ünïcødé Çelik") == "angstrom unicødé celik".replace("é", "e")
    assert fold("Straße") == "strasse"


def test_primary_email_is_the_first_valid_one_marked_primary_else_the_first_valid_one() -> None:
    emails = [(False, "", "bad at x", "invalid"), (False, "a@x.org", "a@x.org", "valid"),
              (True, "b@x.org", "B@X.org", "valid"), (True, "c@x.org", "c@x.org", "valid")]
    assert summarize("A", "", "", [], emails, [])["primary_email"] == "b@x.org"
    unmarked = [(False, e[1], e[2], e[3]) for e in emails]
    summary = summarize("A", "", "", [], unmarked, [])
    assert summary["primary_email"] == "a@x.org"
    assert summary["has_invalid"] is True
    assert "bad at x" in str(summary["search_text"])


def test_primary_phone_skips_invalid_numbers_and_ones_without_an_e164_form() -> None:
    phones = [(True, "+442079460000", "020 7946 0000", "invalid"), (True, "", "ext 12", "unchecked"),
              (False, "+12125550100", "(212) 555-0100", "valid"), (True, "+12125550199", "212 555 0199", "valid")]
    summary = summarize("A", "", "", [], [], phones)
    assert summary["primary_phone"] == "+12125550199"
    assert summary["has_invalid"] is True
    words = str(summary["search_text"]).split()
    assert "12125550100" in words and "2125550100" not in words  # a form inside another is left out
    assert summarize("A", "", "", [], [], [(False, p[1], p[2], p[3]) for p in phones])["primary_phone"] == \
        "+12125550100"


def test_beats_are_listed_case_insensitively_in_order() -> None:
    assert summarize("A", "", "", ["climate", "Arts", "business"], [], [])["beats_text"] == "Arts, business, climate"


_TRICKY = ["", "\u0301", "\u0301é", "Straße", "Ǆemal", "ﬁne ½", "Łódź", "Zoë", "Ｆｕｌｌ", "İstanbul",
           "ΣΊΣΥΦΟΣ", "東京", "a\u0308\u0323", " ", "\u00a8", "Ёлка"]


def test_search_text_folded_a_part_at_a_time_is_the_whole_text_folded() -> None:
    """The search text folds name, outlet, title and beats one by one (outlets repeat): it must be the very
    text that folding them joined gives, accents, expansions and combining marks at a part's start included."""
    for name in _TRICKY:
        for org in _TRICKY[::3]:
            for title in _TRICKY[1::4]:
                beats = [b for b in _TRICKY[2::5] if b]
                emails = [(False, "", name + "@x", "invalid")]
                parts = [name, org, title, ", ".join(sorted(beats, key=str.casefold)), name + "@x"]
                expected = fold(" ".join(p for p in parts if p))
                assert summarize(name, org, title, beats, emails, [])["search_text"] == expected, (name, org, title)


def _maximal_forms(e164: str, raw: str) -> set[str]:
    """The digit strings one may type for a number, without those inside another: worked out plainly."""
    forms = {re.sub(r"\D", "", raw)}
    if e164:
        number = phonenumbers.parse(e164)
        national = str(number.national_number)
        if number.italian_leading_zero:
            national = "0" * (number.number_of_leading_zeros or 1) + national
        region = phonenumbers.region_code_for_country_code(number.country_code)
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region) if region else None
        trunk = (metadata.national_prefix or "") if metadata else ""
        forms |= {e164.lstrip("+"), national, trunk + national}
    forms.discard("")
    return {f for f in forms if not any(f != other and f in other for other in forms)}


def test_a_number_is_found_by_the_digits_it_is_written_or_dialled_with() -> None:
    cases = [("", "n/a"), ("", "(212) 555"), ("+12125550123", "(212) 555-0123"), ("+12125550123", "+1 212 555 0123"),
             ("+442079460958", "020 7946 0958"), ("+442079460958", "0044 20 7946 0958"),
             ("+390612345678", "06 1234 5678")]
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        example = phonenumbers.example_number(region)
        if example is not None:
            e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            written = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
            cases += [(e164, written), (e164, e164), (e164, "00" + e164[1:]), (e164, e164[4:]), (e164, "ext")]
    for e164, raw in cases:
        assert set(_phone_search_forms(e164, raw)) == _maximal_forms(e164, raw), (e164, raw)
    assert set(_phone_search_forms("+442079460958", "020 7946 0958")) == {"442079460958", "02079460958"}
    assert _phone_search_forms("+12125550123", "(212) 555-0123") == ["12125550123"]
