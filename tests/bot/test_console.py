"""The console chat: the same Application and handlers, fed from a pipe."""

import io
import subprocess
import sys
from pathlib import Path

from bot.console import chat
from bot.settings import Settings
from tests.conftest import SEEDS


async def test_three_commands_through_a_pipe_give_three_replies(settings: Settings) -> None:
    output = io.StringIO()
    status = await chat(settings, io.StringIO("/start\n/countries\n/country Iran\n"), output)
    assert status == 0
    replies = [block for block in output.getvalue().split("\n\n") if block.strip()]
    text = output.getvalue()
    assert "Hello, Console" in text
    assert "Kazakhstan — 3 documents" in text
    assert "Iran — 2 documents" in text
    assert "<b>" not in text  # HTML is reduced to plain text
    assert len(replies) >= 3


async def test_buttons_are_listed_and_pressed_by_number(settings: Settings) -> None:
    output = io.StringIO()
    await chat(settings, io.StringIO("/start\n!2\n!9\n"), output)
    text = output.getvalue()
    assert "[1] 🇰🇿 Kazakhstan (3)" in text
    assert "Iran — 2 documents" in text
    assert "(no such button)" in text


def test_mpbot_chat_reads_standard_input_and_exits_zero(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input="/start\n/countries\n/country Iran\n/country kz\n/search Aitu\n",
        env={"DATABASE_PATH": str(tmp_path / "db.sqlite3"), "SEEDS_DIR": str(SEEDS), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Kazakhstan — 3 documents" in result.stdout
    assert "Iran — 2 documents" in result.stdout
    assert "Aitu" in result.stdout and "NUR.KZ" in result.stdout


def test_mpbot_run_without_a_token_starts_the_console_chat(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input="/countries\n",
        env={"DATABASE_PATH": str(tmp_path / "db.sqlite3"), "SEEDS_DIR": str(SEEDS), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    first, *_ = result.stdout.splitlines()
    assert first.startswith("No BOT_TOKEN set: starting the console chat")
    assert "Kazakhstan — 3 documents" in result.stdout
