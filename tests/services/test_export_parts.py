"""A big text export is written by two processes and joined: the file must be exactly what one writes.

The threshold is lowered so that a 40-person database is written in two parts; each format's file is
compared byte for byte with the file one process writes, for full and distribution exports.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from outreach.errors import UserError
from outreach.services import exporting
from outreach.services.demo import fill
from outreach.services.exporting import export_contacts
from outreach.store.database import Database

TEXT_FORMATS = ["csv", "outlook", "google", "mailchimp", "vcard", "vcard4", "bcc"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("parts") / "demo.db"
    db = Database.open(str(path))
    fill(db, 40)  # demo people: several addresses and numbers, invalid values, do-not-contact people
    yield db
    db.close()


@pytest.mark.parametrize("distribution", [False, True])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_two_parts_make_the_same_file_as_one(demo: Database, fmt: str, distribution: bool, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    one = export_contacts(demo, fmt, tmp_path / "one", distribution=distribution)
    monkeypatch.setattr(exporting, "PARALLEL_FROM", 2)
    ticks: list[int] = []
    two = export_contacts(demo, fmt, tmp_path / "two", distribution=distribution, progress=ticks.append)
    assert (tmp_path / "two").read_bytes() == (tmp_path / "one").read_bytes()
    assert (two.selected, two.written, two.left_out) == (one.selected, one.written, one.left_out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one", "two"]  # no part files left behind


def test_a_failing_second_part_changes_nothing(demo: Database, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "list.csv"
    target.write_text("the old file\n", encoding="utf-8")
    monkeypatch.setattr(exporting, "PARALLEL_FROM", 2)
    # The second process is told about a database that is not there: it cannot read its part.
    monkeypatch.setattr(exporting._OtherPart, "__init__", _pointing_elsewhere(exporting._OtherPart.__init__,
                                                                               target / "not-a-folder.db"))
    with pytest.raises(UserError, match="nothing was written"):
        export_contacts(demo, "csv", target)
    assert target.read_text(encoding="utf-8") == "the old file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.csv"]


def test_a_cancelled_export_stops_the_second_process(demo: Database, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exporting, "PARALLEL_FROM", 2)
    reading = exporting.export_people

    def cancelled(*args: object, **kwargs: object) -> Iterator[object]:  # this process's part only
        for n, person in enumerate(reading(*args, **kwargs)):  # type: ignore[arg-type]
            if n == 3:
                raise KeyboardInterrupt
            yield person

    monkeypatch.setattr(exporting, "export_people", cancelled)
    with pytest.raises(KeyboardInterrupt):
        export_contacts(demo, "vcard", tmp_path / "cards.vcf")
    assert list(tmp_path.iterdir()) == []


def _pointing_elsewhere(init: object, missing: Path) -> object:
    def patched(self: exporting._OtherPart, *args: object, **kwargs: object) -> None:
        init(self, *args, **kwargs)  # type: ignore[operator]
        self.args = (f"sqlite:///{missing}", *self.args[1:])

    return patched


def test_without_a_second_process_one_writes_it_all(demo: Database, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    one = export_contacts(demo, "csv", tmp_path / "one")
    monkeypatch.setattr(exporting, "PARALLEL_FROM", 2)

    def refused(self: object) -> None:
        raise OSError("resource temporarily unavailable")

    monkeypatch.setattr("multiprocessing.process.BaseProcess.start", refused)
    two = export_contacts(demo, "csv", tmp_path / "two")
    assert (tmp_path / "two").read_bytes() == (tmp_path / "one").read_bytes() and two.written == one.written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one", "two"]


def test_a_query_export_starts_its_second_process_once_the_people_are_known(
        demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = export_contacts(demo, "csv", tmp_path / "one", query="is:dnc")
    assert 4 <= one.selected < 40
    monkeypatch.setattr(exporting, "PARALLEL_FROM", 4)
    started: list[bool] = []
    give = exporting._OtherPart.give

    def giving(self: exporting._OtherPart, ids: list[int], shape: exporting.Shape) -> bool:
        started.append(self.process is not None)
        return give(self, ids, shape)

    monkeypatch.setattr(exporting._OtherPart, "give", giving)
    two = export_contacts(demo, "csv", tmp_path / "two", query="is:dnc")
    assert started == [False]  # not before the query was run: it might have chosen a handful
    assert (tmp_path / "two").read_bytes() == (tmp_path / "one").read_bytes()
    assert (two.selected, two.written, two.left_out) == (one.selected, one.written, one.left_out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one", "two"]


def test_a_second_process_given_nobody_stops_and_leaves_nothing(demo: Database, tmp_path: Path) -> None:
    target = tmp_path / "list.csv"
    with exporting._OtherPart(demo, "csv", False, target) as other:
        other.start()
        process = other.process
        assert process is not None and process.is_alive()
        assert other.give([], exporting.Shape(1, 1, 0)) is False
        process.join(20)  # it stops by itself, told there is nobody
        assert process.exitcode == 0
    assert list(tmp_path.iterdir()) == []
