"""`outreach lists|log|privacy|release status` as scripts use them: JSON shapes, files, exit codes."""

from __future__ import annotations

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


def make_release(url: str, title: str = "Heat report") -> int:
    db = Database.open(url)
    try:
        with db.session() as session:
            return releases.create_release(session, title=title)
    finally:
        db.close()


@pytest.fixture
def people(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, int]:
    return {
        "ann": add(capsys, url, "Ann Lee", "--email", "ann@metro.example", "--beat", "climate", "--country", "GB"),
        "bo": add(capsys, url, "Bo Chen", "--email", "bo@metro.example", "--beat", "climate", "--country", "GB"),
        "cy": add(capsys, url, "Cy Park", "--email", "cy@metro.example", "--beat", "climate", "--country", "GB",
                  "--dnc", "asked"),
        "di": add(capsys, url, "Di Ruiz", "--email", "di@metro.example", "--beat", "sport"),
    }


def test_lists_show_json_has_members_and_excluded_with_reasons(
    capsys: pytest.CaptureFixture[str], url: str, people: dict[str, int]
) -> None:
    code, _, err = run(capsys, "--database", url, "lists", "create", "climate-gb", "--query", "beat:climate country:GB")
    assert code == 0 and "2 member(s), 1 excluded" in err
    code, out, _ = run(capsys, "--database", url, "lists", "show", "climate-gb", "--json")
    data = json.loads(out)
    assert set(data) == {"members", "excluded"}
    assert [(m["id"], m["name"], m["email"]) for m in data["members"]] == [
        (people["ann"], "Ann Lee", "ann@metro.example"), (people["bo"], "Bo Chen", "bo@metro.example")]
    assert data["excluded"] == [{"contact": {"id": people["cy"], "name": "Cy Park", "organization": "",
                                             "email": "cy@metro.example"}, "reason": "do-not-contact"}]


def test_hand_edits_refresh_list_and_delete(capsys: pytest.CaptureFixture[str], url: str,
                                            people: dict[str, int]) -> None:
    run(capsys, "--database", url, "lists", "create", "l", "--query", "beat:climate")
    assert run(capsys, "--database", url, "lists", "remove", "l", str(people["bo"]))[0] == 0
    assert run(capsys, "--database", url, "lists", "add", "l", str(people["di"]))[0] == 0
    add(capsys, url, "Ed Wu", "--email", "ed@metro.example", "--beat", "climate")
    code, _, err = run(capsys, "--database", url, "lists", "refresh", "l")
    assert code == 0 and "1 new match" in err
    members = json.loads(run(capsys, "--database", url, "lists", "show", "l", "--json")[1])["members"]
    assert {m["name"] for m in members} == {"Ann Lee", "Di Ruiz", "Ed Wu"}
    listed = json.loads(run(capsys, "--database", url, "lists", "list", "--json")[1])
    assert [(r["name"], r["people"], r["query"]) for r in listed] == [("l", 4, "beat:climate")]
    assert run(capsys, "--database", url, "lists", "delete", "l")[0] == 0
    assert json.loads(run(capsys, "--database", url, "lists", "list", "--json")[1]) == []


def test_lists_errors_exit_1_with_one_line(capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, out, err = run(capsys, "--database", url, "lists", "show", "nope")
    assert code == 1 and out == "" and err.startswith("outreach: no send-list") and err.count("\n") == 1
    run(capsys, "--database", url, "lists", "create", "l")
    assert run(capsys, "--database", url, "lists", "create", "l")[0] == 1
    assert run(capsys, "--database", url, "lists", "add", "l", "999")[0] == 1
    assert run(capsys, "--database", url, "lists", "export", "l", "--format", "pdf", "-o", "x")[0] == 2  # usage


def test_lists_export_writes_only_members(capsys: pytest.CaptureFixture[str], url: str, people: dict[str, int],
                                          tmp_path: Path) -> None:
    run(capsys, "--database", url, "lists", "create", "l", "--query", "beat:climate")
    target = tmp_path / "bcc.txt"
    code, _, err = run(capsys, "--database", url, "lists", "export", "l", "--format", "bcc", "-o", str(target))
    assert code == 0 and "wrote 2 member(s)" in err and "1 excluded" in err
    assert target.read_text().splitlines() == ["Ann Lee <ann@metro.example>", "Bo Chen <bo@metro.example>"]


def test_log_add_list_followups_and_release_status(capsys: pytest.CaptureFixture[str], url: str,
                                                   people: dict[str, int]) -> None:
    rel = make_release(url)
    run(capsys, "--database", url, "lists", "create", "l", "--release", str(rel), "--query", "beat:climate")
    code, out, _ = run(capsys, "--database", url, "log", "add", "--list", "l", "--kind", "sent",
                       "--when", "2026-11-02T09:00", "--json")
    data = json.loads(out)
    assert code == 0 and data["logged"] == 2 and [s["contact"]["id"] for s in data["skipped"]] == [people["cy"]]
    code, _, _ = run(capsys, "--database", url, "log", "add", "--contact", str(people["ann"]), "--kind", "covered",
                     "--release", str(rel), "--url", "https://news.example/heat", "--when", "2026-11-03")
    assert code == 0
    events = json.loads(run(capsys, "--database", url, "log", "list", "--contact", str(people["ann"]), "--json")[1])
    assert [(e["kind"], e["release"], e["url"]) for e in events] == [
        ("covered", "Heat report", "https://news.example/heat"), ("sent", "Heat report", "")]
    follow = json.loads(run(capsys, "--database", url, "log", "followups", "--days", "3", "--json")[1])
    assert [(f["id"], f["release_id"]) for f in follow] == [(people["bo"], rel)]
    code, out, _ = run(capsys, "--database", url, "release", "status", str(rel), "--json")
    board = json.loads(out)
    assert code == 0 and board["counts"] == {"covered": 1, "sent": 1, "excluded": 1}
    assert {(m["id"], m["status"], m["excluded"]) for m in board["members"]} == {
        (people["ann"], "covered", ""), (people["bo"], "sent", ""), (people["cy"], "excluded", "do-not-contact")}
    assert board["release"] == {"id": rel, "title": "Heat report"}
    stats = json.loads(run(capsys, "--database", url, "log", "stats", "--json")[1])
    assert stats["funnel"] == [{"release_id": rel, "title": "Heat report", "sent": 2, "replied": 1, "covered": 1}]
    assert stats["weeks"] == [{"week": "2026-W45", "count": 2}]
    assert stats["by_beat"] == [{"beat": "climate", "sent": 2, "responded": 1, "rate": 0.5}]


def test_log_errors(capsys: pytest.CaptureFixture[str], url: str, people: dict[str, int]) -> None:
    assert run(capsys, "--database", url, "log", "add", "--kind", "sent")[0] == 2  # who is missing
    assert run(capsys, "--database", url, "log", "add", "--contact", "1", "--kind", "waved")[0] == 2
    code, _, err = run(capsys, "--database", url, "log", "add", "--contact", "1", "--kind", "sent", "--when", "soon")
    assert code == 1 and "--when" in err
    assert run(capsys, "--database", url, "release", "status", "99", "--json")[0] == 1


def test_log_pitch_prints_a_mailto_link(capsys: pytest.CaptureFixture[str], url: str, people: dict[str, int],
                                        tmp_path: Path) -> None:
    run(capsys, "--database", url, "lists", "create", "l", "--query", "beat:climate")
    body = tmp_path / "pitch.txt"
    body.write_text("Hello,\nthe report.", encoding="utf-8")
    code, out, err = run(capsys, "--database", url, "log", "pitch", "--list", "l", "--subject", "Heat",
                         "--body-file", str(body), "--out", str(tmp_path / "out"))
    assert code == 0 and out.startswith("mailto:?bcc=ann@metro.example,bo@metro.example&subject=Heat")
    assert "2 recipient(s) logged as sent" in err
    code, _, err = run(capsys, "--database", url, "log", "pitch", "--list", "l", "--subject", "Heat",
                       "--body-file", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "out"))
    assert code == 1 and "--body-file" in err


def test_privacy_export_and_erase(capsys: pytest.CaptureFixture[str], url: str, people: dict[str, int],
                                  tmp_path: Path) -> None:
    ann = str(people["ann"])
    target = tmp_path / "ann.json"
    assert run(capsys, "--database", url, "privacy", "export", ann, "-o", str(target))[0] == 0
    assert json.loads(target.read_text())["emails"][0]["normalized"] == "ann@metro.example"
    code, _, err = run(capsys, "--database", url, "privacy", "erase", ann)
    assert code == 1 and "--yes" in err
    assert run(capsys, "--database", url, "contacts", "show", ann)[0] == 0  # still there
    code, _, err = run(capsys, "--database", url, "privacy", "erase", ann, "--yes")
    assert code == 0 and "1 address(es) suppressed" in err
    assert run(capsys, "--database", url, "contacts", "show", ann)[0] == 1
    assert run(capsys, "--database", url, "privacy", "erase", "999", "--yes")[0] == 1
    assert run(capsys, "--database", url, "privacy", "reapply")[0] == 0


@pytest.mark.parametrize("group", ["lists", "log", "privacy"])
def test_the_groups_are_registered_with_help(capsys: pytest.CaptureFixture[str], group: str) -> None:
    code, out, _ = run(capsys, group, "--help")
    assert code == 0 and "usage" in out
    code, out, _ = run(capsys, "release", "status", "--help")
    assert code == 0 and "latest" in " ".join(out.split())
