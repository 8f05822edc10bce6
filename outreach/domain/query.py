"""The search syntax shared by the window's search field, `contacts search` and send-list queries.

    beat:climate country:GB org:"Metro Wire" role:journalist smith

Known `field:value` pairs filter; everything else is searched for literally (as substrings of
name, organisation, e-mail, phone digits and beats). Quotes group words; no character is an
operator -- `*`, apostrophes, AND/OR/NEAR are just text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FIELDS: dict[str, str] = {
    "beat": "beat",
    "tag": "beat",
    "country": "country",
    "org": "org",
    "organisation": "org",
    "organization": "org",
    "role": "role",
    "name": "name",
    "title": "title",
    "email": "email",
    "phone": "phone",
    "is": "is",
}
IS_VALUES = ("dnc", "invalid", "valid", "deleted")

_TOKEN = re.compile(r'(?:(?P<field>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)"?|(?P<bare>\S+))')


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[str, ...] = ()
    filters: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.filters

    def values(self, name: str) -> list[str]:
        return [v for f, v in self.filters if f == name]


def parse_query(text: str) -> SearchQuery:
    terms: list[str] = []
    filters: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text or ""):
        name = (match.group("field") or "").lower()
        value = match.group("quoted") if match.group("quoted") is not None else match.group("bare") or ""
        value = value.strip()
        if name and name in FIELDS and value:
            filters.append((FIELDS[name], value))
        elif name and name not in FIELDS:
            # "http://x" or "note:thing": not a filter, so the whole token is literal text.
            terms.append(match.group(0).strip('"'))
        elif value:
            terms.append(value)
    return SearchQuery(tuple(t for t in terms if t), tuple(filters))


def digits_of(text: str) -> str:
    return re.sub(r"\D", "", text)


def looks_like_phone(term: str) -> bool:
    """A term of digits and phone punctuation ("875-9381", "+44 20") searches phone digits."""
    return bool(re.fullmatch(r"[+()\d][\d\s().\-/]*", term)) and len(digits_of(term)) >= 3
