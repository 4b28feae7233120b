"""The audit table: who did what to which document, and when."""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from storage.database import Database


@dataclass(frozen=True)
class AuditEntry:
    """One recorded admin action."""

    id: int
    at: str
    user_id: int | None
    action: str
    document_id: int | None
    detail: str


class AuditLog:
    """Appends to and reads the audit table."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def record_in(
        self,
        connection: aiosqlite.Connection,
        action: str,
        *,
        user_id: int | None,
        document_id: int | None = None,
        detail: str = "",
    ) -> None:
        """Record an action inside the transaction that performs it, so both happen or neither."""
        await connection.execute(
            "INSERT INTO audit (user_id, action, document_id, detail) VALUES (?, ?, ?, ?)",
            (user_id, action, document_id, detail),
        )

    async def record(
        self, action: str, *, user_id: int | None, document_id: int | None = None, detail: str = ""
    ) -> None:
        """Record an action in a transaction of its own."""
        async with self.database.transaction() as connection:
            await self.record_in(connection, action, user_id=user_id, document_id=document_id, detail=detail)

    async def latest(self, limit: int = 20) -> list[AuditEntry]:
        """The newest entries, newest first."""
        rows = await self.database.fetch_all(
            "SELECT id, at, user_id, action, document_id, detail FROM audit ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [
            AuditEntry(row["id"], row["at"], row["user_id"], row["action"], row["document_id"], row["detail"])
            for row in rows
        ]
