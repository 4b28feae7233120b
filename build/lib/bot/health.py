"""Is the bot healthy? ``mpbot check`` (settings, database, migrations, seeds, token) and ``GET /healthz``."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot
from telegram.error import TelegramError

from bot.ingest import read_seeds
from bot.logs import redact, secret_forms, settings_secrets
from bot.services import Services
from bot.settings import Settings
from storage.maintenance import inspect_database, pending_deliveries, ping


@dataclass
class CheckReport:
    """What ``mpbot check`` found: one line per thing that is fine, one line per problem."""

    passed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


async def run_checks(settings: Settings, *, telegram_timeout: float = 10.0) -> CheckReport:
    """Check everything the bot needs to run; settings were already validated when they were loaded."""
    report = CheckReport()
    mode = f"webhook {settings.webhook_url}" if settings.webhook_url else "long polling"
    report.passed.append(f"settings: valid ({mode})")
    await _check_database(settings, report)
    await _check_seeds(settings, report)
    if settings.bot_token is not None:
        await _check_telegram(settings, report, telegram_timeout)
    else:
        report.passed.append("telegram: no BOT_TOKEN set, skipped (the bot would start the console chat)")
    return report


async def _check_database(settings: Settings, report: CheckReport) -> None:
    path = settings.database_path
    if not path.is_file():
        report.problems.append(f"database: {path} does not exist (the bot creates it at its first start)")
        return
    try:
        state = await inspect_database(path)
    except sqlite3.Error as error:
        report.problems.append(f"database: {path} cannot be read: {error}")
        return
    if state.problems:
        report.problems.extend(state.problems)
    else:
        report.passed.append(f"database: integrity ok, migrations applied: {len(state.applied)}")


async def _check_seeds(settings: Settings, report: CheckReport) -> None:
    folder = settings.seeds_dir
    if not folder.is_dir():
        report.problems.append(f"seeds: folder {folder} does not exist")
        return
    try:
        seeds = await asyncio.to_thread(read_seeds, folder)
    except (OSError, UnicodeDecodeError, ValueError) as error:  # ValueError covers a broken sources.toml
        report.problems.append(f"seeds: {folder} cannot be read: {error}")
        return
    report.passed.append(f"seeds: {len(seeds)} files in {folder}")


async def _check_telegram(settings: Settings, report: CheckReport, seconds: float) -> None:
    assert settings.bot_token is not None
    bot = Bot(
        settings.bot_token.get_secret_value(),
        base_url=settings.telegram_base_url,
        base_file_url=settings.telegram_base_file_url,
    )
    secrets = [form for secret in settings_secrets(settings) for form in secret_forms(secret)]
    try:
        async with asyncio.timeout(seconds), bot:  # initialising the bot asks getMe
            me = bot.bot
    except (TelegramError, TimeoutError) as error:
        reason = redact(str(error), secrets) or type(error).__name__
        report.problems.append(f"telegram: getMe failed: {reason}")
        return
    report.passed.append(f"telegram: token accepted for @{me.username}")


async def service_health(services: Services | None, *, queued_updates: int) -> tuple[bool, dict[str, Any]]:
    """The running bot's health for ``GET /healthz``: (healthy, JSON body)."""
    body: dict[str, Any] = {"status": "ok", "queued_updates": queued_updates}
    if services is None:
        body.update(status="starting", database="not open")
        return False, body
    try:
        await ping(services.database)
        pending = await pending_deliveries(services.database)
    except sqlite3.Error as error:
        body.update(status="failing", database=f"error: {error}")
        return False, body
    body["database"] = "ok"
    body["outbox"] = "absent" if pending is None else {"pending": pending}
    return True, body
