"""The bulk checks of outreach.io.validation give exactly what the one-at-a-time domain checks give."""

from __future__ import annotations

import random

import pytest

from outreach.domain.contact import EmailInput, PhoneInput
from outreach.domain.emails import _check_email_cached
from outreach.domain.phones import time_zone_for
from outreach.io import validation
from outreach.store.contacts_write import email_values, phone_values

SPECIAL = [
    "", " ", "a@b", "a@b.c", "john.doe@example.com", "John.Doe@Example.COM", "postmaster@EXAMPLE.com",
    "Abuse@example.com", "x@localhost", "x@example", "x@-bad.com", "x@bad-.com", "x@exa_mple.com", "x@@y.com",
    "x@y..com", ".x@y.com", "x.@y.com", "x..y@z.com", '"quoted"@example.com', '"quo ted"@example.com',
    '"a\\"b"@example.com', "Display Name <dn@example.com>", "<dn@example.com>", "x@[127.0.0.1]",
    "x@[IPv6:::1]", "用户@例子.广告", "ü@bücher.de", "ÜBER@BÜCHER.DE", "x@xn--bcher-kva.de", "x@xn--zz.de",
    "cafe\u0301@example.com", "café@example.com", "x@cafe\u0301.com", "a" * 64 + "@example.com",
    "a" * 65 + "@example.com", "x@" + "a" * 63 + ".com", "x@" + "a" * 64 + ".com",
    "x@" + ".".join(["abcdefghi"] * 26) + ".com", "mailto:x@example.com", "<x@example.com>.", "x@gmial.com",
    "x@example.con", "=HYPERLINK(\"http://evil\",\"x\")@x", "+x@y.com", "-x@y.com", "@y.com", "x@", "x at y.com",
    "x@y.com.", "x@y.c", "x@123.com", "x@y.123", "x@ex ample.com", "x y@example.com", "x@example.com\u200b",
    "x\u00a0@example.com", "x@exam\u00adple.com", "x@.com", "x@com", "x@example.invalid", "x@example.local",
    "x@sub.example.test", "\u0130@example.com", "x@\u0130stanbul.com", "ǅ@example.com", "x@ＥＸＡＭＰＬＥ.com",
    "x@example.com@example.com", "a+b@example.com", "a!#$%&'*/=?^_`{|}~@example.com", "\x00@example.com",
    "x@exa\x00mple.com", "x\t@example.com", "x@example.co.uk", "x@مثال.إختبار", "x@пример.рф", "x@ex—ample.com",
]


def addresses(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    locals_ = ["john", "Jane.Doe", "a+tag", "ü", "用户", "O'Neil", "x..y", ".x", "x.", "", "postmaster", "ABUSE",
               "a" * 70, '"q q"', "cafe\u0301", "a b", "x\u00a0y", "ǅ"]
    domains = ["example.com", "Example.COM", "bücher.de", "xn--bcher-kva.de", "例子.广告", "gmial.com", "y.con",
               "localhost", "-bad.com", "exa_mple.com", "y..com", "[127.0.0.1]", "ex ample.com", "x.invalid",
               "a" * 64 + ".com", "пример.рф", "sub.example.org", "123.com", "example", "", "ＥＸＡＭＰＬＥ.com"]
    out = list(SPECIAL)
    for _ in range(n):
        text = rng.choice(locals_) + rng.choice(["@", "@", "@", " at ", "@@", ""]) + rng.choice(domains)
        if rng.random() < 0.1:
            text = rng.choice(["<", " ", "mailto:", "\"", "=", "Name <"]) + text + rng.choice(["", ">", ".", " "])
        out.append(text)
    return out


def test_split_email_check_equals_check_email() -> None:
    values = addresses(6000)
    for raw in values:
        assert validation.check_email_split(raw) == _check_email_cached.__wrapped__(raw), raw


def test_the_fast_split_of_an_address_is_email_validators_own() -> None:
    from email_validator import EmailSyntaxError
    from email_validator.syntax import split_email

    for raw in [*addresses(6000), "a\\b@x.com", "a>b@x.com", "a@b@c", "a(b)@x.com", "@", "a@", "@b", "a b@c d"]:
        text = raw.strip()
        try:
            expected = split_email(text)
        except EmailSyntaxError:
            continue
        assert validation._split(text) == expected, text


def test_split_email_check_on_the_bench_like_rows() -> None:
    # The shapes of the benchmark file: many people at the same outlet domains, some broken.
    rng = random.Random(3)
    domains = [f"outlet{n}.example.{rng.choice(['com', 'co.uk', 'de', 'fr', 'com.br', 'jp'])}" for n in range(50)]
    values = []
    for i in range(4000):
        email = f"given.family{i}@{rng.choice(domains)}"
        roll = rng.random()
        if roll < 0.05:
            email = email.replace("@", " at ")
        elif roll < 0.07:
            email = email.upper()
        values.append(email)
    assert [validation.check_email_split(v) for v in values] == [_check_email_cached.__wrapped__(v) for v in values]


def test_email_facts_match_email_values() -> None:
    for raw in addresses(500, seed=2):
        if not raw.strip():
            continue
        expected = email_values(EmailInput(raw), 0)
        got = validation.email_columns(validation.email_facts(raw), raw, expected["checked_at"])
        assert got == expected


@pytest.mark.parametrize("region", ["US", "GB", "DE"])
def test_phone_facts_match_phone_values(region: str) -> None:
    raws = ["+44 20 7946 0958", "020 7946 0958", "(212) 555-0182", "+1 212 555 0182 ext. 12", "1-800-FLOWERS",
            "12", "", " ", "+49 30 123456", "030 1234567", "+1 800 555 0100", "abc", "+999 123", "+44 7911 123456",
            "020 7946 0958 durchwahl 5", "+33 1 23 45 67 89", "+81 3-1234-5678"]
    for raw in raws:
        for others in ((), ("GB",), ("US", "DE")):
            expected = phone_values(PhoneInput(raw), 0, region, others)
            facts = validation.phone_facts((raw, region, others))
            got = validation.phone_columns(facts, expected["checked_at"])
            assert got == expected
            assert facts[6] == ((time_zone_for(expected["e164"]) or "") if expected["status"] == "valid" else "")


def test_check_chunk_keeps_the_order() -> None:
    emails = addresses(50, seed=4)
    phones = [("+44 20 7946 0958", "US", ()), ("12", "GB", ())]
    e, p, when = validation.check_chunk(emails, phones)
    assert e == [validation.email_facts(x) for x in emails]
    assert p == [validation.phone_facts(x) for x in phones]
    assert when.tzinfo is not None


def test_zone_of_equals_time_zone_for_on_example_numbers_of_every_region_and_type() -> None:
    import phonenumbers

    from outreach.domain.phones import check_phone

    checked = 0
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for number_type in range(12):
            example = phonenumbers.example_number_for_type(region, number_type)
            if example is None:
                continue
            for number in (example, phonenumbers.parse(
                    phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL), region)):
                check = check_phone(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
                                    region)
                if check.status == "valid" and check.e164:
                    assert validation.zone_of(check.e164, check.number_type) == (time_zone_for(check.e164) or "")
                    checked += 1
    assert checked > 400
