"""Taking accents off text for comparing and searching ("Ångström" as "Angstrom")."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


def strip_accents(text: str) -> str:
    """`text` decomposed (NFKD) without its combining marks; ASCII text comes back as it is."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_combining_marks())


@lru_cache(maxsize=1)
def _combining_marks() -> dict[int, None]:
    """str.translate's table deleting every character with a combining class. They all lie in U+0300 to
    U+1E94A (tests check the range against the whole code space); a per-character generator cost an
    import of 100,000 names about a second."""
    return {code: None for code in range(0x300, 0x1F000) if unicodedata.combining(chr(code))}
