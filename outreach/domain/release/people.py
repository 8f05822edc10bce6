"""Who the contacts are: names, titles and organisations around the channels of a contact region.

A region (block or cue sentence) is cut into segments at separators (line breaks, ",", ":", "|",
" – ", " or ", " at " …) and at every e-mail/phone found in it. A segment that reads as a person's
name starts a contact; titles and organisations attach to it; channels attach to the contact
before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLE_WORDS: frozenset[str] = _words(
    """director directors officer manager coordinator co-ordinator coordinadora coordinador coordenador
    coordenadora head chief spokesperson spokesman spokeswoman spokespeople secretary president vice chair
    chairman chairwoman chairperson attorney counsel lawyer lead leader advisor adviser specialist associate
    assistant editor executive founder co-founder cofounder ceo cfo coo cto cmo vp svp evp consultant analyst
    organizer organiser campaigner campaigns researcher professor fellow strategist representative liaison
    publicist administrator supervisor principal dean mayor councillor councilmember councilor senator minister
    commissioner trustee treasurer producer curator volunteer intern communications communication relations
    affairs officer press media spokes sprecher sprecherin pressesprecher pressesprecherin leiter leiterin
    referent referentin pressereferent pressereferentin geschäftsführer geschäftsführerin vorstand
    vorsitzender vorsitzende chargé chargée attaché attachée responsable directeur directrice porte-parole
    assessor assessora diretor diretora gerente portavoz jefe jefa directora responsabile portavoce addetto
    addetta woordvoerder perschef persvoorlichter presschef pressansvarig kommunikationschef officer
    manager partner economist scientist engineer physician doctor nurse teacher coach pastor rabbi imam
    organising organizing policy program programme programs advocacy outreach marketing development
    deputy senior junior general regional national international acting interim
    """
)
ORG_WORDS: frozenset[str] = _words(
    """network union coalition foundation association council inc inc. ltd ltd. llc llp plc gmbh ag e.v. ev
    sa s.a. sas srl bv nv group institute institution university universität université universidade
    universidad college school society trust agency ministry department office centre center project alliance
    campaign initiative committee rescue keepers club fund partners bank hospital clinic company corporation
    corp corp. services federation movement party government city county church museum library team
    collective cooperative co-op association associação asociación associazione verein verband stiftung
    fondation fondazione fundación fundação instituto istituto commission authority board league watch
    international global communications consulting pr agency advocates justice rights now trust charity ngo
    kenya india gmbh org laboratories labs studio studios theatre theater orchestra press news times post
    journal radio tv television magazine gazette herald tribune records media
    """
)
_STOP_WORDS: frozenset[str] = _words(
    """the a an and or for of to in on at by with from via our your their please contact contacts media press
    inquiries enquiries email e-mail mail phone tel telephone mobile cell fax website web www twitter x
    facebook instagram linkedin notes editors editor's note for interviews journalists reporters visit about
    more information further ends end january february march april may june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday kontakt pressekontakt presse
    contato contacto contatto imprensa prensa stampa office hours available follow download photos images
    """
)
_HONORIFIC = re.compile(
    r"^(?:(?:dr|mr|mrs|ms|mx|miss|prof|professor|sir|dame|rev|hon|frau|herr|mme|mlle|m|sra|srta|sr|dra|dott|"
    r"dott\.ssa|ing|mag|mgr)\.?[ ]+)+",
    re.IGNORECASE,
)
_PARTICLES = _words("van von de da das dos do der den del della di du la le bin ibn al el ter zu y e")
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ]\.|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]*(?:['’-]?[A-ZÀ-ÖØ-Þa-zß-öø-ÿ][a-zß-öø-ÿ]+)*\.?)$")
_LEADING_LABEL = re.compile(
    r"(?i)^(?:(?:e-?mail|mail|courriel|tel|tél|phone|mobile?|mobil|cell|fax|web(?:site)?|site|twitter|x|"
    r"t|m|e|f|w|p|contact|contacts|name|nome|nombre|person|ansprechpartner(?:in)?|attn|attention)\b\.?[ ]*[:.]?[ ]*)+"
)
_CUE_PREFIX = re.compile(
    r"(?i)^.*?\b(?:contact|contacting|reach|call|e-?mail|get[ ]+in[ ]+touch[ ]+with|speak[ ]+(?:to|with)|talk[ ]+to|"
    r"write[ ]+to|kontaktieren[ ]+sie(?:[ ]+bitte)?|"
    r"wenden[ ]+sie[ ]+sich(?:[ ]+bitte)?[ ]+an|erreichen[ ]+sie|contactez|"
    r"contacter|joindre|contactar[ ]+(?:a|con)|contacte[ ]+(?:a|con)|comuníquese[ ]+con|entre[ ]+em[ ]+contato[ ]+com|"
    r"contatar|contate|fale[ ]+com|contattare|contattate|neem[ ]+contact[ ]+op[ ]+met)[ ]+(?:(?:with|us|our)[ ]+)?"
)
_FOR_ORG = re.compile(r"^(?i:for|on[ ]behalf[ ]of|für|pour|para|per|voor|från)[ ]+(?P<org>[A-ZÀ-Þ0-9].*)$")
_SEPARATORS = re.compile(
    r"\n|\||;|,|:|\(|\)|\[|\]|\t|•|·|[ ]+[-–—][ ]+|[ ]+/[ ]+|"
    r"[ ]+(?:or|oder|ou|on|at|via|unter|au|sous|per|of|o)(?=[ ]+|$)"
)


def clean_segment(segment: str) -> str:
    s = segment.strip(" \t\"'*_>•-–—.")
    s = _LEADING_LABEL.sub("", s).strip(" \t\"'*_")
    return s


def _strip_cue(segment: str) -> str:
    m = _CUE_PREFIX.match(segment)
    if m and m.end() < len(segment):
        return segment[m.end() :]
    return segment


def as_name(segment: str) -> str | None:
    """The segment as a person's name, or None when it does not read as one."""
    s = _HONORIFIC.sub("", segment.strip(" \t.,\"'")).strip()
    if not s or len(s) > 60:
        return None
    tokens = s.split()
    if not 2 <= len(tokens) <= 5:
        return None
    capitals = 0
    for i, tok in enumerate(tokens):
        low = tok.lower().rstrip(".")
        if low in _STOP_WORDS or low in TITLE_WORDS or low in ORG_WORDS:
            return None
        if tok.lower() in _PARTICLES and 0 < i < len(tokens) - 1:
            continue
        if not _NAME_TOKEN.match(tok) or (tok.isupper() and len(tok) > 2):
            return None
        capitals += 1
    if capitals < 2 or len(tokens[-1].rstrip(".")) < 2:
        return None
    return s.rstrip(".")


def is_title(segment: str) -> bool:
    words = [w.lower().strip(".,") for w in segment.split()]
    return 0 < len(words) <= 10 and any(w in TITLE_WORDS for w in words) and not any(c.isdigit() for c in segment)


def is_org(segment: str) -> bool:
    words = segment.split()
    if not 0 < len(words) <= 9 or len(segment) > 90:
        return False
    lowered = [w.lower().strip(".,") for w in words]
    if any(w in ORG_WORDS for w in lowered):
        return True
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return capitalised >= max(1, (len(words) + 1) // 2) and not all(w in _STOP_WORDS for w in lowered)


@dataclass(slots=True)
class Segment:
    start: int
    end: int
    text: str  # cleaned
    line: int  # index of the line in the region
    line_start: bool
    line_alone: bool  # the only segment on its line


@dataclass(slots=True)
class Channel:
    start: int
    end: int
    kind: str  # "email" | "phone"
    index: int  # into the caller's list of hits
    line: int


@dataclass(slots=True)
class Person:
    name: str | None
    name_span: tuple[int, int] | None
    title: str | None = None
    organization: str | None = None
    channels: list[Channel] = field(default_factory=list)
    start: int = 0
    end: int = 0
    line: int = 0
    title_line: int = -1
    partners: list[Person] = field(default_factory=list)  # "Jane Doe and John Roe" share their channels


def _segments(text: str, start: int, end: int, holes: list[tuple[int, int]]) -> list[Segment]:
    """Cut text[start:end] at separators and at the channel spans (``holes``)."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for hs, he in sorted(holes):
        if hs > pos:
            pieces.append((pos, hs))
        pos = max(pos, he)
    if pos < end:
        pieces.append((pos, end))
    out: list[Segment] = []
    for ps, pe in pieces:
        cut = ps
        for m in _SEPARATORS.finditer(text, ps, pe):
            out.append(Segment(cut, m.start(), "", 0, False, False))
            cut = m.end()
        out.append(Segment(cut, pe, "", 0, False, False))
    segments: list[Segment] = []
    for seg in out:
        raw = text[seg.start : seg.end]
        cleaned = clean_segment(_strip_cue(raw.strip()))
        if not cleaned:
            continue
        offset = raw.find(cleaned)
        s = seg.start + (offset if offset >= 0 else 0)
        segments.append(Segment(s, s + len(cleaned), cleaned, 0, False, False))
    return segments


def _line_of(text: str, start: int, pos: int) -> int:
    return text.count("\n", start, pos)


def attribute(
    text: str, start: int, end: int, channels: list[Channel], *, strict: bool,
    skip: tuple[tuple[int, int], ...] = (),
) -> tuple[list[Person], list[Channel], str | None]:
    """People of one region with their channels; channels before any person; the block's organisation.

    ``strict`` (cue sentences, notes to editors): keep only people that have a channel.
    """
    holes = [(c.start, c.end) for c in channels] + list(skip)
    segments = _segments(text, start, end, holes)
    # Line facts, for "an organisation line above the person line".
    line_counts: dict[int, int] = {}
    for seg in segments:
        seg.line = _line_of(text, start, seg.start)
        line_counts[seg.line] = line_counts.get(seg.line, 0) + 1
    for ch in channels:
        ch.line = _line_of(text, start, ch.start)
        line_counts[ch.line] = line_counts.get(ch.line, 0) + 1
    first_on_line: set[int] = set()
    for seg in segments:
        if seg.line not in first_on_line:
            seg.line_start = True
            first_on_line.add(seg.line)
        seg.line_alone = line_counts.get(seg.line, 0) == 1
    items: list[tuple[int, Segment | Channel]] = [(s.start, s) for s in segments] + [(c.start, c) for c in channels]
    items.sort(key=lambda x: x[0])

    people: list[Person] = []
    leading: list[Channel] = []
    block_org: str | None = None
    pending_title: str | None = None
    current: Person | None = None
    for idx, (_, item) in enumerate(items):
        if isinstance(item, Channel):
            if current is not None:
                current.channels.append(item)
                current.end = max(current.end, item.end)
                for partner in current.partners:
                    partner.channels.append(item)
            else:
                leading.append(item)
            continue
        seg = item
        for_org = _FOR_ORG.match(seg.text)
        name = as_name(seg.text) if not for_org else None
        if name is None and not for_org and (" and " in seg.text or " & " in seg.text or " und " in seg.text):
            parts = re.split(r" (?:and|&|und) ", seg.text)
            names = [as_name(p) for p in parts]
            if len(parts) == 2 and all(names):
                first: Person | None = None
                for part_name in names:
                    current = Person(part_name, (seg.start, seg.end), start=seg.start, end=seg.end, line=seg.line,
                                     organization=block_org)
                    people.append(current)
                    if first is None:
                        first = current
                    else:
                        current.partners.append(first)
                continue
        if name is not None and seg.line_alone and _next_line_starts_with_name(items, idx, seg.line):
            name = None  # "Open Rights Group" above "Jim Killock, ...": an organisation line
            block_org = seg.text
            continue
        if name is not None and current is not None and not current.channels and seg.line == current.line \
                and not seg.line_start:
            # "Arjun Mehta, Campaign Lead, Safe Streets Mumbai": a second name-like part of the person's line
            # is their organisation, not a second person.
            if current.organization in (None, block_org):
                current.organization = seg.text
            continue
        if name is not None:
            if current is not None and current.name and current.name == name and not current.channels:
                continue
            current = Person(name, (seg.start, seg.end), start=seg.start, end=seg.end, line=seg.line,
                             organization=block_org, title=pending_title)
            pending_title = None
            people.append(current)
            continue
        if for_org:
            block_org = for_org.group("org").strip()
            current = None
            continue
        if is_title(seg.text) and current is not None and current.title and not current.channels \
                and seg.line == current.title_line:
            current.title = f"{current.title}, {seg.text}"  # "Director, Media Relations"
            continue
        if is_title(seg.text) and (current is None or current.title is None):
            if current is not None and not current.channels:
                current.title = seg.text
                current.title_line = seg.line
            elif current is None:
                pending_title = seg.text
            continue
        if is_org(seg.text):
            if current is not None and not current.channels and current.organization in (None, block_org) and \
                    seg.line - current.line <= 2:
                current.organization = seg.text
            elif current is None or current.channels:
                block_org = seg.text
                current = None if current is not None and current.channels and seg.line_alone else current
            continue
    if strict:
        people = [p for p in people if p.channels]
    elif any(p.channels for p in people):
        # A bare name-like line after the contacts ("Pedala Leste – Rua Augusta …") is an organisation or an
        # address; a person listed without any channel still counts when a title says who they are.
        people = [p for p in people if p.channels or p.title]
    return people, leading, block_org


def _next_line_starts_with_name(items: list[tuple[int, Segment | Channel]], idx: int, line: int) -> bool:
    for _, item in items[idx + 1 :]:
        if item.line == line:
            continue
        if isinstance(item, Channel):
            return False
        return item.line_start and as_name(item.text) is not None
    return False
