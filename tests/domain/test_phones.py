import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from outreach.domain.phones import check_phone, format_international, time_zone_for


@pytest.mark.parametrize(
    ("raw", "region", "e164", "ext"),
    [
        ("(212) 875-9381", "US", "+12128759381", None),
        ("212.875.9381", "US", "+12128759381", None),
        ("+1 212 875 9381", None, "+12128759381", None),
        ("(404) 688-3120 ext. 15", "US", "+14046883120", "15"),
        ("404-688-3120 x 15", "US", "+14046883120", "15"),
        ("0117 496 0831", "GB", "+441174960831", None),
        ("+44 (0)20 7946 0958", "US", "+442079460958", None),
        ("030 901820", "DE", "+4930901820", None),
        ("+254 20 2711900", "KE", "+254202711900", None),
    ],
)
def test_valid_numbers_normalise_to_e164(raw: str, region: str | None, e164: str, ext: str | None) -> None:
    check = check_phone(raw, region)
    assert check.valid, check.message
    assert check.e164 == e164
    assert check.extension == ext
    assert check.raw == raw


def test_short_number_says_why_in_words() -> None:
    check = check_phone("212 875", "US")
    assert not check.valid
    assert check.message == "too short for a US number"


def test_number_valid_in_another_likely_region_is_suggested_not_silently_changed() -> None:
    check = check_phone("020 7946 0958", "US", ("GB",))
    assert not check.valid
    assert check.suggested_region == "GB"
    assert check.suggestion == "+442079460958"
    assert "+442079460958" in check.message


def test_international_number_is_never_reinterpreted_for_another_region() -> None:
    check = check_phone("+1 020 7946 0958", "US", ("GB",))
    assert not check.valid
    assert check.suggestion is None


def test_vanity_number_is_converted_with_a_warning() -> None:
    check = check_phone("1-800-FLOWERS", "US")
    assert check.valid
    assert check.e164 == "+18003569377"
    assert check.number_type == "toll_free"
    assert any("vanity" in w for w in check.warnings)


def test_extension_letters_are_not_a_vanity_number() -> None:
    assert check_phone("(404) 688-3120 ext. 15", "US").warnings == ()


def test_number_without_country_and_without_region_explains() -> None:
    check = check_phone("875 9381", None)
    assert not check.valid
    assert "country" in check.message


def test_mobile_type_is_reported() -> None:
    assert check_phone("07911 123456", "GB").number_type == "mobile"


def test_time_zone_is_inferred_from_a_number_with_one_zone() -> None:
    assert time_zone_for("+12128759381") == "America/New_York"
    assert time_zone_for("+442079460958") == "Europe/London"
    assert time_zone_for(None) is None


def test_display_format_is_international() -> None:
    assert format_international("+442079460958") == "+44 20 7946 0958"
    assert format_international("+14046883120", "15") == "+1 404-688-3120 ext. 15"


@given(st.text(max_size=40), st.sampled_from([None, "US", "GB", "DE", "KE"]))
def test_any_text_is_checked_without_raising(raw: str, region: str | None) -> None:
    check = check_phone(raw, region)
    if check.valid:
        assert check.e164 is not None
        assert phonenumbers.is_valid_number(phonenumbers.parse(check.e164))
    else:
        assert check.message
