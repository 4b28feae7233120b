"""The subscriptions table: which chat (and forum topic) follows which country.

Changes that concern a whole chat (pausing it, following a migration to a supergroup, moving a deleted
topic's subscriptions to the General topic) also update that chat's deliveries, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import aiosqlite

from storage.database import Database

ALL_COUNTRIES = "*"
_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


@dataclass(frozen=True)
class Destination:
    """Where notifications go: a chat and, in a forum supergroup, a topic (0 = none / General)."""

    chat_id: int
    thread_id: int = 0


@dataclass(frozen=True)
class Subscription:
    """One chat (or topic) following one country, or every country (``country == "*"``)."""

    id: int
    chat_id: int
    thread_id: int
    country: str
    chat_type: str
    language: str
    state: str
    paused_reason: str | None
    created_by: int | None

    @property
    def active(self) -> bool:
        """Whether new documents are delivered to it."""
        return self.state == "active"


@dataclass(frozen=True)
class SubscribeResult:
    """What a subscribe call changed: countries newly followed, resumed after a pause, already followed."""

    added: tuple[str, ...]
    resumed: tuple[str, ...]
    unchanged: tuple[str, ...]


_COLUMNS = "id, chat_id, thread_id, country, chat_type, language, state, paused_reason, created_by"


def _subscription(row: aiosqlite.Row) -> Subscription:
    return Subscription(
        id=row["id"],
        chat_id=row["chat_id"],
        thread_id=row["thread_id"],
        country=row["country"],
        chat_type=row["chat_type"],
        language=row["language"],
        state=row["state"],
        paused_reason=row["paused_reason"],
        created_by=row["created_by"],
    )


class SubscriptionStore:
    """Reads and changes subscriptions; every change is one transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def of(self, destination: Destination) -> list[Subscription]:
        """The subscriptions of one chat or topic, "all countries" first, then by country."""
        rows = await self.database.fetch_all(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ? AND thread_id = ?"
            " ORDER BY country != '*', country",
            (destination.chat_id, destination.thread_id),
        )
        return [_subscription(row) for row in rows]

    async def of_chat(self, chat_id: int) -> list[Subscription]:
        """Every subscription of a chat, whatever the topic."""
        rows = await self.database.fetch_all(
            f"SELECT {_COLUMNS} FROM subscriptions WHERE chat_id = ? ORDER BY thread_id, country",
            (chat_id,),
        )
        return [_subscription(row) for row in rows]

    async def subscribe(
        self,
        destination: Destination,
        countries: Iterable[str],
        *,
        chat_type: str,
        language: str,
        created_by: int | None = None,
    ) -> SubscribeResult:
        """Follow the countries (``"*"`` for all); paused ones are resumed, followed ones left as they are."""
        added: list[str] = []
        resumed: list[str] = []
        unchanged: list[str] = []
        async with self.database.transaction() as connection:
            for country in dict.fromkeys(countries):
                cursor = await connection.execute(
                    "SELECT state FROM subscriptions WHERE chat_id = ? AND thread_id = ? AND country = ?",
                    (destination.chat_id, destination.thread_id, country),
                )
                row = await cursor.fetchone()
                if row is None:
                    await connection.execute(
                        "INSERT INTO subscriptions (chat_id, thread_id, country, chat_type, language,"
                        " created_by) VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            destination.chat_id,
                            destination.thread_id,
                            country,
                            chat_type,
                            language,
                            created_by,
                        ),
                    )
                    added.append(country)
                    continue
                await connection.execute(
                    f"UPDATE subscriptions SET state = 'active', paused_reason = NULL, chat_type = ?,"
                    f" language = ?, updated_at = {_NOW}"
                    " WHERE chat_id = ? AND thread_id = ? AND country = ?",
                    (chat_type, language, destination.chat_id, destination.thread_id, country),
                )
                (resumed if row["state"] == "paused" else unchanged).append(country)
        return SubscribeResult(tuple(added), tuple(resumed), tuple(unchanged))

    async def resume(self, destination: Destination) -> list[str]:
        """Resume every paused subscription of a chat or topic; return their countries."""
        async with self.database.transaction() as connection:
            cursor = await connection.execute(
                "SELECT country FROM subscriptions WHERE chat_id = ? AND thread_id = ? AND state = 'paused'"
                " ORDER BY country != '*', country",
                (destination.chat_id, destination.thread_id),
            )
            countries = [row["country"] for row in await cursor.fetchall()]
            await connection.execute(
                f"UPDATE subscriptions SET state = 'active', paused_reason = NULL, updated_at = {_NOW}"
                " WHERE chat_id = ? AND thread_id = ? AND state = 'paused'",
                (destination.chat_id, destination.thread_id),
            )
        return countries

    async def unsubscribe(
        self, destination: Destination, countries: Sequence[str] | None = None
    ) -> list[str]:
        """Stop following the countries (``None``: every one); their pending deliveries are cancelled.

        Returns the countries that were followed and no longer are.
        """
        condition = "chat_id = ? AND thread_id = ?"
        params: list[object] = [destination.chat_id, destination.thread_id]
        if countries is not None:
            if not countries:
                return []
            condition += f" AND country IN ({','.join('?' * len(countries))})"
            params.extend(countries)
        async with self.database.transaction() as connection:
            cursor = await connection.execute(
                f"SELECT id, country FROM subscriptions WHERE {condition} ORDER BY country != '*', country",
                params,
            )
            rows = list(await cursor.fetchall())
            ids = [row["id"] for row in rows]
            if ids:
                marks = ",".join("?" * len(ids))
                await connection.execute(
                    f"UPDATE deliveries SET state = 'cancelled', last_error = 'unsubscribed',"
                    f" finished_at = {_NOW} WHERE state = 'pending' AND subscription_id IN ({marks})",
                    ids,
                )
                await connection.execute(f"DELETE FROM subscriptions WHERE id IN ({marks})", ids)
        return [row["country"] for row in rows]

    async def pause_chat(self, chat_id: int, reason: str) -> int:
        """Pause every subscription of a chat (the bot was blocked or removed) and cancel what is pending.

        Returns how many subscriptions were active before.
        """
        async with self.database.transaction() as connection:
            cursor = await connection.execute(
                f"UPDATE subscriptions SET state = 'paused', paused_reason = ?, updated_at = {_NOW}"
                " WHERE chat_id = ? AND state = 'active'",
                (reason, chat_id),
            )
            paused = cursor.rowcount
            await connection.execute(
                f"UPDATE deliveries SET state = 'cancelled', last_error = ?, finished_at = {_NOW}"
                " WHERE chat_id = ? AND state = 'pending'",
                (reason, chat_id),
            )
        return paused

    async def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup with a new id: move its subscriptions and deliveries there.

        Where the new chat already has the same subscription or delivery, the new chat's row is kept.
        """
        async with self.database.transaction() as connection:
            await connection.execute(
                "UPDATE OR IGNORE subscriptions SET chat_id = ?, chat_type = 'supergroup',"
                f" updated_at = {_NOW} WHERE chat_id = ?",
                (new_chat_id, old_chat_id),
            )
            await connection.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_chat_id,))
            await connection.execute(
                "UPDATE OR IGNORE deliveries SET chat_id = ? WHERE chat_id = ?", (new_chat_id, old_chat_id)
            )
            await connection.execute(
                "UPDATE deliveries SET state = 'cancelled', last_error = 'chat migrated',"
                f" finished_at = {_NOW} WHERE chat_id = ? AND state = 'pending'",
                (old_chat_id,),
            )

    async def move_to_general(self, destination: Destination) -> None:
        """A forum topic was deleted: its subscriptions and pending deliveries go to the General topic."""
        if destination.thread_id == 0:
            return
        chat_id, thread_id = destination.chat_id, destination.thread_id
        async with self.database.transaction() as connection:
            await connection.execute(
                f"UPDATE OR IGNORE subscriptions SET thread_id = 0, updated_at = {_NOW}"
                " WHERE chat_id = ? AND thread_id = ?",
                (chat_id, thread_id),
            )
            await connection.execute(
                "DELETE FROM subscriptions WHERE chat_id = ? AND thread_id = ?", (chat_id, thread_id)
            )
            await connection.execute(
                "UPDATE OR IGNORE deliveries SET thread_id = 0 WHERE chat_id = ? AND thread_id = ?"
                " AND state = 'pending'",
                (chat_id, thread_id),
            )
            await connection.execute(
                "UPDATE deliveries SET state = 'cancelled', last_error = 'topic deleted',"
                f" finished_at = {_NOW} WHERE chat_id = ? AND thread_id = ? AND state = 'pending'",
                (chat_id, thread_id),
            )
