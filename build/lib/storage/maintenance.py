"""SQL for keeping a database healthy: integrity and migration checks, the outbox count, online backups.

These open their own connections to the database file, so they work next to a running bot (another
process, or the bot's own connection) without touching its transactions.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from storage.database import Database, migration_scripts


@dataclass(frozen=True)
class DatabaseState:
    """What ``inspect_database`` found: integrity problems and migrations out of step with the code."""

    integrity: list[str]  # what PRAGMA integrity_check found wrong, one message each; empty when "ok"
    applied: list[int]
    missing: list[str]  # packaged migrations not applied yet (they run at the next start)
    unknown: list[int]  # applied migrations this code does not have (the database is newer)

    @property
    def problems(self) -> list[str]:
        """One sentence per problem."""
        if self.integrity:
            # A damaged file is one problem however many pages it spans; its migrations table means nothing.
            more = f" (and {len(self.integrity) - 1} more)" if len(self.integrity) > 1 else ""
            return [f"database integrity check failed: {self.integrity[0]}{more}"]
        found = []
        if self.missing:
            names = ", ".join(self.missing)
            found.append(f"database migrations not applied: {names} (they run when the bot starts)")
        if self.unknown:
            numbers = ", ".join(f"{number:03d}" for number in self.unknown)
            found.append(f"database has migrations this version does not know: {numbers} (downgraded?)")
        return found


async def inspect_database(path: Path, *, max_errors: int = 20) -> DatabaseState:
    """Run ``PRAGMA integrity_check`` and compare applied migrations with the packaged ones (read-only)."""
    async with aiosqlite.connect(_read_only(path), uri=True) as connection:
        async with connection.execute(f"PRAGMA integrity_check({int(max_errors)})") as cursor:
            # One row may hold several messages, one a line, under a "*** in database main ***" heading.
            lines = [line for row in await cursor.fetchall() for line in str(row[0]).splitlines()]
        integrity = [line for line in lines if line != "ok" and not line.startswith("***")]
        applied: list[int] = []
        if await _has_table(connection, "schema_migrations"):
            async with connection.execute("SELECT number FROM schema_migrations ORDER BY number") as cursor:
                applied = [int(row[0]) for row in await cursor.fetchall()]
    packaged = {number: name for number, name, _sql in migration_scripts()}
    return DatabaseState(
        integrity=integrity,
        applied=applied,
        missing=[name for number, name in sorted(packaged.items()) if number not in applied],
        unknown=[number for number in applied if number not in packaged],
    )


async def ping(database: Database) -> None:
    """A trivial read through the bot's own connection; raises if the database cannot answer."""
    await database.fetch_one("SELECT count(*) FROM schema_migrations")


async def pending_deliveries(database: Database) -> int | None:
    """Messages waiting in the outbox, or None when this database has no ``deliveries`` table yet."""
    columns = {row[1] for row in await database.fetch_all("PRAGMA table_info(deliveries)")}
    if not columns:
        return None
    # The outbox belongs to the subscriptions feature (migration 002: a "state" column, 'pending' until
    # Telegram confirmed the message). The column name is fixed here, never taken from input.
    for column in ("state", "status"):
        if column in columns:
            row = await database.fetch_one(f"SELECT count(*) FROM deliveries WHERE {column} = 'pending'")
            return int(row[0]) if row else 0
    return None


async def backup_to(source: Path, target: Path) -> None:
    """Copy the database at ``source`` into a new file ``target`` with SQLite's online backup API.

    A consistent snapshot even while another connection writes; ``target`` must not exist yet.
    """
    async with aiosqlite.connect(source) as origin:
        # A short busy timeout: the backup waits for a writer's commit rather than failing.
        await origin.execute("PRAGMA busy_timeout=5000")
        copy = sqlite3.connect(target, check_same_thread=False)  # used on aiosqlite's thread
        try:
            await origin.backup(copy)
            # A standalone file restores anywhere: no -wal/-shm companions.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()


def _read_only(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


async def _has_table(connection: aiosqlite.Connection, name: str) -> bool:
    async with connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ) as cursor:
        return await cursor.fetchone() is not None
