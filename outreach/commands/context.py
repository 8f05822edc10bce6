"""What every sub-command handler receives: the database URL and a lazily opened store."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from outreach.store.database import Database


class CliContext:
    def __init__(self, database_url: str | None) -> None:
        self.database_url = database_url
        self._database: Database | None = None

    def database(self) -> Database:
        """The opened (and, if needed, upgraded) database; opened on first use only."""
        if self._database is None:
            from outreach.settings import resolve_database_url
            from outreach.store.database import Database

            self._database = Database.open(resolve_database_url(self.database_url))
        return self._database

    def close(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None

    @staticmethod
    def print_json(value: Any) -> None:
        json.dump(value, sys.stdout, ensure_ascii=False, indent=None, default=str)
        sys.stdout.write("\n")

    @staticmethod
    def say(message: str) -> None:
        """A message for the person (stderr), never mixed into results."""
        print(message, file=sys.stderr)
