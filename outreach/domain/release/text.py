"""Normalising release text while keeping every position traceable to the original.

Most clean-up is a same-length replacement (NBSP → space, smart quotes → ASCII quotes, CR and
form feed → line break), so positions do not move. Invisible characters (zero-width spaces,
soft hyphens, BOM) are removed; the few removals are recorded so that a span in the normalised
text maps back to the original text exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from outreach.domain.release.model import Span

_SAME_LENGTH = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",  # narrow no-break space
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u3000": " ",
        "\t": " ",
        "\v": "\n",
        "\f": "\n",  # form feed (page break from PDFs)
        "\r": "\n",  # CRLF becomes two line breaks only when followed by \n; see below
        "\u2028": "\n",
        "\u2029": "\n",
        "\u0085": "\n",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",
        "\u2212": "-",  # minus sign
        "\uff0b": "+",
        "\uff20": "@",
        "\uff1a": ":",  # full-width colon (CJK releases: "TEL：")
        "\uff08": "(",
        "\uff09": ")",
        "\uff0c": ",",
        "\uff1b": ";",
        "\u3001": ",",  # ideographic comma
    }
)
# Removed outright: zero-width space/joiners, word joiner, soft hyphen, BOM, and the bidirectional
# controls (LRM/RLM, embeddings, overrides, isolates) that hide or reverse text ("Hannah \u202ePrice").
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """The normalised text and the map back to the original."""

    text: str
    original: str
    # Positions (in normalised text) before which characters were removed, and the running
    # total of removed characters up to each of them.
    _cuts: tuple[int, ...] = ()
    _removed: tuple[int, ...] = ()

    def to_original(self, pos: int) -> int:
        """The original position of the character at normalised position ``pos``."""
        if not self._cuts:
            return pos
        i = bisect_right(self._cuts, pos) - 1
        return pos + (self._removed[i] if i >= 0 else 0)

    def span(self, start: int, end: int) -> Span:
        """A normalised [start, end) as an original [start, end)."""
        if end <= start:
            o = self.to_original(start)
            return (o, o)
        return (self.to_original(start), self.to_original(end - 1) + 1)

    def raw(self, start: int, end: int) -> str:
        """The original text behind a normalised span."""
        s, e = self.span(start, end)
        return self.original[s:e]


def normalize(original: str) -> NormalizedText:
    # CRLF: the CR becomes a space (same length) so a CRLF stays a single line break.
    text = original.replace("\r\n", " \n") if "\r" in original else original
    text = text.translate(_SAME_LENGTH)
    if not _INVISIBLE.search(text):
        return NormalizedText(text=text, original=original)
    cuts: list[int] = []
    removed: list[int] = []
    parts: list[str] = []
    total = 0
    last = 0
    out_len = 0
    for m in _INVISIBLE.finditer(text):
        parts.append(text[last : m.start()])
        out_len += m.start() - last
        total += m.end() - m.start()
        cuts.append(out_len)
        removed.append(total)
        last = m.end()
    parts.append(text[last:])
    return NormalizedText(text="".join(parts), original=original, _cuts=tuple(cuts), _removed=tuple(removed))


def line_number(text: str, pos: int) -> int:
    """1-based line number of ``pos`` in ``text`` (CRLF, CR and LF each end one line)."""
    head = text[:pos]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1
