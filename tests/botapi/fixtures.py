"""Pytest plugin: a loopback Telegram Bot API for end-to-end tests of the real PTB Application.

Enable it in a test module (or a conftest) with::

    pytest_plugins = ["tests.botapi.fixtures"]

A test then builds the application against the fake server instead of api.telegram.org::

    from tests.botapi.fixtures import application_builder, running

    async def test_start_command_greets_the_user(bot_api):
        # = ApplicationBuilder().token(bot_api.token).base_url(bot_api.base_url)
        #       .base_file_url(bot_api.base_file_url)
        application = application_builder(bot_api).build()
        application.add_handler(CommandHandler("start", start))
        async with running(application):  # initialize, start, start_polling(timeout=1)
            bot_api.send_text("/start")
            [reply] = await bot_api.wait_for("sendMessage")
        assert reply.text.startswith("Welcome")

``running`` stops the updater and the application on exit and, by default, re-raises the first
exception a handler raised, so a crashing handler fails the test instead of timing out silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from telegram.ext import Application, ApplicationBuilder, ContextTypes

from tests.botapi.server import FakeBotApi


@pytest.fixture
async def bot_api() -> AsyncIterator[FakeBotApi]:
    """A started FakeBotApi on 127.0.0.1, stopped after the test."""
    async with FakeBotApi() as api:
        yield api


def application_builder(api: FakeBotApi) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
    """An ApplicationBuilder whose bot talks to ``api``; add more settings before ``build()``."""
    return ApplicationBuilder().token(api.token).base_url(api.base_url).base_file_url(api.base_file_url)


@asynccontextmanager
async def running(
    application: Application[Any, Any, Any, Any, Any, Any],
    *,
    poll_timeout: float = 1.0,
    raise_handler_errors: bool = True,
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Run ``application`` with long polling for the duration of the block, then stop it cleanly.

    With ``raise_handler_errors`` an error handler collects exceptions raised by handlers and the
    first one is re-raised on exit; pass False to test the project's own error handler.
    """
    handler_errors: list[BaseException] = []

    async def collect(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            handler_errors.append(context.error)

    if raise_handler_errors:
        application.add_error_handler(collect)
    async with application:
        await application.start()
        assert application.updater is not None, "build the application with an updater"
        await application.updater.start_polling(poll_interval=0, timeout=dt.timedelta(seconds=poll_timeout))
        try:
            yield application
        finally:
            if application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            if raise_handler_errors:
                application.remove_error_handler(collect)
    if handler_errors:
        raise handler_errors[0]
