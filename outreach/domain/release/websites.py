"""Web sites a release names, and whether an address's domain belongs to one of them."""

from __future__ import annotations

import re

_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'()\[\]]{1,300}")
_VISIT = re.compile(
    r"(?i)\b(?:visit|website|web|site|online at|more at|go to|besuchen sie|visitez|visite|acesse|visita)[ ]?:?[ ]+"
    r"(?P<host>[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){0,5}\.[a-z]{2,24})\b(?![@\w-])"
)
# A social handle written in the text: "@OrgName" (not an address: nothing word-like before the @).
_HANDLE = re.compile(r"(?<![\w.@+-])@(\w{1,40})\b")
# Sites that are never the organisation's own.
_NOT_OWN = frozenset(
    str.split(
    """twitter.com x.com facebook.com fb.com instagram.com linkedin.com youtube.com youtu.be tiktok.com
    threads.net bsky.app mastodon.social medium.com substack.com bit.ly tinyurl.com ow.ly t.co goo.gl
    google.com docs.google.com drive.google.com dropbox.com wetransfer.com flickr.com vimeo.com
    soundcloud.com spotify.com apple.com podcasts.apple.com wikipedia.org prnewswire.com businesswire.com
    globenewswire.com eventbrite.com zoom.us"""
    )
)
_SECOND_LEVEL = frozenset(str.split("co ac gov org net com edu or ne go mil nic sch ltd plc me"))


def registered_domain(host: str) -> str:
    """example.org for press.example.org; example.co.uk for www.example.co.uk."""
    labels = host.lower().strip(".").split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _host(url: str) -> tuple[str, str]:
    text = re.sub(r"(?i)^https?://", "", url)
    host, _, path = text.partition("/")
    host = host.split(":")[0].rstrip(".,;").lower()
    if host.startswith("www."):
        host = host[4:]
    return host, path.rstrip(".,;)")


def find_websites(text: str) -> list[tuple[str, int, int]]:
    """(host, start, end) of the sites the release names as its own, in order, no duplicates."""
    seen: set[str] = set()
    out: list[tuple[str, int, int]] = []
    handles = {h.lower() for h in _HANDLE.findall(text)} if "@" in text else set()
    for m in _URL.finditer(text):
        if m.start() > 0 and text[m.start() - 1] == "@":
            continue
        host, path = _host(m.group())
        deep = path.count("/") >= 1 or len(path) > 40
        # A profile on a social network: "site/@name", or a link whose text or path is the @handle written
        # in the release ("[@OrgName](https://x.example/OrgName)").
        if path.startswith("@") or (path and path.lower() in handles):
            continue
        if "." not in host or host in _NOT_OWN or registered_domain(host) in _NOT_OWN or deep:
            continue
        if host not in seen:
            seen.add(host)
            out.append((host, m.start(), m.start() + len(m.group().rstrip(".,;)"))))
    for m in _VISIT.finditer(text):
        host = m.group("host").lower()
        host = host[4:] if host.startswith("www.") else host
        if host in _NOT_OWN or registered_domain(host) in _NOT_OWN or host in seen:
            continue
        seen.add(host)
        out.append((host, m.start("host"), m.end("host")))
    out.sort(key=lambda x: x[1])
    return out


def same_site(domain: str, host: str) -> bool:
    """True when an address's domain and a site are the same organisation (subdomains and www. count)."""
    d, h = domain.lower().strip("."), host.lower().strip(".")
    if d == h or d.endswith("." + h) or h.endswith("." + d):
        return True
    return registered_domain(d) == registered_domain(h)
