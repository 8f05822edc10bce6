"""The right-hand pane: one contact or organisation, read-only, as compact HTML in the palette's colours."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

from outreach.domain.phones import format_international
from outreach.gui.contacts_model import local_time
from outreach.gui.errors import guarded
from outreach.gui.icons import resources_dir
from outreach.gui.timeline import PersonBar, timeline_html
from outreach.services.outreach_log import EventRow
from outreach.store.audit import AuditRow
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


HISTORY_SHOWN = 4
SHOW_ALL = "outreach:history-all"
SHOW_FEWER = "outreach:history-fewer"
FIELD_NAMES = {"display_name": "name", "do_not_contact": "do not contact", "dnc_reason": "reason",
               "time_zone": "time zone", "preferred_channel": "channel", "consent_basis": "consent",
               "emails": "e-mail", "phones": "phone", "organization": "organisation"}
ACTIONS = {"create": "created", "update": "edited", "trash": "moved to the trash", "restore": "restored",
           "bulk": "changed (bulk)"}


def _value(value: Any, limit: int = 60) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _when(at: datetime) -> str:
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return f"{aware.astimezone():%Y-%m-%d %H:%M}"


def history_line(entry: AuditRow) -> str:
    """When, who, what: '2026-11-27 10:05 · alice · edited<br>title: A → B'."""
    head = f"<b>{escape(_when(entry.at))}</b> · {escape(entry.actor or 'unknown')} · " \
           f"{escape(ACTIONS.get(entry.action, entry.action))}"
    changes = []
    for field, pair in (entry.changes or {}).items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        name = FIELD_NAMES.get(field, field.replace("_", " "))
        if entry.action == "create" or before is None:
            if after not in (None, "", [], False):
                changes.append(f"{escape(name)}: {escape(_value(after))}")
            continue
        changes.append(f"{escape(name)}: {escape(_value(before))} → {escape(_value(after))}")
    if changes:
        head += "<br>&nbsp;&nbsp;&nbsp;" + "<br>&nbsp;&nbsp;&nbsp;".join(changes)
    return head


def history_html(entries: Sequence[AuditRow], show_all: bool = False) -> str:
    if not entries:
        return ""
    shown = entries if show_all else entries[:HISTORY_SHOWN]
    lines = [history_line(e) for e in shown]
    if len(entries) > HISTORY_SHOWN:
        lines.append(f'<a href="{SHOW_FEWER}">show fewer</a>' if show_all else
                     f'<a href="{SHOW_ALL}">show all {len(entries)} changes</a>')
    return f"<h4>History</h4><p><small>{'<br>'.join(lines)}</small></p>"


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
        self._contact: ContactDetail | None = None
        self._history: list[AuditRow] = []
        self.history_expanded = False
        # The outreach timeline and the person's buttons, once the window gives a source (timeline.py).
        self.timeline_source: Callable[[int], list[EventRow]] | None = None
        self._events: list[EventRow] = []
        self.person_bar = PersonBar(self)
        self.anchorClicked.connect(self._on_link)
        self.show_nothing()

    def show_nothing(self, text: str = "Nothing selected") -> None:
        self._contact = None
        self.person_bar.show_for(None)
        self.setHtml(f"<p><i>{escape(text)}</i></p>")

    def show_contact(self, detail: ContactDetail, history: Sequence[AuditRow] = ()) -> None:
        """The person, and who changed what (newest first; the last few unless expanded)."""
        if self._contact is None or self._contact.id != detail.id:
            self.history_expanded = False
        self._contact, self._history = detail, list(history)
        self._events = self.timeline_source(detail.id) if self.timeline_source is not None else []
        self.person_bar.show_for(detail.id if self.timeline_source is not None else None, detail.display_name)
        self._render()

    def _render(self) -> None:
        if self._contact is None:
            return
        scroll = self.verticalScrollBar().value()
        timeline = timeline_html(self._events) if self.timeline_source is not None else ""
        self.setHtml(contact_html(self._contact) + timeline + history_html(self._history, self.history_expanded))
        self.verticalScrollBar().setValue(scroll)

    @guarded
    def _on_link(self, url: QUrl) -> None:
        if url.toString() in (SHOW_ALL, SHOW_FEWER):
            self.history_expanded = url.toString() == SHOW_ALL
            self._render()

    def show_org(self, org: OrgRow, people: list[ContactRow]) -> None:
        self.person_bar.show_for(None)
        self.setHtml(org_html(org, people))
