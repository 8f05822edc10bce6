"""GUI test set-up: offscreen Qt, a demo database per test, QSettings and user folders in tmp."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from outreach.gui import errors, worker

# The offscreen platform warns about features it lacks; that is not a failure of ours.
OFFSCREEN_NOISE = r"This plugin does not support"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 300-contact demo database, made once; each test gets a copy."""
    from outreach.services.demo import fill
    from outreach.store.database import Database

    path = tmp_path_factory.mktemp("template") / "demo.db"
    db = Database.open(f"sqlite:///{path}")
    fill(db, 300)
    db.close()
    return path


@pytest.fixture
def db_url(demo_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "outreach.db"
    shutil.copy(demo_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def db(db_url: str) -> Iterator[object]:
    from outreach.store.database import Database

    database = Database.open(db_url)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def qsettings_in_tmp(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "qsettings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def reported_errors() -> Iterator[list[BaseException]]:
    """Errors the window reported; a test that expects none fails if one shows up."""
    seen: list[BaseException] = []
    previous = errors.set_error_handler(seen.append)
    sync = worker.set_synchronous(True)
    yield seen
    worker.set_synchronous(sync)
    errors.set_error_handler(previous)
    assert not seen, f"unexpected errors reported by the window: {seen!r}"  # tests that expect one clear it


@pytest.fixture
def window(qtbot: object, db_url: str) -> Iterator[object]:
    from outreach.gui import create_window

    win = create_window(db_url)
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    win.resize(1300, 800)
    win.show()
    yield win
    win.close()
    win.db.close()  # type: ignore[attr-defined]


@pytest.fixture
def read_only_window(qtbot: object, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """The window on the test database opened read-only (SQLite's mode=ro)."""
    from outreach.gui import create_window

    monkeypatch.chdir(tmp_path)  # the store makes a stray "file:" folder for URI file names
    path = db_url.removeprefix("sqlite:///")
    win = create_window(f"sqlite:///file:{path}?mode=ro&uri=true")
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    win.resize(1300, 800)
    win.show()
    assert win.team.read_only  # type: ignore[attr-defined]
    yield win
    win.close()
    win.db.close()  # type: ignore[attr-defined]
