"""Command menus: which commands Telegram offers, per language and per scope.

Private chats get every reading command, groups the ones that make sense in a shared chat, chat
administrators the group ones too, and each bot admin (ADMIN_IDS) their private menu plus the
admin commands.
"""

from __future__ import annotations

import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)
from telegram.error import TelegramError

from bot.i18n import LANGUAGES, N_, translator

log = logging.getLogger(__name__)

PRIVATE_COMMANDS = (
    ("start", N_("Welcome and countries")),
    ("help", N_("What I can do")),
    ("countries", N_("Countries with documents")),
    ("country", N_("Brief on one country")),
    ("search", N_("Search all documents")),
    ("latest", N_("Newest documents")),
    ("timeline", N_("Timeline of one country")),
    ("doc", N_("One document in full")),
    ("language", N_("Interface language")),
    ("subscribe", N_("Get new documents about countries")),
    ("unsubscribe", N_("Stop a subscription")),
    ("subscriptions", N_("What this chat follows")),
)
GROUP_COMMANDS = (
    ("help", N_("What I can do")),
    ("countries", N_("Countries with documents")),
    ("country", N_("Brief on one country")),
    ("search", N_("Search all documents")),
    ("latest", N_("Newest documents")),
    ("timeline", N_("Timeline of one country")),
    ("doc", N_("One document in full")),
    ("subscribe", N_("Get new documents about countries")),
    ("unsubscribe", N_("Stop a subscription")),
    ("subscriptions", N_("What this chat follows")),
)
# Implemented by the admin module; listed here so admins see them in their menu.
ADMIN_COMMANDS = (
    ("add", N_("Add a document")),
    ("edit", N_("Edit a document")),
    ("delete", N_("Delete a document")),
    ("restore", N_("Restore a deleted document")),
    ("admins", N_("Bot admins")),
    ("stats", N_("Usage and store statistics")),
    ("export", N_("Export the documents")),
    ("audit", N_("Audit log")),
    ("backup", N_("Back up the database")),
)


def commands(entries: tuple[tuple[str, str], ...], language: str) -> list[BotCommand]:
    """Bot commands with their descriptions in the language."""
    _ = translator(language)
    return [BotCommand(name, _(description)) for name, description in entries]


def private_menu(language: str, *, admin: bool) -> list[BotCommand]:
    """The menu of one user's private chat."""
    return commands(PRIVATE_COMMANDS + (ADMIN_COMMANDS if admin else ()), language)


async def set_command_menus(bot: Bot, admin_ids: frozenset[int]) -> None:
    """Register every menu: four languages × (default, private, groups, group admins, each bot admin)."""
    for language in LANGUAGES:
        code = None if language == "en" else language
        scoped: list[tuple[BotCommandScope, list[BotCommand]]] = [
            (BotCommandScopeDefault(), commands(PRIVATE_COMMANDS, language)),
            (BotCommandScopeAllPrivateChats(), commands(PRIVATE_COMMANDS, language)),
            (BotCommandScopeAllGroupChats(), commands(GROUP_COMMANDS, language)),
            (BotCommandScopeAllChatAdministrators(), commands(GROUP_COMMANDS, language)),
        ]
        scoped += [
            (BotCommandScopeChat(admin), private_menu(language, admin=True)) for admin in sorted(admin_ids)
        ]
        for scope, menu in scoped:
            await _set(bot, menu, scope, code)


async def set_chat_menu(bot: Bot, chat_id: int, language: str, *, admin: bool) -> None:
    """One private chat's menu in the language its user chose, whatever their Telegram language."""
    menu = private_menu(language, admin=admin)
    scope = BotCommandScopeChat(chat_id)
    for code in LANGUAGES:
        await _set(bot, menu, scope, None if code == "en" else code)


async def _set(bot: Bot, menu: list[BotCommand], scope: BotCommandScope, language: str | None) -> None:
    try:
        await bot.set_my_commands(menu, scope=scope, language_code=language)
    except TelegramError as error:
        # E.g. an admin who never opened a chat with the bot: their menu waits for the next start.
        log.warning("could not set the %s command menu (%s): %s", scope.type, language or "default", error)
