"""Phone-number validation on top of phonenumbers.

A number is checked against the region it was written for (the contact's country or the
default region). When it is invalid there but valid in another plausible region, that region
is offered as a suggestion instead of silently re-interpreting the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult
from phonenumbers import timezone as pn_timezone
from phonenumbers.phonemetadata import PhoneMetadata
from phonenumbers.phonenumberutil import _number_type_helper
from phonenumbers.re_util import re_compile

PHONENUMBERS_VERSION: str = phonenumbers.__version__

_TYPE_NAMES: dict[int, str] = {
    PhoneNumberType.FIXED_LINE: "fixed",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
    PhoneNumberType.UNKNOWN: "unknown",
}

_LETTERS = re.compile(r"[A-Za-z]")
# Extension markers phonenumbers does not know but people write.
_EXT_TAIL = re.compile(r"(?i)\s*(?:ext\.?|x)\s*\d+\s*$")  # an extension at the end: not letters of the number
_EXT_WORDS = re.compile(r"\b(?:extension|durchwahl|poste|ramal)\b\.?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PhoneCheck:
    """The outcome of checking one phone number as written."""

    raw: str
    region: str | None
    e164: str | None = None
    extension: str | None = None
    number_type: str = "unknown"
    valid: bool = False
    possible: bool = False
    message: str = ""
    suggestion: str | None = None
    suggested_region: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def status(self) -> str:
        """'valid', 'possible' (plausible length, unknown range) or 'invalid'."""
        if self.valid:
            return "valid"
        return "possible" if self.possible else "invalid"

    @property
    def digits(self) -> str:
        return (self.e164 or "").lstrip("+")


def region_name(region: str | None) -> str:
    return {"GB": "UK"}.get(region or "", region or "international")


def _a_number_of(region: str | None) -> str:
    name = region_name(region)
    article = "an" if name[:1] in "AEFHILMNORSX" and len(name) == 2 else "a"
    return f"{article} {name} number"


def _reason_message(reason: int, region: str | None) -> str:
    where = _a_number_of(region) if region else "this number"
    return {
        ValidationResult.TOO_SHORT: f"too short for {where}",
        ValidationResult.TOO_LONG: f"too long for {where}",
        ValidationResult.INVALID_COUNTRY_CODE: "unknown country code",
        ValidationResult.INVALID_LENGTH: f"wrong length for {where}",
        ValidationResult.IS_POSSIBLE_LOCAL_ONLY: f"a local number: add the area code ({where})",
    }.get(reason, f"not a valid number for {region_name(region)}")


def _parse_error_message(exc: NumberParseException, region: str | None) -> str:
    return {
        NumberParseException.INVALID_COUNTRY_CODE: (
            "no country: write it with +country code or set a default region"
            if not region
            else "unknown country code"
        ),
        NumberParseException.NOT_A_NUMBER: "not a phone number",
        NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the international prefix",
        NumberParseException.TOO_SHORT_NSN: f"too short for {region_name(region)}",
        NumberParseException.TOO_LONG: "too long to be a phone number",
    }.get(exc.error_type, "not a phone number")


def convert_vanity(raw: str) -> str:
    """Turn letters into keypad digits (1-800-FLOWERS → 1-800-3569377)."""
    return phonenumbers.convert_alpha_characters_in_number(raw)


def _clean(raw: str) -> str:
    text = raw.replace("\u00a0", " ").replace("\u200b", "").strip()
    return _EXT_WORDS.sub(" ext. ", text)


def check_phone(
    raw: str,
    region: str | None = None,
    other_regions: tuple[str, ...] = (),
) -> PhoneCheck:
    """Validate one phone number as written; never raises."""
    return _check_phone_cached(raw, (region or "").upper() or None, tuple(r.upper() for r in other_regions))


@lru_cache(maxsize=65536)
def _check_phone_cached(raw: str, region: str | None, other_regions: tuple[str, ...]) -> PhoneCheck:
    text = _clean(raw)
    warnings: list[str] = []
    # Letters before any extension marker make a vanity number; "ext"/"x" are not letters of the number.
    number_part = _EXT_TAIL.split(text)[0]
    if _LETTERS.search(number_part):
        converted = convert_vanity(text)
        warnings.append(f"vanity number: letters read as keypad digits ({converted})")
        text = converted
    if not text:
        return PhoneCheck(raw=raw, region=region, message="empty phone number")
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as exc:
        return PhoneCheck(
            raw=raw, region=region, message=_parse_error_message(exc, region), warnings=tuple(warnings)
        )
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    extension = number.extension or None
    found_region, found_type = region_and_type(number)
    number_region = found_region or region
    if found_type is not None:
        return PhoneCheck(
            raw=raw,
            region=number_region,
            e164=e164,
            extension=extension,
            number_type=_TYPE_NAMES.get(found_type, "unknown"),
            valid=True,
            possible=True,
            warnings=tuple(warnings),
        )
    reason = phonenumbers.is_possible_number_with_reason(number)
    possible = reason == ValidationResult.IS_POSSIBLE
    message = (
        f"not a valid number for {region_name(number_region)} (no such number range)"
        if possible
        else _reason_message(reason, number_region)
    )
    suggestion, suggested_region = _suggest_other_region(text, region, other_regions)
    if suggestion:
        message += f"; valid as {_a_number_of(suggested_region)}: {suggestion}"
    return PhoneCheck(
        raw=raw,
        region=number_region,
        e164=e164,
        extension=extension,
        possible=possible,
        message=message,
        suggestion=suggestion,
        suggested_region=suggested_region,
        warnings=tuple(warnings),
    )


def region_and_type(number: phonenumbers.PhoneNumber) -> tuple[str | None, int | None]:
    """(region_code_for_number, number_type) of a valid number, (region, None) of an invalid one.

    Exactly what phonenumbers' is_valid_number and number_type say, in one pass: each of them, and
    region_code_for_number, looks the region up again (for +1 by trying NANPA's 25 regions in turn)
    and is_valid_number and number_type both match the number against every type's pattern. That
    tripled work was half the cost of checking a number on import. tests/domain/test_phones_fast.py
    compares this with the public functions on every region's example numbers and variations of them.
    """
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(number.country_code or 0)
    if regions is None:
        return None, None
    national = phonenumbers.national_significant_number(number)
    if len(regions) == 1:
        region = regions[0]
    else:
        # region_code_for_number's search of a shared calling code (+1: 25 regions), which works out the
        # number's type in each region without leading digits: the type it finds is the answer too.
        for region in regions:
            shared = PhoneMetadata.metadata_for_region(region.upper(), None)
            if shared is None:
                continue
            if shared.leading_digits is not None:
                if re_compile(shared.leading_digits).match(national):
                    break
            else:
                found = _number_type_helper(national, shared)
                if found != PhoneNumberType.UNKNOWN:
                    return region, found
        else:
            return None, None
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(number.country_code or 0, region.upper())
    if metadata is None or (region != phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY
                            and number.country_code != phonenumbers.country_code_for_valid_region(region)):
        return region, None
    found = _number_type_helper(national, metadata)
    return region, (None if found == PhoneNumberType.UNKNOWN else found)


def _suggest_other_region(
    text: str, region: str | None, other_regions: tuple[str, ...]
) -> tuple[str | None, str | None]:
    if text.lstrip().startswith("+"):
        return None, None  # the writer chose the country; another region cannot apply
    for other in other_regions:
        if not other or other == region:
            continue
        try:
            number = phonenumbers.parse(text, other)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), other
    return None, None


def format_international(e164: str | None, extension: str | None = None) -> str:
    """'+44 20 7946 0958' for display; empty text for no number."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f"{text} ext. {extension}" if extension else text


def time_zone_for(e164: str | None) -> str | None:
    """The single IANA zone a number belongs to, or None when it spans several (US toll-free, mobiles)."""
    if not e164:
        return None
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return None
    zones = [z for z in pn_timezone.time_zones_for_number(number) if z != "Etc/Unknown"]
    return zones[0] if len(zones) == 1 else None


def is_known_region(code: str) -> bool:
    return code.upper() in phonenumbers.SUPPORTED_REGIONS
