"""Organisation rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from outreach.store.errors import NotFoundError
from outreach.store.models import Contact, Organization
from outreach.store.queries.contact_filter import like_pattern


@dataclass(frozen=True, slots=True)
class OrgRow:
    id: int
    name: str
    kind: str
    website: str
    country: str
    notes: str
    people: int


def _rows(session: Session, where: Sequence[ColumnElement[bool]], limit: int | None, offset: int = 0) -> list[OrgRow]:
    people = (
        select(func.count(Contact.id))
        .where(Contact.organization_id == Organization.id, Contact.deleted_at.is_(None))
        .correlate(Organization)
        .scalar_subquery()
    )
    stmt = select(Organization.id, Organization.name, Organization.kind, Organization.website,
                  Organization.country, Organization.notes, people).where(*where)
    stmt = stmt.order_by(Organization.name, Organization.id).offset(offset).limit(limit)
    return [OrgRow(*r) for r in session.execute(stmt)]


def list_orgs(session: Session, text: str = "", limit: int | None = 500, offset: int = 0) -> list[OrgRow]:
    where = [func.lower(Organization.name).like(like_pattern(text.lower()), escape="\\")] if text else []
    return _rows(session, where, limit, offset)


def get_org(session: Session, org_id: int) -> OrgRow:
    rows = _rows(session, [Organization.id == org_id], 1)
    if not rows:
        raise NotFoundError(f"no organisation with id {org_id}")
    return rows[0]


def org_names(session: Session) -> list[str]:
    """Names only, for completion: no per-organisation counting."""
    return list(session.scalars(select(Organization.name).order_by(Organization.name)))
