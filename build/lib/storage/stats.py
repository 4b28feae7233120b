"""Figures for /stats that span tables owned by other features (read only, each only if it exists)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storage.database import Database


@dataclass(frozen=True)
class DeliveryFigures:
    """Subscriptions and deliveries, when those tables exist (``None`` where they do not)."""

    subscriptions: int | None
    deliveries_by_status: dict[str, int] | None


async def _columns(database: Database, table: str) -> set[str]:
    rows = await database.fetch_all("SELECT name FROM pragma_table_info(?)", (table,))
    return {row[0] for row in rows}


async def delivery_figures(database: Database) -> DeliveryFigures:
    """How many subscriptions there are and how many deliveries are in each status."""
    subscriptions = None
    if await _columns(database, "subscriptions"):
        row = await database.fetch_one("SELECT count(*) FROM subscriptions")
        subscriptions = int(row[0]) if row else 0
    by_status = None
    columns = await _columns(database, "deliveries")
    # The column's name is fixed here (never taken from input): "state" in migration 002.
    for column in ("state", "status"):
        if column in columns:
            rows = await database.fetch_all(
                f"SELECT {column}, count(*) FROM deliveries GROUP BY {column} ORDER BY {column}"
            )
            by_status = {str(row[0]): int(row[1]) for row in rows}
            break
    return DeliveryFigures(subscriptions, by_status)


def database_size(path: Path) -> int:
    """Bytes on disk of the database file and its write-ahead log."""
    total = 0
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            total += candidate.stat().st_size
        except OSError:
            continue
    return total
