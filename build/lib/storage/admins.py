"""The admins table: admins an owner added in the chat (owners are the ADMIN_IDS setting)."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage.database import Database


@dataclass(frozen=True)
class Admin:
    """An admin added in the chat: who, by whom, when."""

    user_id: int
    added_by: int | None
    added_at: str


class AdminStore:
    """Reads and writes the admins table."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def ids(self) -> frozenset[int]:
        """The user ids of every stored admin (owners not included)."""
        rows = await self.database.fetch_all("SELECT user_id FROM admins")
        return frozenset(int(row[0]) for row in rows)

    async def is_admin(self, user_id: int) -> bool:
        """Whether the user was added as an admin."""
        row = await self.database.fetch_one("SELECT 1 FROM admins WHERE user_id = ?", (user_id,))
        return row is not None

    async def list(self) -> list[Admin]:
        """Every stored admin, earliest first."""
        rows = await self.database.fetch_all(
            "SELECT user_id, added_by, added_at FROM admins ORDER BY added_at, user_id"
        )
        return [Admin(row["user_id"], row["added_by"], row["added_at"]) for row in rows]

    async def add_in(self, connection: aiosqlite.Connection, user_id: int, *, added_by: int | None) -> bool:
        """Add an admin inside the caller's transaction; False when they were one already."""
        cursor = await connection.execute(
            "INSERT INTO admins (user_id, added_by) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING",
            (user_id, added_by),
        )
        return cursor.rowcount > 0

    async def remove_in(self, connection: aiosqlite.Connection, user_id: int) -> bool:
        """Remove an admin inside the caller's transaction; False when they were not one."""
        cursor = await connection.execute("DELETE FROM admins WHERE user_id = ?", (user_id,))
        return cursor.rowcount > 0
