"""Export and import: an export loaded into an empty database reproduces the same documents."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from bot.ingest import load_seeds
from bot.transfer import InvalidExportError, export_lines, import_documents
from bot.understanding import search_terms
from storage.database import Database
from storage.documents import DocumentStore
from tests.admin.conftest import snapshot
from tests.conftest import SEEDS


async def seeded_store(path: Path) -> DocumentStore:
    store = DocumentStore(await Database.open(path))
    await load_seeds(store, SEEDS)
    return store


async def test_export_then_import_into_an_empty_database_reproduces_the_documents(tmp_path: Path) -> None:
    source = await seeded_store(tmp_path / "source.sqlite3")
    async with source.database.transaction() as connection:
        await source.soft_delete_in(connection, 2)
        await source.update_in(
            connection, 3, {"title": "Edited title", "country": "IR"}, title_terms="edited"
        )
    lines = await export_lines(source, include_deleted=True)
    target = DocumentStore(await Database.open(tmp_path / "target.sqlite3"))
    try:
        report = await import_documents(target, lines)
        assert report.added == [1, 2, 3, 4, 5]
        originals = await source.all(include_deleted=True)
        copies = await target.all(include_deleted=True)
        assert [asdict(d) for d in copies] == [asdict(d) for d in originals]
        assert await target.raw_texts([1, 2, 3, 4, 5]) == await source.raw_texts([1, 2, 3, 4, 5])
        edited = f"SELECT rowid FROM documents_fts WHERE documents_fts MATCH '{search_terms('title')[0]}'"
        assert [row[0] for row in await target.database.fetch_all(edited)] == [3]
        assert await target.get(2) is None
    finally:
        await source.database.close()
        await target.database.close()


async def test_importing_the_same_export_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    source = await seeded_store(tmp_path / "source.sqlite3")
    lines = await export_lines(source)
    report = await import_documents(source, lines)
    assert (report.added, report.already_stored) == ([], 5)
    assert await source.count() == 5
    await source.database.close()


async def test_a_file_with_bad_lines_names_each_and_imports_nothing(tmp_path: Path) -> None:
    source = await seeded_store(tmp_path / "source.sqlite3")
    good = await export_lines(source)
    await source.database.close()
    broken = json.loads(good[1])
    broken["published"] = "2024-02-30"
    lines = [good[0], json.dumps(broken), "{not json", good[2], '["a list"]', json.dumps({"title": "x"})]
    path = tmp_path / "target.sqlite3"
    target = DocumentStore(await Database.open(path))
    before = snapshot(path)
    with pytest.raises(InvalidExportError) as raised:
        await import_documents(target, lines)
    assert [(e.line, e.reason.split(" ")[0]) for e in raised.value.errors] == [
        (2, "published"),
        (3, "not"),
        (5, "not"),
        (6, "text"),
    ]
    assert snapshot(path) == before
    await target.database.close()


def mpbot(tmp_path: Path, database: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={"DATABASE_PATH": str(tmp_path / database), "SEEDS_DIR": str(SEEDS), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_mpbot_export_and_import_move_the_documents_to_another_database(tmp_path: Path) -> None:
    assert mpbot(tmp_path, "a.sqlite3", "docs").returncode == 0  # loads the seeds
    exported = mpbot(tmp_path, "a.sqlite3", "export", "out.jsonl")
    assert exported.returncode == 0, exported.stderr
    assert "5 documents exported" in exported.stderr
    to_stdout = mpbot(tmp_path, "a.sqlite3", "export")
    assert to_stdout.stdout == (tmp_path / "out.jsonl").read_text(encoding="utf-8")

    env_empty = tmp_path / "empty-seeds"
    env_empty.mkdir()
    imported = subprocess.run(
        [sys.executable, "-m", "bot", "import", "out.jsonl"],
        env={
            "DATABASE_PATH": str(tmp_path / "b.sqlite3"),
            "SEEDS_DIR": str(env_empty),
            "PATH": "/usr/bin:/bin",
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    assert "5 imported, 0 already stored" in imported.stderr
    assert snapshot(tmp_path / "b.sqlite3")["documents"] == snapshot(tmp_path / "a.sqlite3")["documents"]


def test_mpbot_import_reports_bad_lines_by_number_and_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"title": 1}\n\nnot json\n', encoding="utf-8")
    result = mpbot(tmp_path, "c.sqlite3", "import", "bad.jsonl")
    assert result.returncode == 1
    assert "bad.jsonl:1: title is missing or not text" in result.stderr
    assert "bad.jsonl:3: not JSON" in result.stderr
    assert "nothing imported" in result.stderr
