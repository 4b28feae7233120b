"""The one object that owns the SQLite connection: pragmas, numbered migrations, transactions."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def migration_scripts() -> list[tuple[int, str, str]]:
    """The packaged migrations as (number, name, sql), in order."""
    folder = resources.files("storage") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [number for number, _, _ in found]
    if len(set(numbers)) != len(numbers):
        raise RuntimeError(f"two migrations share a number: {sorted(numbers)}")
    return found


class Database:
    """An aiosqlite connection in WAL mode with foreign keys on and migrations applied."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._connection = connection
        self.path = path
        # aiosqlite runs every statement on one thread; the lock keeps a transaction's statements together.
        self._write_lock = asyncio.Lock()
        self._commits = 0

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        """Open (creating folders and file if needed) and bring the schema up to date."""
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        database = cls(connection, path)
        try:
            await connection.execute("PRAGMA journal_mode=WAL")
            await connection.execute("PRAGMA foreign_keys=ON")
            await connection.execute("PRAGMA busy_timeout=5000")
            await connection.execute("PRAGMA synchronous=NORMAL")
            await database.migrate()
        except BaseException:
            await connection.close()
            raise
        return database

    async def close(self) -> None:
        """Checkpoint the WAL and close the connection."""
        try:
            await self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            await self._connection.close()

    async def migrate(self) -> list[str]:
        """Apply every migration not applied yet, each in its own transaction; return their names."""
        await self._connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " number INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"
        )
        applied = {row[0] for row in await self.fetch_all("SELECT number FROM schema_migrations")}
        done = []
        for number, name, sql in migration_scripts():
            if number in applied:
                continue
            async with self.transaction() as connection:
                for statement in _split_statements(sql):
                    await connection.execute(statement)
                await connection.execute(
                    "INSERT INTO schema_migrations (number, name) VALUES (?, ?)", (number, name)
                )
            done.append(name)
        return done

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception: nothing is half-written."""
        async with self._write_lock:
            await self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
                await self._connection.execute("COMMIT")
            except BaseException:
                # A COMMIT that failed (a deferred constraint, a full disk) leaves the transaction open,
                # and some errors end it already (SQLite rolls back by itself): roll back what is open.
                if self._connection.in_transaction:
                    await self._connection.execute("ROLLBACK")
                raise
            self._commits += 1

    async def version(self) -> tuple[int, int]:
        """Changes when anything was written, by this connection or another process: a key for caches."""
        row = await self.fetch_one("PRAGMA data_version")
        return self._commits, int(row[0]) if row else 0

    async def fetch_all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        """Run a read query and return every row."""
        async with self._connection.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def fetch_one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        """Run a read query and return its first row, if any."""
        async with self._connection.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> None:
        """Run one write statement in its own transaction."""
        async with self.transaction() as connection:
            await connection.execute(sql, tuple(params))


def _split_statements(sql: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies (BEGIN … END;) whole."""
    statements: list[str] = []
    current: list[str] = []
    for line in sql.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        current.append(line)
        candidate = "\n".join(current)
        if stripped.endswith(";") and _complete(candidate):
            statements.append(candidate)
            current = []
    if current:
        statements.append("\n".join(current))
    return statements


def _complete(statement: str) -> bool:
    import sqlite3

    return sqlite3.complete_statement(statement)
