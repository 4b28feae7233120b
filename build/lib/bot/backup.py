"""Backups of the live database: a consistent copy taken while the bot runs, optionally gzip-compressed."""

from __future__ import annotations

import asyncio
import gzip
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storage.maintenance import backup_to, inspect_database


class BackupError(Exception):
    """A backup that could not be made; the message says why in one line."""


@dataclass(frozen=True)
class Backup:
    """A finished backup file."""

    path: Path
    size: int
    compressed: bool


def backup_name(now: datetime | None = None) -> str:
    """A sortable file name for a compressed backup, such as ``mpbot-20250101-120000.sqlite3.gz``."""
    moment = now or datetime.now(UTC)
    return f"mpbot-{moment:%Y%m%d-%H%M%S}.sqlite3.gz"


async def write_backup(database_path: Path, target: Path) -> Backup:
    """Copy the database to ``target`` (gzip-compressed when it ends in ``.gz``), checked before it is kept.

    The copy goes to a temporary file beside ``target`` and is renamed into place only once it passed
    ``PRAGMA integrity_check``, so an interrupted backup never leaves a half-written file under that name.
    """
    _check_paths(database_path, target)
    compressed = target.name.endswith(".gz")
    with tempfile.TemporaryDirectory(prefix=".mpbot-backup-", dir=target.parent) as work:
        copy = Path(work) / "copy.sqlite3"
        try:
            await backup_to(database_path, copy)
        except Exception as error:  # sqlite3 or OS errors, reported as one line
            raise BackupError(f"backup failed: {error}") from error
        state = await inspect_database(copy)
        if state.integrity:
            raise BackupError(f"the copy failed its integrity check: {state.integrity[0]}")
        if compressed:
            packed = Path(work) / "copy.sqlite3.gz"
            await asyncio.to_thread(_gzip, copy, packed)
            copy = packed
        copy.replace(target)
    return Backup(path=target, size=_size(target), compressed=compressed)


def _check_paths(database_path: Path, target: Path) -> None:
    if not database_path.is_file():
        raise BackupError(f"no database at {database_path}")
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new name")
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} does not exist")


def _size(path: Path) -> int:
    return path.stat().st_size


def _gzip(source: Path, target: Path) -> None:
    with source.open("rb") as raw, gzip.open(target, "wb", compresslevel=6) as packed:
        shutil.copyfileobj(raw, packed, length=1024 * 1024)
