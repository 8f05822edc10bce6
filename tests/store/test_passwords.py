"""Server passwords come from the keyring, never from a settings file, and nothing ever prompts."""

import subprocess
import sys

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy.engine import make_url

from outreach.store import passwords


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def test_a_remembered_password_is_used_for_a_url_without_one(memory_keyring: MemoryKeyring) -> None:
    url = make_url("postgresql+psycopg://team@db.example:5433/press")
    assert passwords.remember_password(url, "s3cret")
    assert memory_keyring.items == {("Outreach", "team@db.example:5433/press"): "s3cret"}
    assert passwords.with_password(url).password == "s3cret"
    assert passwords.with_password(url.set(password="given")).password == "given"  # the URL wins


def test_without_a_keyring_nothing_is_stored_and_nothing_fails(tmp_path: object) -> None:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        url = make_url("postgresql+psycopg://team@db.example/press")
        assert passwords.remember_password(url, "x") is False
        assert passwords.with_password(url).password is None
    finally:
        keyring.set_keyring(previous)


def test_the_command_line_never_waits_for_a_password() -> None:
    # A server that is not there, or asks for a password, must end in a message, not a prompt.
    result = subprocess.run(
        [sys.executable, "-m", "outreach", "--database", "postgresql+psycopg://nobody@127.0.0.1:1/none", "stats"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert result.stderr.startswith("outreach: ") and "Traceback" not in result.stderr
