"""What a person is, as typed in or read from a file, before it is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class EmailInput:
    raw: str
    label: str = ""
    primary: bool = False


@dataclass(slots=True)
class PhoneInput:
    raw: str
    label: str = ""  # work, mobile, fax, home, switchboard...
    primary: bool = False


@dataclass(slots=True)
class ContactInput:
    display_name: str = ""
    given_name: str = ""
    family_name: str = ""
    title: str = ""
    role: str = "journalist"
    organization: str = ""
    country: str = ""
    time_zone: str = ""
    preferred_channel: str = ""
    socials: dict[str, str] = field(default_factory=dict)
    notes: str = ""
    do_not_contact: bool = False
    dnc_reason: str = ""
    dnc_date: date | None = None
    source: str = "typed"
    source_detail: str = ""
    consent_basis: str = ""
    last_verified: date | None = None
    uid: str | None = None
    tags: list[str] = field(default_factory=list)
    emails: list[EmailInput] = field(default_factory=list)
    phones: list[PhoneInput] = field(default_factory=list)

    def name(self) -> str:
        """The display name, or one built from the parts, or the first address."""
        if self.display_name.strip():
            return " ".join(self.display_name.split())
        joined = " ".join(p for p in (self.given_name.strip(), self.family_name.strip()) if p)
        if joined:
            return joined
        if self.emails:
            return self.emails[0].raw.strip()
        return self.phones[0].raw.strip() if self.phones else ""


def split_name(name: str) -> tuple[str, str]:
    """A best guess at (given, family) for a display name; "Family, Given" is understood."""
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return given.strip(), family.strip()
    parts = name.rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (name, "")
