"""The one place that builds the Telegram Application and registers every handler."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults
from telegram.request import BaseRequest

from bot.ingest import load_seeds
from bot.runner import finishing_seconds
from bot.services import Services
from bot.settings import Settings
from handlers import (
    add,
    admin,
    backup,
    countries,
    delivery,
    documents,
    errors,
    fallbacks,
    flood,
    inline,
    language,
    menus,
    search,
    start,
    subscriptions,
    timeline,
)
from handlers.context import SERVICES_KEY, install_services

log = logging.getLogger(__name__)

# The token the console chat uses: it never leaves the process.
CONSOLE_TOKEN = "0:console"


def build_application(settings: Settings, *, request: BaseRequest | None = None) -> Application:
    """The bot: settings in, a ready-to-run Application out (services open in ``post_init``)."""
    token = settings.bot_token.get_secret_value() if settings.bot_token else CONSOLE_TOKEN
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .defaults(
            Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
        )
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.telegram_rate_per_s, max_retries=2))
        .concurrent_updates(settings.concurrent_updates)
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    application.bot_data["settings"] = settings
    # The console chat feeds updates in-process (request given): no broadcasts to other chats there.
    application.bot_data["deliveries"] = request is None and settings.bot_token is not None

    flood.register(application)
    language.register(application)  # first: loads each reader's chosen language (group -1)
    start.register(application)
    countries.register(application)
    documents.register(application)
    timeline.register(application)
    inline.register(application)
    subscriptions.register(application)
    admin.register(application)
    backup.register(application)
    add.register(application)  # before search: an admin's /add takes their plain messages
    search.register(application)  # after the commands: a plain private message is a search
    fallbacks.register(application)  # last: buttons no other module handles get a short answer
    application.add_error_handler(errors.on_error)
    return application


async def _post_init(application: Application) -> None:
    settings: Settings = application.bot_data["settings"]
    found = await Services.open(settings)
    install_services(application, found)
    report = await load_seeds(found.documents, settings.seeds_dir)
    log.info("seeds: %d added, %d already stored", len(report.added), len(report.skipped))
    await _set_commands(application)
    if application.bot_data["deliveries"]:
        delivery.start_worker(application)


async def _set_commands(application: Application) -> None:
    settings: Settings = application.bot_data["settings"]
    await menus.set_command_menus(application.bot, settings.admin_ids)


async def _post_stop(application: Application) -> None:
    # Under `mpbot run` the runner has stopped the worker already, side by side with the handlers.
    settings: Settings = application.bot_data["settings"]
    await delivery.stop_worker(application, finishing_seconds(settings.shutdown_timeout))


async def _post_shutdown(application: Application) -> None:
    found = application.bot_data.pop(SERVICES_KEY, None)
    if isinstance(found, Services):
        await found.close()


@asynccontextmanager
async def serve(application: Application, *, polling: bool) -> AsyncIterator[Application]:
    """Run the application as ``run_polling`` would (post_init, start, polling), but inside a caller's loop.

    Used by the console chat (no polling: updates are fed in) and by tests and benchmarks.
    """
    try:
        async with application:
            if application.post_init:
                await application.post_init(application)
            if polling and application.updater:
                await application.updater.start_polling(
                    poll_interval=0.0, timeout=1, drop_pending_updates=False
                )
            await application.start()
            try:
                yield application
            finally:
                if application.updater and application.updater.running:
                    await application.updater.stop()
                if application.running:
                    await application.stop()
                if application.post_stop:
                    await application.post_stop(application)
    finally:
        # Also when the caller's block raised: an open database would keep the process alive at exit.
        if application.post_shutdown:
            await application.post_shutdown(application)
