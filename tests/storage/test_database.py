import sqlite3
from pathlib import Path

import pytest

from storage.database import Database, _split_statements, migration_scripts


async def test_a_new_database_file_gets_every_migration_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "db.sqlite3"
    database = await Database.open(path)
    try:
        applied = [row[0] for row in await database.fetch_all("SELECT number FROM schema_migrations")]
        assert applied == [number for number, _, _ in migration_scripts()]
        journal = await database.fetch_one("PRAGMA journal_mode")
        assert journal is not None and journal[0] == "wal"
        foreign_keys = await database.fetch_one("PRAGMA foreign_keys")
        assert foreign_keys is not None and foreign_keys[0] == 1
    finally:
        await database.close()
    assert path.is_file()


async def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    (await Database.open(path)).path  # noqa: B018 - open once to migrate
    database = await Database.open(path)
    try:
        assert await database.migrate() == []
    finally:
        await database.close()


async def test_a_failing_transaction_leaves_nothing_behind(database: Database) -> None:
    await database.execute("CREATE TABLE t (x INTEGER NOT NULL)")
    with pytest.raises(RuntimeError):
        async with database.transaction() as connection:
            await connection.execute("INSERT INTO t VALUES (1)")
            raise RuntimeError("halfway")
    row = await database.fetch_one("SELECT count(*) FROM t")
    assert row is not None and row[0] == 0


async def test_a_commit_that_fails_rolls_back_and_the_next_transaction_starts_clean(
    database: Database,
) -> None:
    await database.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    await database.execute(
        "CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"
    )
    with pytest.raises(sqlite3.IntegrityError):
        async with database.transaction() as connection:
            await connection.execute("INSERT INTO child VALUES (7)")  # its parent is checked at COMMIT
    row = await database.fetch_one("SELECT count(*) FROM child")
    assert row is not None and row[0] == 0
    async with database.transaction() as connection:
        await connection.execute("INSERT INTO parent VALUES (7)")
        await connection.execute("INSERT INTO child VALUES (7)")
    row = await database.fetch_one("SELECT count(*) FROM child")
    assert row is not None and row[0] == 1


def test_migration_scripts_are_numbered_in_order_from_one() -> None:
    numbers = [number for number, _, _ in migration_scripts()]
    assert numbers[0] == 1
    assert numbers == sorted(set(numbers))


def test_trigger_bodies_stay_one_statement() -> None:
    script = """
    CREATE TABLE a (x);
    -- a comment
    CREATE TRIGGER t AFTER INSERT ON a BEGIN
        INSERT INTO a VALUES (1);
        INSERT INTO a VALUES (2);
    END;
    """
    statements = _split_statements(script)
    assert len(statements) == 2
    assert statements[1].strip().endswith("END;")
