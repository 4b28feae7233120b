"""A bare PTB echo bot on the loopback Bot API: the baseline that benchmarks compare the project to."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from tests.botapi.fixtures import application_builder
from tests.botapi.server import FakeBotApi


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message is not None and update.effective_message.text is not None:
        await update.effective_message.reply_text(update.effective_message.text)


def build_echo_application(api: FakeBotApi) -> Application[Any, Any, Any, Any, Any, Any]:
    """An Application that answers every non-command text with the same text, nothing else."""
    application = application_builder(api).build()
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return application
