"""region_and_type gives exactly phonenumbers' own answers, on every region's numbers and near misses."""

from __future__ import annotations

import random

import phonenumbers
from phonenumbers import PhoneNumberType

from outreach.domain.phones import region_and_type

TYPES = [PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE,
         PhoneNumberType.PREMIUM_RATE, PhoneNumberType.VOIP, PhoneNumberType.UAN]


def numbers() -> list[phonenumbers.PhoneNumber]:
    rng = random.Random(5)
    found: list[phonenumbers.PhoneNumber] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            digits = str(example.national_number)
            variants = {digits, digits[:-1], digits + "5", digits[::-1]}
            variants |= {digits[:n] + str(rng.randrange(10)) + digits[n + 1:] for n in range(len(digits))}
            for variant in variants:
                if variant.isdigit():
                    found.append(phonenumbers.parse(f"+{example.country_code}{variant}", None))
    for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        example = phonenumbers.example_number_for_non_geo_entity(code)
        if example is not None:
            found.append(example)
    found.append(phonenumbers.PhoneNumber(country_code=999, national_number=1234567))  # no such country code
    return found


def test_region_and_type_agree_with_the_public_functions() -> None:
    checked = numbers()
    assert len(checked) > 5000
    for number in checked:
        region, kind = region_and_type(number)
        assert region == phonenumbers.region_code_for_number(number), number
        valid = phonenumbers.is_valid_number(number)
        assert (kind is not None) == valid, number
        if valid:
            assert kind == phonenumbers.number_type(number), number
