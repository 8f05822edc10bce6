"""Finding e-mail addresses in contact text: plain, mailto:, <angle>, and obfuscated forms."""

from __future__ import annotations

import re
from dataclasses import dataclass

from outreach.domain.emails import check_email

# A plain address. The domain may hold a stray comma ("x@example,org") and the at sign may be doubled
# ("x@@example.org") so that such a typo is reported as invalid rather than silently cut short or dropped.
# Start only at the beginning of a word run (no backtracking
# over long runs of word characters).
_PLAIN = re.compile(r"(?<![\w.+%'-])[\w.+%'-]{1,64}@@?[\w-]{1,63}(?:[.,][\w-]{1,63}){0,8}")
# Obfuscations: name [at] example [dot] org, name(at)example.org, name at example dot org.
_AT = r"(?:[ \t]*[\[({<][ \t]*(?:at|@)[ \t]*[\])}>][ \t]*|[ \t]+at[ \t]+|[ \t]*\(a\)[ \t]*)"
_DOT = r"(?:[ \t]*[\[({<][ \t]*(?:dot|punkt|point|ponto|punto|\.)[ \t]*[\])}>][ \t]*|[ \t]+dot[ \t]+|\.)"
_OBFUSCATED = re.compile(
    rf"(?i)(?<![\w.+-])(?P<local>[\w.+-]{{1,64}}(?:[ \t]+dot[ \t]+[\w+-]{{1,64}}){{0,4}}){_AT}"
    rf"(?P<domain>[\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{1,6}})"
)
_DOT_SPLIT = re.compile(_DOT, re.IGNORECASE)
_PLAIN_WORD_DOT = re.compile(r"(?i)[ \t]+dot[ \t]+")


@dataclass(frozen=True, slots=True)
class EmailHit:
    start: int  # normalised text
    end: int
    address: str
    valid: bool
    normalized: str | None
    message: str
    suggestion: str | None
    obfuscated: bool


def _hit(start: int, end: int, address: str, obfuscated: bool) -> EmailHit:
    check = check_email(address)
    return EmailHit(
        start=start,
        end=end,
        address=address,
        valid=check.valid,
        normalized=check.normalized,
        message=check.message,
        suggestion=check.suggestion,
        obfuscated=obfuscated,
    )


def find_emails(text: str, start: int, end: int) -> list[EmailHit]:
    """Addresses in text[start:end], in order; obfuscated forms only where no plain one overlaps."""
    segment = text[start:end]
    hits: list[EmailHit] = []
    taken: list[tuple[int, int]] = []
    for m in _PLAIN.finditer(segment):
        s, e = m.start(), m.end()
        raw = m.group()
        # Leading quote/apostrophe and trailing hyphen are punctuation, not part of the address.
        while raw and raw[0] in "'.-":
            raw, s = raw[1:], s + 1
        while raw and raw[-1] in "-.,'":
            raw, e = raw[:-1], e - 1
        if s > 7 and segment[s - 7 : s].lower() == "mailto:":
            pass  # mailto: stays outside the address; the span covers the address only
        if "@" not in raw or raw.startswith("@"):
            continue
        hits.append(_hit(start + s, start + e, raw, False))
        taken.append((s, e))
    for m in _OBFUSCATED.finditer(segment):
        s, e = m.start(), m.end()
        if any(s < te and ts < e for ts, te in taken):
            continue
        domain_text = m.group("domain")
        plain_at = "@" not in m.group() and not re.search(r"[\[({<]", m.group())
        # "name at example dot org" needs the spelled-out dot too; "contact Ann at 555" is no address.
        if plain_at and not _PLAIN_WORD_DOT.search(domain_text):
            continue
        if not re.search(r"(?i)\bat\b|\(a\)|[\[({<]\s*@", m.group()):
            continue
        parts = [p for p in _DOT_SPLIT.split(domain_text) if p]
        local = ".".join(p for p in _DOT_SPLIT.split(m.group("local")) if p)
        address = f"{local}@{'.'.join(parts)}"
        hits.append(_hit(start + s, start + e, address, True))
        taken.append((s, e))
    hits.sort(key=lambda h: h.start)
    return hits
