"""Deliverability: does each e-mail domain accept mail (MX, or the A/AAAA fallback)?

An explicit operation only -- never part of an import or a check -- because it needs the network.
Each domain is looked up once (per-domain cache) with a short timeout, a few at a time, and the
caller can follow progress and cancel.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from outreach.domain.query import parse_query
from outreach.store.database import Database
from outreach.store.queries.contacts import emails_by_domain

Lookup = Callable[[str], str]  # domain -> "" when it accepts mail, else the reason it does not
Progress = Callable[[int, int], bool]  # (done, total) -> False to cancel

DEFAULT_TIMEOUT = 3.0


def dns_lookup(timeout: float = DEFAULT_TIMEOUT) -> Lookup:
    """The real look-up, through email-validator's MX/A/AAAA and null-MX rules."""
    from email_validator import EmailUndeliverableError, caching_resolver
    from email_validator.deliverability import validate_email_deliverability

    resolver = caching_resolver(timeout=int(max(1, timeout)))

    def lookup(domain: str) -> str:
        try:
            info = validate_email_deliverability(domain, domain, dns_resolver=resolver)
        except EmailUndeliverableError as exc:
            return str(exc)
        unknown = info.get("unknown-deliverability")
        return f"could not be checked ({unknown})" if unknown else ""

    return lookup


@dataclass
class DomainReport:
    domain: str
    problem: str  # empty: accepts mail
    addresses: list[tuple[int, str]] = field(default_factory=list)  # (contact id, address)


@dataclass
class DeliverabilityReport:
    domains_checked: int = 0
    cancelled: bool = False
    failing: list[DomainReport] = field(default_factory=list)


class DomainCache:
    """Per-domain results for the life of the object (a session of the app)."""

    def __init__(self, lookup: Lookup) -> None:
        self._lookup = lookup
        self._results: dict[str, str] = {}

    def check(self, domain: str) -> str:
        key = domain.lower()
        if key not in self._results:
            self._results[key] = self._lookup(key)
        return self._results[key]


def check_domains(domains: Iterable[str], cache: DomainCache, progress: Progress | None = None,
                  workers: int = 8) -> tuple[dict[str, str], bool]:
    """Look up every domain; returns (domain -> problem, cancelled)."""
    todo = sorted({d.lower() for d in domains if d})
    results: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for done, (domain, problem) in enumerate(zip(todo, pool.map(cache.check, todo), strict=True), 1):
            results[domain] = problem
            if progress is not None and not progress(done, len(todo)):
                pool.shutdown(wait=False, cancel_futures=True)
                return results, True
    return results, False


def check_contacts(db: Database, query: str, cache: DomainCache,
                   progress: Progress | None = None) -> DeliverabilityReport:
    with db.read() as session:
        by_domain = emails_by_domain(session, parse_query(query))
    results, cancelled = check_domains(by_domain, cache, progress)
    report = DeliverabilityReport(domains_checked=len(results), cancelled=cancelled)
    grouped: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for domain, rows in by_domain.items():
        grouped[domain.lower()].extend(rows)
    report.failing = [DomainReport(d, p, grouped[d]) for d, p in sorted(results.items()) if p]
    return report
