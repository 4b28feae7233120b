"""The services one running bot shares between its handlers, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from bot.search import SearchEngine, open_search_index
from bot.settings import Settings
from storage.database import Database
from storage.documents import DocumentStore


@dataclass
class Services:
    """Settings, the database and the stores and engines built on it."""

    settings: Settings
    database: Database
    documents: DocumentStore
    search: SearchEngine

    @classmethod
    async def open(cls, settings: Settings) -> Services:
        """Open the database (applying migrations) and build everything on top of it."""
        database = await Database.open(settings.database_path)
        try:
            index = open_search_index(database)
            await index.open()
        except BaseException:
            await database.close()
            raise
        documents = DocumentStore(database)
        return cls(
            settings=settings, database=database, documents=documents, search=SearchEngine(documents, index)
        )

    async def close(self) -> None:
        """Close the database cleanly."""
        await self.database.close()
