"""Finding phone numbers in contact text, with their label (phone/mobile/fax) and extension.

Only text already known to be about contacts is searched (blocks, cue sentences), never the whole
release, and every pattern here is linear: digit runs are separated by mandatory non-digits and
repeat a bounded number of times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from outreach.domain.phones import PhoneCheck, check_phone

# Groups of digits joined by one separator: space, dot, slash, dash (maybe spaced), parentheses.
_CANDIDATE = re.compile(
    r"(?<![\w@#/=%$€£¥+.,-])(?<!\d:)(?:\+[ ]?|\b00[ ]?)?\(?\d{1,6}\)?"
    r"(?:(?:[ ]?[-–][ ]?|[./]|[ ]|[ ]?\([ ]?|\)[ ]?)\(?\d{1,8}\)?){0,9}"
)
# US-style vanity numbers: 1-800-FLOWERS, (888) GO-GREEN.
_VANITY = re.compile(
    r"(?<![\w+])(?:\+?1[ .-]?)?\(?8(?:00|33|44|55|66|77|88)\)?[ .-]?"
    r"(?=[\dA-Z-]{0,12}[A-Z])[\dA-Z]{2,4}(?:-?[\dA-Z]{1,7}){1,2}\b"
)
_EXTENSION = re.compile(
    r"(?i)[ ]*,?[ ]*\(?[ ]*(?:ext\.?|extn\.?|extension|x|durchwahl|dw\.?|poste|ramal|int\.?|app\.?|#)"
    r"[ ]*[:.]?[ ]*(\d{1,6})\)?(?!\d)"
)
_LABEL_WORDS: dict[str, str] = {}
for _label_kind, _label_words in {
    "phone": "tel tel. tél tél. tlf tlf. telephone téléphone telefon telefone telefono teléfono telf phone ph "
    "ph. fon office direct dir dir. work landline festnetz fixe fixo fijo voice main switchboard zentrale "
    "hotline line 电话 電話 전화",
    "mobile": "mobile mob mob. mobil mobiel mobiele cell cell. cellular cellphone cel cel. celular "
    "handy portable port. cellulare gsm whatsapp móvil movil telemóvel telemovel telm telm. tlm 手机 手機 携帯 "
    "휴대전화 휴대폰",
    "fax": "fax telefax télécopie telecopie facsimile 传真 傳真 팩스",
}.items():
    for _word in _label_words.split():
        _LABEL_WORDS[_word.rstrip(".")] = _label_kind
_LABEL_RE = "|".join(sorted((re.escape(w) for w in _LABEL_WORDS), key=len, reverse=True))
# A label right before a number: "Tel.: ", "Mobile (24h): ", "M: ", "Fax - ".
_LABEL_BEFORE = re.compile(
    rf"(?i)(?<![\w])(?P<word>{_LABEL_RE})\.?"
    rf"(?:[ ]*\([^()\n]{{0,20}}\))?[ ]*(?:no\.?|number|nr\.?)?[ ]*[:.]?[ ]*[-–]?[ ]*$"
)
_LETTER_BEFORE = re.compile(r"(?<![\w.])(?P<word>[TtMmFfPpCcOoDdWwHh])[ ]?[:.][ ]*$")
_LETTER_KINDS = {"t": "phone", "p": "phone", "o": "phone", "d": "phone", "w": "phone", "h": "phone",
                 "m": "mobile", "c": "mobile", "f": "fax"}
_LABEL_AFTER = re.compile(rf"(?i)[ ]*(?:\((?P<a>{_LABEL_RE})\.?\)|[-–][ ]*(?P<b>mobile|cell|fax|office)\b)")
# Context that makes a digit run something else: case/docket numbers, registrations, post codes.
_NOT_PHONE_BEFORE = re.compile(
    r"(?i)(?:\b(?:case|docket|no|nr|num|number|ref|reference|az|aktenzeichen|file|claim|charity|company|"
    r"registered|registration|reg|vat|abn|acn|ein|cnpj|cpf|siret|siren|ust-idnr|ustid|hrb|hra|iban|bic|account|"
    r"invoice|order|isbn|issn|doi|zip|postcode|post code|postal code|plz|cep|box|postfach|bp|suite|room|ticket|"
    r"permit|licen[cs]e|bill|act|section|id|rcs|kvk|cif|nif|nipc|gst|pan|cin|crn|sort code|cvr|cvr-nr|"
    r"org\.?[ ]?nr|organisationsnummer|uen|nzbn|acn|abn|ust|steuernummer|dnr|diarienummer)\b\.?|§|#|〒)"
    r"[ ]*(?:no\.?|nr\.?|number|num\.?|#)?[ ]*[:#]?[ ]*$"
)
_MONEY_BEFORE = re.compile(
    r"(?i)(?:[$€£¥₹₦₱]|\b(?:usd|eur|gbp|chf|aud|cad|inr|kes|ksh|ngn|zar|brl|r\$|rs\.?|sh)\b)[ ]?$"
)
_UNIT_AFTER = re.compile(
    r"(?i)^[ ]?(?:%|percent\b|per[ ]cent\b|prozent\b|million|billion|trillion|mio\b|mrd\b|bn\b|m\b|k\b|euros?\b|"
    r"eur\b|usd\b|dollars?\b|pounds?\b|reais\b|rupees\b|crore\b|lakh\b|shillings\b|km\b|kg\b|tons?\b|tonnes?\b)"
)
_CONNECTORS = frozenset(
    str.split(
    "or and und oder ou o e y en of on at to from between during until till bis ext extn x for mon tue wed thu "
    "fri sat sun weekdays anytime after before via in the und/oder et ou/et"
    )
)
_DATE_LIKE = re.compile(
    r"^(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4})|\d{4}[./-]\d{1,2}[./-]\d{1,2}|"
    r"(?:19|20)\d\d[ ]?[-–/][ ]?(?:19|20)?\d\d|\d{1,2}[.:]\d\d[ ]?[-–][ ]?\d{1,2}[.:]\d\d)$"
)
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
_POSTCODE = re.compile(r"^(?:\d{4}-\d{3}|\d{5}-\d{3}|\d{5}-\d{4})$")


@dataclass(frozen=True, slots=True)
class PhoneHit:
    start: int  # normalised text, covering the extension when there is one
    end: int
    number_text: str  # what was checked (normalised, line break removed, " ext. N" appended)
    kind: str
    labelled: bool
    check: PhoneCheck


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _label_before(text: str, start: int, floor: int) -> str | None:
    line_start = text.rfind("\n", floor, start) + 1
    lo = max(floor, line_start, start - 40)
    prefix = text[lo:start]
    m = _LABEL_BEFORE.search(prefix)
    if m:
        return _LABEL_WORDS.get(m.group("word").lower().rstrip("."))
    m = _LETTER_BEFORE.search(prefix)
    if m:
        return _LETTER_KINDS[m.group("word").lower()]
    return None


def _label_after(text: str, end: int) -> str | None:
    m = _LABEL_AFTER.match(text, end, min(len(text), end + 20))
    if not m:
        return None
    word = (m.group("a") or m.group("b") or "").lower().rstrip(".")
    return _LABEL_WORDS.get(word)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop unbalanced brackets and trailing separators from a candidate."""
    while e > s and text[e - 1] in " -–./(":
        e -= 1
    while e > s and text[e - 1] == ")" and text.count("(", s, e) < text.count(")", s, e):
        e -= 1
    while s < e and text[s] == "(" and text.count("(", s, e) > text.count(")", s, e):
        s += 1
    while s < e and text[s] in " ":
        s += 1
    return s, e


def _not_a_phone(text: str, s: int, e: int, floor: int) -> bool:
    cand = text[s:e]
    if _DATE_LIKE.match(cand) or _THOUSANDS.match(cand) or _POSTCODE.match(cand):
        return True
    line_start = text.rfind("\n", floor, s) + 1
    before = text[max(line_start, s - 30) : s]
    if _NOT_PHONE_BEFORE.search(before) or _MONEY_BEFORE.search(before):
        return True
    after = text[e : e + 20]
    if _UNIT_AFTER.match(after):
        return True
    m = re.match(r"[ ]?([a-zà-ÿ][\w/]*)", after)
    if m and m.group(1).lower() not in _CONNECTORS and cand[:1] not in "+(0":
        return True  # "2 100 households", "1 250 000 signatures"
    return bool(after[:1].isalpha() and not _EXTENSION.match(after))


def _kind(label: str | None, check: PhoneCheck) -> str:
    if label == "fax":
        return "fax"
    if check.number_type == "toll_free":
        return "tollfree"
    if label == "mobile" or check.number_type == "mobile":
        return "mobile"
    return "phone"


def _make(text: str, s: int, e: int, floor: int, region: str | None, others: tuple[str, ...],
          label: str | None) -> PhoneHit:
    number = text[s:e].replace("\n", " ")
    m = _EXTENSION.match(text, e, min(len(text), e + 24))
    if m:
        number = f"{number} ext. {m.group(1)}"
        e = m.end()
    check = check_phone(number, region, others)
    label = label or _label_after(text, e)
    return PhoneHit(start=s, end=e, number_text=number, kind=_kind(label, check), labelled=label is not None,
                    check=check)


def find_phones(
    text: str, start: int, end: int, region: str | None, other_regions: tuple[str, ...] = (),
    masked: tuple[tuple[int, int], ...] = (),
) -> list[PhoneHit]:
    """Phone numbers in text[start:end] (positions in ``text``), skipping the ``masked`` spans (e-mails, URLs)."""
    hits: list[PhoneHit] = []
    spans: list[tuple[int, int]] = []
    for pattern in (_VANITY, _CANDIDATE):
        for m in pattern.finditer(text, start, end):
            s, e = _trim(text, m.start(), m.end())
            if e <= s or any(s < me and ms < e for ms, me in masked) or any(s < he and hs < e for hs, he in spans):
                continue
            e = _join_next_line(text, s, e, end, region, other_regions)
            cand = text[s:e]
            n = _digits(cand)
            label = _label_before(text, s, start)
            if pattern is _VANITY:
                check = check_phone(cand, region, other_regions)
                if not check.valid:
                    continue
                hits.append(PhoneHit(s, e, cand, _kind(label, check), label is not None, check))
                spans.append((s, e))
                continue
            if n < 4 or n > 17:
                continue
            if label is None and (n < 6 or _not_a_phone(text, s, e, start)):
                continue
            if label is None and n < 7 and cand[:1] not in "+(":
                continue
            hits.extend(_resolve(text, s, e, start, region, other_regions, label))
            spans.append((s, e))
    hits.sort(key=lambda h: h.start)
    return hits


def _resolve(text: str, s: int, e: int, floor: int, region: str | None, others: tuple[str, ...],
             label: str | None) -> list[PhoneHit]:
    """One candidate, or two numbers written side by side ("DC 20005 (202) 555-0100", "0117 496 0831 07911 123456")."""
    hit = _make(text, s, e, floor, region, others, label)
    if hit.check.valid or _digits(text[s:e]) < 10:
        return [hit]
    for i in range(s + 1, e - 1):
        if text[i] != " ":
            continue
        left_e, right_s = _trim(text, s, i)[1], i + 1
        right_s = _trim(text, right_s, e)[0]
        if _digits(text[right_s:e]) < 6:
            continue
        right = _make(text, right_s, e, floor, region, others, label)
        if not right.check.valid:
            continue
        left = _make(text, s, left_e, floor, region, others, label)
        if left.check.valid:
            return [left, right]
        if _digits(text[s:left_e]) <= 5:
            return [right]  # a zip code or house number before the number
    return [hit]


def _join_next_line(text: str, s: int, e: int, end: int, region: str | None, others: tuple[str, ...]) -> int:
    """A number broken over two lines: extend to the next line when only the whole is valid."""
    gap = _NEXT_LINE.match(text, e, end)
    if not gap:
        return e
    rest = _CANDIDATE.match(text, gap.end(), end)
    if not rest:
        return e
    first = text[s:e]
    if check_phone(first, region, others).valid:
        return e
    joined = f"{first} {rest.group()}"
    if _digits(joined) > 15 or not check_phone(joined, region, others).valid:
        return e
    return _trim(text, s, rest.end())[1]


_NEXT_LINE = re.compile(r"[ ]*-?[ ]*\n[ ]*(?=[\d(])")
