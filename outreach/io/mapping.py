"""Which column holds what: header → field mappings, presets, and a preview for a mapping wizard.

A mapping is a plain ``dict`` from a column header to a *field spec* (a string), so a GUI can show and
edit it. Specs:

``ignore``                  the column is not imported
``display_name`` ``given_name`` ``middle_name`` ``family_name`` ``title`` ``role`` ``organization``
``country`` ``time_zone`` ``preferred_channel`` ``notes`` ``tags`` ``do_not_contact`` ``dnc_reason``
``dnc_date`` ``consent_basis`` ``last_verified`` ``uid`` ``socials`` (JSON object) ``social:NAME``
``email`` / ``email:LABEL``  an address (several in one cell may be joined with " ::: ")
``phone`` / ``phone:LABEL``  a number
``email#N`` ``email#N.label`` ``email#N.primary`` ``email#N.delivery``  numbered slots whose label,
                            primary flag or delivery status sit in other columns (Google, our own format);
                            likewise ``phone#N`` ``phone#N.label`` ``phone#N.primary``
``cont:HEADER``             more text of column HEADER (XLSX cells longer than 32,767 characters)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput, split_name
from outreach.errors import UserError
from outreach.io.records import ImportRow, Problem, Table
from outreach.io.safety import restore

Mapping = dict[str, str]

SCALARS = (
    "display_name", "given_name", "middle_name", "family_name", "title", "role", "organization", "country",
    "time_zone", "preferred_channel", "notes", "tags", "do_not_contact", "dnc_reason", "dnc_date",
    "consent_basis", "last_verified", "uid", "socials",
)
ROLES = ("journalist", "spokesperson", "other")
CHANNELS = ("email", "phone", "mobile", "social", "post", "")
GOOGLE_SEP = " ::: "
KNOWN_LABELS = {"work": "work", "home": "home", "mobile": "mobile", "cell": "mobile", "other": "other",
                "main": "main", "fax": "fax", "work fax": "fax", "home fax": "fax", "pager": "pager"}


def _norm(header: str) -> str:
    text = header.strip().lstrip("\ufeff").casefold().replace("e-mail", "email")
    return " ".join(text.replace("_", " ").split())


# Known headers (normalised) of Outlook, Google, Mailchimp, Excel (English and German) and our own format.
KNOWN: dict[str, str] = {
    # names
    "name": "display_name", "full name": "display_name", "display name": "display_name", "contact": "display_name",
    "contact name": "display_name", "first name": "given_name", "given name": "given_name", "vorname": "given_name",
    "fname": "given_name", "middle name": "middle_name", "additional name": "middle_name",
    "last name": "family_name", "family name": "family_name", "surname": "family_name", "nachname": "family_name",
    "lname": "family_name",
    # work
    "company": "organization", "organization": "organization", "organisation": "organization",
    "organization name": "organization", "organization 1 - name": "organization", "outlet": "organization",
    "publication": "organization", "medium": "organization", "firma": "organization",
    "unternehmen": "organization", "media outlet": "organization",
    "job title": "title", "title": "title", "organization title": "title", "organization 1 - title": "title",
    "position": "title", "funktion": "title", "role": "role",
    # emails
    "email": "email", "email address": "email", "email-adresse": "email", "emailadresse": "email",
    "email 2 address": "email", "email 3 address": "email", "mail": "email",
    # phones
    "phone": "phone", "phone number": "phone", "telephone": "phone", "telefon": "phone:work",
    "telefonnummer": "phone", "primary phone": "phone", "business phone": "phone:work",
    "business phone 2": "phone:work", "mobile phone": "phone:mobile", "mobile": "phone:mobile",
    "mobil": "phone:mobile", "mobiltelefon": "phone:mobile", "handy": "phone:mobile", "cell": "phone:mobile",
    "home phone": "phone:home", "home phone 2": "phone:home", "company main phone": "phone:switchboard",
    "business fax": "phone:fax", "fax": "phone:fax", "other phone": "phone:other",
    # the rest
    "notes": "notes", "note": "notes", "notizen": "notes", "bemerkungen": "notes", "comments": "notes",
    "categories": "tags", "tags": "tags", "labels": "tags", "group membership": "tags", "beats": "tags",
    "beat": "tags", "ressort": "tags", "kategorien": "tags", "themen": "tags",
    "country": "country", "country code": "country", "time zone": "time_zone",
    "preferred channel": "preferred_channel", "do not contact": "do_not_contact", "dnc reason": "dnc_reason",
    "dnc date": "dnc_date", "consent basis": "consent_basis", "last verified": "last_verified", "uid": "uid",
    "socials": "socials",
    # French
    "prénom": "given_name", "prenom": "given_name", "nom": "family_name", "nom de famille": "family_name",
    "nom complet": "display_name", "courriel": "email", "adresse email": "email", "adresse électronique": "email",
    "téléphone": "phone", "tél": "phone", "tél.": "phone", "portable": "phone:mobile",
    "téléphone portable": "phone:mobile", "société": "organization", "societe": "organization",
    "entreprise": "organization", "média": "organization", "fonction": "title", "poste": "title",
    "remarques": "notes", "commentaires": "notes", "pays": "country",
}
_NUMBERED = (
    (re.compile(r"^email (\d+) - value$"), "email#g{0}"),
    (re.compile(r"^email (\d+) - (?:label|type)$"), "email#g{0}.label"),
    (re.compile(r"^phone (\d+) - value$"), "phone#g{0}"),
    (re.compile(r"^phone (\d+) - (?:label|type)$"), "phone#g{0}.label"),
    (re.compile(r"^email (\d+)$"), "email#{0}"),
    (re.compile(r"^email (\d+) (label|primary|delivery)$"), "email#{0}.{1}"),
    (re.compile(r"^phone (\d+)$"), "phone#{0}"),
    (re.compile(r"^phone (\d+) (label|primary)$"), "phone#{0}.{1}"),
)
_CONT = re.compile(r"^(.*) \(cont\. (\d+)\)$")
_SPEC = re.compile(
    r"^(ignore|cont:.+|social:\w[\w.-]*|(email|phone)(:[^#]*)?|(email|phone)#\w+(\.(label|primary|delivery))?|"
    + "|".join(SCALARS) + r")$")


# Characters that never belong in a name: zero-width space, word joiner, BOM, and the bidirectional controls
# (LRM/RLM, embeddings, overrides, isolates) that make "\u202eeeL nnA" show as "Ann Lee".
INVISIBLE = re.compile("[\u200b\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(value: str) -> str:
    """`value` without invisible and direction-changing characters, white space collapsed."""
    if value.isascii():  # they are all outside ASCII
        return " ".join(value.split())
    return " ".join(INVISIBLE.sub("", value).split())


def guess_spec(header: str) -> str:
    match = _CONT.match(header.strip())
    if match:
        return f"cont:{match.group(1)}"
    key = _norm(header)
    if key in KNOWN:
        return KNOWN[key]
    for pattern, spec in _NUMBERED:
        found = pattern.match(key)
        if found:
            return spec.format(*found.groups())
    return "ignore"


def guess_mapping(headers: list[str]) -> Mapping:
    """A mapping for these headers from the headers we know; unknown columns are ignored."""
    return {h: guess_spec(h) for h in headers if h.strip()}


def check_mapping(mapping: Mapping) -> None:
    bad = [f"{h!r}: {s!r}" for h, s in mapping.items() if not _SPEC.match(s or "ignore")]
    if bad:
        raise UserError("unknown field in mapping: " + "; ".join(bad))


# --- presets -----------------------------------------------------------------------------------

def mappings_dir() -> Path:
    from outreach.settings import config_dir

    return config_dir() / "mappings"


def _preset_path(name: str) -> Path:
    if not re.fullmatch(r"[\w .-]{1,80}", name) or name.startswith("."):
        raise UserError(f"mapping name {name!r}: use letters, digits, spaces, dots and dashes")
    return mappings_dir() / f"{name}.json"


def save_mapping(name: str, mapping: Mapping) -> Path:
    from outreach.io.atomic import atomic_path

    check_mapping(mapping)
    path = _preset_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(mapping, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def load_mapping(name: str) -> Mapping:
    path = _preset_path(name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = sorted(p.stem for p in mappings_dir().glob("*.json")) if mappings_dir().exists() else []
        raise UserError(f"no saved mapping {name!r}" + (f" (saved: {', '.join(known)})" if known else "")) from None
    except (OSError, ValueError) as exc:
        raise UserError(f"{path}: not a readable mapping ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise UserError(f"{path}: a mapping is a JSON object of header → field")
    check_mapping(data)
    return data


def saved_mappings() -> list[str]:
    folder = mappings_dir()
    return sorted(p.stem for p in folder.glob("*.json")) if folder.exists() else []


# --- rows → contacts ---------------------------------------------------------------------------

def _truthy(value: str) -> bool:
    return value.strip().casefold() in {"1", "y", "yes", "true", "x", "ja", "oui", "si", "sí", "dnc"}


def _date(value: str) -> date:
    return date.fromisoformat(value.strip()[:10])


_TAG_SEPARATOR = re.compile(r" ::: |[;,]")


def split_tags(value: str) -> list[str]:
    parts = _TAG_SEPARATOR.split(value)
    return [" ".join(p.split()) for p in parts if p.strip() and not p.strip().startswith("* ")]


def _label(value: str) -> str:
    text = value.strip().removeprefix("* ").strip()
    return KNOWN_LABELS.get(text.casefold(), text)


def _multi(value: str) -> list[str]:
    if GOOGLE_SEP not in value:
        return [value.strip()]
    return [v.strip() for v in value.split(GOOGLE_SEP) if v.strip()]


# How RowBuilder reads a column: into an e-mail or phone slot, as a name, as one-line text (white space
# collapsed), or another way (RowBuilder._apply).
_SLOT, _NAME, _TEXT, _OTHER = range(4)
_NAME_FIELDS = ("display_name", "given_name", "middle_name", "family_name")
_TEXT_FIELDS = ("title", "organization", "time_zone", "dnc_reason", "consent_basis")


@dataclass(slots=True)
class _Slot:
    values: list[str] = field(default_factory=list)
    label: str = ""
    primary: str = ""
    delivery: str = ""


class RowBuilder:
    """Reads rows of one table into contacts with a mapping; columns are looked up once."""

    def __init__(self, headers: list[str], mapping: Mapping) -> None:
        check_mapping(mapping)
        self.columns: list[tuple[int, str]] = []
        conts: dict[str, list[tuple[int, int]]] = {}
        index_of = {h: i for i, h in enumerate(headers)}
        for i, header in enumerate(headers):
            spec = mapping.get(header, "ignore") or "ignore"
            if spec.startswith("cont:"):
                base = spec[5:]
                match = _CONT.match(header.strip())
                conts.setdefault(base, []).append((int(match.group(2)) if match else 99, i))
            elif spec != "ignore":
                self.columns.append((i, spec))
        self.continuations = {index_of[b]: [i for _, i in sorted(v)] for b, v in conts.items() if b in index_of}
        self.explicit_primary = any(s.endswith(".primary") for _, s in self.columns)
        # Each spec taken apart once (a 100k-row file has a million cells): (index, spec, how the value
        # is read -- see _SLOT.., slot kind, slot name, slot attribute, label).
        self._parsed: list[tuple[int, str, int, str, str, str, str]] = []
        for index, spec in self.columns:
            kind, _, rest = spec.partition("#")
            if rest:
                slot_name, _, attr = rest.partition(".")
                self._parsed.append((index, spec, _SLOT, kind, slot_name, attr, ""))
                continue
            kind, _, label = spec.partition(":")
            if kind in ("email", "phone"):
                self._parsed.append((index, spec, _SLOT, kind, "", "", label))
            else:
                how = _NAME if spec in _NAME_FIELDS else _TEXT if spec in _TEXT_FIELDS else _OTHER
                self._parsed.append((index, spec, how, "", "", "", label))

    def build(self, line: int, cells: list[str]) -> ImportRow | None:
        """The contact in this row, or None for a row with nothing in it."""
        data = ContactInput(source="file")
        row = ImportRow(line, data)
        names: dict[str, str] = {}
        slots: dict[str, _Slot] = {}
        order: list[str] = []
        anything = False
        width = len(cells)
        continuations = self.continuations
        for index, spec, how, slot_kind, slot_name, attr, label in self._parsed:
            value = cells[index] if index < width else ""
            if index in continuations:
                extra = [cells[i] for i in continuations[index] if i < width and cells[i]]
                if extra:
                    value += "".join(extra)
                    row.warnings.append(f"{spec}: long text was split over {len(extra) + 1} cells; joined")
            if not value:
                continue
            if value[0] in ("'", "\ufeff"):
                value = restore(value.strip("\ufeff"))
            if not value.strip():
                continue
            anything = True
            if how == _TEXT:
                setattr(data, spec, " ".join(value.split()))
            elif how == _NAME:
                names[spec] = visible(value)
            elif how == _SLOT:
                self._slot(slot_kind, slot_name, attr, label, value, slots, order)
            else:
                self._apply(row, spec, value)
        if not anything:
            return None
        self._finish(row, names, slots, order)
        return row

    @staticmethod
    def _slot(kind: str, slot_name: str, attr: str, label: str, value: str, slots: dict[str, _Slot],
              order: list[str]) -> None:
        if not slot_name:  # an unnumbered e-mail or phone column: a slot of its own
            key = f"{kind}#{len(order)}@"
            slots[key] = _Slot(_multi(value), label=label)
            order.append(key)
            return
        key = f"{kind}#{slot_name}"
        if key in slots:
            slot = slots[key]
        else:
            slot = slots[key] = _Slot()
            order.append(key)
        if not attr:
            slot.values.extend(_multi(value))
        elif attr == "label":
            slot.label = _label(value)
        elif attr == "primary":
            slot.primary = value
        elif attr == "delivery":
            slot.delivery = value.strip()

    def _apply(self, row: ImportRow, spec: str, value: str) -> None:
        """A value of a column read neither as a name, one-line text nor an e-mail or phone (_OTHER)."""
        data = row.contact
        kind, _, label = spec.partition(":")
        if kind == "social":
            data.socials[label] = value.strip()
        elif spec == "tags":
            data.tags.extend(t for t in split_tags(value) if t not in data.tags)
        elif spec == "notes":
            data.notes = f"{data.notes}\n{value}" if data.notes else value
        elif spec == "do_not_contact":
            data.do_not_contact = _truthy(value)
        elif spec in ("dnc_date", "last_verified"):
            try:
                setattr(data, spec, _date(value))
            except ValueError:
                row.problems.append(Problem(row.line, spec, f"{value!r} is not a date (YYYY-MM-DD); left out"))
        elif spec == "role":
            role = value.strip().casefold()
            if role in ROLES:
                data.role = role
            else:
                row.problems.append(Problem(row.line, "role", f"{value!r} is not one of {', '.join(ROLES)}"))
        elif spec == "preferred_channel":
            channel = value.strip().casefold()
            if channel in CHANNELS:
                data.preferred_channel = channel
            else:
                row.problems.append(Problem(row.line, spec, f"{value!r} is not a channel; left out"))
        elif spec == "country":
            code = value.strip().upper()
            if len(code) == 2 and code.isalpha():
                data.country = code
            else:
                row.problems.append(Problem(row.line, "country", f"{value!r} is not a two-letter code; left out"))
        elif spec == "socials":
            try:
                socials = json.loads(value)
            except ValueError:
                socials = None
            if isinstance(socials, dict):
                data.socials.update({str(k): str(v) for k, v in socials.items()})
            else:
                row.problems.append(Problem(row.line, "socials", "not a JSON object; left out"))
        else:  # uid
            data.uid = value.strip()

    def _finish(self, row: ImportRow, names: dict[str, str], slots: dict[str, _Slot], order: list[str]) -> None:
        data = row.contact
        data.given_name = names.get("given_name", "")
        data.family_name = names.get("family_name", "")
        display = names.get("display_name", "")
        if display and not (data.given_name or data.family_name):
            data.given_name, data.family_name = split_name(display)
        if not display:
            display = " ".join(p for p in (data.given_name, names.get("middle_name", ""), data.family_name) if p)
        data.display_name = display
        for key in order:
            slot = slots[key]
            primary = bool(slot.primary) and _truthy(slot.primary)
            if key.startswith("email"):
                delivery = slot.delivery if slot.delivery in ("bounced", "opted_out") else "ok"
                for n, raw in enumerate(slot.values):
                    data.emails.append(EmailInput(raw, slot.label, primary and n == 0))
                    row.email_delivery.append(delivery)
            else:
                for n, raw in enumerate(slot.values):
                    data.phones.append(PhoneInput(raw, slot.label, primary and n == 0))
        if not self.explicit_primary:
            if data.emails:
                data.emails[0].primary = True
            if data.phones:
                data.phones[0].primary = True
        if data.dnc_reason and not data.do_not_contact:
            data.do_not_contact = True
        if not data.name():
            row.problems.append(Problem(row.line, "name", "no name, e-mail address or phone number"))


@dataclass(frozen=True, slots=True)
class PreviewRow:
    line: int
    name: str
    organization: str
    emails: list[str]
    phones: list[str]
    tags: list[str]
    problems: list[str]


def preview(table: Table, mapping: Mapping | None = None, limit: int = 20,
            region: str | None = None) -> list[PreviewRow]:
    """The first `limit` rows as the mapping reads them, with every problem an import would report."""
    from outreach.domain.emails import check_email
    from outreach.domain.phones import check_phone

    builder = RowBuilder(table.headers, mapping if mapping is not None else guess_mapping(table.headers))
    out: list[PreviewRow] = []
    for line, cells in table.rows:
        if len(out) >= limit:
            break
        row = builder.build(line, cells)
        if row is None:
            continue
        data = row.contact
        problems = [f"{p.field}: {p.message}" for p in row.problems]
        for e in data.emails:
            check = check_email(e.raw)
            if not check.valid or check.message:
                problems.append(f"email {e.raw!r}: {check.message}")
        for p in data.phones:
            pcheck = check_phone(p.raw, data.country or region, ())
            if pcheck.status != "valid":
                problems.append(f"phone {p.raw!r}: {pcheck.message or pcheck.status}")
        out.append(PreviewRow(line, data.name(), data.organization, [e.raw for e in data.emails],
                              [p.raw for p in data.phones], list(data.tags), problems))
    return out
