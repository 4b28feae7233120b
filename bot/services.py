"""The services one running bot shares between its handlers, built once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from bot.briefs import BriefCache
from bot.search import SearchEngine, open_search_index
from bot.settings import Settings
from bot.stored_terms import REDERIVE_BATCH, rederive_terms, redetect
from storage.database import Database
from storage.documents import DocumentStore


@dataclass
class Services:
    """Settings, the database and the stores and engines built on it."""

    settings: Settings
    database: Database
    documents: DocumentStore
    search: SearchEngine
    briefs: BriefCache

    @classmethod
    async def open(cls, settings: Settings, *, reindex: bool = False) -> Services:
        """Open the database (applying migrations) and build everything on top of it.

        Stored search terms made by another normaliser are derived again first (always, with
        ``reindex``), and the search index rebuilt from them; stored apps and actions found by other
        detectors are found again (the index follows the documents that change).
        """
        database = await Database.open(settings.database_path)
        documents = DocumentStore(database)
        try:
            rederived = await rederive_terms(documents, force=reindex)
            redetected = await redetect(documents, force=reindex)
            index = open_search_index(database)
            # A few changed documents are applied from the change log; many, rebuilt in a child process.
            await index.open(rebuild=reindex or rederived > 0 or redetected > REDERIVE_BATCH)
        except BaseException:
            await database.close()
            raise
        return cls(
            settings=settings,
            database=database,
            documents=documents,
            search=SearchEngine(documents, index),
            briefs=BriefCache(documents),
        )

    async def close(self) -> None:
        """Close the database cleanly."""
        await self.database.close()
