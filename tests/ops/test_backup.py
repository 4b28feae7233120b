"""Backups: a consistent copy of the live database from the command line and, for owners, in Telegram."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_application
from bot.backup import BackupError, write_backup
from bot.ingest import ingest_text, load_seeds
from bot.settings import Settings
from storage.database import Database
from storage.documents import DocumentStore
from tests.botapi.server import FakeBotApi
from tests.conftest import SEEDS, ask, polling, wired_to
from tests.ops.process import integrity, mpbot, scalar, wal_pages_left


def _article(number: int) -> str:
    return (
        f"Regulator orders throttling of Telegram, report {number}\n\n"
        f"The ministry confirmed that access to Telegram was slowed in the capital (report {number}). "
        "Officials denied that WhatsApp would be blocked."
    )


async def test_backup_taken_while_the_bot_writes_is_a_consistent_snapshot(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "live.sqlite3")
    store = DocumentStore(database)
    for number in range(5):
        await ingest_text(store, _article(number))
    writing, copied = asyncio.Event(), asyncio.Event()

    async def keep_writing() -> int:
        """Write until the backup is done and a few more after it; return how many documents exist."""
        number, after = 5, 0
        while after < 3:
            await ingest_text(store, _article(number))
            number += 1
            writing.set()
            after += copied.is_set()
        return number

    writer = asyncio.create_task(keep_writing())
    await writing.wait()
    made = await write_backup(database.path, tmp_path / "copy.sqlite3")
    copied.set()
    written = await writer
    await database.close()

    copy = made.path
    assert integrity(copy) == "ok"
    documents = scalar(copy, "SELECT count(*) FROM documents")
    assert isinstance(documents, int) and 5 < documents < written
    # The full-text index was copied in the same instant as the documents it indexes.
    assert scalar(copy, "SELECT count(*) FROM documents_fts") == documents
    assert scalar(copy, "PRAGMA journal_mode") == "delete"
    assert wal_pages_left(copy) == 0


async def test_backup_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    database = await Database.open(tmp_path / "live.sqlite3")
    await database.close()
    (tmp_path / "taken.sqlite3").write_bytes(b"precious")
    with pytest.raises(BackupError, match="already exists"):
        await write_backup(database.path, tmp_path / "taken.sqlite3")
    assert (tmp_path / "taken.sqlite3").read_bytes() == b"precious"


async def test_mpbot_backup_writes_a_gzip_copy_that_restores_to_the_same_documents(tmp_path: Path) -> None:
    live = await Database.open(tmp_path / "bot.sqlite3")
    await load_seeds(DocumentStore(live), SEEDS)
    result = await asyncio.to_thread(mpbot, tmp_path, "backup", "nightly.sqlite3.gz")  # next to the open bot
    await live.close()
    assert result.returncode == 0, result.stderr
    assert "integrity ok" in result.stdout
    restored = tmp_path / "restored.sqlite3"
    restored.write_bytes(gzip.decompress((tmp_path / "nightly.sqlite3.gz").read_bytes()))
    assert integrity(restored) == "ok"
    # The restored file is a working database for the bot, with every document.
    database = await Database.open(restored)
    documents = await DocumentStore(database).all()
    await database.close()
    assert len(documents) == 5


def test_mpbot_backup_without_a_database_fails_with_one_line(tmp_path: Path) -> None:
    result = mpbot(tmp_path, "backup", "copy.sqlite3")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"mpbot backup: no database at {tmp_path / 'bot.sqlite3'}"]
    assert not (tmp_path / "copy.sqlite3").exists()


OWNER_ID = 4242


@pytest.fixture
async def owned_bot(bot_api: FakeBotApi, settings: Settings) -> AsyncIterator[FakeBotApi]:
    """The real bot with one owner, polling the loopback API."""
    wired = wired_to(bot_api, settings, admin_ids=frozenset({OWNER_ID}))
    async with polling(bot_api, build_application(wired)):
        yield bot_api


async def test_owner_gets_a_compressed_database_as_a_document_in_private(
    owned_bot: FakeBotApi, settings: Settings, tmp_path: Path
) -> None:
    owner = owned_bot.user(OWNER_ID, "Owner")
    owned_bot.send_text("/backup", user=owner)
    [sent] = await owned_bot.wait_for("sendDocument")
    assert str(sent.chat_id) == str(OWNER_ID)
    [upload] = sent.files.values()
    assert upload.filename is not None and upload.filename.endswith(".sqlite3.gz")
    assert "README" in (sent.text or "")
    copy = tmp_path / "from-telegram.sqlite3"
    copy.write_bytes(gzip.decompress(upload.content))
    assert integrity(copy) == "ok"
    assert scalar(copy, "SELECT count(*) FROM documents") == scalar(
        settings.database_path, "SELECT count(*) FROM documents"
    )


async def test_backup_is_refused_to_someone_who_is_not_an_owner(owned_bot: FakeBotApi) -> None:
    stranger = owned_bot.user(777, "Stranger")
    reply = await ask(owned_bot, "/backup", user=stranger)
    assert "owners" in reply
    assert owned_bot.calls_of("sendDocument") == []


async def test_backup_is_refused_to_an_owner_in_a_group(owned_bot: FakeBotApi) -> None:
    owner = owned_bot.user(OWNER_ID, "Owner")
    group = owned_bot.group(-1001, "Newsroom")
    reply = await ask(owned_bot, "/backup", user=owner, chat=group)
    assert "private chat" in reply
    assert owned_bot.calls_of("sendDocument") == []
