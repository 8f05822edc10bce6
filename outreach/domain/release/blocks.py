"""Where contacts are: contact blocks under headings, and sentences that name a contact in running text."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Headings releases use for their contact block, in several languages.
_HEADING_WORDS = r"""
  (?:media|press|news|pr|presse|medien)[ ]+(?:contacts?|inquiries|enquiries|queries|relations|office|information|desk)
 |(?:for[ ]+)?(?:media|press|interview|journalist)[ ]+(?:inquiries|enquiries|requests|queries)(?:[ ]+only)?
 |for[ ]+(?:more|further|additional)[ ]+(?:information|details|info)
   (?:[ ]+(?:or[ ]+(?:to[ ]+)?(?:arrange[ ]+)?(?:an[ ]+)?interviews?|on[ ]+this[ ]+release))?
 |for[ ]+(?:media|press|interviews?|comment)
 |contacts?(?:[ ]+(?:for|pour)[ ]+(?:the[ ]+)?(?:media|press|journalists|presse|médias))?
 |media
 |notes?[ ]+(?:to|for)[ ]+(?:the[ ]+)?editors?|editors?'?[ ]+notes?
 |presse?kontakte?|medienkontakte?|pressestelle|pressesprecher(?:in)?
 |kontakt(?:[ ]+für[ ]+(?:medien|presse|journalist(?:inn)?en|die[ ]+presse))?
 |ansprechpartner(?:in)?(?:[ ]+für[ ]+(?:die[ ]+)?(?:medien|presse))?
 |(?:für|bei)[ ]+rückfragen(?:[ ]+wenden[ ]+sie[ ]+sich[ ]+an)?|rückfragen
 |contacts?[ ]+(?:presse|médias?|media)
 |relations?[ ]+(?:presse|médias)|service[ ]+de[ ]+presse|attachée?[ ]+de[ ]+presse
 |assessoria[ ]+de[ ]+imprensa|contatos?(?:[ ]+(?:para|com|de)(?:[ ]+a)?[ ]+imprensa)?
 |informações[ ]+(?:para|à)[ ]+imprensa
 |contactos?(?:[ ]+(?:de|para|con)(?:[ ]+(?:la|los))?[ ]+(?:prensa|medios))?|oficina[ ]+de[ ]+prensa|prensa
 |perscontact(?:en)?|perskontakt|persvragen|persinformatie|voor[ ]+meer[ ]+informatie
 |contatt[oi](?:[ ]+(?:stampa|per[ ]+la[ ]+stampa|media))?|ufficio[ ]+stampa|per[ ]+informazioni
 |presskontakt(?:er)?|kontakt[ ]+för[ ]+media|mediakontakt|pressekontakt
 |renseignements(?:[ ]+(?:aux[ ]+)?(?:médias|journalistes|presse))?|informations?(?:[ ]+(?:presse|média|médias))?
 |relations?[ ]+(?:avec[ ]+les[ ]+)?médias|contacts?[ ]+médias?
 |noot[ ]+(?:voor|aan)[ ]+(?:de[ ]+)?redactie|note[ ]+(?:à|aux)[ ]+(?:la[ ]+)?rédactions?
 |hinweis[ ]+für[ ]+(?:die[ ]+)?redaktion
 |meer[ ]+informatie|más[ ]+información|para[ ]+más[ ]+información|mais[ ]+informações|ulteriori[ ]+informazioni
 |kontaktperson(?:er)?|yderligere[ ]+(?:oplysninger|information)|for[ ]+yderligere[ ]+information
 |mer[ ]+informa(?:tion|sjon)|lisätietoja|tiedotus|kontakt[ ]+dla[ ]+mediów|kontakt[ ]+dla[ ]+prasy
 |(?:本件に関する)?(?:報道関係者様?からの)?お?問い?合わ?せ先?|報道関係者お問い合わせ先?|取材のお問い合わせ
 |媒体联系(?:人|方式)?|新闻联系人|联系人|媒體聯絡(?:人)?|傳媒查詢|媒体垂询
 |(?:보도|언론|취재)?[ ]*문의(?:처)?|홍보[ ]*담당(?:자)?
"""
_HEADING = re.compile(
    # "Media Contact / Contacto de prensa:", "Renseignements / Information :", "【お問い合わせ先】"
    # Runs of spaces are possessive (*+): nested optional space runs made a line of spaces cubic to search.
    rf"(?im)^[ ]*+(?:[*_#>•-]+[ ]*+)?[【\[]?[ ]*+(?P<h>{_HEADING_WORDS})(?:\b|(?<=[^\x00-\x7f]))"
    rf"(?:[ ]*+/[ ]*+(?:{_HEADING_WORDS})\b)?[ ]*+[】\]]?[ ]*+(?:[*_]+[ ]*+)?"
    r"(?P<tail>(?:,[ ]*)?(?:please[ ]+|bitte[ ]+|veuillez[ ]+)?"
    r"(?:contact|call|email|e-mail|reach|kontaktieren|contacter|contactez|contactar|contacte|contate|contatar|contattare)"
    r"\b[ ]*(?:sie[ ]*)?:?|[ ]*[:：][ ]*|[ ]*[-–—][ ]+|[ ]*$|,[^\n:]{1,40}[:：][ ]*)",
    re.VERBOSE,
)
# Words after which the person named is the contact: "Journalists can reach Anna Berg on ...".
_CUE = re.compile(
    r"(?i)\b(?:contact|contacting|reach|call|ring|e-?mail|text|phone|get[ ]+in[ ]+touch[ ]+with|speak[ ]+(?:to|with)|"
    r"talk[ ]+to|write[ ]+to|kontaktieren[ ]+sie(?:[ ]+bitte)?|"
    r"wenden[ ]+sie[ ]+sich(?:[ ]+bitte)?[ ]+an|erreichen[ ]+sie|"
    r"contactez|contacter|joindre|contactar[ ]+(?:a|con)|contacte[ ]+(?:a|con)|comuníquese[ ]+con|"
    r"entre[ ]+em[ ]+contato[ ]+com|contatar|contate|fale[ ]+com|contattare|contattate|neem[ ]+contact[ ]+op[ ]+met|"
    r"contact[ ]+opnemen[ ]+met|kontakta|kontakt[ ]+med|kontakte|ota[ ]+yhteyttä)"
    # "[ ]*:?[ ]+" backtracked through every split of a long run of spaces (quadratic); possessive, same matches.
    r"(?:[ ]*+:)?[ ]++(?:(?:with|us|our|the)[ ]++)?(?=(?:[A-ZÀ-Þ]|(?:dr|mr|mrs|ms|prof|frau|herr|mme|m)\.?[ ]))"
)
# A cue to an office, not a person: "please contact the press office on ...".
_OFFICE_CUE = re.compile(
    r"(?i)\b(?:contact|reach|call|e-?mail|get[ ]+in[ ]+touch[ ]+with)[ ]+(?:the|our|its)[ ]+"
    r"(?:(?:\w+[ ]+)?(?:press|media|communications|news)[ ]+(?:office|team|desk|line|relations(?:[ ]+team)?))\b"
)
# Where a contact block ends.
_STOP = re.compile(
    r"(?im)^[ ]*(?:[*_#]+[ ]*)?(?:about[ ]|about$|über[ ]|uber[ ]|à[ ]propos|a[ ]propos|sobre[ ]|acerca[ ]de|over[ ]|"
    r"informazioni[ ]su|chi[ ]siamo|om[ ]|#{3,}|-+[ ]*30[ ]*-+|\*{3,}|"
    r"[-–—]*[ ]*(?:ends?|end|ende|fin|fim|fine|einde|slut)"
    r"[ ]*[-–—]*[ ]*$|source:|quelle:|fuente:|fonte:|photo|image|disclaimer|forward-looking|safe[ ]harbor)"
)
_BOILERPLATE_TITLE = re.compile(
    r"(?i)^[ *_#]*(?:for[ ]immediate[ ]release|immediate[ ]release|press[ ]release|news[ ]release|media[ ]release|"
    r"news[ ]advisory|media[ ]advisory|embargoed.*|under[ ]embargo.*|pressemitteilung|presseinformation|"
    r"medienmitteilung|communiqué(?:[ ]de[ ]presse)?|comunicado(?:[ ]de[ ]prensa|[ ]de[ ]imprensa)?|"
    r"comunicato[ ]stampa|persbericht|pressmeddelande|release|statement|for[ ]release.*|contact:?.*)[ *_:.]*$"
)


@dataclass(frozen=True, slots=True)
class Region:
    start: int
    end: int
    kind: str  # "block" (under a heading), "notes" (notes to editors), "cue" (running text), "office"
    heading_span: tuple[int, int] | None = None


def title_of(text: str) -> tuple[str, tuple[int, int]]:
    """The first meaningful line: not blank, not "FOR IMMEDIATE RELEASE" and the like."""
    pos = 0
    n = len(text)
    for _ in range(40):
        if pos >= n:
            break
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        line = text[pos:nl]
        stripped = line.strip(" *_#")
        if stripped and not _BOILERPLATE_TITLE.match(stripped) and any(c.isalpha() for c in stripped):
            start = pos + line.find(stripped[0])
            return stripped[:300], (start, start + min(len(stripped), 300))
        pos = nl + 1
    return "", (0, 0)


def is_prose(line: str, narrow: bool = True) -> bool:
    """A line of running text: long, or (``narrow``: text wrapped short) many words, many in lower case."""
    words = line.split()
    if "@" in line or sum(c.isdigit() for c in line) >= 6:
        return False
    if len(line) > 110 and len(words) >= 14:
        return True
    lower = sum(1 for w in words if w[:1].islower())
    return narrow and len(words) >= 10 and lower * 5 >= len(words) * 2


def _is_headline(line: str) -> bool:
    """A headline-like line (many words, no digits or punctuation a contact line has)."""
    words = line.split()
    return len(words) >= 7 and not any(c.isdigit() or c in "@,:|;/()" for c in line)


def _block_end(text: str, start: int, limit_lines: int = 40, limit_chars: int = 3000) -> int:
    """The end of the block that starts at ``start``: a stop line, another heading, prose, or two blank lines."""
    pos = start
    n = min(len(text), start + limit_chars)
    blank = 0
    seen = False
    lines = 0
    end = start
    first = True
    while pos < n and lines < limit_lines:
        nl = text.find("\n", pos, n)
        if nl < 0:
            nl = n
        line = text[pos:nl]
        stripped = line.strip()
        if not first:
            if stripped and _STOP.match(line):
                break
            hm = _HEADING.match(line) if stripped else None
            if hm and _accepted(text, hm):
                break
            # Running text ends the block; a narrow-wrapped line only when it opens a new paragraph (a note in
            # the block such as "available for interviews in English or Spanish" does not).
            if stripped and is_prose(stripped, narrow=blank > 0) and (blank or seen):
                break
            if stripped and blank and seen and _is_headline(stripped):
                break
        first = False
        if stripped:
            seen = True
            blank = 0
            end = nl
        else:
            blank += 1
            if seen and blank >= 2:
                break
        lines += 1
        pos = nl + 1
    return max(end, start)


def _sentence_end(text: str, start: int, limit: int = 400) -> int:
    """The end of the sentence from ``start``: a full stop before a capital, a blank line, or the limit."""
    n = min(len(text), start + limit)
    para = text.find("\n\n", start, n)
    if para >= 0:
        n = para
    for m in re.finditer(r"[.!?](?=[ \n]+[A-Z\"(]|[ \n]*$)", text[start:n]):
        i = start + m.start()
        word = re.search(r"(\S+)$", text[max(start, i - 12) : i])
        token = word.group(1) if word else ""
        if "@" in token or re.fullmatch(
            r"(?i)(?:[A-Z]|dr|mr|mrs|ms|prof|st|no|nr|tel|ext|mob|ph|inc|ltd|co|corp|jr|sr|e\.g|i\.e|approx|www\.\S*)",
            token,
        ) or (i + 1 < len(text) and text[i + 1] not in " \n"):
            continue
        return i
    return n


def find_regions(text: str) -> list[Region]:
    """Contact blocks under headings, then cue sentences outside them, in text order."""
    regions: list[Region] = []
    covered_until = -1
    for m in _HEADING.finditer(text):
        if m.start() < covered_until:
            continue
        if not _accepted(text, m):
            continue
        heading = m.group("h").lower()
        kind = "notes" if re.search(r"editor|redac|rédac|redaktion", heading) else "block"
        end = _block_end(text, m.end())
        regions.append(Region(m.end(), end, kind, (m.start("h"), m.end("h"))))
        covered_until = end
    blocks = list(regions)
    block_starts = [b.start for b in blocks]
    cue_until = -1
    for m in _CUE.finditer(text):
        verb = m.group()
        if m.start() < cue_until or (verb[:1].isupper() and not _sentence_start(text, m.start())):
            continue  # "Ring doorbell", "Call of Duty": a capitalised cue word inside a sentence is a name
        if _inside(blocks, block_starts, m.start(), lead=200):
            continue  # inside (or leading into) a block: the block parse reads it
        end = _sentence_end(text, m.end())
        regions.append(Region(m.start(), end, "cue"))
        cue_until = end
    regions.sort(key=lambda r: r.start)
    starts = [r.start for r in regions]
    offices: list[Region] = []
    for m in _OFFICE_CUE.finditer(text):
        if _inside(regions, starts, m.start()):
            continue
        offices.append(Region(m.start(), _sentence_end(text, m.end()), "office"))
    if offices:
        regions = sorted(regions + offices, key=lambda r: r.start)
    return regions


def _accepted(text: str, m: re.Match[str]) -> bool:
    """Whether a heading match is a heading: bare words need a colon or a line of their own."""
    heading = m.group("h").lower()
    tail = m.group("tail")
    # A bare "Media" or "Contact" line is a heading only when nothing else is on it or a colon follows.
    bare = heading in {"media", "prensa", "contact", "contacts", "kontakt", "contato", "contatos", "contacto",
                       "contactos", "contatto", "contatti", "rückfragen", "for media", "for press", "information",
                       "informations", "renseignements", "문의", "联系人", "tiedotus", "kontaktperson",
                       "meer informatie", "mer information", "mer informasjon"}
    if bare and not (":" in tail or "：" in tail or tail.strip() == "" or re.search(r"[-–—]", tail)):
        return False
    # "For more information" only when something follows it or it stands alone on its line.
    vague = heading.startswith(("for more", "for further", "for additional", "voor meer", "per informazioni"))
    return not vague or bool(tail.strip()) or text[m.end() : m.end() + 1] in ("", "\n")


def _inside(regions: list[Region], starts: list[int], pos: int, lead: int = 0) -> bool:
    """Whether pos lies in one of the sorted, non-overlapping regions (or up to ``lead`` before one)."""
    i = bisect_right(starts, pos + lead) - 1
    while i >= 0:
        r = regions[i]
        if r.start - lead <= pos < r.end:
            return True
        if r.end <= pos:
            return False
        i -= 1
    return False


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(" ")
    return not before or before[-1] in ".!?:\n\"("
