"""`outreach contacts recheck`."""

from __future__ import annotations

from outreach.settings import default_region
from outreach.store import recheck as store_recheck
from outreach.store.database import Database
from outreach.store.recheck import RecheckReport


def recheck_all(db: Database) -> RecheckReport:
    with db.session() as session:
        return store_recheck.recheck(session, default_region())
