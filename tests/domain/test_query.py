from hypothesis import given
from hypothesis import strategies as st

from outreach.domain.query import looks_like_phone, parse_query


def test_field_filters_and_free_text() -> None:
    q = parse_query('beat:climate country:GB org:"Metro Wire" role:journalist smith')
    assert q.terms == ("smith",)
    assert q.values("beat") == ["climate"]
    assert q.values("country") == ["GB"]
    assert q.values("org") == ["Metro Wire"]
    assert q.values("role") == ["journalist"]


def test_operators_and_quotes_are_literal_text() -> None:
    q = parse_query("O'Brien AND * NEAR")
    assert q.terms == ("O'Brien", "AND", "*", "NEAR")
    assert q.filters == ()


def test_unknown_field_is_literal() -> None:
    assert parse_query("http://x.example").terms == ("http://x.example",)


def test_unbalanced_quote_does_not_swallow_the_query() -> None:
    assert parse_query('org:"Metro').values("org") == ["Metro"]


def test_phone_like_terms() -> None:
    assert looks_like_phone("875-9381")
    assert looks_like_phone("+44 20")
    assert not looks_like_phone("smith")
    assert not looks_like_phone("12")


@given(st.text(max_size=80))
def test_any_text_parses(text: str) -> None:
    parse_query(text)
