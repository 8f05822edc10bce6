"""`outreach demo`: fill a database with realistic, fictional journalists and organisations.

Messy on purpose, like users' data: mixed phone formats, shared newsroom switchboards, a few
invalid numbers and addresses, about 5% do-not-contact. Deterministic for a given seed.
"""

from __future__ import annotations

import multiprocessing
import random
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from outreach.domain.contact import EmailInput, PhoneInput
from outreach.domain.phones import time_zone_for
from outreach.services import demo_data as data
from outreach.store.bulk import PreparedContact, insert_contacts
from outreach.store.contacts_write import email_values, phone_values
from outreach.store.database import Database
from outreach.store.summaries import fold

FORMATS = (PhoneNumberFormat.E164, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL)


@dataclass
class _Outlet:
    name: str
    domain: str
    country: str
    switchboard: str


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", ascii_text.lower()) or "x"


def _number(rng: random.Random, region: str, kind: int) -> str:
    example = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(region)
    if example is None:
        return ""
    # Perturbing the last digits of the library's example keeps most numbers in a valid range;
    # the misses stay, as in real lists, and validation flags them.
    national = str(example.national_number)
    tail = 6 if len(national) >= 10 else 4
    example.national_number = int(national[:-tail] + f"{rng.randrange(10 ** tail):0{tail}d}")
    text = phonenumbers.format_number(example, rng.choice(FORMATS))
    return text.replace(" ", rng.choice(" .- ")) if rng.random() < 0.3 else text


def _outlets(rng: random.Random, count: int) -> list[_Outlet]:
    outlets: dict[str, _Outlet] = {}
    countries = list(data.CITIES)
    while len(outlets) < count:
        country = rng.choice(countries)
        name = rng.choice(data.OUTLET_PATTERNS).format(
            city=rng.choice(data.CITIES[country]), noun=rng.choice(data.OUTLET_NOUNS), n=rng.randint(2, 12))
        if name in outlets:
            name = f"{name} {country}"
            if name in outlets:
                continue
        domain = f"{_slug(name.removeprefix('The '))}.example"
        outlets[name] = _Outlet(name, domain, country, _number(rng, country, PhoneNumberType.FIXED_LINE))
    return list(outlets.values())


CHUNK = 10_000


def generate(count: int, seed: int = 1, part: int = 0, total: int | None = None) -> list[PreparedContact]:
    """`count` people; `part` numbers a chunk of a larger set (its own random stream, shared outlets)."""
    outlets = _outlets(random.Random(seed), max(20, min(3000, (total or count) // 30)))
    rng = random.Random(f"{seed}:{part}")
    cultures = list(data.GIVEN)
    region_of: Callable[[str], str] = lambda c: rng.choice(data.CULTURE_COUNTRIES[c])  # noqa: E731
    prepared: list[PreparedContact] = []
    for i in range(count):
        culture = rng.choice(cultures)
        given, family = rng.choice(data.GIVEN[culture]), rng.choice(data.FAMILY[culture])
        spokesperson = rng.random() < 0.08
        if spokesperson:
            org_name = rng.choice(data.NONPROFITS)
            country = region_of(culture)
            domain, switchboard = f"{_slug(org_name)}.example", ""
            title = rng.choice(data.SPOKES_TITLES)
        else:
            outlet = rng.choice(outlets)
            org_name, country, domain, switchboard = outlet.name, outlet.country, outlet.domain, outlet.switchboard
            title = rng.choice(data.TITLES)
        serial = part * CHUNK + i
        local = f"{_slug(given)}.{_slug(family)}" if rng.random() < 0.7 else f"{_slug(given)[0]}{_slug(family)}"
        emails = [EmailInput(f"{local}{serial}@{domain}", "work", True)]
        if rng.random() < 0.25:
            webmail = rng.choice(["gmail.com", "outlook.com", "proton.me"])
            emails.append(EmailInput(f"{local}{serial}@{webmail}", "home"))
        roll = rng.random()
        if roll < 0.008:
            emails[0].raw = f"{local}{serial}.{domain}"  # the @ lost: invalid
        elif roll < 0.014:
            emails[0].raw = f"{local}{serial}@gmial.com"  # a typo domain
        phones = []
        if rng.random() < 0.85:
            phones.append(PhoneInput(_number(rng, country, PhoneNumberType.FIXED_LINE), "work", True))
        if rng.random() < 0.5:
            phones.append(PhoneInput(_number(rng, country, PhoneNumberType.MOBILE), "mobile"))
        if switchboard and rng.random() < 0.15:
            phones.append(PhoneInput(switchboard, "switchboard"))
        if phones and rng.random() < 0.02:
            phones[0].raw = phones[0].raw[:-5]  # cut short: invalid
        beats = rng.sample(data.BEATS, rng.choice((1, 1, 2, 3)))
        dnc = rng.random() < 0.05
        email_rows = [email_values(e, n) for n, e in enumerate(emails)]
        others = (country,)
        phone_rows = [phone_values(p, n, country, others) for n, p in enumerate(phones)]
        zone = next((z for z in (time_zone_for(p["e164"]) for p in phone_rows if p["status"] == "valid") if z), "")
        name = f"{given} {family}"
        prepared.append(PreparedContact(
            columns={
                "display_name": name, "sort_name": fold(name), "given_name": given, "family_name": family,
                "title": title, "role": "spokesperson" if spokesperson else "journalist", "country": country,
                "time_zone": zone, "time_zone_inferred": bool(zone), "source": "demo",
                "do_not_contact": dnc, "dnc_reason": "asked not to be contacted" if dnc else "",
                "socials": {"x": f"@{local[:12]}"} if rng.random() < 0.3 else {},
            },
            organization=org_name,
            emails=email_rows,
            phones=phone_rows,
            tags=beats,
        ))
    return prepared


def _chunk(args: tuple[int, int, int, int]) -> list[PreparedContact]:
    count, seed, part, total = args
    return generate(count, seed, part, total)


def fill(db: Database, count: int, seed: int = 1) -> int:
    """Generate in worker processes (validation is CPU-bound) while this one inserts, in one transaction."""
    jobs = [(min(CHUNK, count - start), seed, n, count) for n, start in enumerate(range(0, count, CHUNK))]
    added = 0
    with db.session() as session:
        if len(jobs) == 1:
            added += len(insert_contacts(session, _chunk(jobs[0])))
        else:
            with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
                for prepared in pool.map(_chunk, jobs):
                    added += len(insert_contacts(session, prepared))
    return added
