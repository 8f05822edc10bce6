"""`outreach lists delete --json` / `lists restore FILE`: nothing lost; `lists list` counts; `log list --kind`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from outreach.cli import main
from outreach.store import releases
from outreach.store.database import Database


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def add(capsys: pytest.CaptureFixture[str], url: str, name: str, *extra: str) -> int:
    code, out, err = run(capsys, "--database", url, "contacts", "add", name, "--json", *extra)
    assert code == 0, err
    return int(json.loads(out)["id"])


@pytest.fixture
def listed(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, int]:
    """A send-list for a release from a query, with hand edits and a chosen address, sent to."""
    db = Database.open(url)
    try:
        with db.session() as session:
            rel = releases.create_release(session, title="Heat report")
    finally:
        db.close()
    ids = {
        "ann": add(capsys, url, "Ann Lee", "--email", "ann@metro.example", "--email", "ann@home.example",
                   "--beat", "climate"),
        "bo": add(capsys, url, "Bo Chen", "--email", "bo@metro.example", "--beat", "climate"),
        "cy": add(capsys, url, "Cy Park", "--email", "cy@metro.example", "--beat", "climate", "--dnc", "asked"),
        "di": add(capsys, url, "Di Ruiz", "--email", "di@metro.example", "--beat", "sport"),
        "rel": rel,
    }
    db_args = ("--database", url)
    assert run(capsys, *db_args, "lists", "create", "climate", "--release", str(rel), "--query", "beat:climate")[0] == 0
    assert run(capsys, *db_args, "lists", "add", "climate", str(ids["di"]))[0] == 0
    assert run(capsys, *db_args, "lists", "remove", "climate", str(ids["bo"]))[0] == 0
    assert run(capsys, *db_args, "lists", "add", "climate", str(ids["ann"]), "--email", "ann@home.example")[0] == 0
    assert run(capsys, *db_args, "log", "add", "--list", "climate", "--kind", "sent", "--when", "2026-11-02")[0] == 0
    return ids


def test_delete_json_then_restore_gives_identical_show_output(capsys: pytest.CaptureFixture[str], url: str,
                                                               listed: dict[str, int], tmp_path: Path) -> None:
    code, shown, _ = run(capsys, "--database", url, "lists", "show", "climate", "--json")
    assert code == 0 and "ann@home.example" in shown
    code, before_list, _ = run(capsys, "--database", url, "lists", "list", "--json")
    code, out, err = run(capsys, "--database", url, "lists", "delete", "climate", "--json")
    assert code == 0 and "deleted send-list 'climate' (3 people)" in err and "lists restore" in err
    saved = tmp_path / "climate.json"
    saved.write_text(out, encoding="utf-8")
    assert "Ann" not in out and "@" not in out  # ids and dates only
    assert run(capsys, "--database", url, "lists", "show", "climate")[0] == 1
    events = json.loads(run(capsys, "--database", url, "log", "list", "--kind", "sent", "--json")[1])
    assert {e["list"] for e in events} == {""}

    code, _, err = run(capsys, "--database", url, "lists", "restore", str(saved))
    assert code == 0 and "restored send-list 'climate': 4 member row(s), 2 event(s) linked again" in err
    assert run(capsys, "--database", url, "lists", "show", "climate", "--json")[1] == shown
    assert run(capsys, "--database", url, "lists", "list", "--json")[1] == before_list
    events = json.loads(run(capsys, "--database", url, "log", "list", "--kind", "sent", "--json")[1])
    assert sorted((e["contact_id"], e["list"]) for e in events) == [(listed["ann"], "climate"),
                                                                    (listed["di"], "climate")]
    # The hand removal survived: a refresh does not bring Bo back.
    code, _, err = run(capsys, "--database", url, "lists", "refresh", "climate")
    assert code == 0 and "0 new match" in err


def test_restore_reads_stdin_and_can_take_another_name(capsys: pytest.CaptureFixture[str], url: str,
                                                       listed: dict[str, int], monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    shown = run(capsys, "--database", url, "lists", "show", "climate", "--json")[1]
    saved = run(capsys, "--database", url, "lists", "delete", "climate", "--json")[1]
    run(capsys, "--database", url, "lists", "create", "climate")
    monkeypatch.setattr("sys.stdin", io.StringIO(saved))
    code, _, err = run(capsys, "--database", url, "lists", "restore", "-")
    assert code == 1 and "exists again" in err and err.count("\n") == 1
    monkeypatch.setattr("sys.stdin", io.StringIO(saved))
    assert run(capsys, "--database", url, "lists", "restore", "-", "--name", "climate-2")[0] == 0
    assert run(capsys, "--database", url, "lists", "show", "climate-2", "--json")[1] == shown


def test_restore_of_a_file_that_is_no_deleted_list_is_a_one_line_error(capsys: pytest.CaptureFixture[str],
                                                                        url: str, tmp_path: Path) -> None:
    for content in ("not json", '{"members": []}', "[]"):
        bad = tmp_path / "bad.json"
        bad.write_text(content, encoding="utf-8")
        code, out, err = run(capsys, "--database", url, "lists", "restore", str(bad))
        assert code == 1 and out == "" and err.startswith("outreach: ") and err.count("\n") == 1
    code, _, err = run(capsys, "--database", url, "lists", "restore", str(tmp_path / "missing.json"))
    assert code == 1 and "missing.json" in err


def test_lists_list_counts_members_and_excluded(capsys: pytest.CaptureFixture[str], url: str,
                                                listed: dict[str, int]) -> None:
    rows = json.loads(run(capsys, "--database", url, "lists", "list", "--json")[1])
    assert [(r["name"], r["people"], r["members"], r["excluded"], r["release_id"]) for r in rows] == [
        ("climate", 3, 2, 1, listed["rel"])]
    code, out, _ = run(capsys, "--database", url, "lists", "list")
    assert code == 0 and "climate  (2 member(s), 1 excluded)" in out


def test_log_list_filters_by_kind(capsys: pytest.CaptureFixture[str], url: str, listed: dict[str, int]) -> None:
    run(capsys, "--database", url, "log", "add", "--contact", str(listed["ann"]), "--kind", "replied")
    kinds = [e["kind"] for e in json.loads(run(capsys, "--database", url, "log", "list", "--json")[1])]
    assert sorted(kinds) == ["replied", "sent", "sent"]
    replied = json.loads(run(capsys, "--database", url, "log", "list", "--kind", "replied", "--json")[1])
    assert [(e["contact_id"], e["kind"]) for e in replied] == [(listed["ann"], "replied")]
    assert run(capsys, "--database", url, "log", "list", "--kind", "waved")[0] == 2  # usage
