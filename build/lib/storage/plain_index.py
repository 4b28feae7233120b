"""A plain FTS5 index (unicode61, no normalisation, no stemming): the baseline that search is measured
against in `mpbot eval` and the benchmarks."""

from __future__ import annotations

from collections.abc import Sequence

from storage.database import Database


class PlainIndex:
    """Documents' title and text as they are, in a separate FTS5 table."""

    def __init__(self, database: Database, table: str = "plain_fts") -> None:
        if not table.isidentifier():
            raise ValueError(f"not a table name: {table!r}")
        self.database = database
        self.table = table

    async def create(self) -> None:
        """Create the table if it does not exist."""
        await self.database.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5(title, body, tokenize = 'unicode61')"
        )

    async def add_many(self, rows: Sequence[tuple[int, str, str]]) -> None:
        """Index (id, title, text) rows in one transaction."""
        async with self.database.transaction() as connection:
            await connection.executemany(
                f"INSERT INTO {self.table} (rowid, title, body) VALUES (?, ?, ?)", rows
            )

    async def search(self, words: Sequence[str], *, limit: int = 10) -> list[int]:
        """Ids of the documents matching any of the words, best BM25 first."""
        unique = [word for word in dict.fromkeys(words) if word]
        if not unique:
            return []
        expression = " OR ".join('"' + word.replace('"', '""') + '"' for word in unique)
        rows = await self.database.fetch_all(
            f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH ? ORDER BY rank LIMIT ?",
            (expression, limit),
        )
        return [int(row[0]) for row in rows]
