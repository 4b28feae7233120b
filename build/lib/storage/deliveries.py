"""The deliveries outbox: one row per document and destination, sent by the delivery worker.

Rows are written in the publishing transaction (``enqueue_in``), so a document is never stored without its
deliveries nor the other way round. A row is ``pending`` until Telegram confirmed the message (``sent``), a
permanent error or the retry limit ended it (``failed``), or its subscription went away (``cancelled``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

from storage.database import Database
from storage.subscriptions import ALL_COUNTRIES

_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


@dataclass(frozen=True)
class Delivery:
    """A document to send to one chat or topic, in the subscriber's language."""

    id: int
    document_id: int
    subscription_id: int | None
    chat_id: int
    thread_id: int
    country: str  # the subscription it came through: a country code or "*"
    language: str
    attempts: int


@dataclass(frozen=True)
class DeliveryCounts:
    """How the outbox stands: deliveries by state, and subscriptions active or paused."""

    pending: int = 0
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    paused: int = 0  # paused subscriptions (the bot was blocked or removed)
    active: int = 0  # active subscriptions

    def as_dict(self) -> dict[str, int]:
        """The counts by name (for ``--json`` and /stats)."""
        return {
            "pending": self.pending,
            "sent": self.sent,
            "failed": self.failed,
            "cancelled": self.cancelled,
            "paused": self.paused,
            "active": self.active,
        }


_COLUMNS = "id, document_id, subscription_id, chat_id, thread_id, country, language, attempts"


def _delivery(row: aiosqlite.Row) -> Delivery:
    return Delivery(
        id=row["id"],
        document_id=row["document_id"],
        subscription_id=row["subscription_id"],
        chat_id=row["chat_id"],
        thread_id=row["thread_id"],
        country=row["country"],
        language=row["language"],
        attempts=row["attempts"],
    )


async def enqueue_in(
    connection: aiosqlite.Connection, document_id: int, country: str | None, *, now: float | None = None
) -> int:
    """Add one pending delivery per destination whose active subscriptions match the document.

    Runs inside the caller's transaction. A destination following both the country and "all countries"
    gets one delivery (through the country's subscription). Returns how many rows were added.
    """
    cursor = await connection.execute(
        "INSERT INTO deliveries (document_id, subscription_id, chat_id, thread_id, country, language,"
        " next_attempt_at)"
        " SELECT ?, id, chat_id, thread_id, country, language, ? FROM subscriptions"
        " WHERE state = 'active' AND (country = ? OR country = ?)"
        " ORDER BY country = ?, id"
        " ON CONFLICT (document_id, chat_id, thread_id) DO NOTHING",
        (document_id, time.time() if now is None else now, country, ALL_COUNTRIES, ALL_COUNTRIES),
    )
    return max(cursor.rowcount, 0)


class DeliveryStore:
    """The outbox as the delivery worker sees it."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def due(self, now: float, *, limit: int = 50) -> list[Delivery]:
        """Pending deliveries whose time has come, oldest first."""
        rows = await self.database.fetch_all(
            f"SELECT {_COLUMNS} FROM deliveries WHERE state = 'pending' AND next_attempt_at <= ?"
            " ORDER BY next_attempt_at, id LIMIT ?",
            (now, limit),
        )
        return [_delivery(row) for row in rows]

    async def next_due_at(self) -> float | None:
        """When the earliest pending delivery is due (``None`` when nothing is pending)."""
        row = await self.database.fetch_one(
            "SELECT min(next_attempt_at) FROM deliveries WHERE state = 'pending'"
        )
        return float(row[0]) if row and row[0] is not None else None

    async def get(self, delivery_id: int) -> Delivery | None:
        """One delivery by id, whatever its state."""
        row = await self.database.fetch_one(f"SELECT {_COLUMNS} FROM deliveries WHERE id = ?", (delivery_id,))
        return _delivery(row) if row else None

    async def mark_sent(self, delivery_id: int, message_id: int | None) -> None:
        """Telegram confirmed the message."""
        await self.database.execute(
            "UPDATE deliveries SET state = 'sent', attempts = attempts + 1, message_id = ?,"
            f" last_error = NULL, finished_at = {_NOW} WHERE id = ?",
            (message_id, delivery_id),
        )

    async def mark_failed(self, delivery_id: int, error: str) -> None:
        """A permanent error, or the retry limit reached."""
        await self.database.execute(
            f"UPDATE deliveries SET state = 'failed', attempts = attempts + 1, last_error = ?,"
            f" finished_at = {_NOW} WHERE id = ? AND state = 'pending'",
            (error[:500], delivery_id),
        )

    async def retry_later(
        self, delivery_id: int, at: float, error: str, *, count_attempt: bool = True
    ) -> None:
        """Try again at ``at`` (unix time); a flood wait does not count as an attempt."""
        await self.database.execute(
            "UPDATE deliveries SET next_attempt_at = ?, attempts = attempts + ?, last_error = ?"
            " WHERE id = ? AND state = 'pending'",
            (at, 1 if count_attempt else 0, error[:500], delivery_id),
        )

    async def defer(self, delivery_ids: Sequence[int], at: float) -> None:
        """Hold deliveries back until ``at`` (their chat has reached its message rate), in one transaction."""
        if not delivery_ids:
            return
        async with self.database.transaction() as connection:
            await connection.executemany(
                "UPDATE deliveries SET next_attempt_at = max(next_attempt_at, ?)"
                " WHERE id = ? AND state = 'pending'",
                [(at, delivery_id) for delivery_id in delivery_ids],
            )

    async def counts(self) -> DeliveryCounts:
        """Deliveries by state and subscriptions by state."""
        return await delivery_counts(self.database)

    async def of_document(self, document_id: int) -> list[tuple[int, int, str]]:
        """(chat_id, thread_id, state) of every delivery of a document."""
        rows = await self.database.fetch_all(
            "SELECT chat_id, thread_id, state FROM deliveries WHERE document_id = ? ORDER BY id",
            (document_id,),
        )
        return [(row["chat_id"], row["thread_id"], row["state"]) for row in rows]


async def delivery_counts(database: Database) -> DeliveryCounts:
    """Pending, sent, failed and cancelled deliveries, and paused and active subscriptions."""
    found: dict[str, int] = {}
    for row in await database.fetch_all("SELECT state, count(*) AS n FROM deliveries GROUP BY state"):
        found[row["state"]] = row["n"]
    for row in await database.fetch_all("SELECT state, count(*) AS n FROM subscriptions GROUP BY state"):
        found["paused" if row["state"] == "paused" else "active"] = row["n"]
    return DeliveryCounts(**found)
