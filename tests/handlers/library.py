"""Documents written for a test, stored through the real ingest path into the running bot's database."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

from bot.app import build_application
from bot.ingest import Overrides, prepare_document
from bot.settings import Settings
from storage.database import Database
from storage.documents import DocumentStore, StoredAction
from tests.botapi.server import FakeBotApi
from tests.conftest import polling, wired_to


async def add_document(
    settings: Settings,
    title: str,
    text: str,
    *,
    country: str = "IR",
    language: str = "en",
    published: str | None = None,
    messengers: tuple[str, ...] = (),
    actions: tuple[str, ...] = (),
    source: str | None = "Test Wire",
) -> int:
    """Store one document (the bot reads the same SQLite file) and return its id."""
    day = date.fromisoformat(published) if published else None
    new, _analysis = prepare_document(
        f"{title}\n\n{text}",
        source=source,
        overrides=Overrides(
            title=title,
            country=country,
            language=language,
            published=day,
            date_precision="day" if day else "unknown",
        ),
    )
    new = dataclasses.replace(
        new,
        messengers=messengers,
        actions=tuple(StoredAction(kind, text.split(".")[0] + ".", messengers) for kind in actions),
    )
    database = await Database.open(settings.database_path)
    try:
        document_id = await DocumentStore(database).add(new)
    finally:
        await database.close()
    assert document_id is not None
    return document_id


@asynccontextmanager
async def running_bot(api: FakeBotApi, settings: Settings, **changes: Any) -> AsyncIterator[FakeBotApi]:
    """The real Application against ``api`` with some settings changed (like the ``bot`` fixture)."""
    async with polling(api, build_application(wired_to(api, settings, **changes))):
        yield api
