"""parse_release: text in, ReleaseCheck out. Pure, never raises, linear in the size of the text."""

from __future__ import annotations

import logging
import re

from outreach.domain.identity import name_key
from outreach.domain.release.blocks import Region, find_regions, is_prose, title_of
from outreach.domain.release.datelines import find_dateline, find_release_date
from outreach.domain.release.emails import EmailHit, find_emails
from outreach.domain.release.model import MediaContact, Problem, ReleaseCheck, ReleaseEmail, ReleasePhone
from outreach.domain.release.people import Channel, Person, as_name, attribute
from outreach.domain.release.phones import PhoneHit, find_phones
from outreach.domain.release.problems import find_problems
from outreach.domain.release.text import NormalizedText, normalize
from outreach.domain.release.websites import find_websites

log = logging.getLogger(__name__)

_URL_IN_REGION = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'()\[\]]{1,300}")
_ABOUT = re.compile(r"(?m)^[ \t*_#]*(?:About|Über|À propos de|A propos de|Sobre (?:a |o )?|Acerca de|Over)[ ]+"
                    r"(?P<org>[A-ZÀ-Þ0-9][^\n:]{1,70}?)[ ]*:?[ \t*_]*$")


def parse_release(text: str, region: str | None = None, org_country: str | None = None) -> ReleaseCheck:
    """Check a press release: contacts with their channels, and the problems found; never raises."""
    try:
        return _parse(text, region, org_country)
    except Exception:  # a bug must not take down the caller; it is logged with its traceback
        log.exception("release parser failed")
        return ReleaseCheck(
            region=(region or org_country or None),
            problems=[Problem("parser_error", "", "the release could not be read completely (internal error)",
                              (0, 0))],
        )


def _phone(nt: NormalizedText, hit: PhoneHit) -> ReleasePhone:
    check = hit.check
    return ReleasePhone(
        raw=nt.raw(hit.start, hit.end),
        e164=check.e164 if check.valid else None,
        extension=check.extension,
        kind=hit.kind,
        valid=check.valid,
        message=check.message,
        span=nt.span(hit.start, hit.end),
        number_type=check.number_type,
        suggestion=check.suggestion,
        warnings=check.warnings,
    )


def _email(nt: NormalizedText, hit: EmailHit) -> ReleaseEmail:
    return ReleaseEmail(
        address=hit.address,
        normalized=hit.normalized,
        raw=nt.raw(hit.start, hit.end),
        valid=hit.valid,
        message=hit.message,
        span=nt.span(hit.start, hit.end),
        suggestion=hit.suggestion,
        obfuscated=hit.obfuscated,
    )


def _parse(original: str, region: str | None, org_country: str | None) -> ReleaseCheck:
    if not isinstance(original, str):
        original = str(original)
    nt = normalize(original)
    text = nt.text
    title, title_span = title_of(text)
    dateline = find_dateline(text)
    dateline_region = dateline.region if dateline else None
    chosen = (region or "").strip().upper() or (org_country or "").strip().upper() or dateline_region
    others = tuple(
        dict.fromkeys(r for r in ((org_country or "").upper(), dateline_region or "") if r and r != chosen)
    )
    result = ReleaseCheck(
        title=title,
        dateline_region=dateline_region,
        region=chosen,
        release_date=find_release_date(text, dateline.span[0] if dateline else 0),
    )
    sites = find_websites(text)
    result.websites = [host for host, _, _ in sites]

    contacts: list[MediaContact] = []
    by_name: dict[str, MediaContact] = {}
    block_orgs: list[str] = []
    for reg in find_regions(text):
        found, org, other = _read_region(nt, reg, chosen, others)
        if org:
            block_orgs.append(org)
        for contact in found:
            _merge(contacts, contact, by_name)
        result.other_phones.extend(other)
    if not contacts:
        # No heading and no cue: a short paragraph at the head or the foot that names a person next to an
        # address or a labelled number ("Jane Doe, Director / (202) 555-0143 / jane@example.org").
        for reg in _loose_regions(text, chosen, others):
            found, org, _ = _read_region(nt, reg, chosen, others)
            if org:
                block_orgs.append(org)
            for contact in found:
                _merge(contacts, contact, by_name)
    about = [m.group("org").strip() for m in _ABOUT.finditer(text)]
    fallback_org = block_orgs[0] if len(set(block_orgs)) == 1 else (about[0] if len(about) == 1 else None)
    for contact in contacts:
        if contact.organization is None:
            contact.organization = fallback_org
    result.media_contacts = contacts
    result.organizations = list(dict.fromkeys([*(c.organization for c in contacts if c.organization), *about]))
    result.problems = find_problems(result, nt.span(*title_span))
    return result


_COLUMN_GAP = re.compile(r"\t+|[ ]{3,}")


def _column_texts(nt: NormalizedText, reg: Region) -> list[str]:
    """A block laid out side by side ("Jane Doe<TAB><TAB>John Roe" over several lines), once per column: the
    whole text with every other column of the block blanked out (same length, so positions hold).
    Empty when the block is not laid out so: it needs a line naming two or more people in separate cells."""
    text, original = nt.text, nt.original
    if len(text) != len(original) or reg.end - reg.start > 3000:
        return []
    rows: list[list[tuple[int, int]]] = []
    pos = reg.start
    while pos < reg.end:
        nl = text.find("\n", pos, reg.end)
        nl = reg.end if nl < 0 else nl
        line = original[pos:nl]
        parts: list[tuple[int, int]] = []
        cut = 0
        for m in _COLUMN_GAP.finditer(line):
            if line[cut : m.start()].strip():
                parts.append((pos + cut, pos + m.start()))
            cut = m.end()
        if line[cut:].strip():
            parts.append((pos + cut, nl))
        rows.append(parts)
        pos = nl + 1
    name_rows = [r for r in rows if 2 <= len(r) <= 4 and
                 sum(1 for s, e in r if as_name(text[s:e].strip(), caps=True)) >= 2]
    if not name_rows:
        return []
    ncols = len(name_rows[0])
    line_start = text.rfind("\n", 0, name_rows[0][0][0]) + 1
    col_x = [s - line_start for s, _ in name_rows[0]]
    assign: list[list[int]] = []
    for r in rows:
        if len(r) == ncols:
            assign.append(list(range(ncols)))
            continue
        cols = []
        for s, _ in r:
            x = s - (text.rfind("\n", 0, s) + 1)
            cols.append(min(range(ncols), key=lambda c: abs(col_x[c] - x)))
        assign.append(cols)
    out = []
    for c in range(ncols):
        chars = list(text[reg.start : reg.end])
        for r, cols in zip(rows, assign, strict=True):
            for (s, e), col in zip(r, cols, strict=True):
                if col != c:
                    chars[s - reg.start : e - reg.start] = " " * (e - s)
        out.append(text[: reg.start] + "".join(chars) + text[reg.end :])
    return out


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _loose_regions(text: str, region: str | None, others: tuple[str, ...]) -> list[Region]:
    """Paragraphs in the first 2,000 and last 4,000 characters that hold an e-mail address or a labelled number
    and are not running text; read strictly (a person must have a channel)."""
    n = len(text)
    windows = [(0, min(n, 2000))] + ([(max(2000, n - 4000), n)] if n > 2000 else [])
    out: list[Region] = []
    for ws, we in windows:
        pos = ws
        for m in [*_PARAGRAPH_BREAK.finditer(text, ws, we), None]:
            pe = m.start() if m else we
            para = text[pos:pe]
            if para.strip() and para.count("\n") <= 8 and not is_prose(para.strip().split("\n")[0]):
                has_email = bool(find_emails(text, pos, pe))
                if has_email or any(h.labelled for h in find_phones(text, pos, pe, region, others)):
                    out.append(Region(pos, pe, "loose"))
            pos = m.end() if m else we
    return out


def _read_region(
    nt: NormalizedText, reg: Region, region: str | None, others: tuple[str, ...], split: bool = True
) -> tuple[list[MediaContact], str | None, list[ReleasePhone]]:
    laid_out = "\t" in nt.original[reg.start : reg.end] or "   " in nt.text[reg.start : reg.end]
    if split and reg.kind == "block" and laid_out:
        columns = _column_texts(nt, reg)
        if columns:
            found: list[MediaContact] = []
            orgs: list[str] = []
            phones: list[ReleasePhone] = []
            for column in columns:
                col_nt = NormalizedText(text=column, original=nt.original)
                c_found, c_org, c_other = _read_region(col_nt, reg, region, others, split=False)
                found.extend(c_found)
                phones.extend(c_other)
                if c_org:
                    orgs.append(c_org)
            return found, (orgs[0] if len(set(orgs)) == 1 else None), phones
    text = nt.text
    urls = tuple((m.start(), m.end()) for m in _URL_IN_REGION.finditer(text, reg.start, reg.end))
    email_hits = [h for h in find_emails(text, reg.start, reg.end)
                  if not any(us <= h.start < ue for us, ue in urls)]
    masked = tuple((h.start, h.end) for h in email_hits) + urls
    phone_hits = find_phones(text, reg.start, reg.end, region, others, masked)
    if not email_hits and not phone_hits and reg.kind in ("cue", "office", "notes"):
        return [], None, []
    channels = [Channel(h.start, h.end, "email", i, 0) for i, h in enumerate(email_hits)]
    channels += [Channel(h.start, h.end, "phone", i, 0) for i, h in enumerate(phone_hits)]
    channels.sort(key=lambda c: c.start)
    strict = reg.kind != "block"
    people, leading, org = attribute(text, reg.start, reg.end, channels, strict=strict, skip=urls)

    def build(person: Person | None, chans: list[Channel]) -> MediaContact:
        emails = [_email(nt, email_hits[c.index]) for c in chans if c.kind == "email"]
        phones = [_phone(nt, phone_hits[c.index]) for c in chans if c.kind == "phone"]
        starts = [c.start for c in chans] + ([person.start] if person else [])
        ends = [c.end for c in chans] + ([person.end] if person else [])
        span = nt.span(min(starts), max(ends)) if starts else nt.span(reg.start, reg.start)
        if person is None:
            return MediaContact(name=None, organization=org, emails=emails, phones=phones, span=span)
        return MediaContact(
            name=person.name,
            title=person.title,
            organization=person.organization or org,
            emails=emails,
            phones=phones,
            span=span,
            name_span=nt.span(*person.name_span) if person.name_span else None,
        )

    contacts = [build(p, p.channels) for p in people]
    other: list[ReleasePhone] = []
    if leading:
        if reg.kind == "cue":
            other = [_phone(nt, phone_hits[c.index]) for c in leading if c.kind == "phone"]
        else:
            contacts.insert(0, build(None, leading))
    return contacts, org, other


def _merge(contacts: list[MediaContact], new: MediaContact, index: dict[str, MediaContact]) -> None:
    """The same person named twice (block and running text) is one contact with both sets of channels."""
    key = name_key(new.name) if new.name else ""
    old = index.get(key) if key else None
    if old is not None:
        seen_e = {e.normalized or e.address for e in old.emails}
        seen_p = {p.e164 or p.raw for p in old.phones}
        old.emails.extend(e for e in new.emails if (e.normalized or e.address) not in seen_e)
        old.phones.extend(p for p in new.phones if (p.e164 or p.raw) not in seen_p)
        old.title = old.title or new.title
        old.organization = old.organization or new.organization
        return
    contacts.append(new)
    if key:
        index[key] = new
