import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach.domain.emails import check_email, typo_suggestion


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("mconnor@openmic.org", "mconnor@openmic.org"),
        ("Elena.Garcia@CIVICTIMES.EXAMPLE", "Elena.Garcia@civictimes.example"),
        ("<mailto:Bob@Example.ORG>.", "Bob@example.org"),
        ("  press+eu@ngo.example, ", "press+eu@ngo.example"),
        ("presse@münchen.de", "presse@münchen.de"),
    ],
)
def test_valid_addresses_are_cleaned_and_normalised(raw: str, normalized: str) -> None:
    check = check_email(raw)
    assert check.valid, check.message
    assert check.normalized == normalized
    assert check.key == normalized.casefold()


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("greta.voss@harborkeepers,example", "domain"),
        ("no-at-sign.example.org", "@"),
        ("", "empty"),
        ('=HYPERLINK("http://evil.example","click")@x', "formula"),
    ],
)
def test_invalid_addresses_get_a_human_message(raw: str, words: str) -> None:
    check = check_email(raw)
    assert not check.valid
    assert words in check.message


@pytest.mark.parametrize(
    ("raw", "meant"),
    [("jo@gmial.com", "jo@gmail.com"), ("jo@yaho.com", "jo@yahoo.com"), ("jo@hotmial.com", "jo@hotmail.com"),
     ("jo@outlok.com", "jo@outlook.com"), ("jo@paper.example.con", "jo@paper.example.com")],
)
def test_typo_domains_are_flagged_with_a_suggestion(raw: str, meant: str) -> None:
    check = check_email(raw)
    assert check.valid  # syntactically fine: the writer must decide
    assert check.suggestion == meant
    assert meant in check.message


def test_real_domains_are_not_called_typos() -> None:
    for address in ("a@gmail.com", "a@yahoo.co.uk", "a@outlook.com", "a@newsroom.example"):
        assert typo_suggestion(address) is None


@given(st.text(max_size=60))
def test_any_text_is_checked_without_raising(raw: str) -> None:
    check = check_email(raw)
    assert check.valid == (check.normalized is not None)
