"""/start and /help: what the bot is and how to ask it."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CommandHandler, ContextTypes

from handlers.context import gettext, services
from handlers.render import country_text, escape
from handlers.replies import reply_html


def country_keyboard(counts: list[tuple[str, int]], language: str) -> InlineKeyboardMarkup | None:
    """Two buttons a row, one per country, each with its document count."""
    buttons = [
        InlineKeyboardButton(f"{country_text(code, language)} ({count})", callback_data=f"country:{code}")
        for code, count in counts
    ]
    if not buttons:
        return None
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome the reader and offer the countries the bot knows about."""
    lang, _ = gettext(update, context)
    counts = await services(context).documents.country_counts()
    user = update.effective_user
    name = escape(user.first_name) if user else ""
    text = "\n\n".join(
        [
            _("👋 Hello, {name}!").format(name=name),
            _(
                "I collect news about how governments treat messengers — bans, blocking, throttling, "
                "official denials, state messengers — and answer with excerpts from the sources, "
                "always citing them."
            ),
            _(
                "Pick a country below, or try /countries, /country Iran, /search Aitu — "
                "or just write your question."
            ),
        ]
    )
    await reply_html(
        update, text, keyboard=country_keyboard([(c.country, c.documents) for c in counts], lang)
    )


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the commands with an example each."""
    _lang, _ = gettext(update, context)
    lines = [
        _("<b>What I can do</b>"),
        "",
        _("/countries — countries I have documents about"),
        _("/country <i>name or code</i> — documents about one country, e.g. /country Iran, /country kz"),
        _("/search <i>words</i> — search all documents, e.g. /search Aitu"),
        _("/help — this message"),
        "",
        _("In a private chat, any message without a command is a search."),
        _("Country names work in English, Russian, Kazakh and Persian, and as codes: Iran, Иран, ایران, IR."),
    ]
    await reply_html(update, "\n".join(lines))


def register(application: Application) -> None:
    """Add this feature's handlers."""
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_command))
