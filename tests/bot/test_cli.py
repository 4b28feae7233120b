"""The admin's offline tools: mpbot ingest, search and docs, each as a real process on a real file."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bot.test_stored_terms import FILTERED
from tests.conftest import SEEDS

SEED_FILES = sorted(str(p) for p in SEEDS.glob("*.txt"))


def mpbot_env(tmp_path: Path, seeds: Path) -> dict[str, str]:
    """The environment of an ``mpbot`` run on a database in ``tmp_path``."""
    return {"DATABASE_PATH": str(tmp_path / "db.sqlite3"), "SEEDS_DIR": str(seeds), "PATH": "/usr/bin:/bin"}


def mpbot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=mpbot_env(tmp_path, tmp_path / "no-seeds"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ingest_prints_one_object_per_seed_with_country_and_language(tmp_path: Path) -> None:
    result = mpbot(tmp_path, "ingest", "--json", *SEED_FILES)
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["country"], o["language"]) for o in objects] == [
        ("KZ", "kk"),
        ("KZ", "ru"),
        ("KZ", "kk"),
        ("IR", "fa"),
        ("IR", "fa"),
    ]
    assert all(o["created"] for o in objects)
    assert {"id", "title", "language", "country", "date", "messengers"} <= set(objects[0])
    assert "5 added, 0 already stored" in result.stderr


def test_ingesting_the_same_files_again_adds_nothing_and_says_so(tmp_path: Path) -> None:
    mpbot(tmp_path, "ingest", "--json", *SEED_FILES)
    again = mpbot(tmp_path, "ingest", "--json", *SEED_FILES)
    assert again.returncode == 0
    objects = [json.loads(line) for line in again.stdout.splitlines()]
    assert not any(o["created"] for o in objects)
    assert "0 added, 5 already stored — nothing new" in again.stderr
    docs = mpbot(tmp_path, "docs", "--json")
    assert len(docs.stdout.splitlines()) == 5


def test_ingest_reports_a_missing_file_and_fails(tmp_path: Path) -> None:
    result = mpbot(tmp_path, "ingest", str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert "missing.txt" in result.stderr


def test_ingesting_a_folder_in_worker_processes_reports_every_file_in_order(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    seeds = [Path(name).read_text(encoding="utf-8") for name in SEED_FILES]
    for n in range(70):
        (folder / f"{n:03}.txt").write_text(f"{seeds[n % 5]}\n\n({n})", encoding="utf-8")
    (folder / "071.txt").write_text("   \n", encoding="utf-8")
    (folder / "072.txt").write_bytes(b"\xff\xfe\xfa not utf-8")
    files = sorted(str(p) for p in folder.iterdir())
    result = mpbot(tmp_path, "ingest", "--json", "--workers", "2", *files)
    assert result.returncode == 1
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["file"] for o in objects] == files[:70]
    assert [o["id"] for o in objects] == list(range(1, 71))
    assert [o["country"] for o in objects[:5]] == ["KZ", "KZ", "KZ", "IR", "IR"]
    assert "071.txt: the text holds no article" in result.stderr
    assert "072.txt" in result.stderr
    assert "70 added, 0 already stored, 2 failed" in result.stderr


def test_search_json_prints_passages_filtered_by_country(tmp_path: Path) -> None:
    mpbot(tmp_path, "ingest", *SEED_FILES)
    result = mpbot(tmp_path, "search", "Telegram", "--country", "Iran", "--json")
    assert result.returncode == 0, result.stderr
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert hits, "expected at least one Iranian document about Telegram"
    assert {hit["country"] for hit in hits} == {"IR"}
    assert all(hit["passage"] for hit in hits)


def test_search_with_an_unknown_country_exits_2(tmp_path: Path) -> None:
    result = mpbot(tmp_path, "search", "Telegram", "--country", "Atlantis")
    assert result.returncode == 2
    assert "Atlantis" in result.stderr


def test_search_keeps_to_a_language_and_dates_given_as_options_or_in_the_question(tmp_path: Path) -> None:
    mpbot(tmp_path, "ingest", *SEED_FILES)
    persian = mpbot(tmp_path, "search", "Telegram", "--language", "fa", "--json")
    assert persian.returncode == 0, persian.stderr
    assert {json.loads(line)["language"] for line in persian.stdout.splitlines()} == {"fa"}
    dated = mpbot(tmp_path, "search", "Aitu", "from:2025-08", "--to", "2025-09", "--json")
    dates = {json.loads(line)["date"][:7] for line in dated.stdout.splitlines()}
    assert dates and dates <= {"2025-08", "2025-09"}
    wrong = mpbot(tmp_path, "search", "Telegram", "--from", "2025-13")
    assert wrong.returncode == 2
    assert "2025-13" in wrong.stderr


def test_reindex_derives_every_documents_terms_again_so_search_finds_them(tmp_path: Path) -> None:
    (tmp_path / "filtered.txt").write_text(FILTERED, encoding="utf-8")
    assert mpbot(tmp_path, "ingest", str(tmp_path / "filtered.txt"), *SEED_FILES).returncode == 0
    with sqlite3.connect(tmp_path / "db.sqlite3") as connection:
        # What the stemmer once made of فیلتر; the fingerprint stays current, so only a forced reindex helps.
        connection.execute("UPDATE documents_fts SET body_terms = replace(body_terms, 'فیلتر', 'فیل')")
    result = mpbot(tmp_path, "reindex")
    assert result.returncode == 0, result.stderr
    assert "6 documents" in result.stdout
    assert "derived again: 6 of 6 documents" in result.stderr
    with sqlite3.connect(tmp_path / "db.sqlite3") as connection:
        (body_terms,) = connection.execute("SELECT body_terms FROM documents_fts WHERE rowid = 1").fetchone()
    assert "فیلتر" in body_terms.split()
    found = mpbot(tmp_path, "search", "فیلتر", "--json")
    assert json.loads(found.stdout.splitlines()[0])["id"] == 1


def mpbot_writing_into_a_closed_pipe(
    tmp_path: Path, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run ``mpbot ARGS`` with standard output a pipe whose reader left before the first line."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            env=mpbot_env(tmp_path, SEEDS),
            cwd=tmp_path,
            input=stdin,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    ("args", "stdin"),
    [(("search", "Telegram"), ""), (("chat",), "/start\n/help\n/countries\n"), (("--help",), "")],
    ids=["search", "chat", "help"],
)
def test_a_command_whose_reader_stops_early_ends_quietly_with_the_status_of_sigpipe(
    tmp_path: Path, args: tuple[str, ...], stdin: str
) -> None:
    result = mpbot_writing_into_a_closed_pipe(tmp_path, *args, stdin=stdin)
    assert result.stderr == ""
    assert result.returncode == 128 + signal.SIGPIPE  # what a shell reports for `cat` or `grep` there
