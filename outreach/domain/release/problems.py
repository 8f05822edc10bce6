"""What is wrong with a release's contacts, each problem pointing at the offending text."""

from __future__ import annotations

import re
import unicodedata

from outreach.domain.identity import name_key
from outreach.domain.release.model import MediaContact, Problem, ReleaseCheck, Span
from outreach.domain.release.websites import registered_domain, same_site


def find_problems(check: ReleaseCheck, title_span: Span) -> list[Problem]:
    problems: list[Problem] = []
    if not check.media_contacts:
        problems.append(
            Problem(
                "missing_contact_block",
                "",
                "no media contact found: add a contact block (name, phone, e-mail) at the end of the release",
                (title_span[0], title_span[0]),
            )
        )
    orgs = {_compact(c.organization) for c in check.media_contacts if c.organization}
    for contact in check.media_contacts:
        problems.extend(_contact_problems(contact, check.websites, len(orgs) > 1))
    problems.sort(key=lambda p: (p.span[0], p.kind))
    return problems


def _who(contact: MediaContact) -> str:
    return contact.name or "the media contact"


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def _sites_of(contact: MediaContact, websites: list[str], several_orgs: bool) -> list[str]:
    """The sites that are this contact's organisation's: all of them for a release from one organisation;
    in a joint release only a site whose name matches the contact's organisation."""
    if not several_orgs:
        return websites
    org = _compact(contact.organization or "")
    if not org:
        return []
    out = []
    for site in websites:
        label = _compact(registered_domain(site).split(".")[0])
        initials = "".join(w[:1] for w in re.findall(r"[A-Za-z]+", contact.organization or "")).lower()
        if label and (label in org or org in label or (len(initials) >= 3 and label.startswith(initials))):
            out.append(site)
    return out


def _contact_problems(contact: MediaContact, websites: list[str], several_orgs: bool) -> list[Problem]:
    out: list[Problem] = []
    sites = _sites_of(contact, websites, several_orgs)
    for phone in contact.phones:
        if not phone.valid:
            out.append(Problem("invalid_phone", phone.raw, f"{_who(contact)}: {phone.message or 'not a valid number'}",
                               phone.span))
        for warning in phone.warnings:
            if warning.startswith("vanity"):
                out.append(Problem("vanity_number", phone.raw, warning, phone.span))
    for email in contact.emails:
        if not email.valid:
            out.append(Problem("invalid_email", email.raw, f"{_who(contact)}: {email.message}", email.span))
            continue
        if email.suggestion:
            out.append(Problem("typo_domain", email.raw, f"{_who(contact)}: did you mean {email.suggestion}?",
                               email.span))
        domain = email.domain
        if domain and sites and not any(same_site(domain, site) for site in sites):
            named = ", ".join(sites[:3])
            out.append(
                Problem(
                    "domain_mismatch",
                    email.raw,
                    f"{_who(contact)}: {email.normalized} is not on the organisation's site ({named})",
                    email.span,
                )
            )
        if email.obfuscated:
            out.append(Problem("obfuscated_email", email.raw,
                               f"written to defeat spam robots; reads as {email.normalized}", email.span))
    if contact.name and not contact.has_channel:
        span = contact.name_span or contact.span
        out.append(
            Problem(
                "contact_without_channel",
                contact.name,
                f"{contact.name} has no valid phone number or e-mail address",
                span,
            )
        )
    valid_phones = [p for p in contact.phones if p.valid]
    if valid_phones and all(p.kind == "fax" for p in valid_phones) and not any(e.valid for e in contact.emails):
        out.append(Problem("fax_only", contact.name or "", f"{_who(contact)} can only be reached by fax",
                           contact.name_span or contact.span))
    formats = {p.raw.lstrip()[:1] == "+" for p in valid_phones}
    if len(formats) > 1:
        out.append(Problem("mixed_formats", contact.name or "",
                           f"{_who(contact)}: some numbers are written with +country code and some without",
                           contact.name_span or contact.span))
    return out


def same_contact(a: MediaContact, b: MediaContact) -> bool:
    return bool(a.name and b.name and name_key(a.name) == name_key(b.name))
