"""User settings, declared in one place, and where Outreach keeps its files.

Settings live in a small JSON file in the platform's user config folder
(`OUTREACH_CONFIG_DIR` overrides it; tests use that). The default database is
`outreach.db` in the user data folder (`OUTREACH_DATA_DIR` overrides it).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from outreach.errors import UserError

APP = "Outreach"


@dataclass(frozen=True)
class Option:
    key: str
    default: str
    title: str
    help: str


def _check_region(value: str) -> str:
    from outreach.domain.phones import is_known_region

    code = value.strip().upper()
    if not is_known_region(code):
        raise UserError(f"default-region: {value!r} is not a known two-letter region code (US, GB, DE, …)")
    return code


def _check_url(value: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(value)
    except ArgumentError:
        raise UserError(f"database-url: {value!r} is not a database URL") from None
    return value


OPTIONS: dict[str, Option] = {
    o.key: o
    for o in (
        Option("default-region", "US", "Default region",
               "region for phone numbers written without a country code (ISO code: US, GB, DE…)"),
        Option("database-url", "", "Database URL",
               "database to open when neither --database nor OUTREACH_DATABASE_URL is given"),
    )
}
_CHECKS = {"default-region": _check_region, "database-url": _check_url}


def config_dir() -> Path:
    env = os.environ.get("OUTREACH_CONFIG_DIR")
    return Path(env) if env else Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    env = os.environ.get("OUTREACH_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_path() -> Path:
    return config_dir() / "config.json"


def _load() -> dict[str, Any]:
    path = config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise UserError(f"{path}: cannot read settings ({exc})") from None
    return data if isinstance(data, dict) else {}


def get(key: str) -> str:
    option = _option(key)
    value = _load().get(key)
    return value if isinstance(value, str) and value else option.default


def all_settings() -> dict[str, str]:
    return {key: get(key) for key in OPTIONS}


def set_value(key: str, value: str) -> str:
    _option(key)
    check = _CHECKS.get(key)
    checked = check(value) if check and value else value
    data = _load()
    data[key] = checked
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)  # never a half-written settings file
    return checked


def unset(key: str) -> None:
    _option(key)
    data = _load()
    if data.pop(key, None) is not None:
        path = config_path()
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)


def _option(key: str) -> Option:
    try:
        return OPTIONS[key]
    except KeyError:
        raise UserError(f"unknown setting {key!r}; known: {', '.join(OPTIONS)}") from None


def default_database_path() -> Path:
    return data_dir() / "outreach.db"


def resolve_database_url(explicit: str | None) -> str:
    """--database, then $OUTREACH_DATABASE_URL, then the setting, then the default SQLite file."""
    for candidate in (explicit, os.environ.get("OUTREACH_DATABASE_URL"), get("database-url")):
        if candidate:
            return candidate
    return f"sqlite:///{default_database_path()}"


def default_region() -> str:
    return get("default-region")
