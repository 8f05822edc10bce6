"""Database passwords: from the URL, else the OS keyring; never written to a settings file.

The command line never prompts (libpq does not either): a server that asks for a password it was
not given fails with a one-line message. The window asks, and may remember the answer in the
keyring. Without a usable keyring (none installed, or a headless session) nothing is stored.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.engine import URL

log = logging.getLogger(__name__)

SERVICE = "Outreach"


def account(url: URL) -> str:
    """The keyring entry for a server: user@host:port/database."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def _keyring() -> Any:
    """The keyring module when a real backend is available, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    return None if isinstance(backend, fail.Keyring) else keyring


def keyring_available() -> bool:
    """Whether a password can be remembered in the OS keyring here."""
    return _keyring() is not None


def stored_password(url: URL) -> str | None:
    ring = _keyring()
    if ring is None:
        return None
    try:
        value = ring.get_password(SERVICE, account(url))
    except Exception:  # a locked or broken keyring is not a reason to fail opening
        log.warning("the keyring could not be read", exc_info=True)
        return None
    return value if isinstance(value, str) else None


def remember_password(url: URL, password: str) -> bool:
    """Store the password in the OS keyring; False when there is no usable keyring."""
    ring = _keyring()
    if ring is None:
        return False
    ring.set_password(SERVICE, account(url), password)
    return True


def with_password(url: URL) -> URL:
    """The URL with the keyring's password filled in for a server URL that has none."""
    if url.get_backend_name() != "postgresql" or url.password:
        return url
    password = stored_password(url)
    return url.set(password=password) if password else url
