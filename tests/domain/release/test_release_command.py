"""`release check`: report, JSON and exit codes, through the command handler."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from outreach.commands.release import _main_for_scoring, check_command, register

DATA = Path(__file__).parents[2] / "data" / "releases"


def _args(path: Path | str, *, region: str | None = None, as_json: bool = False) -> argparse.Namespace:
    return argparse.Namespace(file=str(path), region=region, org_country=None, json=as_json)


def test_clean_release_exits_0_and_lists_the_contact(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_command(_args(DATA / "d00_openmic_2020.txt")) == 0
    out = capsys.readouterr().out
    assert "Michael Connor" in out and "+12128759381" in out and "no problems found" in out


def test_problems_exit_1_with_line_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_command(_args(DATA / "d04.txt", region="US")) == 1
    out = capsys.readouterr().out
    assert "line 5: invalid_phone: Greta Voss: too short for a US number" in out
    assert "line 5: contact_without_channel" in out


def test_json_output_is_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_command(_args(DATA / "d08.txt", region="US", as_json=True)) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["media_contacts"][0]["name"] == "Rita Gomez"
    assert sorted(p["kind"] for p in data["problems"]) == ["domain_mismatch", "typo_domain"]


def test_warnings_alone_do_not_fail_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_command(_args(DATA / "r07_sydney_fax.txt")) == 0
    assert "fax_only" in capsys.readouterr().out


def test_unreadable_input_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.txt"
    assert check_command(_args(missing)) == 2
    err = capsys.readouterr().err
    assert err == f"outreach: {missing}: no such file\n"


def test_scoring_entry_point_reads_argv(capsys: pytest.CaptureFixture[str]) -> None:
    assert _main_for_scoring([str(DATA / "d02.txt"), "--region", "GB", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["media_contacts"][0]["name"] == "Tom Avery"


def test_register_adds_release_check() -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["release", "check", "x.txt", "--region", "gb", "--json"])
    assert args.handler is check_command and args.region == "gb" and args.json
    assert parser.parse_args(["release"]).group_parser is not None
