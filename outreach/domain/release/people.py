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
    writer reporter journalist editor-in-chief correspondent photographer designer planner
    public information engagement community external corporate digital content social events campaign
    operations partnerships fundraising membership
    conseiller conseillère attachée rédacteur rédactrice délégué déléguée secrétaire présidente président
    pressereferent leiterin referentin sprecherin mitarbeiterin mitarbeiter kommunikation öffentlichkeitsarbeit
    assessora coordenadora jornalista comunicação comunicación comunicacion prensa imprensa
    woordvoerster communicatieadviseur voorlichter perschef pressechef kommunikationsrådgiver pressetalsmand
    pressansvarig presssekreterare informationschef kommunikatör viestintäpäällikkö
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
    circle forum friends partnership consortium caucus assembly chamber guild academy observatory
    software systems technologies solutions holdings ventures industries enterprises gallery festival choir
    ensemble tenants residents neighbors neighbours workers nurses teachers riders farmworkers united action
    e.v. ggmbh stichting vereniging fietsersbond bond förening forening förbund forbund ry oy ab asbl vzw
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
# Title words that also describe organisations ("Community Legal Centres", "Public Health Institute").
_WEAK_TITLE: frozenset[str] = _words(
    """public information engagement community external corporate digital content social events campaign
    operations partnerships fundraising membership senior junior general regional national international acting
    interim deputy communications communication relations affairs press media policy program programme programs
    advocacy outreach marketing development organising organizing kommunikation öffentlichkeitsarbeit comunicação
    comunicación comunicacion prensa imprensa volunteer"""
)
# CJK names: "山田 花子", "王小明"; Korean "김민준" before a title word.
_HAN = r"[\u4e00-\u9fff\u3400-\u4dbf]"
_CJK_NAME = re.compile(rf"^{_HAN}{{1,3}}(?:[ ]{_HAN}{{1,3}}|{_HAN}{{1,3}})$")
_CJK_NOT_NAME = re.compile(
    r"(?:部|課|室|局|社|会|所|団|省|庁|院|校|館|県|都|市|区|町|村|府|道|組合|協会|財団|法人|連合|大学|公司|集团|中心|"
    r"株式会社|有限会社|担当|広報|経理|本件|各位|様|先|関係者|新闻|媒体|联系|部门|委员会|協議会|银行|銀行)$|"
    r"^(?:株式会社|有限会社|一般|公益|特定)|"
    r"^(?:电话|電話|手机|手機|携帯|传真|傳真|邮箱|郵箱|邮件|電郵|电邮|地址|网址|網址|联系人|聯絡人|連絡先|住所|所在地|"
    r"担当者|問合せ|微信|微博|官网|官網)$"
)
_CJK_TITLES = re.compile(
    r"[ ]?(?:部長|課長|係長|室長|主任|主査|担当|代表|理事長|理事|社長|マネージャー|マネジャー|リーダー|"
    r"经理|總監|总监|主管|专员|專員|經理|部长|总裁|總裁|发言人|發言人)$"
)
_HANGUL_NAME = re.compile(r"^[\uac00-\ud7a3]{2,4}$")
_KO_TITLES = _words(
    """팀장 대리 과장 부장 차장 주임 사원 국장 실장 간사 대표 위원장 연구원 선임연구원 책임연구원
    매니저 담당 담당자 활동가 사무국장 사무처장 처장 본부장 이사 상임이사 교수 변호사 홍보담당
    홍보팀장 홍보실장 기자 선임 책임"""
)


def cjk_person(segment: str) -> tuple[str | None, str | None, str | None]:
    """(name, title, organisation) of a CJK or Korean contact segment; (None, None, None) when none reads as one."""
    s = segment.strip()
    if not s or re.search(r"[A-Za-z0-9@]", s):
        return None, None, None
    tokens = s.split()
    # Korean: "서울시민환경연대 정책팀 김민준 팀장" — the name is the token before the title word.
    for i, tok in enumerate(tokens):
        if tok in _KO_TITLES and i >= 1 and _HANGUL_NAME.match(tokens[i - 1]):
            org = " ".join(tokens[: i - 1]) or None
            return tokens[i - 1], tok, org
    title = None
    m = _CJK_TITLES.search(s)
    if m and m.start() > 0:
        title = m.group().strip()
        s = s[: m.start()].strip()
    if _CJK_NAME.match(s) and not _CJK_NOT_NAME.search(s):
        return s, title, None
    return None, None, None


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
    r"(?i)^.*?\b(?:contact[ ]+opnemen[ ]+met|contact|contacting|reach|call|e-?mail|get[ ]+in[ ]+touch[ ]+with|"
    r"speak[ ]+(?:to|with)|talk[ ]+to|"
    r"write[ ]+to|kontaktieren[ ]+sie(?:[ ]+bitte)?|"
    r"wenden[ ]+sie[ ]+sich(?:[ ]+bitte)?[ ]+an|erreichen[ ]+sie|contactez|"
    r"contacter|joindre|contactar[ ]+(?:a|con)|contacte[ ]+(?:a|con)|comuníquese[ ]+con|entre[ ]+em[ ]+contato[ ]+com|"
    r"contatar|contate|fale[ ]+com|contattare|contattate|neem[ ]+contact[ ]+op[ ]+met|contact[ ]+opnemen[ ]+met|"
    r"kontakta|kontakt[ ]+med|kontakte|ota[ ]+yhteyttä)[ ]*:?[ ]+(?:(?:with|us|our)[ ]+)?"
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


def as_name(segment: str, caps: bool = False) -> str | None:
    """The segment as a person's name, or None when it does not read as one.

    ``caps``: a name written all in capitals ("JANE DOE", "SEAN O'NEILL") counts too (contact block lines).
    """
    s = _HONORIFIC.sub("", segment.strip(" \t.,\"'")).strip()
    if not s or len(s) > 60:
        return None
    if caps and s.isupper() and sum(c.isalpha() for c in s) >= 5:
        titled = as_name(_title_case(s))
        return s if titled is not None else None
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


def _title_case(s: str) -> str:
    """JANE VAN DER BERG -> Jane van der Berg; O'NEILL -> O'Neill; WRIGHT-COLLINS -> Wright-Collins."""
    out = []
    for i, tok in enumerate(s.split()):
        low = tok.lower()
        out.append(low if i and low in _PARTICLES else tok.title())
    return " ".join(out)


def is_title(segment: str) -> bool:
    words = [w.lower().strip(".,") for w in segment.split()]
    if not 0 < len(words) <= 10 or any(c.isdigit() for c in segment):
        return False
    if any(w in TITLE_WORDS and w not in _WEAK_TITLE for w in words):
        return True
    return any(w in TITLE_WORDS for w in words) and not any(w in ORG_WORDS and w not in TITLE_WORDS for w in words)


def is_org(segment: str) -> bool:
    if not any(c.isalpha() for c in segment):
        return False  # "0" of "+49 (0)89 …", a house number
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
    pending_line = 0
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
        name = as_name(seg.text, caps=seg.line_start) if not for_org else None
        if name is None and not for_org:
            cjk_name, cjk_title, cjk_org = cjk_person(seg.text)
            if cjk_name is not None:
                current = Person(cjk_name, (seg.start, seg.end), start=seg.start, end=seg.end, line=seg.line,
                                 organization=cjk_org or block_org, title=cjk_title)
                people.append(current)
                continue
        if pending_title is not None and seg.line - pending_line > 1:
            pending_title = None  # a title line only introduces the name right after it
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
        if name is not None and _org_label(text, seg, items, idx):
            block_org = seg.text  # "Shelter Street: Hannah Price, 020 …": the organisation labels the person
            current = None
            continue
        if name is not None and current is not None and not current.channels and current.title is not None \
                and seg.line_alone and seg.line - max(current.line, current.title_line) == 1 \
                and _next_is_channel(items, idx):
            # "Ms Tan Wei Ling / Senior Manager / Singapore Heritage Circle / Tel: …": the line between the
            # person's title and their channels is their organisation.
            current.organization = seg.text
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
                pending_line = seg.line
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


def _next_is_channel(items: list[tuple[int, Segment | Channel]], idx: int) -> bool:
    return idx + 1 < len(items) and isinstance(items[idx + 1][1], Channel)


def _org_label(text: str, seg: Segment, items: list[tuple[int, Segment | Channel]], idx: int) -> bool:
    """A name-like segment followed by a colon and a name on the same line: "Shelter Street: Hannah Price"."""
    if not seg.line_start or text[seg.end : seg.end + 3].lstrip(" ")[:1] not in (":", "："):
        return False
    if idx + 1 >= len(items):
        return False
    nxt = items[idx + 1][1]
    return isinstance(nxt, Segment) and nxt.line == seg.line and as_name(nxt.text) is not None


def _next_line_starts_with_name(items: list[tuple[int, Segment | Channel]], idx: int, line: int) -> bool:
    for _, item in items[idx + 1 :]:
        if item.line == line:
            continue
        if isinstance(item, Channel):
            return False
        return item.line_start and as_name(item.text) is not None
    return False
