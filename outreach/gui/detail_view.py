"""The right-hand pane: one contact or organisation, read-only, as compact HTML in the palette's colours."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from outreach.domain.phones import format_international
from outreach.gui.contacts_model import local_time
from outreach.gui.icons import resources_dir
from outreach.store.queries.contacts import ContactDetail, ContactRow, EmailRow, PhoneRow
from outreach.store.queries.orgs import OrgRow


def _status_img(status: str) -> str:
    name = {"valid": "valid", "possible": "warning"}.get(status, "invalid")
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.is_file():
        return ""
    return f'<img src="{path.as_uri()}" width="12" height="12" alt="{escape(status)}"> '


def _email_line(e: EmailRow) -> str:
    parts = [_status_img(e.status), f"<b>{escape(e.raw)}</b>"]
    if e.label:
        parts.append(f" <i>{escape(e.label)}</i>")
    if e.is_primary:
        parts.append(" · primary")
    if e.status != "valid":
        parts.append(f" · {escape(e.status)}")
    if e.message:
        parts.append(f"<br>&nbsp;&nbsp;&nbsp;{escape(e.message)}")
    if e.delivery_status and e.delivery_status != "ok":
        parts.append(f" · delivery: {escape(e.delivery_status)}")
    return "".join(parts)


def _phone_line(p: PhoneRow) -> str:
    shown = format_international(p.e164, p.extension) if p.e164 else p.raw
    parts = [_status_img(p.status), f"<b>{escape(shown)}</b>"]
    kinds = dict.fromkeys(x for x in (p.label, p.number_type) if x and x != "unknown")
    if kinds:
        parts.append(f" <i>{escape(' '.join(kinds))}</i>")
    if p.is_primary:
        parts.append(" · primary")
    if p.status != "valid":
        parts.append(f" · {escape(p.status)} (typed “{escape(p.raw)}”)")
    if p.message:
        parts.append(f"<br>&nbsp;&nbsp;&nbsp;{escape(p.message)}")
    return "".join(parts)


def _section(title: str, lines: Iterable[str]) -> str:
    items = [line for line in lines if line]
    if not items:
        return ""
    return f"<h4>{escape(title)}</h4><p>" + "<br>".join(items) + "</p>"


def contact_html(d: ContactDetail) -> str:
    head = f"<h2>{escape(d.display_name)}</h2>"
    sub = " · ".join(x for x in (d.title, d.organization) if x)
    facts = [escape(sub)] if sub else []
    where = " · ".join(x for x in (d.country, d.time_zone) if x)
    if where:
        now = local_time(d.time_zone)
        facts.append(escape(where) + (f" · local time {now}" if now else ""))
    facts.append(f"Role: {escape(d.role)}")
    if d.do_not_contact:
        reason = f": {escape(d.dnc_reason)}" if d.dnc_reason else ""
        facts.append(f"{_status_img('invalid')}<b>Do not contact</b>{reason}")
    if d.deleted_at is not None:
        facts.append(f"<b>In the trash</b> since {d.deleted_at:%Y-%m-%d %H:%M}")
    body = [head, "<p>" + "<br>".join(facts) + "</p>"]
    body.append(_section("E-mail", (_email_line(e) for e in d.emails)))
    body.append(_section("Phone", (_phone_line(p) for p in d.phones)))
    body.append(_section("Beats", [escape(", ".join(d.tags))] if d.tags else []))
    body.append(_section("Notes", [escape(d.notes).replace("\n", "<br>")] if d.notes.strip() else []))
    jobs = [
        escape(" · ".join(x for x in (j.title, j.organization) if x))
        + (f" ({j.started or '?'} – {j.ended or 'now'})" if j.started or j.ended else "")
        for j in d.jobs
    ]
    body.append(_section("Job history", jobs))
    body.append(f"<p><small>Source: {escape(d.source)} · version {d.version} · "
                f"changed {d.updated_at:%Y-%m-%d %H:%M}</small></p>")
    return "".join(b for b in body if b)


def org_html(org: OrgRow, people: list[ContactRow]) -> str:
    facts = [x for x in (org.kind, org.country, org.website) if x]
    body = [f"<h2>{escape(org.name)}</h2>", escape(" · ".join(facts))]
    if org.notes:
        body.append(f"<p>{escape(org.notes)}</p>")
    lines = [f"<b>{escape(p.name)}</b> — {escape(p.title)}" + (f" · {escape(p.primary_email)}"
                                                               if p.primary_email else "")
             for p in people]
    body.append(_section(f"People ({len(people)})", lines))
    return "".join(b for b in body if b)


class DetailView(QTextBrowser):
    """Read-only HTML pane; follows the system palette (no colours of its own)."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName("Details")
        self.setOpenLinks(False)
        self.show_nothing()

    def show_nothing(self, text: str = "Nothing selected") -> None:
        self.setHtml(f"<p><i>{escape(text)}</i></p>")

    def show_contact(self, detail: ContactDetail) -> None:
        self.setHtml(contact_html(detail))

    def show_org(self, org: OrgRow, people: list[ContactRow]) -> None:
        self.setHtml(org_html(org, people))
