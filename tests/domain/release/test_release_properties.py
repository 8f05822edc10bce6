"""Properties over arbitrary text: the parser never raises and every span indexes the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.domain.release.parser import _parse

# Text built from the pieces releases are made of, so the interesting paths are reached often.
_PIECES = st.sampled_from(
    [
        "Media Contact\n", "Press contacts:", "Pressekontakt:", "Notes to editors\n", "\n", "\r\n", " ", ", ", " | ",
        "Ann Lee", "Jörg Maier", "Dr. Amina Patel", "Press Officer", "Tel.: ", "Mobile: ", "Fax: ", "ext. 15",
        "(212) 875-9381", "+44 20 7946\n0321", "0151 2345 6790", "1-800-FLOWERS", "2,100", "2024-03-15",
        "ann@acme.example", "ann [at] acme [dot] example", "x@y,z", "www.acme.example", "LONDON, 3 May 2026 – ",
        "\u00a0", "\u200b", "\ufeff", "\f", "\u2013", "\u201c", "contact ", "Journalists can reach ", " or ",
        " at ", " dot ", "Case No. 19-1392", "@", "(", ")", "+", "...",
    ]
)
_TEXT = st.one_of(st.text(max_size=400), st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=60).map("".join))


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.sampled_from([None, "US", "GB", "DE", "zz"]))
def test_any_text_parses_and_every_span_indexes_the_original(text: str, region: str | None) -> None:
    result = _parse(text, region, None)  # the unguarded parser: an exception fails the test
    n = len(text)
    for contact in result.media_contacts:
        assert 0 <= contact.span[0] <= contact.span[1] <= n
        for phone in contact.phones:
            assert text[phone.span[0] : phone.span[1]] == phone.raw and phone.raw
        for email in contact.emails:
            assert text[email.span[0] : email.span[1]] == email.raw and email.raw
    for phone in result.other_phones:
        assert text[phone.span[0] : phone.span[1]] == phone.raw
    for problem in result.problems:
        assert 0 <= problem.span[0] <= problem.span[1] <= n
        if problem.kind in {"invalid_phone", "invalid_email", "typo_domain", "domain_mismatch"}:
            assert text[problem.span[0] : problem.span[1]] == problem.text
    result.to_json()
