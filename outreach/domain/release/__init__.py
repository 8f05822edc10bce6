"""Reading the contact block of a press release: who to call, on which numbers, and what is wrong.

Pure domain code (no Qt, no SQL): ``parse_release(text)`` returns a :class:`ReleaseCheck` whose
contacts, channels and problems all carry spans into the text given.
"""

from __future__ import annotations

from outreach.domain.release.model import (
    SCORED_KINDS,
    MediaContact,
    Problem,
    ReleaseCheck,
    ReleaseEmail,
    ReleasePhone,
    Span,
)
from outreach.domain.release.parser import parse_release

__all__ = [
    "SCORED_KINDS",
    "MediaContact",
    "Problem",
    "ReleaseCheck",
    "ReleaseEmail",
    "ReleasePhone",
    "Span",
    "parse_release",
]
