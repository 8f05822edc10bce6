"""E-mail address validation on top of email-validator (syntax only; no DNS here).

Deliverability (MX look-ups) is a separate, explicit operation in
:mod:`outreach.services.deliverability`; it never runs on import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import email_validator
from email_validator import EmailNotValidError

EMAIL_VALIDATOR_VERSION: str = email_validator.__version__

# Misspellings of the big mailbox providers that people really type. Each maps to the domain meant.
TYPO_DOMAINS: dict[str, str] = {
    "gmial.com": "gmail.com",
    "gmai.com": "gmail.com",
    "gmal.com": "gmail.com",
    "gamil.com": "gmail.com",
    "gnail.com": "gmail.com",
    "gmail.co": "gmail.com",
    "gmail.cm": "gmail.com",
    "gmail.con": "gmail.com",
    "gmaill.com": "gmail.com",
    "googlemail.co": "googlemail.com",
    "yaho.com": "yahoo.com",
    "yahooo.com": "yahoo.com",
    "yahoo.co": "yahoo.com",
    "yahoo.con": "yahoo.com",
    "yhoo.com": "yahoo.com",
    "hotmial.com": "hotmail.com",
    "hotmal.com": "hotmail.com",
    "hotmil.com": "hotmail.com",
    "hotmail.co": "hotmail.com",
    "hotmail.con": "hotmail.com",
    "hotmali.com": "hotmail.com",
    "outlok.com": "outlook.com",
    "outloo.com": "outlook.com",
    "outlook.co": "outlook.com",
    "outlook.con": "outlook.com",
    "iclod.com": "icloud.com",
    "icoud.com": "icloud.com",
    "icloud.co": "icloud.com",
    "protonmail.co": "protonmail.com",
    "protonmial.com": "protonmail.com",
    "aol.co": "aol.com",
    "comcast.ent": "comcast.net",
    "verizon.ent": "verizon.net",
}
# Top-level domains that are almost always a slip of the finger for .com / .org / .net.
TYPO_TLDS: dict[str, str] = {
    "con": "com", "cmo": "com", "ocm": "com", "vom": "com", "xom": "com", "comm": "com",
    "ogr": "org", "orgg": "org", "nte": "net", "ent": "net",
}


@dataclass(frozen=True, slots=True)
class EmailCheck:
    raw: str
    normalized: str | None = None
    valid: bool = False
    message: str = ""
    suggestion: str | None = None

    @property
    def key(self) -> str | None:
        """The identity key: the normalized address compared case-insensitively."""
        return email_key(self.normalized) if self.normalized else None

    @property
    def domain(self) -> str | None:
        address = self.normalized or ""
        return address.rpartition("@")[2].lower() or None

    @property
    def typo(self) -> bool:
        return self.suggestion is not None


def email_key(address: str) -> str:
    return address.strip().casefold()


def clean_email_text(raw: str) -> str:
    """Strip what surrounds an address when copied: mailto:, angle brackets, spaces, trailing dots."""
    text = raw.strip().replace("\u200b", "").replace("\u00a0", "")
    previous = None
    while text != previous:
        previous = text
        text = text.strip("<>()[]\"' \t").rstrip(".,;:")
        if text[:7].lower() == "mailto:":
            text = text[7:].split("?", 1)[0]
    return text


def check_email(raw: str) -> EmailCheck:
    """Validate one address as written; never raises."""
    return _check_email_cached(raw)


@lru_cache(maxsize=131072)
def _check_email_cached(raw: str) -> EmailCheck:
    return check_email_with(raw, _validate)


def _validate(text: str) -> Any:
    return email_validator.validate_email(text, check_deliverability=False)


def check_email_with(raw: str, validate: Callable[[str], Any]) -> EmailCheck:
    """:func:`check_email` with `validate` in place of email-validator's validate_email (imports pass
    one that checks each domain once; it must give the same results)."""
    text = clean_email_text(raw)
    if not text:
        return EmailCheck(raw=raw, message="empty e-mail address")
    if text[0] in "=+-@":
        # A spreadsheet formula pasted into an address field (=HYPERLINK(...)) is never an address.
        return EmailCheck(raw=raw, message="looks like a spreadsheet formula, not an e-mail address")
    try:
        result = validate(text)
    except EmailNotValidError as exc:
        return EmailCheck(raw=raw, message=_humane(str(exc), text))
    normalized = result.normalized
    suggestion = typo_suggestion(normalized)
    message = f"did you mean {suggestion}?" if suggestion else ""
    return EmailCheck(raw=raw, normalized=normalized, valid=True, message=message, suggestion=suggestion)


def typo_suggestion(address: str) -> str | None:
    local, _, domain = address.rpartition("@")
    domain = domain.lower()
    fixed = TYPO_DOMAINS.get(domain)
    if fixed is None:
        head, _, tld = domain.rpartition(".")
        if head and tld in TYPO_TLDS:
            fixed = f"{head}.{TYPO_TLDS[tld]}"
    return f"{local}@{fixed}" if fixed else None


def _humane(message: str, text: str) -> str:
    if "@" not in text:
        return "no @-sign: not an e-mail address"
    return message.rstrip(".").replace("The part after the @-sign", "the domain").replace(
        "The part before the @-sign", "the name before @"
    ).replace("The email address", "the address")
