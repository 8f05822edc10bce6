"""The suppression list and the erasure log: keyed hashes of addresses, never the addresses.

Every database has its own secret (generated once, kept in ``app_meta``); an address is stored
as HMAC-SHA256(secret, normalized lower-cased address). The same address in another database
hashes differently, and the hash alone does not give the address back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from outreach.domain.emails import check_email, clean_email_text, email_key
from outreach.store.models import (
    AppMeta,
    Base,
    Contact,
    ContactEmail,
    Erasure,
    OutreachEvent,
    Release,
    ReleaseContact,
    SendList,
    SendListMember,
    Suppression,
    table,
)
from outreach.store.types import utcnow

SECRET_KEY = "suppression_secret"
HASH_CHUNK = 500


def secret(session: Session) -> bytes:
    """This database's HMAC key, generated on first use."""
    cached = session.info.get(SECRET_KEY)
    if isinstance(cached, bytes):
        return cached
    value = session.scalar(select(AppMeta.value).where(AppMeta.key == SECRET_KEY))
    if not value:
        candidate = secrets.token_hex(32)
        try:
            with session.begin_nested():
                session.execute(insert(table(AppMeta)).values(key=SECRET_KEY, value=candidate))
            value = candidate
        except IntegrityError:  # another writer made it first: use theirs
            value = session.scalar(select(AppMeta.value).where(AppMeta.key == SECRET_KEY))
    assert value
    key = bytes.fromhex(value)
    session.info[SECRET_KEY] = key
    return key


def address_key(address: str) -> str:
    """The normalized, lower-cased form of an address as written (what gets hashed)."""
    check = check_email(address)
    if check.key:
        return check.key
    return email_key(clean_email_text(address))


def hash_key(key: bytes, normalized: str) -> str:
    return hmac.digest(key, normalized.encode("utf-8"), hashlib.sha256).hex()


def address_hash(session: Session, address: str) -> str:
    return hash_key(secret(session), address_key(address))


def suppress_hashes(session: Session, hashes: Iterable[str], reason: str) -> int:
    """Add hashes to the suppression list (those already there stay as they are). Returns how many were new."""
    wanted = sorted(set(hashes))
    if not wanted:
        return 0
    known = set(_existing(session, wanted))
    new = [h for h in wanted if h not in known]
    if new:
        session.execute(insert(table(Suppression)),
                        [{"key_hash": h, "reason": reason, "created_at": utcnow()} for h in new])
    return len(new)


def suppress(session: Session, address: str, reason: str) -> str:
    digest = address_hash(session, address)
    suppress_hashes(session, [digest], reason)
    return digest


def _existing(session: Session, hashes: list[str]) -> list[str]:
    found: list[str] = []
    for start in range(0, len(hashes), HASH_CHUNK):
        chunk = hashes[start:start + HASH_CHUNK]
        found += session.scalars(select(Suppression.key_hash).where(Suppression.key_hash.in_(chunk)))
    return found


def suppressed_keys(session: Session, keys: Iterable[str]) -> set[str]:
    """Which of these normalized keys are on the suppression list."""
    wanted = {k for k in keys if k}
    if not wanted:
        return set()
    listed = int(session.scalar(select(func.count()).select_from(Suppression)) or 0)
    if not listed:
        return set()
    key = secret(session)
    by_hash = {hash_key(key, k): k for k in wanted}
    if listed <= len(by_hash):  # a short list: read it whole rather than look up in chunks
        return {by_hash[h] for h in session.scalars(select(Suppression.key_hash)) if h in by_hash}
    return {by_hash[h] for h in _existing(session, list(by_hash))}


def is_suppressed(session: Session, address: str) -> bool:
    """True when this address must not come back (erased, or opted out). For importers to call."""
    normalized = address_key(address)
    return bool(normalized) and bool(suppressed_keys(session, [normalized]))


def contact_hashes(session: Session, contact_id: int) -> list[str]:
    """The hashes of every address a contact holds (valid or not)."""
    key = secret(session)
    rows = session.execute(select(ContactEmail.key, ContactEmail.raw).where(ContactEmail.contact_id == contact_id))
    keys = {k or address_key(raw) for k, raw in rows}
    return sorted(hash_key(key, k) for k in keys if k)


def erase_contact(session: Session, contact_id: int) -> list[str]:
    """Delete a person and all held about them; suppress and log their addresses by hash. Returns the hashes."""
    hashes = contact_hashes(session, contact_id)
    suppress_hashes(session, hashes, "erased")
    now = utcnow()
    if hashes:
        session.execute(insert(table(Erasure)), [{"key_hash": h, "erased_at": now} for h in hashes])
    _delete_contacts(session, [contact_id], secure=True)
    return hashes


def _delete_contacts(session: Session, ids: list[int], secure: bool = False) -> None:
    """Delete people and what hangs off them. `secure`: on SQLite, overwrite the freed space and
    rebuild the search index, so the erased values are not left in the file's free pages."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    was_secure = 1
    if secure and sqlite:
        was_secure = int(session.execute(text("PRAGMA secure_delete")).scalar() or 0)
        session.execute(text("PRAGMA secure_delete = ON"))
    # The foreign keys cascade too; deleting explicitly keeps this independent of engine settings.
    for start in range(0, len(ids), HASH_CHUNK):
        chunk = ids[start:start + HASH_CHUNK]
        session.execute(delete(OutreachEvent).where(OutreachEvent.contact_id.in_(chunk)))
        session.execute(delete(SendListMember).where(SendListMember.contact_id.in_(chunk)))
        session.execute(delete(ContactEmail).where(ContactEmail.contact_id.in_(chunk)))
        session.execute(delete(Contact).where(Contact.id.in_(chunk)))
        audit = audit_table()
        if audit is not None:  # the change history holds before/after values of the person too
            session.execute(delete(audit).where(audit.c.entity == "contact", audit.c.entity_id.in_(chunk)))
    if secure and sqlite:
        # FTS5 keeps deleted tokens in its segments until they are merged.
        session.execute(text("INSERT INTO contact_search(contact_search) VALUES ('optimize')"))
        if not was_secure:
            session.execute(text("PRAGMA secure_delete = OFF"))
    session.expire_all()


def audit_table() -> Table | None:
    """The change-history table (team mode), when this version of the schema has one."""
    return Base.metadata.tables.get("audit_log")


def stored_secret(session: Session) -> str | None:
    """The secret as kept (hex), or None when this database never hashed anything."""
    return session.scalar(select(AppMeta.value).where(AppMeta.key == SECRET_KEY)) or None


def erasure_log(session: Session, since: datetime | None = None) -> list[tuple[str, datetime]]:
    stmt = select(Erasure.key_hash, Erasure.erased_at).order_by(Erasure.erased_at, Erasure.id)
    if since is not None:
        stmt = stmt.where(Erasure.erased_at >= since)
    return [(h, at) for h, at in session.execute(stmt)]


class SecretMismatchError(Exception):
    """The erasure log was hashed with another database's secret, so it cannot be matched here."""


def merge_erasure_log(session: Session, secret_hex: str | None, entries: Iterable[tuple[str, datetime]]) -> int:
    """Bring another copy's erasure log (and, if this copy has none, its secret) into this database.

    Used after restoring a backup taken before some erasures: the log of the copy being replaced
    is merged in first. Returns the number of log entries added.
    """
    entries = list(entries)
    if secret_hex:
        mine = stored_secret(session)
        if mine is None:
            session.execute(insert(table(AppMeta)).values(key=SECRET_KEY, value=secret_hex))
            session.info.pop(SECRET_KEY, None)
        elif mine != secret_hex:
            raise SecretMismatchError("the erasure log comes from a different database")
    known = {(h, at) for h, at in session.execute(select(Erasure.key_hash, Erasure.erased_at))}
    new = [{"key_hash": h, "erased_at": at} for h, at in entries if (h, at) not in known]
    if new:
        session.execute(insert(table(Erasure)), new)
    return len(new)


def reapply_erasures(session: Session, since: datetime | None = None) -> list[int]:
    """Delete again anyone holding an address erased (at or after `since`); for after a backup is restored.

    Returns the ids of the contacts removed.
    """
    stmt = select(Erasure.key_hash)
    if since is not None:
        stmt = stmt.where(Erasure.erased_at >= since)
    erased = set(session.scalars(stmt))
    if not erased:
        return []
    # The hashes in the log were made with this database's secret; a restored copy of the same
    # database has the same secret, so hashing every stored address finds them again.
    key = secret(session)
    suppress_hashes(session, erased, "erased")
    doomed: set[int] = set()
    for contact_id, stored_key, raw in session.execute(
        select(ContactEmail.contact_id, ContactEmail.key, ContactEmail.raw)
    ):
        normalized = stored_key or address_key(raw)
        if normalized and hash_key(key, normalized) in erased:
            doomed.add(contact_id)
    ids = sorted(doomed)
    _delete_contacts(session, ids, secure=True)
    return ids


def person_links(session: Session, contact_id: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]],
                                                             list[dict[str, Any]]]:
    """A person's list places, release links and change history, as plain rows (for a privacy export)."""
    memberships = [
        {"list": name, "list_id": list_id, "release_id": release_id, "added_by": added_by,
         "removed_by_hand": removed, "chosen_email_id": email_id}
        for name, list_id, release_id, added_by, removed, email_id in session.execute(
            select(SendList.name, SendList.id, SendList.release_id, SendListMember.added_by, SendListMember.removed,
                   SendListMember.email_id)
            .join(SendListMember, SendListMember.send_list_id == SendList.id)
            .where(SendListMember.contact_id == contact_id).order_by(SendList.name))
    ]
    releases = [
        {"release_id": rid, "title": title, "role": role}
        for rid, title, role in session.execute(
            select(Release.id, Release.title, ReleaseContact.role)
            .join(ReleaseContact, ReleaseContact.release_id == Release.id)
            .where(ReleaseContact.contact_id == contact_id).order_by(Release.id))
    ]
    history: list[dict[str, Any]] = []
    audit = audit_table()
    if audit is not None:
        history = [dict(row._mapping) for row in session.execute(
            select(audit).where(audit.c.entity == "contact", audit.c.entity_id == contact_id).order_by(audit.c.id))]
    return memberships, releases, history
