"""Inline keyboards and the callback data their buttons carry (always well under 64 bytes).

Callback data formats, one prefix per feature:
``country:<CC>`` brief · ``src:<CC>`` a country's sources (new message) · ``docs:<CC>:<page>`` their
pages (edited in place) · ``tl:<CC>`` timeline · ``sub:<CC>`` subscribe (the subscriptions module) ·
``doc:<id>`` full text · ``sp:<key>:<page>`` a page of search results · ``lang:<code>`` interface
language · ``noop`` the page counter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.i18n import LANGUAGE_NAMES, LANGUAGES, translator
from handlers.context import gettext
from handlers.render import country_text

CALLBACK_LIMIT = 64
NOOP = "noop"
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def callback(*parts: object) -> str:
    """Callback data from its parts, refusing anything Telegram would reject."""
    data = ":".join(str(part) for part in parts)
    if len(data.encode()) > CALLBACK_LIMIT:
        raise ValueError(f"callback data over {CALLBACK_LIMIT} bytes: {data!r}")
    return data


def parse_country(data: str, prefix: str) -> str | None:
    """The country code of ``<prefix>:<CC>``, or ``None`` when the data is not that."""
    rest = data.removeprefix(prefix + ":")
    code = rest.upper()
    return code if rest != data and _COUNTRY.match(code) else None


def parse_page(data: str, prefix: str) -> tuple[str, int] | None:
    """``<prefix>:<key>:<page>`` as (key, page), or ``None`` when malformed."""
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != prefix or not parts[1] or not parts[2].isdigit() or len(parts[2]) > 4:
        return None
    return parts[1], int(parts[2])


def country_keyboard(counts: Sequence[tuple[str, int]], language: str) -> InlineKeyboardMarkup | None:
    """Two buttons a row, one per country, each with its document count."""
    buttons = [
        InlineKeyboardButton(
            f"{country_text(code, language)} ({count})", callback_data=callback("country", code)
        )
        for code, count in counts
    ]
    if not buttons:
        return None
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def brief_keyboard(code: str, language: str) -> InlineKeyboardMarkup:
    """Under a country brief: its latest sources, its timeline, and subscribing to it."""
    _ = translator(language)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("📰 Latest sources"), callback_data=callback("src", code)),
                InlineKeyboardButton(_("🕒 Timeline"), callback_data=callback("tl", code)),
            ],
            [InlineKeyboardButton(_("🔔 Subscribe"), callback_data=callback("sub", code))],
        ]
    )


def pager_row(prefix: str, key: str, page: int, pages: int) -> list[InlineKeyboardButton]:
    """``◀ 2/5 ▶``: the counter in the middle, arrows only where there is a page to go to."""
    row = []
    if page > 0:
        row.append(InlineKeyboardButton("◀", callback_data=callback(prefix, key, page - 1)))
    row.append(InlineKeyboardButton(f"{page + 1}/{pages}", callback_data=NOOP))
    if page + 1 < pages:
        row.append(InlineKeyboardButton("▶", callback_data=callback(prefix, key, page + 1)))
    return row


def full_text_row(numbered: Sequence[tuple[int, int]]) -> list[InlineKeyboardButton]:
    """``📄 1  📄 2 …``: one "full text" button per numbered entry, as (number, document id)."""
    return [
        InlineKeyboardButton(f"📄 {number}", callback_data=callback("doc", document_id))
        for number, document_id in numbered
    ]


def full_text_keyboard(numbered: Sequence[tuple[int, int]]) -> InlineKeyboardMarkup | None:
    """Full-text buttons for a list, five a row."""
    if not numbered:
        return None
    return InlineKeyboardMarkup([full_text_row(numbered[i : i + 5]) for i in range(0, len(numbered), 5)])


def paged_keyboard(
    prefix: str, key: str, page: int, pages: int, numbered: Sequence[tuple[int, int]]
) -> InlineKeyboardMarkup:
    """A page of results: full-text buttons, then the pager when there is more than one page."""
    rows = []
    if numbered:
        rows.append(full_text_row(numbered))
    if pages > 1:
        rows.append(pager_row(prefix, key, page, pages))
    return InlineKeyboardMarkup(rows)


def document_keyboard(country: str | None, language: str) -> InlineKeyboardMarkup | None:
    """Under a document: its country's brief and subscribing to that country."""
    if not country:
        return None
    _ = translator(language)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("🗂 Country brief"), callback_data=callback("country", country)),
                InlineKeyboardButton(_("🔔 Subscribe"), callback_data=callback("sub", country)),
            ]
        ]
    )


def language_keyboard(current: str) -> InlineKeyboardMarkup:
    """The four interface languages, each named in itself, the current one ticked."""
    buttons = [
        InlineKeyboardButton(
            ("✓ " if code == current else "") + LANGUAGE_NAMES[code], callback_data=callback("lang", code)
        )
        for code in LANGUAGES
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:]])


async def pressed_country(update: Update, context: ContextTypes.DEFAULT_TYPE, prefix: str) -> str | None:
    """The country a pressed ``<prefix>:<CC>`` button names; an old or malformed one is answered with a
    short notice and gives None. The caller answers the query when it goes on."""
    query = update.callback_query
    if query is None:
        return None
    code = parse_country(query.data or "", prefix)
    if code is None:
        _lang, _ = gettext(update, context)
        await query.answer(_("This button no longer works. Please send the command again."))
    return code
