"""/language: the interface language, chosen with buttons (or ``/language ru``) and remembered."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, TypeHandler

from bot.i18n import LANGUAGE_NAMES, LANGUAGES, translator
from bot.settings import Settings
from handlers.context import choose_language, gettext, load_language
from handlers.keyboards import language_keyboard
from handlers.menus import set_chat_menu
from handlers.replies import edit_html, reply_html


def _chosen(text: str) -> str | None:
    text = text.strip().lower()
    if text in LANGUAGES:
        return text
    for code, name in LANGUAGE_NAMES.items():
        if text == name.lower():
            return code
    return None


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/language``: buttons for the four languages; ``/language fa``: switch at once."""
    lang, _ = gettext(update, context)
    argument = " ".join(context.args or [])
    if argument:
        chosen = _chosen(argument)
        if chosen is None:
            await reply_html(
                update,
                _(
                    "I speak English (en), Russian (ru), Kazakh (kk) and Persian (fa). "
                    "For example: /language ru"
                ),
                keyboard=language_keyboard(lang),
            )
            return
        await switch(update, context, chosen)
        await reply_html(update, confirmation(chosen))
        return
    await reply_html(update, _("Choose the language I speak with you:"), keyboard=language_keyboard(lang))


async def language_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``lang:<code>``: switch, and turn the question into the confirmation, in the new language."""
    query = update.callback_query
    if query is None:
        return
    chosen = (query.data or "").removeprefix("lang:")
    if chosen not in LANGUAGES:
        _lang, _ = gettext(update, context)
        await query.answer(_("This button no longer works. Please send the command again."))
        return
    await switch(update, context, chosen)
    await query.answer()
    await edit_html(query, confirmation(chosen))


def confirmation(chosen: str) -> str:
    """The answer to a language change, in the new language."""
    _ = translator(chosen)
    return _("Done: I will speak {language} with you. /help lists what I can do.").format(
        language=LANGUAGE_NAMES[chosen]
    )


async def switch(update: Update, context: ContextTypes.DEFAULT_TYPE, chosen: str) -> None:
    """Remember the choice, and show the user's private command menu in that language."""
    await choose_language(update, context, chosen)
    chat, user = update.effective_chat, update.effective_user
    if chat and user and chat.type == ChatType.PRIVATE:
        settings: Settings = context.bot_data["settings"]
        await set_chat_menu(context.bot, chat.id, chosen, admin=user.id in settings.admin_ids)


def register(application: Application) -> None:
    """Load each user's chosen language before any handler runs; add /language and its buttons."""
    application.add_handler(TypeHandler(Update, load_language), group=-1)
    application.add_handler(CommandHandler("language", language_command))
    application.add_handler(CallbackQueryHandler(language_button, pattern=r"^lang:"))
