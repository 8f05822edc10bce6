"""`contacts export --ids` and `contacts import --delimiter`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outreach.cli import main

NAMES = ("Ada Bell", "Ben Cole", "Cai Dunn", "Dee Eng", "Eli Finch", "Fay Gold", "Gus Hart", "Hal Ives",
         "Ida Jones", "Jo Kerr")


def email_of(name: str) -> str:
    return name.lower().replace(" ", ".") + "@newsroom.example.org"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def ids(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for name in NAMES:
        code, text, err = run(capsys, "--database", url, "contacts", "add", name, "--email", email_of(name), "--json")
        assert code == 0, err
        out[name] = json.loads(text)["id"]
    return out


def in_file(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8-sig")
    return {name for name in NAMES if email_of(name) in text}


@pytest.mark.parametrize("fmt, suffix", [("csv", ".csv"), ("vcard", ".vcf"), ("bcc", ".txt")])
def test_export_ids_writes_exactly_those_people(capsys: pytest.CaptureFixture[str], url: str, ids: dict[str, int],
                                               tmp_path: Path, fmt: str, suffix: str) -> None:
    target = tmp_path / f"three{suffix}"
    chosen = ("Ben Cole", "Gus Hart", "Ida Jones")
    code, out, err = run(capsys, "--database", url, "contacts", "export", "--format", fmt, "-o", str(target),
                         "--ids", f"{ids['Ben Cole']},{ids['Gus Hart']}", "--ids", str(ids["Ida Jones"]), "--json")
    assert code == 0, err
    assert "wrote 3 of 3" in err
    assert json.loads(out)["written"] == 3
    assert in_file(target) == set(chosen)


def test_export_ids_accepts_a_space_separated_list_and_reports_unknown_ids(
        capsys: pytest.CaptureFixture[str], url: str, ids: dict[str, int], tmp_path: Path) -> None:
    target = tmp_path / "two.csv"
    code, _, err = run(capsys, "--database", url, "contacts", "export", "-o", str(target),
                       "--ids", str(ids["Ada Bell"]), str(ids["Jo Kerr"]), "99999")
    assert code == 0, err
    assert "left out 1 contact(s): no such contact" in err
    assert "wrote 2 of 3" in err
    assert in_file(target) == {"Ada Bell", "Jo Kerr"}


@pytest.mark.parametrize("bad", ["1,x", ","])
def test_export_ids_refuses_what_is_not_an_id(capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path,
                                             bad: str) -> None:
    code, _, err = run(capsys, "--database", url, "contacts", "export", "-o", str(tmp_path / "x.csv"), "--ids", bad)
    assert code == 2 and "--ids" in err
    assert not (tmp_path / "x.csv").exists()


def test_export_ids_and_query_are_exclusive(capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--database", url, "contacts", "export", "-o", str(tmp_path / "x.csv"),
                       "--ids", "1", "-q", "smith")
    assert code == 2 and "not allowed" in err


# --- import --delimiter ------------------------------------------------------------------------------

def semicolon_file(folder: Path) -> Path:
    """A semicolon file whose header has more commas (inside a quoted name) than semicolons: sniffed wrong."""
    path = folder / "semicolons.csv"
    lines = ['Name;E-mail;"Notes (beats, regions, languages, desks, shifts, etc.)"',
             'Ann Lee;ann@metro.example.org;"climate, energy, EU"',
             'Bob Roe;bob@metro.example.org;"health, US"',
             'Cy Poe;cy@metro.example.org;"tech, AI, chips"']
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_a_wrongly_sniffed_semicolon_file_imports_with_delimiter(capsys: pytest.CaptureFixture[str], url: str,
                                                                 tmp_path: Path) -> None:
    path = semicolon_file(tmp_path)
    code, _, err = run(capsys, "--database", url, "contacts", "import", str(path))
    assert code == 1 and "not a contact list" in err  # the sniffer took the commas
    code, out, err = run(capsys, "--database", url, "contacts", "import", str(path), "--delimiter", ";", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["created"] == 3 and report["errors"] == 0
    code, out, _ = run(capsys, "--database", url, "contacts", "search", "metro.example.org", "--json")
    found = {c["display_name"]: [e["raw"] for e in c["emails"]] for c in json.loads(out)}
    assert found == {"Ann Lee": ["ann@metro.example.org"], "Bob Roe": ["bob@metro.example.org"],
                     "Cy Poe": ["cy@metro.example.org"]}


@pytest.mark.parametrize("name, delimiter", [("tab", "\t"), ("\\t", "\t"), ("\t", "\t"), ("|", "|"), ("TAB", "\t")])
def test_delimiter_names(capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path, name: str,
                         delimiter: str) -> None:
    path = tmp_path / "people.txt"
    path.write_text(f"Name{delimiter}E-mail\nAnn Lee{delimiter}ann@metro.example.org\n", encoding="utf-8")
    code, out, err = run(capsys, "--database", url, "contacts", "import", str(path), "--delimiter", name,
                         "--dry-run", "--json")
    assert code == 0, err
    assert json.loads(out)["created"] == 1


@pytest.mark.parametrize("bad", ["ab", "", '"', "\n", ";;"])
def test_a_bad_delimiter_is_a_usage_error(capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path,
                                          bad: str) -> None:
    path = semicolon_file(tmp_path)
    code, _, err = run(capsys, "--database", url, "contacts", "import", str(path), "--delimiter", bad)
    assert code == 2
    assert "argument --delimiter" in err


def test_delimiter_is_only_for_csv(capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path) -> None:
    card = tmp_path / "one.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@metro.example.org\r\nEND:VCARD\r\n",
                    encoding="utf-8")
    code, _, err = run(capsys, "--database", url, "contacts", "import", str(card), "--delimiter", ";")
    assert code == 1 and "--delimiter is for CSV files" in err
