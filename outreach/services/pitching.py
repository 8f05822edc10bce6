"""Composing a pitch to a send-list: one `mailto:` link with everyone in BCC for a small list, or
one .eml draft per recipient for a large one. Every recipient is logged as `sent`; excluded
people get nothing and are not logged."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.orm import Session

from outreach.errors import UserError
from outreach.store.database import Database
from outreach.store.events import check_release, insert_events
from outreach.store.queries.lists import ExcludedRow, MemberRow, resolve_list
from outreach.store.types import utcnow

MAILTO_MAX_RECIPIENTS = 50
MAILTO_MAX_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class PitchResult:
    mode: str  # "mailto" | "eml"
    recipients: int
    logged: int
    url: str = ""
    files: list[str] = field(default_factory=list)
    excluded: list[ExcludedRow] = field(default_factory=list)


def mailto_url(addresses: list[str], subject: str, body: str) -> str:
    """A mailto: link with the addresses in BCC (RFC 6068: percent-encoded, CRLF line breaks)."""
    bcc = ",".join(quote(a, safe="@") for a in addresses)
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return f"mailto:?bcc={bcc}&subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"


def eml_message(member: MemberRow, subject: str, body: str, sender: str = "") -> EmailMessage:
    message = EmailMessage()
    if sender:
        message["From"] = sender
    message["To"] = formataddr((member.name, member.email))
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"  # mail programs open it as a draft to send
    message.set_content(body)
    return message


def _file_name(n: int, member: MemberRow) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", member.name).strip("-")[:40] or "contact"
    return f"{n:05d}-{member.id}-{slug}.eml"


def compose(db: Database, list_name: str, subject: str, body: str, out_dir: str | Path, *,
            release_id: int | None = None, sender: str = "") -> PitchResult:
    """Write the pitch (a mailto link in `out_dir`/mailto.txt, or .eml files) and log each recipient as sent."""
    if not subject.strip():
        raise UserError("a pitch needs a subject")
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: is a file; give a folder")

    def work(session: Session) -> PitchResult:
        resolved = resolve_list(session, list_name)
        release = release_id if release_id is not None else resolved.release_id
        check_release(session, release)
        members = resolved.members
        if not members:
            raise UserError(f"{list_name!r} has nobody to send to"
                            + (f" ({len(resolved.excluded)} excluded)" if resolved.excluded else ""))
        folder.mkdir(parents=True, exist_ok=True)
        url = mailto_url([m.email for m in members], subject, body)
        files: list[str] = []
        if len(members) <= MAILTO_MAX_RECIPIENTS and len(url) <= MAILTO_MAX_LENGTH:
            mode = "mailto"
            (folder / "mailto.txt").write_text(url + "\n", encoding="utf-8")
        else:
            mode, url = "eml", ""
            for n, member in enumerate(members, start=1):
                path = folder / _file_name(n, member)
                path.write_bytes(bytes(eml_message(member, subject, body, sender)))
                files.append(str(path))
        at = utcnow()
        insert_events(session, [
            {"contact_id": m.id, "kind": "sent", "release_id": release, "send_list_id": resolved.id,
             "notes": f"pitch: {subject}"[:1000], "occurred_at": at}
            for m in members
        ])
        return PitchResult(mode, len(members), len(members), url, files, resolved.excluded)

    return db.run(work)
