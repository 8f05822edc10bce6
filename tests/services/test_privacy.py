"""Privacy requests: export everything held about a person, erase them, and erase them again after
an older backup is restored. Addresses are kept only as keyed hashes."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import event, select

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.errors import UserError
from outreach.services import contacts, lists, outreach_log, privacy
from outreach.store import releases
from outreach.store.backup import backup
from outreach.store.database import Database
from outreach.store.models import AppMeta, Erasure, OutreachEvent, Suppression
from outreach.store.privacy import is_suppressed


def ann(db: Database, name: str = "Ann Lee", *addresses: str) -> int:
    data = ContactInput(display_name=name, organization="Metro Wire", country="GB", tags=["climate", "energy"],
                        notes="met at COP", emails=[EmailInput(a, primary=i == 0) for i, a in
                                                    enumerate(addresses or ("ann@metro.example",
                                                                            "ann.lee@home.example"))],
                        phones=[PhoneInput("+44 20 7946 0000", "work")])
    return contacts.add_contact(db, data).id


def history(db: Database, who: int) -> int:
    with db.session() as session:
        rel = releases.create_release(session, title="Heat report")
        releases.link(session, rel, who)
    lists.create(db, "climate", release_id=rel, contact_ids=[who])
    outreach_log.log_for_list(db, "climate", "sent", when=datetime(2026, 11, 2, tzinfo=UTC))
    outreach_log.log(db, who, "covered", release_id=rel, url="https://news.example/heat")
    return rel


def test_export_holds_everything_held_about_the_person(db: Database, tmp_path: Path) -> None:
    who = ann(db)
    rel = history(db, who)
    other = ann(db, "Bo Chen", "bo@metro.example")
    outreach_log.log(db, other, "note", notes="not Ann's")
    target = tmp_path / "ann.json"
    privacy.export_person(db, who, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["contact"]["display_name"] == "Ann Lee" and data["contact"]["notes"] == "met at COP"
    assert [e["normalized"] for e in data["emails"]] == ["ann@metro.example", "ann.lee@home.example"]
    assert data["phones"][0]["e164"] == "+442079460000"
    assert sorted(data["tags"]) == ["climate", "energy"]
    assert sorted(e["kind"] for e in data["events"]) == ["covered", "sent"]
    assert {e["url"] for e in data["events"]} == {"", "https://news.example/heat"}
    assert [(m["list"], m["release_id"], m["added_by"]) for m in data["list_memberships"]] == [
        ("climate", rel, "hand")]
    assert data["release_links"] == [{"release_id": rel, "title": "Heat report", "role": "media_contact"}]
    assert "not Ann's" not in target.read_text(encoding="utf-8")


def test_export_of_an_unknown_person_is_a_user_error(db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no contact"):
        privacy.export_person(db, 404, tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()


def test_erase_removes_the_person_and_suppresses_their_addresses_by_hash(db: Database) -> None:
    who = ann(db)
    history(db, who)
    keep = ann(db, "Bo Chen", "bo@metro.example")
    assert privacy.erase(db, who) == 2
    with pytest.raises(UserError):
        contacts.get_contact(db, who)
    assert [r.id for r in contacts.search(db, "")] == [keep]
    assert outreach_log.timeline(db, who) == []
    assert lists.show(db, "climate").members == [] and lists.show(db, "climate").excluded == []
    with db.read() as session:
        assert session.scalars(select(OutreachEvent.contact_id)).all() == []
        hashes = set(session.scalars(select(Suppression.key_hash)))
        logged = set(session.scalars(select(Erasure.key_hash)))
        assert is_suppressed(session, "ANN@metro.example") and is_suppressed(session, "ann.lee@home.example")
        assert not is_suppressed(session, "bo@metro.example")
    assert len(hashes) == 2 and logged == hashes
    for digest in hashes:
        assert len(digest) == 64 and "ann" not in digest and "@" not in digest


def test_the_hash_is_keyed_per_database(tmp_path: Path) -> None:
    digests = []
    for n in (1, 2):
        db = Database.open(f"sqlite:///{tmp_path / f'{n}.db'}")
        privacy.erase(db, ann(db))
        with db.read() as session:
            digests.append(session.scalar(select(Suppression.key_hash).order_by(Suppression.key_hash)))
            assert session.scalar(select(AppMeta.value).where(AppMeta.key == "suppression_secret"))
        db.close()
    assert digests[0] != digests[1]


def test_no_erased_address_is_left_anywhere_in_the_file(sqlite_db: Database) -> None:
    who = ann(sqlite_db)
    history(sqlite_db, who)
    privacy.erase(sqlite_db, who)
    path = sqlite_db.sqlite_path
    assert path is not None
    with sqlite_db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("VACUUM")
    dump = "\n".join(sqlite3.connect(path).iterdump())
    assert "ann@metro.example" not in dump and "home.example" not in dump and "Ann Lee" not in dump


def test_erased_values_are_not_left_in_free_pages_of_the_file(tmp_path: Path) -> None:
    sqlite_db = Database.open(f"sqlite:///{tmp_path / 'plain.db'}")
    # Some SQLite builds overwrite freed space by default; this one must not, to test the erase.
    event.listen(sqlite_db.engine, "connect", lambda conn, _record: conn.execute("PRAGMA secure_delete = OFF"))
    sqlite_db.engine.dispose()
    who = ann(sqlite_db)
    for n in range(30):
        ann(sqlite_db, f"Other {n}", f"other{n}@metro.example")
    privacy.erase(sqlite_db, who)
    path = sqlite_db.sqlite_path
    assert path is not None
    with sqlite_db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = path.read_bytes()  # no VACUUM: the freed pages are still in the file
    sqlite_db.close()
    assert b"ann@metro.example" not in raw and b"ann.lee@home.example" not in raw and b"Ann Lee" not in raw


def test_erase_refused_for_unknown_id(db: Database) -> None:
    with pytest.raises(UserError, match="no contact"):
        privacy.erase(db, 12345)


@pytest.mark.parametrize("hashed_before_backup", [False, True])
def test_restoring_a_backup_from_before_an_erase_then_reapplying_erases_again(
    sqlite_db: Database, tmp_path: Path, hashed_before_backup: bool
) -> None:
    who = ann(sqlite_db)
    history(sqlite_db, who)
    keep = ann(sqlite_db, "Bo Chen", "bo@metro.example")
    if hashed_before_backup:  # the database's secret exists in the backup already
        lists.show(sqlite_db, "climate")
    taken = datetime.now(UTC)
    copy = backup(sqlite_db.engine, tmp_path / "before-erase.db")
    privacy.erase(sqlite_db, who)

    restored = Database.open(f"sqlite:///{copy}")
    try:
        assert {r.id for r in contacts.search(restored, "")} == {who, keep}  # the backup still holds Ann
        removed = privacy.reapply_erasures(restored, since=taken, source=sqlite_db)
        assert removed == [who]
        assert [r.id for r in contacts.search(restored, "")] == [keep]
        assert outreach_log.timeline(restored, who) == []
        assert privacy.is_suppressed(restored, "ann@metro.example")
        # Its own log now holds the erasure: reapplying again needs no source.
        assert privacy.reapply_erasures(restored) == []
    finally:
        restored.close()


def test_reapply_finds_an_erased_address_that_came_back(db: Database) -> None:
    privacy.erase(db, ann(db))
    back = ann(db, "Ann Lee (old import)", "Ann@Metro.example")
    keep = ann(db, "Bo Chen", "bo@metro.example")
    assert privacy.reapply_erasures(db) == [back]
    assert [r.id for r in contacts.search(db, "")] == [keep]


def test_reapply_refuses_a_log_from_another_database(tmp_path: Path) -> None:
    first = Database.open(f"sqlite:///{tmp_path / 'a.db'}")
    second = Database.open(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        privacy.erase(first, ann(first))
        privacy.erase(second, ann(second, "Zed", "zed@other.example"))  # b has its own secret now
        ann(second)
        with pytest.raises(UserError, match="different database"):
            privacy.reapply_erasures(second, source=first)
    finally:
        first.close()
        second.close()


def test_restoring_through_the_backup_service_keeps_the_person_erased(sqlite_db: Database) -> None:
    from outreach.services import backups

    who = ann(sqlite_db)
    keep = ann(sqlite_db, "Bo Chen", "bo@metro.example")
    before = backups.make_backup(sqlite_db, "manual", thin=False)
    privacy.erase(sqlite_db, who)
    backups.restore(sqlite_db, before)
    assert [r.id for r in contacts.search(sqlite_db, "")] == [keep]
    assert privacy.is_suppressed(sqlite_db, "ann.lee@home.example")
