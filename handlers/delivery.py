"""The delivery worker: drains the outbox of published documents, one message at a time.

One message is in flight at a time and a delivery is marked sent only after Telegram answered, so a crash
can cost at most one duplicate (the message whose answer came back just before the crash) and never a
loss: anything not marked sent is sent again after a restart. Pacing keeps within Telegram's flood
limits (``bot.delivery.FloodWindows``) instead of relying on 429 answers; what follows an error is
decided by ``bot.delivery.decide``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from enum import Enum

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from bot.briefs import summarize
from bot.delivery import Action, FloodWindows, RetryPolicy, ceil_seconds, decide
from bot.i18n import translator
from bot.services import Services
from bot.settings import Settings
from handlers.context import SERVICES_KEY
from handlers.render import notification
from storage.database import Database
from storage.deliveries import Delivery, DeliveryStore
from storage.documents import Document, DocumentStore
from storage.subscriptions import ALL_COUNTRIES, Destination, SubscriptionStore

log = logging.getLogger(__name__)

WORKER_KEY = "delivery_worker"
IDLE_POLL_SECONDS = 0.5  # how often an idle worker looks for deliveries written by another process
ERROR_PAUSE_SECONDS = 2.0  # after an unexpected error, before trying again
BATCH_SIZE = 50
SUMMARY_SENTENCES = 2
# Resuming after a crash, the message sent just before it may be resent: wait out its chat's one-second
# window (this run cannot know the previous run's sends) instead of provoking a 429.
RESUME_PAUSE_SECONDS = 1.1
_CACHE_LIMIT = 256


class _Next(Enum):
    CONTINUE = "continue"  # go on with the batch
    REFETCH = "refetch"  # the outbox changed under the batch (a chat paused, migrated...): read it again


def notification_keyboard(document: Document, country: str, language: str) -> InlineKeyboardMarkup:
    """Full text, the country's brief, and unsubscribe (from the subscription the delivery came through)."""
    _ = translator(language)
    first = [InlineKeyboardButton("📄 " + _("Full text"), callback_data=f"doc:{document.id}")]
    if document.country:
        first.append(
            InlineKeyboardButton("🗺 " + _("Country brief"), callback_data=f"country:{document.country}")
        )
    unsubscribe = "all" if country == ALL_COUNTRIES else country
    second = [InlineKeyboardButton("🔕 " + _("Unsubscribe"), callback_data=f"unsub:{unsubscribe}")]
    return InlineKeyboardMarkup([first, second])


class DeliveryWorker:
    """Sends pending deliveries in order, within the flood limits, until stopped."""

    def __init__(
        self,
        bot: Bot,
        database: Database,
        *,
        rate_per_second: int,
        policy: RetryPolicy | None = None,
        poll_seconds: float = IDLE_POLL_SECONDS,
    ) -> None:
        self.bot = bot
        self.deliveries = DeliveryStore(database)
        self.subscriptions = SubscriptionStore(database)
        self.documents = DocumentStore(database)
        self.windows = FloodWindows(rate_per_second)
        self.policy = policy or RetryPolicy()
        self.poll_seconds = poll_seconds
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._rendered: dict[tuple[int, str, str], tuple[str, InlineKeyboardMarkup] | None] = {}

    def start(self) -> None:
        """Run in the background of the current event loop."""
        if self._task is None:
            self._task = asyncio.create_task(self.run(), name="delivery-worker")

    def wake(self) -> None:
        """Look at the outbox now (something was just published in this process)."""
        self._wake.set()

    async def stop(self, timeout: float) -> None:  # noqa: ASYNC109 - a grace period, then cancel
        """Finish the message in flight (so it is marked sent), then stop; cancel after ``timeout``."""
        self._stopping.set()
        self._wake.set()
        task, self._task = self._task, None
        if task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def run(self) -> None:
        """Drain the outbox; sleep while nothing is due."""
        log.info("delivery worker started")
        with contextlib.suppress(Exception):  # a failing read here is met again, and logged, below
            if await self.deliveries.next_due_at() is not None:
                await self._sleep(RESUME_PAUSE_SECONDS)
        while not self._stopping.is_set():
            # Cleared before the outbox is read: a wake from now on is kept, so no publication is missed.
            self._wake.clear()
            try:
                worked = await self.drain_once()
            except Exception:
                log.exception("delivery worker: unexpected error; trying again shortly")
                await self._sleep(ERROR_PAUSE_SECONDS)
                continue
            if not worked:
                await self._idle()
        log.info("delivery worker stopped")

    async def drain_once(self) -> bool:
        """Send one batch of due deliveries; ``False`` when none was due."""
        batch = await self.deliveries.due(time.time(), limit=BATCH_SIZE)
        if not batch:
            return False
        deferred: dict[float, list[int]] = {}
        for delivery in batch:
            if self._stopping.is_set():
                break
            wait = self.windows.chat_wait(delivery.chat_id, time.monotonic())
            if wait > 0:  # this chat had its share for now: the others in the batch go first
                deferred.setdefault(round(time.time() + wait + 0.005, 2), []).append(delivery.id)
                continue
            overall = self.windows.overall_wait(time.monotonic())
            if overall > 0:
                await asyncio.sleep(ceil_seconds(overall))
            if await self._deliver(delivery) is _Next.REFETCH:
                break
        for at, ids in deferred.items():
            await self.deliveries.defer(ids, at)
        return True

    async def _deliver(self, delivery: Delivery) -> _Next:
        try:
            rendered = await self._render(delivery)
            if rendered is None:
                await self.deliveries.mark_failed(delivery.id, "document no longer stored")
                return _Next.CONTINUE
            text, keyboard = rendered
            message = await self.bot.send_message(
                chat_id=delivery.chat_id,
                text=text,
                message_thread_id=delivery.thread_id or None,
                reply_markup=keyboard,
            )
        except Exception as error:
            self.windows.record(delivery.chat_id, time.monotonic())
            return await self._failed(delivery, error)
        self.windows.record(delivery.chat_id, time.monotonic())
        await self.deliveries.mark_sent(delivery.id, message.message_id)
        return _Next.CONTINUE

    async def _failed(self, delivery: Delivery, error: Exception) -> _Next:
        decision = decide(error, delivery.attempts + 1, in_topic=delivery.thread_id != 0, policy=self.policy)
        log.info(
            "delivery #%d to chat=%s thread=%s: %s (%s)",
            delivery.id,
            delivery.chat_id,
            delivery.thread_id,
            decision.action.value,
            decision.reason,
        )
        if decision.action is Action.WAIT:
            await self.deliveries.retry_later(
                delivery.id, time.time() + decision.delay, decision.reason, count_attempt=False
            )
            await self._sleep(decision.delay)  # Telegram asked the whole bot to wait
            return _Next.REFETCH
        if decision.action is Action.RETRY:
            await self.deliveries.retry_later(delivery.id, time.time() + decision.delay, decision.reason)
            return _Next.CONTINUE
        if decision.action is Action.FAIL:
            await self.deliveries.mark_failed(delivery.id, decision.reason)
            return _Next.CONTINUE
        if decision.action is Action.PAUSE_CHAT:
            await self.subscriptions.pause_chat(delivery.chat_id, decision.reason)
        elif decision.action is Action.MIGRATE_CHAT and decision.new_chat_id is not None:
            await self.subscriptions.migrate_chat(delivery.chat_id, decision.new_chat_id)
        elif decision.action is Action.MOVE_TO_GENERAL:
            await self.subscriptions.move_to_general(Destination(delivery.chat_id, delivery.thread_id))
        return _Next.REFETCH

    async def _render(self, delivery: Delivery) -> tuple[str, InlineKeyboardMarkup] | None:
        key = (delivery.document_id, delivery.language, delivery.country)
        if key not in self._rendered:
            if len(self._rendered) >= _CACHE_LIMIT:
                self._rendered.clear()
            document = await self.documents.get(delivery.document_id)
            self._rendered[key] = None
            if document is not None:
                summary = summarize(document, sentences=SUMMARY_SENTENCES)
                self._rendered[key] = (
                    notification(document, summary, delivery.language),
                    notification_keyboard(document, delivery.country, delivery.language),
                )
        return self._rendered[key]

    async def _idle(self) -> None:
        due = await self.deliveries.next_due_at()
        wait = self.poll_seconds if due is None else min(self.poll_seconds, max(due - time.time(), 0.0))
        if wait > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but wake up for ``stop``."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)


def start_worker(application: Application) -> DeliveryWorker:
    """Start the application's delivery worker (in ``post_init``, once services are open)."""
    settings: Settings = application.bot_data["settings"]
    found: Services = application.bot_data[SERVICES_KEY]
    worker = DeliveryWorker(
        application.bot,
        found.database,
        rate_per_second=settings.delivery_rate_per_s,
        policy=RetryPolicy(base=settings.delivery_backoff_s, max_attempts=settings.delivery_max_attempts),
        poll_seconds=settings.delivery_poll_seconds,
    )
    application.bot_data[WORKER_KEY] = worker
    worker.start()
    return worker


async def stop_worker(application: Application, timeout: float) -> None:  # noqa: ASYNC109 - then cancel
    """Stop the delivery worker, if one runs, before the bot's connection closes; cancel after ``timeout``."""
    worker = application.bot_data.pop(WORKER_KEY, None)
    if isinstance(worker, DeliveryWorker):
        await worker.stop(timeout)


def wake_worker(application: Application) -> None:
    """Tell the running worker that something was just published, so it sends it without waiting to poll."""
    worker = application.bot_data.get(WORKER_KEY)
    if isinstance(worker, DeliveryWorker):
        worker.wake()
