"""Readers' preferences: the interface language each user chose."""

from __future__ import annotations

from storage.database import Database


class UserStore:
    """Reads and writes the ``users`` table."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def language(self, user_id: int) -> str | None:
        """The interface language the user chose, or ``None`` if they never chose one."""
        row = await self.database.fetch_one("SELECT language FROM users WHERE user_id = ?", (user_id,))
        return str(row["language"]) if row else None

    async def set_language(self, user_id: int, language: str) -> None:
        """Remember the user's interface language (replacing an earlier choice)."""
        await self.database.execute(
            "INSERT INTO users (user_id, language) VALUES (?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET language = excluded.language,"
            " updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            (user_id, language),
        )
