import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import Settings, describe_error, load_settings


def test_defaults_match_the_readme() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.bot_token is None
    assert settings.admin_ids == frozenset()
    assert settings.database_path == Path("data/mpbot.sqlite3")
    assert settings.seeds_dir == Path("seeds")
    assert settings.telegram_base_url == "https://api.telegram.org/bot"
    assert settings.telegram_base_file_url == "https://api.telegram.org/file/bot"
    assert settings.log_level == "INFO"
    assert settings.default_language == "en"


def test_admin_ids_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", " 12, 34 ,,56")
    assert Settings(_env_file=None).admin_ids == {12, 34, 56}  # type: ignore[call-arg]


def test_a_non_numeric_admin_id_is_named_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "abc")
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)  # type: ignore[call-arg]
    message = describe_error(caught.value)
    assert message.startswith("invalid setting ADMIN_IDS:")
    assert "'abc'" in message
    assert "\n" not in message


def test_the_token_never_shows_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:very-secret-token")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert "very-secret-token" not in repr(settings)
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == "123456:very-secret-token"


def test_settings_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("LOG_LEVEL=debug\nDEFAULT_LANGUAGE=FA\n", encoding="utf-8")
    settings = Settings(_env_file=env)  # type: ignore[call-arg]
    assert settings.log_level == "DEBUG"
    assert settings.default_language == "fa"


def test_a_self_hosted_bot_api_gets_its_file_url() -> None:
    settings = Settings(telegram_base_url="http://127.0.0.1:8081/bot", _env_file=None)  # type: ignore[call-arg]
    assert settings.telegram_base_file_url == "http://127.0.0.1:8081/file/bot"


def test_load_settings_exits_with_status_2_on_a_bad_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DEFAULT_LANGUAGE", "xx")
    with pytest.raises(SystemExit) as exited:
        load_settings()
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("mpbot: invalid setting DEFAULT_LANGUAGE")
    assert err.count("\n") == 1


def test_the_command_line_reports_a_bad_setting_without_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "docs"],
        env={"ADMIN_IDS": "abc", "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "mpbot: invalid setting ADMIN_IDS: expected comma-separated numeric Telegram user ids, got 'abc'"
    ]
    assert "Traceback" not in result.stderr
