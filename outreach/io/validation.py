"""Validating many e-mail addresses and phone numbers at once (imports): same results, less work.

:func:`check_email_split` gives exactly what :func:`outreach.domain.emails.check_email` gives, but checks the
domain of an address once per distinct domain: in email-validator most of the time goes into the domain part
(IDNA/UTS-46 checks), and a contact file has a few thousand domains for a hundred thousand addresses. It
follows the steps of ``email_validator.validate_email`` for the default options (split, local part, quoting,
case-insensitive mailbox names, domain, length) and hands every unusual address -- a display name, a quoted
or non-NFC local part, a domain literal, an empty domain -- to ``validate_email`` itself, so those are
exact by construction. tests/io/test_validation.py compares both on thousands of varied addresses.

:func:`check_chunk` is what an import's worker process runs: plain tuples in and out (cheap to pickle).
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import email_validator
import phonenumbers
from email_validator import EmailSyntaxError
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES
from email_validator.syntax import (
    split_email,
    validate_email_domain_name,
    validate_email_length,
    validate_email_local_part,
)
from email_validator.types import ValidatedEmail

from outreach.domain.emails import (
    EMAIL_VALIDATOR_VERSION,
    EmailCheck,
    check_email_with,
    email_key,
)
from outreach.domain.phones import _TYPE_NAMES, PHONENUMBERS_VERSION, check_phone, time_zone_for

EMAIL_CHECKED_WITH = f"email-validator {EMAIL_VALIDATOR_VERSION}"
PHONE_CHECKED_WITH = f"phonenumbers {PHONENUMBERS_VERSION}"

PhoneKey = tuple[str, str, tuple[str, ...]]  # raw, region, other regions
# normalized, key, status, message, suggestion
EmailFacts = tuple[str, str, str, str, str]
# raw (stripped, cut), e164, extension, number_type, status, message, time zone of a valid number ("" if none)
PhoneFacts = tuple[str, str, str, str, str, str, str]


def _library_defaults() -> bool:
    return (email_validator.ALLOW_SMTPUTF8 is True and email_validator.ALLOW_EMPTY_LOCAL is False
            and email_validator.ALLOW_QUOTED_LOCAL is False and email_validator.ALLOW_DOMAIN_LITERAL is False
            and email_validator.ALLOW_DISPLAY_NAME is False and email_validator.STRICT is False
            and email_validator.TEST_ENVIRONMENT is False and email_validator.GLOBALLY_DELIVERABLE is True)


@lru_cache(maxsize=65536)
def _domain(domain_part: str) -> tuple[str, str] | str:
    """(domain, ascii_domain) of a domain part, or the message of the error it raises."""
    try:
        info = validate_email_domain_name(domain_part, test_environment=False, globally_deliverable=True)
    except EmailSyntaxError as exc:
        return str(exc)
    return info["domain"], info["ascii_domain"]


def _split(email: str) -> tuple[str | None, str, str, bool, str]:
    """email-validator's split_email; an ASCII address without quotes or angle brackets is split at its
    first @ as split_email would (its character-by-character scan was a quarter of an address's check)."""
    if email.isascii() and "@" in email and '"' not in email and "<" not in email:
        local, _, domain = email.partition("@")
        return None, local, local, False, domain
    return split_email(email)


def validate_email_split(email: str) -> ValidatedEmail:
    """``email_validator.validate_email(email, check_deliverability=False)``, the domain checked once per domain."""
    if not _library_defaults():
        return email_validator.validate_email(email, check_deliverability=False)
    display_name, original_local, local, quoted, domain_part = _split(email)
    if (display_name is not None or quoted or not domain_part or domain_part.startswith("[")
            or (not local.isascii() and unicodedata.normalize("NFC", local) != local)):
        return email_validator.validate_email(email, check_deliverability=False)
    ret = ValidatedEmail()
    ret.original = original_local + "@" + domain_part
    ret.display_name = None
    info = validate_email_local_part(local, allow_smtputf8=True, allow_empty_local=False, quoted_local_part=False,
                                     strict=False)
    ret.smtputf8 = info["smtputf8"]
    ret.local_part = info["local_part"]
    ret.ascii_local_part = info["ascii_local_part"]
    if ret.ascii_local_part is not None and ret.ascii_local_part.lower() in CASE_INSENSITIVE_MAILBOX_NAMES \
            and ret.local_part is not None:
        ret.ascii_local_part = ret.ascii_local_part.lower()
        ret.local_part = ret.local_part.lower()
    domain = _domain(domain_part)
    if isinstance(domain, str):
        raise EmailSyntaxError(domain)
    ret.domain, ret.ascii_domain = domain
    ret.normalized = ret.local_part + "@" + ret.domain
    ret.ascii_email = (ret.ascii_local_part + "@" + ret.ascii_domain
                       if ret.ascii_local_part and ret.ascii_domain else None)
    validate_email_length(ret)
    return ret


def check_email_split(raw: str) -> EmailCheck:
    """:func:`outreach.domain.emails.check_email`, with :func:`validate_email_split` underneath."""
    return check_email_with(raw, validate_email_split)


def email_facts(raw: str) -> EmailFacts:
    check = check_email_split(raw)
    return (check.normalized or "", email_key(check.normalized) if check.normalized else "",
            "valid" if check.valid else "invalid", check.message, check.suggestion or "")


_TYPE_OF_NAME = {name: number_type for number_type, name in _TYPE_NAMES.items()}
_UNKNOWN_ZONE = "Etc/Unknown"


def zone_of(e164: str, number_type: str) -> str:
    """``time_zone_for(e164) or ""`` for a valid number, from the type check_phone already found.

    time_zone_for parses the number again and works out its type again (about 25 µs); the type is
    known, and the rest is phonenumbers' prefix look-up in its time-zone table, done here the same way.
    """
    from phonenumbers import timezone as pn_timezone

    ntype = _TYPE_OF_NAME.get(number_type)
    digits = e164[1:]
    if ntype is None or not e164.startswith("+") or not digits.isdigit():
        return time_zone_for(e164) or ""
    if ntype == phonenumbers.PhoneNumberType.UNKNOWN:
        return ""
    code = 0
    for size in (1, 2, 3):
        if int(digits[:size]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            code = int(digits[:size])
            break
    if not code:
        return time_zone_for(e164) or ""
    data, longest = pn_timezone.TIMEZONE_DATA, pn_timezone.TIMEZONE_LONGEST_PREFIX  # type: ignore[attr-defined]
    # time_zones_for_geographical_number looks up e164[1:1 + n], the country-level look-up str(cc)[:1 + n].
    key, extra = (digits, 0) if phonenumbers.is_number_type_geographical(ntype, code) else (str(code), 1)
    zones: tuple[str, ...] = (_UNKNOWN_ZONE,)
    for size in range(longest, 0, -1):
        prefix = key[:size + extra]
        if prefix in data:
            zones = data[prefix]
            break
    found = [z for z in zones if z != _UNKNOWN_ZONE]
    return found[0] if len(found) == 1 else ""


def phone_facts(key: PhoneKey) -> PhoneFacts:
    raw, region, others = key
    check = check_phone(raw, region, others)
    message = "; ".join([m for m in (check.message, *check.warnings) if m]) if check.warnings else check.message or ""
    status = check.status
    zone = zone_of(check.e164, check.number_type) if status == "valid" and check.e164 else ""
    return (raw.strip()[:200], check.e164 or "", check.extension or "", check.number_type, status, message[:500],
            zone)


def enable_caches() -> None:
    """Keep phonenumbers' compiled metadata patterns (the re module's cache of 512 is too small for many
    regions, so each check recompiled some); results are the same."""
    import phonenumbers

    phonenumbers.enable_pattern_cache()


def lower_priority() -> None:
    """What an import's validation worker runs first: a lower priority. The importing process, which
    matches and writes while the workers check the rest of the file, is the one everything waits for
    (100k rows here: nice 0 gave 12.5-13.0 s, nice 10 11.7 s, alternating runs). It lives here, not beside
    the importer, so that a worker imports only this light module (the importer's imports cost each
    worker 0.45 s of CPU before its first check)."""
    import contextlib
    import os

    with contextlib.suppress(AttributeError, OSError):  # not on this platform, or not allowed: just slower
        os.nice(10)


def check_chunk(emails: list[str], phones: list[PhoneKey]) -> tuple[list[EmailFacts], list[PhoneFacts], datetime]:
    """Facts of each value, in order, and when they were checked (a worker process runs this)."""
    enable_caches()
    return [email_facts(e) for e in emails], [phone_facts(p) for p in phones], datetime.now(UTC)


def email_columns(facts: EmailFacts, raw: str, checked_at: datetime) -> dict[str, Any]:
    """The e-mail's column values as :func:`outreach.store.contacts_write.email_values` gives them."""
    return {"position": 0, "label": "", "is_primary": False, "raw": raw.strip()[:1000], "normalized": facts[0],
            "key": facts[1], "status": facts[2], "message": facts[3], "suggestion": facts[4],
            "checked_at": checked_at, "checked_with": EMAIL_CHECKED_WITH}


def phone_columns(facts: PhoneFacts, checked_at: datetime) -> dict[str, Any]:
    """The phone's column values as :func:`outreach.store.contacts_write.phone_values` gives them."""
    return {"position": 0, "label": "", "is_primary": False, "raw": facts[0], "e164": facts[1],
            "extension": facts[2], "number_type": facts[3], "status": facts[4], "message": facts[5],
            "checked_at": checked_at, "checked_with": PHONE_CHECKED_WITH}
