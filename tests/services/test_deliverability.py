"""The deliverability check, with a local stand-in for DNS (tests never touch the internet)."""

import threading

from outreach.domain.contact import ContactInput, EmailInput
from outreach.services import contacts
from outreach.services.deliverability import DomainCache, check_contacts, check_domains
from outreach.store.database import Database


class FakeDns:
    def __init__(self, dead: set[str]) -> None:
        self.dead = dead
        self.asked: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, domain: str) -> str:
        with self._lock:
            self.asked.append(domain)
        return "The domain name does not exist." if domain in self.dead else ""


def test_failing_domains_are_reported_with_the_people_behind_them(sqlite_db: Database) -> None:
    a = contacts.add_contact(sqlite_db, ContactInput(display_name="Ann", emails=[EmailInput("ann@gone.example")]))
    contacts.add_contact(sqlite_db, ContactInput(display_name="Bo", emails=[EmailInput("bo@live.example")]))
    contacts.add_contact(sqlite_db, ContactInput(display_name="Cy", emails=[EmailInput("cy@GONE.example")]))
    dns = FakeDns({"gone.example"})
    report = check_contacts(sqlite_db, "", DomainCache(dns))
    assert report.domains_checked == 2
    (failing,) = report.failing
    assert failing.domain == "gone.example" and "does not exist" in failing.problem
    assert sorted(address for _, address in failing.addresses) == ["ann@gone.example", "cy@gone.example"]
    assert a.id in {cid for cid, _ in failing.addresses}


def test_each_domain_is_looked_up_once_per_session() -> None:
    dns = FakeDns(set())
    cache = DomainCache(dns)
    check_domains(["a.example", "A.example", "b.example"], cache)
    check_domains(["a.example"], cache)
    assert sorted(dns.asked) == ["a.example", "b.example"]


def test_the_check_can_be_cancelled() -> None:
    dns = FakeDns(set())
    results, cancelled = check_domains([f"d{i}.example" for i in range(50)], DomainCache(dns),
                                       progress=lambda done, total: done < 3, workers=1)
    assert cancelled and len(results) == 3


def test_invalid_addresses_are_not_looked_up(sqlite_db: Database) -> None:
    contacts.add_contact(sqlite_db, ContactInput(display_name="Ann", emails=[EmailInput("ann@bad,example")]))
    dns = FakeDns(set())
    assert check_contacts(sqlite_db, "", DomainCache(dns)).domains_checked == 0
    assert dns.asked == []
