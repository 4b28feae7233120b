"""/start and /help: what the bot is and how to ask it; /start's deep links open a document or a brief."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from handlers.context import gettext, services
from handlers.countries import find_country, send_country
from handlers.documents import document_id_of, send_document
from handlers.keyboards import country_keyboard
from handlers.render import escape
from handlers.replies import reply_html


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome the reader and offer the countries; ``doc_<id>`` and ``country_<CC>`` payloads open them."""
    payload = (context.args or [""])[0]
    if payload.startswith("doc_") and (document_id := document_id_of(payload.removeprefix("doc_"))):
        await send_document(update, context, document_id)
        return
    if payload.startswith("country_") and (code := find_country(payload.removeprefix("country_"))):
        await send_country(update, context, code)
        return
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
        _(
            "/country <i>name, code or flag</i> — a brief on one country, "
            "e.g. /country Iran, /country kz, /country 🇮🇷"
        ),
        _("/search <i>words</i> — search all documents, e.g. /search Aitu"),
        _("/search filters: country:Iran lang:fa from:2024 to:2025-06"),
        _("/latest <i>n</i> — the newest documents, e.g. /latest 10"),
        _("/timeline <i>country</i> — a country's documents and policy actions in time, e.g. /timeline Iran"),
        _("/doc <i>number</i> — one document in full, e.g. /doc 2"),
        _("/language — choose the interface language"),
        _("/help — this message"),
        "",
        _("In a private chat, any message without a command is a search."),
        _(
            "Country names work in English, Russian, Kazakh and Persian, as codes and as flags: "
            "Iran, Иран, ایران, IR, 🇮🇷."
        ),
        _("In any chat, type @{bot} and a few words to share a cited excerpt.").format(
            bot=escape(context.bot.username or "")
        ),
    ]
    await reply_html(update, "\n".join(lines))


def register(application: Application) -> None:
    """Add this feature's handlers."""
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_command))
