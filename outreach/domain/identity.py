"""Who is the same person: the one identity rule every import and release intake uses.

Two records are the same person when they share an e-mail address (compared case-insensitively
after normalization), or the same vCard UID, or -- only when the incoming record has no e-mail --
the same E.164 phone number *and* the same name. A shared number alone (a newsroom switchboard)
never makes two people one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from outreach.domain.accents import strip_accents

_HONORIFIC = re.compile(r"^(dr|mr|mrs|ms|mx|prof)\.?\s+")
_NOT_WORD = re.compile(r"[^\w]+")


def name_key(name: str) -> str:
    """Names compared without case, accents, titles or spacing differences."""
    text = name or ""
    text = strip_accents(text)
    text = _HONORIFIC.sub("", text.casefold().strip())
    return _NOT_WORD.sub(" ", text).strip()


class IdentityKeys(NamedTuple):
    """The facts about one record that the identity rule looks at.

    (A named tuple: an import makes one per row and per stored person it meets, and a frozen
    dataclass costs several times as much to create.)
    """

    email_keys: frozenset[str] = frozenset()
    uid: str | None = None
    phones: frozenset[str] = frozenset()  # E.164
    name: str = ""

    @classmethod
    def of(
        cls,
        *,
        emails: Iterable[str] = (),
        uid: str | None = None,
        phones: Iterable[str] = (),
        name: str = "",
    ) -> IdentityKeys:
        return cls(
            email_keys=frozenset(e.strip().casefold() for e in emails if e and e.strip()),
            uid=(uid or "").strip() or None,
            phones=frozenset(p for p in phones if p),
            name=name_key(name),
        )

    def phone_name_keys(self) -> set[tuple[str, str]]:
        """Keys that may only be used when this record has no e-mail (see module doc)."""
        if self.email_keys or not self.name:
            return set()
        return {(p, self.name) for p in self.phones}


def same_person(incoming: IdentityKeys, existing: IdentityKeys) -> bool:
    if incoming.email_keys & existing.email_keys:
        return True
    if incoming.uid and incoming.uid == existing.uid:
        return True
    if incoming.email_keys or not incoming.name:
        return False
    return bool(incoming.phones & existing.phones) and incoming.name == existing.name


class IdentityIndex:
    """An in-memory index answering "which known person is this?" for a batch of records.

    Imports fill it with the people already stored that could match, then feed it every
    incoming record in order, so repeated rows inside one file also resolve to one person.
    """

    def __init__(self) -> None:
        self._by_email: dict[str, int] = {}
        self._by_uid: dict[str, int] = {}
        self._by_phone_name: dict[tuple[str, str], int] = {}

    def add(self, person: int, keys: IdentityKeys) -> None:
        for key in keys.email_keys:
            self._by_email.setdefault(key, person)
        if keys.uid:
            self._by_uid.setdefault(keys.uid, person)
        if keys.name:
            for phone in keys.phones:
                self._by_phone_name.setdefault((phone, keys.name), person)

    def add_stored(self, person: int, keys: IdentityKeys) -> None:
        """Add a stored person (id >= 0): of two stored people with the same key, the lower id holds it.

        Loaded all at once in id order, that is what :meth:`add` gives; an import loads them a slice at
        a time, and this keeps the answer independent of which slice found whom first.
        """
        def take(index: dict[Any, int], key: Any) -> None:
            holder = index.get(key)
            if holder is None or 0 <= person < holder:
                index[key] = person

        for key in keys.email_keys:
            take(self._by_email, key)
        if keys.uid:
            take(self._by_uid, keys.uid)
        if keys.name:
            for phone in keys.phones:
                take(self._by_phone_name, (phone, keys.name))

    def find(self, keys: IdentityKeys) -> int | None:
        for key in sorted(keys.email_keys):
            if key in self._by_email:
                return self._by_email[key]
        if keys.uid and keys.uid in self._by_uid:
            return self._by_uid[keys.uid]
        for pair in sorted(keys.phone_name_keys()):
            if pair in self._by_phone_name:
                return self._by_phone_name[pair]
        return None
