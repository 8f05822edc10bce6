"""Bad input never hurts: every file of tests/data/bad gives the outcome recorded in expected.json.

For `contacts import` the database starts with one person; a refused file leaves every count as it was,
a partly bad file imports its good rows and names the bad ones by line. For `release check` unreadable
input exits 2. Whatever happens: a message naming the file, one line when the command fails, and never a
traceback. Cases marked "subprocess" run in a real process (pytest captures third-party log output that a
user would see on stderr). Large files are written at test time by make_corpus.write_large (they are not committed).
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from outreach.cli import main
from outreach.io.safety import DANGEROUS, is_phone_like

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
EXPECTED: dict[str, dict[str, Any]] = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
sys.path.insert(0, str(BAD))
import make_corpus  # noqa: E402

SEED = ("contacts", "add", "Seed Person", "--email", "seed@example.org", "--phone", "+44 20 7946 0000")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding one person, copied for every import case (migrations run once)."""
    folder = tmp_path_factory.mktemp("template")
    db = folder / "seed.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OUTREACH_CONFIG_DIR", str(folder / "config"))
        assert main(["--database", f"sqlite:///{db}", *SEED]) == 0
    for extra in ("-wal", "-shm"):
        assert not db.with_name(db.name + extra).exists() or db.with_name(db.name + extra).stat().st_size == 0
    return db


@pytest.fixture
def seeded_db(seeded_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "x.db"
    shutil.copyfile(seeded_template, target)
    return f"sqlite:///{target}"


def corpus_file(name: str, tmp_path: Path) -> Path:
    if EXPECTED[name].get("generated"):
        return make_corpus.write_large(name, tmp_path)
    return BAD / name


def stats(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, int]:
    code, out, err = run(capsys, "stats", "--json", "--database", url)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def names(capsys: pytest.CaptureFixture[str], url: str) -> list[str]:
    code, out, err = run(capsys, "contacts", "list", "--json", "--limit", "100000", "--database", url)
    assert code == 0, err
    return [c["name"] for c in json.loads(out)]


def _params() -> Iterator[Any]:
    for name, spec in sorted(EXPECTED.items()):
        marks = [pytest.mark.xfail(strict=True, reason=spec["xfail"])] if spec.get("xfail") else []
        if spec.get("generated"):
            marks.append(pytest.mark.slow)
        yield pytest.param(name, marks=marks, id=name)


def test_the_corpus_is_complete_and_up_to_date() -> None:
    files = make_corpus.corpus()
    assert len(EXPECTED) >= 40
    assert set(EXPECTED) == set(files) | set(make_corpus.LARGE)
    stale = [n for n, data in files.items() if (BAD / n).read_bytes() != data]
    assert not stale, f"run tests/data/bad/make_corpus.py: {stale}"
    for name, spec in EXPECTED.items():
        assert spec["command"] in ("import", "release") and spec["exit"] in (0, 1, 2), name
        assert spec["message_contains"], name
        assert spec["command"] == "release" or "imported" in spec or spec["exit"] != 0, name


def _check_common(name: str, path: Path, spec: dict[str, Any], code: int, out: str, err: str) -> None:
    assert "Traceback" not in err and "Traceback" not in out
    assert "this is a bug" not in err
    assert code == spec["exit"], f"exit {code}, stderr: {err[-2000:]}"
    said = out + err
    assert spec["message_contains"] in said, said[-2000:]
    if code != 0 and not (spec["command"] == "release" and code == 1):  # a refusal: one line naming the file
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1, err
        assert str(path) in lines[0]
    if "line" in spec:
        assert f"{path}:{spec['line']}" in said, said[-2000:]


@pytest.mark.parametrize("name", list(_params()))
def test_bad_input(name: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, seeded_template: Path) -> None:
    spec = EXPECTED[name]
    path = corpus_file(name, tmp_path)
    if spec.get("subprocess"):  # what reaches stderr outside pytest's log capture (third-party warnings)
        args = ["release", "check", str(path)] if spec["command"] == "release" else \
            ["contacts", "import", str(path), "--database", f"sqlite:///{tmp_path / 'x.db'}"]
        done = subprocess.run([sys.executable, "-m", "outreach", *args], capture_output=True, text=True, timeout=120)
        _check_common(name, path, spec, done.returncode, done.stdout, done.stderr)
        return
    if spec["command"] == "release":
        code, out, err = run(capsys, "release", "check", str(path))
        _check_common(name, path, spec, code, out, err)
        return
    target = tmp_path / "x.db"
    shutil.copyfile(seeded_template, target)
    url = f"sqlite:///{target}"
    before = stats(capsys, url)
    code, out, err = run(capsys, "contacts", "import", str(path), "--database", url)
    _check_common(name, path, spec, code, out, err)
    after = stats(capsys, url)
    if code != 0:
        assert after == before, "a refused file changed the database"
        return
    assert after["contacts"] - before["contacts"] == spec["imported"]
    if "invalid_emails" in spec:
        assert after["invalid_emails"] - before["invalid_emails"] == spec["invalid_emails"]
    if "names" in spec or "forbidden" in spec:
        stored = names(capsys, url)
        for wanted in spec.get("names", []):
            assert wanted in stored
        for char in spec.get("forbidden", []):
            assert not any(char in n for n in stored), f"{char!r} kept in {stored}"


# --- the same through a real process: exit codes and stderr as a script sees them ---------------------

@pytest.mark.parametrize("name", ["random.csv", "no_workbook.xlsx", "missing_end.vcf", "random_release.txt",
                                  "not_a_zip.docx"])
def test_bad_input_in_a_real_process(name: str, seeded_db: str) -> None:
    spec = EXPECTED[name]
    path = BAD / name
    args = ["release", "check", str(path)] if spec["command"] == "release" else \
        ["contacts", "import", str(path), "--database", seeded_db]
    done = subprocess.run([sys.executable, "-m", "outreach", *args], capture_output=True, text=True, timeout=120)
    _check_common(name, path, spec, done.returncode, done.stdout, done.stderr)


# --- formulas never go out live -------------------------------------------------------------------------

def _live(cell: str) -> bool:
    return bool(cell) and cell.startswith(DANGEROUS) and not is_phone_like(cell)


def test_formula_cells_are_never_exported_live(capsys: pytest.CaptureFixture[str], seeded_db: str,
                                               tmp_path: Path) -> None:
    for name in ("formulas.csv", "formulas.xlsx", "formulas.vcf"):
        assert run(capsys, "contacts", "import", str(BAD / name), "--database", seeded_db)[0] == 0
    for fmt in ("csv", "outlook", "google", "mailchimp"):
        target = tmp_path / f"out-{fmt}.csv"
        code, _, err = run(capsys, "contacts", "export", "--format", fmt, "-o", str(target), "--database", seeded_db)
        assert code == 0, err
        with open(target, encoding="utf-8-sig", newline="") as fh:
            cells = [c for row in csv.reader(fh) for c in row]
        assert not [c for c in cells if _live(c)], fmt
        if fmt == "csv":
            assert any(c.startswith("'=cmd|") for c in cells)
    target = tmp_path / "out.xlsx"
    assert run(capsys, "contacts", "export", "--format", "xlsx", "-o", str(target), "--database", seeded_db)[0] == 0
    with zipfile.ZipFile(target) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    from openpyxl import load_workbook

    book = load_workbook(target, read_only=True)
    values = [v for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v is not None]
    book.close()
    assert all(isinstance(v, str) for v in values)
    assert not [v for v in values if _live(v)]
    # Formula-looking e-mails are kept, marked invalid, and never become a distribution address.
    bcc = tmp_path / "bcc.txt"
    assert run(capsys, "contacts", "export", "--format", "bcc", "-o", str(bcc), "--database", seeded_db)[0] == 0
    text = bcc.read_text(encoding="utf-8")
    assert "cmd|" not in text and "SUM(" not in text and "+1+1" not in text
