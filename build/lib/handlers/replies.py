"""Sending replies: long HTML is split by the render module, buttons go on the last part."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.error import BadRequest

from handlers.render import CAPTION_LIMIT, split_message

log = logging.getLogger(__name__)

# Longer than this many messages, a full text is sent as a .txt file instead.
MAX_PARTS = 3


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


def fits_in_messages(markup: str, count: int = MAX_PARTS) -> bool:
    """Whether the HTML goes out in at most ``count`` messages."""
    return len(split_message(markup)) <= count


async def reply_file(
    update: Update,
    content: str,
    file_name: str,
    *,
    caption: str | None = None,
    keyboard: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Reply with a UTF-8 text file; the caption (HTML) is cut to Telegram's caption limit."""
    message = update.effective_message
    if message is None:
        return None
    if caption is not None:
        caption = split_message(caption, CAPTION_LIMIT)[0]
    return await message.reply_document(
        InputFile(content.encode("utf-8"), filename=file_name),
        caption=caption,
        reply_markup=keyboard,
        do_quote=False,
    )


async def reply_picture(
    update: Update, png: bytes, *, caption: str, keyboard: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Reply with a picture; the caption (HTML) is cut to Telegram's caption limit."""
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_photo(
        InputFile(png, filename="timeline.png"),
        caption=split_message(caption, CAPTION_LIMIT)[0],
        reply_markup=keyboard,
        do_quote=False,
    )


async def edit_html(
    query: CallbackQuery, markup: str, *, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the text (one message's worth) and buttons of the message a button belongs to."""
    part = split_message(markup)[0]
    try:
        await query.edit_message_text(part, reply_markup=keyboard)
    except BadRequest as error:
        # Pressing the button of the page already shown changes nothing; that is not an error.
        if "not modified" not in error.message.lower():
            raise
