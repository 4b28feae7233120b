"""Running the bot as a service: long polling or webhook, until SIGTERM or SIGINT, then a graceful stop.

The stop order matters: take no new updates, let the handlers already running and the notification being
sent finish (side by side, then cancel them: their transactions roll back), then close the database, which
checkpoints the WAL. All of it fits in ``SHUTDOWN_TIMEOUT``: the last ``CLOSING_SECONDS`` of it are kept for
cancelling and closing, and every step that waits on Telegram is cut when its time is up. Updates Telegram
has not had confirmed are sent again at the next start, and outgoing messages not sent yet stay pending in
the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.settings import Settings
from bot.webhook import WebhookServer
from handlers.delivery import stop_worker

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# How long one getUpdates request waits for news before Telegram answers empty.
POLL_TIMEOUT = timedelta(seconds=10)
# Of SHUTDOWN_TIMEOUT, kept for what follows the grace: cancelled handlers unwinding (at most
# CANCEL_WAIT_SECONDS), closing the HTTP clients and checkpointing the database.
CLOSING_SECONDS = 2.0
CANCEL_WAIT_SECONDS = 1.0
# A step cut short may swallow one cancellation and start waiting on something else: it is cancelled again
# after this long without ending (within CANCEL_WAIT_SECONDS in all).
RECANCEL_SECONDS = 0.1


def finishing_seconds(shutdown_timeout: float) -> float:
    """How long handlers in flight and the notification being sent may take, so the whole stop fits."""
    return max(shutdown_timeout - CLOSING_SECONDS, 0.0)


async def run_until_stopped(application: Application, settings: Settings, *, webhook: bool) -> int:
    """Run until SIGTERM or SIGINT, then stop gracefully; return the process's exit status."""
    stop = asyncio.Event()
    _install_signal_handlers(stop)
    server: WebhookServer | None = None
    started = False
    try:
        try:
            await application.initialize()  # asks Telegram getMe: a wrong token stops here
            if application.post_init:
                await application.post_init(application)
            await application.start()
            started = True
            if webhook:
                server = await _start_webhook(application, settings)
            elif application.updater is not None:
                await application.updater.start_polling(timeout=POLL_TIMEOUT, allowed_updates=None)
                log.info("running: long polling as @%s", application.bot.username)
        except InvalidToken:
            log.error("Telegram rejected BOT_TOKEN; get a valid token from @BotFather")
            return 1
        except (TelegramError, OSError, sqlite3.Error) as error:
            log.error("could not start: %s", error)
            return 1
        await stop.wait()
        log.info(
            "stopping: no new updates; waiting up to %.1fs for handlers and the notification in flight",
            finishing_seconds(settings.shutdown_timeout),
        )
    finally:
        await stop_gracefully(application, server, settings.shutdown_timeout, started=started)
        _remove_signal_handlers()
    log.info("stopped cleanly")
    return 0


async def _start_webhook(application: Application, settings: Settings) -> WebhookServer:
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    server = WebhookServer(application, settings)
    await server.start()
    # Updates waiting at Telegram are kept (not dropped): they arrive once the webhook is set.
    await application.bot.set_webhook(
        url=settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=None,
        drop_pending_updates=False,
    )
    log.info("running: webhook as @%s", application.bot.username)
    return server


async def stop_gracefully(
    application: Application, server: WebhookServer | None, grace: float, *, started: bool = True
) -> None:
    """Stop taking updates, let what is in flight finish, close everything: all within ``grace`` seconds."""
    loop = asyncio.get_running_loop()
    begun = loop.time()
    finishing = finishing_seconds(grace)
    deadline = begun + finishing
    # 1. No new notifications (the one being sent may finish meanwhile) and no new updates. PTB's
    # Updater.stop first waits for its polling loop, which may be pausing after an error (up to 30 s, or
    # as long as a flood wait asks), then calls getUpdates once more to confirm what was fetched, with the
    # bot's own HTTP timeouts: neither knows SHUTDOWN_TIMEOUT, so both are cut at the deadline.
    worker = asyncio.ensure_future(stop_worker(application, finishing))
    if server is not None:
        await _within("stopping the webhook server", server.stop, deadline - loop.time())
    if application.updater is not None and application.updater.running:
        await _within("stopping polling", application.updater.stop, deadline - loop.time())
    # 2. Let handlers in flight finish, bounded by the same deadline as the worker.
    if started and application.running:
        await _stop_bounded(application, max(deadline - loop.time(), 0.0))
    await _quietly("stopping the delivery worker", lambda: worker)
    post_stop, post_shutdown = application.post_stop, application.post_shutdown
    if started and post_stop:
        await _quietly("post_stop", lambda: post_stop(application))
    # 3. Close the HTTP clients within what is left and, last, the database (post_shutdown checkpoints the
    # WAL): a local file, closed whatever the time.
    await _within("shutting down", application.shutdown, begun + grace - loop.time())
    if post_shutdown:
        await _quietly("closing the database", lambda: post_shutdown(application))


async def _stop_bounded(application: Application, grace: float) -> None:
    stopping = asyncio.ensure_future(application.stop())
    done, _pending = await asyncio.wait({stopping}, timeout=grace)
    if done:
        _report(stopping, "stopping the application")
        return
    # PTB names the tasks that handle updates and errors after the application and its bot.
    prefix = f"Application:{application.bot.id}:"
    unfinished = [task for task in asyncio.all_tasks() if task.get_name().startswith(prefix)]
    if unfinished:
        log.warning("%d update task(s) still running after %.1fs: cancelling them", len(unfinished), grace)
    for task in unfinished:
        task.cancel()
    done, _pending = await asyncio.wait({stopping}, timeout=CANCEL_WAIT_SECONDS)
    if not done:
        stopping.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await stopping


async def _within(what: str, step: Callable[[], Awaitable[object]], seconds: float) -> None:
    """Run one shutdown step for at most ``seconds``, then cancel it; a failure is logged and the next
    steps still run."""
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(step())
    done, _pending = await asyncio.wait({task}, timeout=max(seconds, 0.0))
    if not done:
        log.warning("%s took more than %.1fs: cut short", what, max(seconds, 0.0))
        # PTB's Updater.stop swallows the cancellation that ends its polling loop and goes on to its last
        # getUpdates: cancelled again, that ends too.
        give_up = loop.time() + CANCEL_WAIT_SECONDS
        while not task.done() and loop.time() < give_up:
            task.cancel()
            await asyncio.wait({task}, timeout=RECANCEL_SECONDS)
    if task.done():
        _report(task, what)


async def _quietly(what: str, step: Callable[[], Awaitable[object]]) -> None:
    """Run one shutdown step; a failure is logged and the next steps still run."""
    try:
        await step()
    except Exception:
        log.exception("error while %s", what)


def _report(task: asyncio.Future[Any], what: str) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("error while %s", what, exc_info=task.exception())


def _install_signal_handlers(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for number in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError):  # not on Windows; Ctrl-C still raises there
            loop.add_signal_handler(number, _on_signal, number, stop)


def _on_signal(number: int, stop: asyncio.Event) -> None:
    if stop.is_set():
        log.info("%s again: still stopping", signal.Signals(number).name)
    else:
        log.info("%s received", signal.Signals(number).name)
    stop.set()


def _remove_signal_handlers() -> None:
    loop = asyncio.get_running_loop()
    for number in STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError):
            loop.remove_signal_handler(number)


def run_service(settings: Settings, *, webhook: bool) -> int:
    """``mpbot run`` with a token: build the bot and serve until a stop signal."""
    from bot.app import build_application

    application = build_application(settings)
    return asyncio.run(run_until_stopped(application, settings, webhook=webhook))
