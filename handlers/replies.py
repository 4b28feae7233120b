"""Sending replies: long HTML is split by the render module, buttons go on the last part."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update

from handlers.render import split_message


async def reply_html(
    update: Update, markup: str, *, keyboard: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Reply in the update's chat (and forum topic), in as many parts as needed; return the last."""
    message = update.effective_message
    if message is None:
        return None
    parts = split_message(markup)
    sent: Message | None = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        sent = await message.reply_html(part, reply_markup=keyboard if last else None, do_quote=False)
    return sent
