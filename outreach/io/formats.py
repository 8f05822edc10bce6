"""Export formats: which exist, what each cannot hold, and writers that stream people into files.

Every writer goes through :func:`outreach.io.atomic.atomic_path`, and every CSV/XLSX cell through
:func:`outreach.io.safety.neutralise` (see that module for the spreadsheet-injection rule).
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from outreach.io.atomic import atomic_path
from outreach.io.model import PersonLike
from outreach.io.safety import neutralise_row
from outreach.io.vcard import card_text

FORMATS = ("csv", "outlook", "google", "mailchimp", "vcard", "vcard4", "xlsx", "bcc")
EXTENSIONS = {"csv": ".csv", "outlook": ".csv", "google": ".csv", "mailchimp": ".csv", "vcard": ".vcf",
              "vcard4": ".vcf", "xlsx": ".xlsx", "bcc": ".txt"}
DNC_TAG = "Do Not Contact"

_NOT_IN_LISTS = ["role, country, time zone, preferred channel, socials, consent basis, last-verified date, UID",
                 "validation problems and delivery status (bounced / opted out)"]
LOSSES: dict[str, list[str]] = {
    "csv": ["tags that contain ';' or ',' are split into several tags on import"],
    "xlsx": ["tags that contain ';' or ',' are split into several tags on import",
             "values longer than 32,767 characters are split into continuation columns"],
    "vcard": ["validation problems of e-mails and phones (they are checked again on import)",
              "labels are reduced to single words (TYPE parameters)"],
    "vcard4": ["validation problems of e-mails and phones (they are checked again on import)",
               "labels are reduced to single words (TYPE parameters)"],
    "outlook": ["only 3 e-mail addresses per person; e-mail labels", "phones beyond Outlook's phone columns "
                "(2 business, mobile, home, fax, company main, other)", *_NOT_IN_LISTS,
                f"do-not-contact becomes the category {DNC_TAG!r}; its reason and date are dropped"],
    "google": [*_NOT_IN_LISTS, f"do-not-contact becomes the label {DNC_TAG!r}; its reason and date are dropped"],
    "mailchimp": ["people without a valid e-mail address are left out", "only one e-mail and one phone per person",
                  "title, organisation, notes", *_NOT_IN_LISTS,
                  "do-not-contact becomes the tag 'do-not-contact'"],
    "bcc": ["everything but the name and one valid e-mail address per person",
            "people without a valid e-mail address are left out"],
}


def format_losses(fmt: str) -> list[str]:
    """What a format cannot hold (fields it drops or flattens), for a warning before writing."""
    if fmt not in LOSSES:
        raise ValueError(f"unknown export format {fmt!r}")
    return list(LOSSES[fmt])


@dataclass(frozen=True, slots=True)
class Shape:
    """Column counts the header needs: the most e-mails/phones anyone has, the longest notes."""

    emails: int = 1
    phones: int = 1
    notes_length: int = 0


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def _problem(status: str, message: str) -> str:
    if status == "valid":
        return message
    return f"{status}: {message}" if message else status


FULL_BASE = ["Display Name", "Given Name", "Family Name", "Title", "Role", "Organization", "Country",
             "Time Zone", "Preferred Channel", "Tags", "Notes", "Do Not Contact", "DNC Reason", "DNC Date",
             "Consent Basis", "Last Verified", "UID", "Socials"]


def full_headers(shape: Shape) -> list[str]:
    headers = list(FULL_BASE)
    for n in range(1, max(1, shape.emails) + 1):
        headers += [f"Email {n}", f"Email {n} Label", f"Email {n} Primary", f"Email {n} Delivery",
                    f"Email {n} Problem"]
    for n in range(1, max(1, shape.phones) + 1):
        headers += [f"Phone {n}", f"Phone {n} Label", f"Phone {n} Primary", f"Phone {n} Problem"]
    return headers


def full_row(p: PersonLike, shape: Shape) -> list[str]:
    dnc = p.do_not_contact
    dnc_date = p.dnc_date
    verified = p.last_verified
    row = [p.display_name, p.given_name, p.family_name, p.title, p.role, p.organization, p.country,
           "" if p.time_zone_inferred else p.time_zone, p.preferred_channel, "; ".join(p.tags), p.notes,
           "yes" if dnc else "", p.dnc_reason if dnc else "",
           dnc_date.isoformat() if dnc_date and dnc else "", p.consent_basis,
           verified.isoformat() if verified else "", p.uid or "",
           json.dumps(p.socials, ensure_ascii=False, sort_keys=True) if p.socials else ""]
    slots = max(1, shape.emails)
    emails = tuple(p.emails)[:slots]
    for e in emails:
        status = e.status
        delivery = e.delivery_status
        row += (e.raw, e.label, "yes" if e.is_primary else "", "" if delivery == "ok" else delivery,
                e.message if status == "valid" else _problem(status, e.message))
    if len(emails) < slots:
        row += _BLANK * (5 * (slots - len(emails)))
    slots = max(1, shape.phones)
    phones = tuple(p.phones)[:slots]
    for ph in phones:
        status = ph.status
        row += (ph.raw, ph.label, "yes" if ph.is_primary else "",
                ph.message if status == "valid" else _problem(status, ph.message))
    if len(phones) < slots:
        row += _BLANK * (4 * (slots - len(phones)))
    return row


_BLANK = [""]


OUTLOOK_HEADERS = ["First Name", "Middle Name", "Last Name", "E-mail Address", "E-mail 2 Address",
                   "E-mail 3 Address", "Business Phone", "Business Phone 2", "Mobile Phone", "Home Phone",
                   "Business Fax", "Company Main Phone", "Other Phone", "Company", "Job Title", "Categories",
                   "Notes"]
_OUTLOOK_SLOTS = {"mobile": ["Mobile Phone"], "fax": ["Business Fax"], "home": ["Home Phone"],
                  "switchboard": ["Company Main Phone"], "main": ["Company Main Phone"], "other": ["Other Phone"]}


def _tags_with_dnc(p: PersonLike, dnc_tag: str = DNC_TAG) -> list[str]:
    return [*p.tags, dnc_tag] if p.do_not_contact else list(p.tags)


def outlook_row(p: PersonLike) -> list[str]:
    cells = dict.fromkeys(OUTLOOK_HEADERS, "")
    given, family = p.given_name, p.family_name
    if not (given or family):
        given = p.display_name
    cells.update({"First Name": given, "Last Name": family, "Company": p.organization, "Job Title": p.title,
                  "Categories": ";".join(_tags_with_dnc(p)), "Notes": p.notes})
    for column, e in zip(("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"), p.emails, strict=False):
        cells[column] = e.raw
    for ph in p.phones:
        wanted = [*_OUTLOOK_SLOTS.get(ph.label.lower(), ["Business Phone", "Business Phone 2"]), "Other Phone"]
        free = next((c for c in wanted if not cells[c]), None)
        if free:
            cells[free] = ph.raw
    return [cells[h] for h in OUTLOOK_HEADERS]


def google_headers(shape: Shape) -> list[str]:
    headers = ["First Name", "Last Name", "Organization Name", "Organization Title", "Notes", "Labels"]
    for n in range(1, max(1, shape.emails) + 1):
        headers += [f"E-mail {n} - Label", f"E-mail {n} - Value"]
    for n in range(1, max(1, shape.phones) + 1):
        headers += [f"Phone {n} - Label", f"Phone {n} - Value"]
    return headers


def google_row(p: PersonLike, shape: Shape) -> list[str]:
    given, family = (p.given_name, p.family_name) if (p.given_name or p.family_name) else (p.display_name, "")
    labels = " ::: ".join(["* myContacts", *_tags_with_dnc(p)])
    row = [given, family, p.organization, p.title, p.notes, labels]
    emails, phones = list(p.emails), list(p.phones)
    for n in range(max(1, shape.emails)):
        if n < len(emails):
            label = emails[n].label.capitalize()
            row += [("* " + label) if emails[n].is_primary and label else label, emails[n].raw]
        else:
            row += ["", ""]
    for n in range(max(1, shape.phones)):
        row += [phones[n].label.capitalize(), phones[n].raw] if n < len(phones) else ["", ""]
    return row


MAILCHIMP_HEADERS = ["Email Address", "First Name", "Last Name", "Phone Number", "Tags"]


def best_email(p: PersonLike) -> str:
    usable = [e for e in p.emails if e.status == "valid" and e.delivery_status == "ok" and e.normalized]
    chosen = next((e for e in usable if e.is_primary), usable[0] if usable else None)
    return chosen.normalized if chosen else ""


def mailchimp_row(p: PersonLike) -> list[str] | None:
    address = best_email(p)
    if not address:
        return None
    phone = next((ph.raw for ph in p.phones if ph.is_primary), p.phones[0].raw if p.phones else "")
    given, family = (p.given_name, p.family_name) if (p.given_name or p.family_name) else (p.display_name, "")
    tags = _tags_with_dnc(p, "do-not-contact")
    return [address, given, family, phone, ",".join(t.replace(",", " ") for t in tags)]


def bcc_line(p: PersonLike) -> str | None:
    address = best_email(p)
    if not address:
        return None
    name = " ".join(p.display_name.split())
    if not name or name == address:
        return address
    if any(c in name for c in '()<>[]:;@\\,."'):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


@dataclass(slots=True)
class WriteResult:
    written: int = 0
    left_out: int = 0  # people the format cannot hold (no valid e-mail for mailchimp/bcc)


def _write_csv(tmp: Path, headers: list[str] | None, rows: Iterable[list[str] | None], bom: bool,
               result: WriteResult) -> None:
    """`headers` None: rows only (a later part of a file whose first part has the header and BOM)."""
    with open(tmp, "w", encoding="utf-8-sig" if bom and headers is not None else "utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        if headers is not None:
            writer.writerow(headers)
        for row in rows:
            if row is None:
                result.left_out += 1
                continue
            writer.writerow(neutralise_row(row))
            result.written += 1


def write_people(fmt: str, target: Path, people: Iterator[PersonLike], shape: Shape,
                 progress: Callable[[int], None] | None = None, *, header: bool = True,
                 rest: Callable[[], Path] | None = None) -> WriteResult:
    """Write the people to `target` atomically in format `fmt`.

    `header` False: the rows only (a part another process writes for a text format). `rest`: gives the
    file of such a part (waiting for it), whose bytes are appended before the file replaces `target`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    result = WriteResult()

    def counted(items: Iterator[PersonLike]) -> Iterator[PersonLike]:
        for n, item in enumerate(items, start=1):
            if progress is not None and n % 1000 == 0:
                progress(n)
            yield item

    people = counted(people)
    with atomic_path(target) as tmp:
        if fmt == "csv":
            _write_csv(tmp, full_headers(shape) if header else None, (full_row(p, shape) for p in people), True,
                       result)
        elif fmt == "outlook":
            _write_csv(tmp, OUTLOOK_HEADERS if header else None, (outlook_row(p) for p in people), True, result)
        elif fmt == "google":
            _write_csv(tmp, google_headers(shape) if header else None, (google_row(p, shape) for p in people),
                       False, result)
        elif fmt == "mailchimp":
            _write_csv(tmp, MAILCHIMP_HEADERS if header else None, (mailchimp_row(p) for p in people), False,
                       result)
        elif fmt in ("vcard", "vcard4"):
            version = "4.0" if fmt == "vcard4" else "3.0"
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                for p in people:
                    handle.write(card_text(p, version))
                    result.written += 1
        elif fmt == "bcc":
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                for p in people:
                    line = bcc_line(p)
                    if line is None:
                        result.left_out += 1
                    else:
                        handle.write(line + "\n")
                        result.written += 1
        elif fmt == "xlsx":
            from outreach.io.xlsx import CELL_LIMIT, write_xlsx

            extra = max(0, (shape.notes_length - 1) // CELL_LIMIT)
            result.written = write_xlsx(tmp, full_headers(shape), (full_row(p, shape) for p in people),
                                        {"Notes": extra} if extra else {})
        if rest is not None:
            if fmt not in SPLITTABLE:
                raise ValueError(f"a {fmt} file cannot be written in parts")
            with open(rest(), "rb") as part, open(tmp, "ab") as joined:
                shutil.copyfileobj(part, joined, 1 << 20)
    return result


# The formats whose files are a header and rows (or cards, or lines): written in parts and joined.
SPLITTABLE = frozenset({"csv", "outlook", "google", "mailchimp", "vcard", "vcard4", "bcc"})
