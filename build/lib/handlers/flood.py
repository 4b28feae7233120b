"""Per-user flood control for expensive requests: a small token bucket per user, kept in memory."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from telegram import InlineQueryResultsButton, Update
from telegram.ext import Application, ContextTypes

from bot.settings import Settings
from handlers.context import gettext

FLOOD_KEY = "flood_control"
_PRUNE_ABOVE = 10_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class FloodControl:
    """Each user may make ``burst`` requests at once, refilled at ``rate_per_minute``."""

    def __init__(
        self, rate_per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate_per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}

    def allow(self, user_id: int) -> bool:
        """Take one token from the user's bucket; ``False`` when it is empty."""
        now = self.clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) >= _PRUNE_ABOVE:
                self._prune(now)
            bucket = self._buckets[user_id] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens < 1.0:
            return False
        bucket.tokens -= 1.0
        return True

    def _prune(self, now: float) -> None:
        # Users whose bucket has refilled completely are indistinguishable from new ones.
        full = [
            user_id
            for user_id, bucket in self._buckets.items()
            if bucket.tokens + (now - bucket.updated) * self.rate >= self.burst
        ]
        for user_id in full:
            del self._buckets[user_id]


def flood_control(context: ContextTypes.DEFAULT_TYPE) -> FloodControl:
    """The application's flood control."""
    found = context.bot_data.get(FLOOD_KEY)
    if not isinstance(found, FloodControl):
        settings: Settings = context.bot_data["settings"]
        found = context.bot_data[FLOOD_KEY] = FloodControl(
            settings.flood_rate_per_minute, settings.flood_burst
        )
    return found


async def admit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether to serve an expensive request; when not, tell the user politely in their language."""
    user = update.effective_user
    if user is None or flood_control(context).allow(user.id):
        return True
    _lang, _ = gettext(update, context)
    text = _("You are sending requests a little fast. Please wait a few seconds and try again.")
    if update.callback_query:
        await update.callback_query.answer(text)
    elif update.inline_query:
        button = InlineQueryResultsButton(_("Too many requests: wait a few seconds"), start_parameter="help")
        await update.inline_query.answer([], cache_time=0, is_personal=True, button=button)
    elif update.effective_message:
        await update.effective_message.reply_text(text, do_quote=False)
    return False


def register(application: Application) -> None:
    """Create the flood control from the settings."""
    settings: Settings = application.bot_data["settings"]
    application.bot_data[FLOOD_KEY] = FloodControl(settings.flood_rate_per_minute, settings.flood_burst)
