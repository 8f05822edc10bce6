"""Turning a parsed SearchQuery into SQL conditions on contacts, per engine.

SQLite searches an FTS5 trigram index (substring match, 3+ characters); PostgreSQL a pg_trgm
GIN index behind ILIKE. Shorter terms fall back to LIKE. Every value is a bound parameter and
LIKE wildcards are escaped, so search text is always taken literally.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, select, text, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from outreach.domain.query import SearchQuery, digits_of, looks_like_phone
from outreach.store.models import Contact, ContactEmail, Tag, contact_tags
from outreach.store.summaries import fold

SORT_COLUMNS: dict[str, InstrumentedAttribute[Any]] = {
    "name": Contact.sort_name,
    "org": Contact.org_name,
    "title": Contact.title,
    "beats": Contact.beats_text,
    "email": Contact.primary_email,
    "phone": Contact.primary_phone,
    "time_zone": Contact.time_zone,
    "created": Contact.created_at,
    "id": Contact.id,
}


def like_pattern(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column: ColumnElement[str] | InstrumentedAttribute[str], value: str) -> ColumnElement[bool]:
    return column.like(like_pattern(value), escape="\\")


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def search_terms(query: SearchQuery) -> list[str]:
    terms = [digits_of(t) if looks_like_phone(t) else fold(t) for t in query.terms]
    terms += [digits_of(v) for v in query.values("phone")]
    return [t for t in terms if t.strip()]


def conditions(session: Session, query: SearchQuery) -> list[ColumnElement[bool]]:
    dialect = session.get_bind().dialect.name
    where: list[ColumnElement[bool]] = []
    flags = {v.lower() for v in query.values("is")}
    where.append(Contact.deleted_at.is_not(None) if "deleted" in flags else Contact.deleted_at.is_(None))
    if "dnc" in flags:
        where.append(Contact.do_not_contact.is_(True))
    if "invalid" in flags:
        where.append(Contact.has_invalid.is_(True))
    if "valid" in flags:
        where.append(Contact.has_invalid.is_(False))

    terms = search_terms(query)
    long_terms = [t for t in terms if len(t) >= 3]
    if dialect == "sqlite" and long_terms:
        match = " ".join(_fts_phrase(t) for t in long_terms)
        where.append(Contact.id.in_(
            select(text("rowid")).select_from(text("contact_search"))
            .where(text("contact_search MATCH :fts_match").bindparams(fts_match=match))
        ))
        terms = [t for t in terms if len(t) < 3]
    for term in terms:
        where.append(_contains(Contact.search_text, term))

    for value in query.values("beat"):
        where.append(exists().where(
            contact_tags.c.contact_id == Contact.id,
            contact_tags.c.tag_id == Tag.id,
            Tag.key == value.strip().lower(),
        ))
    countries = [v.strip().upper() for v in query.values("country")]
    if countries:
        where.append(Contact.country.in_(countries))
    roles = [v.strip().lower() for v in query.values("role")]
    if roles:
        where.append(Contact.role.in_(roles))
    for value in query.values("org"):
        where.append(_contains(func.lower(Contact.org_name), value.lower()))
    for value in query.values("name"):
        where.append(_contains(Contact.sort_name, fold(value)))
    for value in query.values("title"):
        where.append(_contains(func.lower(Contact.title), value.lower()))
    for value in query.values("email"):
        where.append(exists().where(
            ContactEmail.contact_id == Contact.id, _contains(ContactEmail.key, value.strip().casefold())
        ))
    return where or [true()]


def combined(session: Session, query: SearchQuery) -> ColumnElement[bool]:
    parts = conditions(session, query)
    return and_(*parts) if parts else false()
