"""Command menus: per language, per scope, and the admin commands for each bot admin."""

from bot.settings import Settings
from tests.botapi.server import FakeBotApi
from tests.handlers.library import running_bot

PRIVATE = {"type": "all_private_chats"}
GROUPS = {"type": "all_group_chats"}
ADMINS = {"type": "all_chat_administrators"}


def names(menu: list[dict[str, str]]) -> list[str]:
    return [command["command"] for command in menu]


async def test_every_scope_has_a_menu_in_every_language(bot: FakeBotApi) -> None:
    for scope in (None, PRIVATE, GROUPS, ADMINS):
        for language in ("", "ru", "kk", "fa"):
            assert bot.commands(scope, language), (scope, language)
    assert "start" in names(bot.commands(PRIVATE)) and "language" in names(bot.commands(PRIVATE))
    assert "start" not in names(bot.commands(GROUPS))
    assert bot.commands(GROUPS, "fa")[0]["description"] == "کارهایی که از من برمی‌آید"


async def test_bot_admins_see_the_admin_commands_in_their_own_chat(
    bot_api: FakeBotApi, settings: Settings
) -> None:
    admin = bot_api.user(70001, "Owner")
    async with running_bot(bot_api, settings, admin_ids=frozenset({admin["id"]})):
        await bot_api.wait_for("setMyCommands", count=20)
    own = {"type": "chat", "chat_id": admin["id"]}
    for language in ("", "ru", "kk", "fa"):
        menu = names(bot_api.commands(own, language))
        assert {"add", "edit", "delete", "restore", "admins", "stats", "export", "audit", "backup"} <= set(
            menu
        )
        assert "search" in menu
    assert "add" not in names(bot_api.commands(PRIVATE))
