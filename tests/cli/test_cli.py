"""The command line as scripts use it: exit codes, stdout/stderr split, JSON."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from outreach.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse usage errors and --help/--version
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def dburl(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_help_lists_every_command_group(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for group in ("contacts", "orgs", "db", "stats", "demo", "config"):
        assert group in out


@pytest.mark.parametrize("group", ["contacts", "orgs", "db", "config"])
def test_every_group_has_help(capsys: pytest.CaptureFixture[str], group: str) -> None:
    code, out, _ = run(capsys, group, "--help")
    assert code == 0 and "usage" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("outreach ")


def test_stats_json_creates_and_opens_a_new_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "new.db"
    code, out, err = run(capsys, "stats", "--json", "--database", f"sqlite:///{target}")
    assert code == 0, err
    counts = json.loads(out)
    assert target.exists()
    assert set(counts) >= {"contacts", "organizations", "emails", "phones", "invalid_emails", "invalid_phones",
                           "releases", "send_lists", "events"}
    assert all(isinstance(v, int) for v in counts.values())
    assert counts["contacts"] == 0


def test_database_option_is_accepted_before_or_after_the_subcommand(
        capsys: pytest.CaptureFixture[str], dburl: str) -> None:
    assert run(capsys, "--database", dburl, "contacts", "add", "Ann Lee", "--email", "ann@x.example")[0] == 0
    code, out, _ = run(capsys, "contacts", "search", "ann", "--json", "--database", dburl)
    assert code == 0
    assert [c["name"] for c in json.loads(out)] == ["Ann Lee"]


def test_add_search_show_edit_delete_restore(capsys: pytest.CaptureFixture[str], dburl: str) -> None:
    code, out, err = run(capsys, "--database", dburl, "contacts", "add", "Michael Connor", "--email",
                         "mconnor@openmic.org", "--phone", "(212) 875-9381", "--org", "Open MIC", "--beat", "tech",
                         "--region", "US", "--json")
    assert code == 0 and "added contact" in err
    added = json.loads(out)
    assert added["phones"][0]["e164"] == "+12128759381"
    cid = str(added["id"])

    code, out, _ = run(capsys, "--database", dburl, "contacts", "search", "875-9381", "--json")
    found = json.loads(out)
    assert [c["name"] for c in found] == ["Michael Connor"]
    assert found[0]["emails"][0]["normalized"] == "mconnor@openmic.org"

    code, out, _ = run(capsys, "--database", dburl, "contacts", "edit", cid, "--title", "Director",
                       "--email", "press@openmic.org", "--json")
    assert code == 0
    edited = json.loads(out)
    assert edited["title"] == "Director" and len(edited["emails"]) == 2

    assert run(capsys, "--database", dburl, "contacts", "delete", cid)[0] == 0
    assert json.loads(run(capsys, "--database", dburl, "contacts", "search", "connor", "--json")[1]) == []
    assert run(capsys, "--database", dburl, "contacts", "restore", cid)[0] == 0
    code, out, _ = run(capsys, "--database", dburl, "contacts", "show", cid)
    assert code == 0 and "Michael Connor" in out and "Director, Open MIC" in out


def test_user_errors_exit_1_with_one_line_and_no_traceback(capsys: pytest.CaptureFixture[str], dburl: str) -> None:
    code, out, err = run(capsys, "--database", dburl, "contacts", "show", "999")
    assert code == 1 and out == ""
    assert err.strip() == "outreach: no contact with id 999"
    code, _, err = run(capsys, "--database", dburl, "contacts", "add", "A", "--country", "Britain")
    assert code == 1 and "country" in err and "Traceback" not in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "nonsense")[0] == 2
    assert run(capsys, "contacts", "show", "not-a-number")[0] == 2
    assert run(capsys, "contacts")[0] == 2


def test_search_text_with_operators_never_fails(capsys: pytest.CaptureFixture[str], dburl: str) -> None:
    run(capsys, "--database", dburl, "contacts", "add", "Siobhán O'Brien", "--email", "sob@x.example")
    for query in ['"', "O'Brien", "*", "AND", "OR NEAR", 'x" OR "y', "NEAR(a b)", "-", "col:val"]:
        code, out, err = run(capsys, "--database", dburl, "contacts", "search", query, "--json")
        assert code == 0, (query, err)
        json.loads(out)


def test_stats_counts_invalid_values(capsys: pytest.CaptureFixture[str], dburl: str) -> None:
    run(capsys, "--database", dburl, "contacts", "add", "Greta Voss", "--email", "greta@harbor,example",
        "--phone", "(410) 837-22", "--region", "US")
    counts = json.loads(run(capsys, "--database", dburl, "stats", "--json")[1])
    assert counts["contacts"] == 1 and counts["invalid_emails"] == 1 and counts["invalid_phones"] == 1


def test_default_region_setting_is_used_for_numbers(capsys: pytest.CaptureFixture[str], dburl: str) -> None:
    assert run(capsys, "config", "set", "default-region", "gb")[0] == 0
    assert run(capsys, "config", "get", "default-region")[1].strip() == "GB"
    code, out, _ = run(capsys, "--database", dburl, "contacts", "add", "Tom Avery", "--phone", "0117 496 0831",
                       "--json")
    assert json.loads(out)["phones"][0]["e164"] == "+441174960831"
    code, _, err = run(capsys, "config", "set", "default-region", "XX")
    assert code == 1 and "not a known" in err


def test_environment_variable_selects_the_database(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("OUTREACH_DATABASE_URL", f"sqlite:///{target}")
    assert run(capsys, "stats", "--json")[0] == 0
    assert target.exists()


def test_default_database_lives_in_the_user_data_folder(capsys: pytest.CaptureFixture[str]) -> None:
    import os

    assert run(capsys, "stats", "--json")[0] == 0
    assert (Path(os.environ["OUTREACH_DATA_DIR"]) / "outreach.db").exists()


def test_db_backup_writes_a_copy_and_refuses_to_overwrite(
        capsys: pytest.CaptureFixture[str], dburl: str, tmp_path: Path) -> None:
    run(capsys, "--database", dburl, "contacts", "add", "Ann Lee")
    target = tmp_path / "b.db"
    assert run(capsys, "--database", dburl, "db", "backup", str(target))[0] == 0
    code, out, _ = run(capsys, "--database", f"sqlite:///{target}", "stats", "--json")
    assert json.loads(out)["contacts"] == 1
    code, _, err = run(capsys, "--database", dburl, "db", "backup", str(target))
    assert code == 1 and "already exists" in err


def test_demo_fills_messy_but_realistic_data(capsys: pytest.CaptureFixture[str], dburl: str) -> None:
    assert run(capsys, "--database", dburl, "demo", "--contacts", "400", "--seed", "7")[0] == 0
    counts = json.loads(run(capsys, "--database", dburl, "stats", "--json")[1])
    assert counts["contacts"] == 400
    assert counts["organizations"] >= 10
    assert counts["invalid_emails"] + counts["invalid_phones"] > 0  # some bad values on purpose
    assert 0.01 < counts["do_not_contact"] / 400 < 0.12
    beats = {b for b in ("climate", "politics", "technology", "health", "business")
             if json.loads(run(capsys, "--database", dburl, "contacts", "search", f"beat:{b}", "--json")[1])}
    assert len(beats) == 5


def test_the_installed_command_runs_as_a_process(dburl: str) -> None:
    result = subprocess.run([sys.executable, "-m", "outreach", "--database", dburl, "stats", "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["contacts"] == 0
    bad = subprocess.run([sys.executable, "-m", "outreach", "--database", dburl, "contacts", "show", "5"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


def test_a_bug_is_logged_with_its_traceback_and_exits_1(
        capsys: pytest.CaptureFixture[str], dburl: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.commands import stats

    def broken(*_args: object) -> int:
        raise KeyError("surprise")

    monkeypatch.setattr(stats, "run_stats", broken)
    code, out, err = run(capsys, "--database", dburl, "stats")
    assert code == 1 and out == ""
    assert "Traceback" in err and "this is a bug" in err


def test_db_backups_and_restore_from_the_command_line(capsys: pytest.CaptureFixture[str], dburl: str) -> None:
    run(capsys, "--database", dburl, "contacts", "add", "Ann Lee")
    assert run(capsys, "--database", dburl, "db", "backup")[0] == 0
    listed = json.loads(run(capsys, "--database", dburl, "db", "backups", "--json")[1])
    assert [b["reason"] for b in listed] == ["manual"]
    run(capsys, "--database", dburl, "contacts", "add", "Bo Li")
    name = Path(listed[0]["path"]).name
    code, _, err = run(capsys, "--database", dburl, "db", "restore", name)
    assert code == 1 and "--yes" in err
    assert run(capsys, "--database", dburl, "db", "restore", name, "--yes")[0] == 0
    assert json.loads(run(capsys, "--database", dburl, "stats", "--json")[1])["contacts"] == 1


def test_orgs_edit_and_delete(capsys: pytest.CaptureFixture[str], dburl: str) -> None:
    run(capsys, "--database", dburl, "contacts", "add", "Ann Lee", "--org", "Metro Wire")
    orgs = json.loads(run(capsys, "--database", dburl, "orgs", "list", "--json")[1])
    org_id = str(orgs[0]["id"])
    assert run(capsys, "--database", dburl, "orgs", "edit", org_id, "--name", "Metro Wire Service",
               "--kind", "outlet")[0] == 0
    found = json.loads(run(capsys, "--database", dburl, "contacts", "search", "ann", "--json")[1])
    assert found[0]["organization"] == "Metro Wire Service"
    code, _, _ = run(capsys, "--database", dburl, "orgs", "edit", org_id, "--kind", "newspaper")
    assert code == 2  # not one of the choices
    assert run(capsys, "--database", dburl, "orgs", "delete", org_id)[0] == 0
    assert json.loads(run(capsys, "--database", dburl, "orgs", "list", "--json")[1]) == []
