"""``mpbot check``: exit 0 when the bot can run, otherwise one line per problem and a non-zero status."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.database import Database
from tests.botapi.server import FakeBotApi
from tests.ops.process import mpbot, start_mpbot


def _problems(stderr: str) -> list[str]:
    lines = stderr.strip().splitlines()
    assert all(line.startswith("mpbot check: ") for line in lines), stderr
    return [line.removeprefix("mpbot check: ") for line in lines]


def _corrupt(path: Path) -> None:
    """Scribble over the pages after the first, as a failing disk or a torn copy would."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(page, len(data), page):
        data[offset + 8 : offset + 200] = b"\xa5" * 192
    path.write_bytes(bytes(data))


@pytest.fixture
async def created(tmp_path: Path) -> Path:
    """The database as the bot's first start leaves it (migrated), closed."""
    database = await Database.open(tmp_path / "bot.sqlite3")
    await database.close()
    return database.path


def test_check_passes_on_a_healthy_database(tmp_path: Path, created: Path) -> None:
    result = mpbot(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "database: integrity ok" in result.stdout
    assert "seeds: 5 files" in result.stdout


def test_check_fails_on_a_corrupted_database_with_one_line_per_problem(tmp_path: Path, created: Path) -> None:
    _corrupt(created)
    result = mpbot(tmp_path, "check")
    assert result.returncode == 1
    problems = _problems(result.stderr)
    assert problems and all(problem.startswith("database") for problem in problems)


def test_check_names_every_problem_it_finds(tmp_path: Path) -> None:
    result = mpbot(tmp_path, "check", SEEDS_DIR=str(tmp_path / "no-seeds"))
    assert result.returncode == 1
    problems = _problems(result.stderr)
    assert len(problems) == 2
    assert problems[0].startswith("database:") and "does not exist" in problems[0]
    assert problems[1] == f"seeds: folder {tmp_path / 'no-seeds'} does not exist"


def test_check_with_an_invalid_setting_exits_2_naming_it(tmp_path: Path) -> None:
    result = mpbot(tmp_path, "check", WEBHOOK_URL="https://bot.example.org/hook")
    assert result.returncode == 2
    assert result.stderr.strip() == "mpbot: invalid setting WEBHOOK_SECRET: required when WEBHOOK_URL is set"


async def _check_against(api: FakeBotApi, tmp_path: Path) -> tuple[int, str, str]:
    database = await Database.open(tmp_path / "bot.sqlite3")
    await database.close()
    process = await start_mpbot(tmp_path, "check", BOT_TOKEN=api.token, TELEGRAM_BASE_URL=api.base_url)
    status = await process.wait()
    return status, (tmp_path / "stdout.log").read_text(), (tmp_path / "stderr.log").read_text()


async def test_check_with_a_token_asks_telegram_who_the_bot_is(bot_api: FakeBotApi, tmp_path: Path) -> None:
    status, out, err = await _check_against(bot_api, tmp_path)
    assert status == 0, err
    assert "telegram: token accepted for @mpbot_test_bot" in out
    assert bot_api.calls_of("getMe")


async def test_check_reports_a_rejected_token_without_printing_it(
    bot_api: FakeBotApi, tmp_path: Path
) -> None:
    bot_api.fail("getMe", 401, "Unauthorized", times=5)
    status, out, err = await _check_against(bot_api, tmp_path)
    assert status == 1
    [problem] = _problems(err)
    assert problem.startswith("telegram: getMe failed")
    secret_half = bot_api.token.split(":")[1]
    assert secret_half not in out + err
