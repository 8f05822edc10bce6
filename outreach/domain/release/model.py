"""The result of checking a press release: contacts, channels and problems, each with its span.

Every span is ``(start, end)`` in the ORIGINAL text given to :func:`parse_release`, so a window
can highlight ``text[start:end]`` in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]

# The problem kinds that count as problems (the exit code of `release check`, the scorer).
SCORED_KINDS: frozenset[str] = frozenset(
    {
        "invalid_phone",
        "invalid_email",
        "typo_domain",
        "missing_contact_block",
        "contact_without_channel",
        "domain_mismatch",
    }
)


@dataclass(frozen=True, slots=True)
class ReleaseEmail:
    address: str  # the address read from the text (de-obfuscated), before validation
    normalized: str | None
    raw: str  # exactly as written
    valid: bool
    message: str
    span: Span
    suggestion: str | None = None
    obfuscated: bool = False

    @property
    def domain(self) -> str | None:
        if not self.normalized:
            return None
        return self.normalized.rpartition("@")[2].lower() or None

    def to_json(self) -> dict[str, Any]:
        return {
            "address": self.normalized or self.address,
            "normalized": self.normalized,
            "raw": self.raw,
            "valid": self.valid,
            "message": self.message,
            "suggestion": self.suggestion,
            "span": list(self.span),
        }


@dataclass(frozen=True, slots=True)
class ReleasePhone:
    raw: str  # exactly as written (may hold a line break when split over two lines)
    e164: str | None
    extension: str | None
    kind: str  # phone | mobile | fax | tollfree
    valid: bool
    message: str
    span: Span
    number_type: str = "unknown"
    suggestion: str | None = None
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "e164": self.e164,
            "extension": self.extension,
            "kind": self.kind,
            "valid": self.valid,
            "message": self.message,
            "number_type": self.number_type,
            "suggestion": self.suggestion,
            "span": list(self.span),
        }


@dataclass(slots=True)
class MediaContact:
    name: str | None
    title: str | None = None
    organization: str | None = None
    emails: list[ReleaseEmail] = field(default_factory=list)
    phones: list[ReleasePhone] = field(default_factory=list)
    span: Span = (0, 0)
    name_span: Span | None = None

    @property
    def has_channel(self) -> bool:
        return any(e.valid for e in self.emails) or any(p.valid for p in self.phones)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "organization": self.organization,
            "emails": [e.to_json() for e in self.emails],
            "phones": [p.to_json() for p in self.phones],
            "span": list(self.span),
        }


@dataclass(frozen=True, slots=True)
class Problem:
    kind: str
    text: str
    message: str
    span: Span

    @property
    def scored(self) -> bool:
        return self.kind in SCORED_KINDS

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "message": self.message, "span": list(self.span)}


@dataclass(slots=True)
class ReleaseCheck:
    title: str = ""
    dateline_region: str | None = None
    region: str | None = None
    release_date: str | None = None  # ISO yyyy-mm-dd
    media_contacts: list[MediaContact] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)
    other_phones: list[ReleasePhone] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def scored_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.scored]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "dateline_region": self.dateline_region,
            "region": self.region,
            "release_date": self.release_date,
            "media_contacts": [c.to_json() for c in self.media_contacts],
            "organizations": list(self.organizations),
            "websites": list(self.websites),
            "other_phones": [p.to_json() for p in self.other_phones],
            "problems": [p.to_json() for p in self.problems],
        }
