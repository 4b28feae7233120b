"""Interface languages end to end: chosen from Telegram's language, changed with /language, remembered."""

from bot.settings import Settings
from tests.botapi.server import FakeBotApi
from tests.conftest import ask
from tests.handlers.library import running_bot


async def test_a_russian_speaker_is_answered_in_russian(bot: FakeBotApi) -> None:
    reader = bot.user(40001, "Ivan", language_code="ru")
    assert "Что я умею" in await ask(bot, "/help", user=reader)


async def test_a_kazakh_speaker_is_answered_in_kazakh(bot: FakeBotApi) -> None:
    reader = bot.user(40002, "Aigerim", language_code="kk")
    assert "Құжаттары бар елдер" in await ask(bot, "/countries", user=reader)


async def test_switching_to_english_changes_the_next_reply(bot: FakeBotApi) -> None:
    reader = bot.user(40003, "Sara", language_code="fa")
    assert "کارهایی که از من برمی‌آید" in await ask(bot, "/help", user=reader)
    assert "I will speak English" in await ask(bot, "/language en", user=reader)
    assert "What I can do" in await ask(bot, "/help", user=reader)


async def test_language_buttons_switch_and_confirm_in_the_new_language(bot: FakeBotApi) -> None:
    await ask(bot, "/language")
    [question] = bot.sent_messages()
    codes = [b["callback_data"] for row in question.params["reply_markup"]["inline_keyboard"] for b in row]
    assert codes == ["lang:en", "lang:ru", "lang:kk", "lang:fa"]
    bot.press_button("lang:kk", question)
    [edit] = await bot.wait_for("editMessageText")
    assert "қазақша" in (edit.text or "")
    assert "Не істей аламын" in await ask(bot, "/help")


async def test_choosing_a_language_sets_that_chats_command_menu(bot: FakeBotApi) -> None:
    await ask(bot, "/language ru")
    chat = {"type": "chat", "chat_id": bot.default_user["id"]}
    assert bot.commands(chat)[0]["description"] == "Приветствие и страны"


async def test_an_unknown_language_gets_the_choices(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/language klingon")
    assert "Persian (fa)" in reply


async def test_the_chosen_language_is_remembered_after_a_restart(
    bot_api: FakeBotApi, settings: Settings
) -> None:
    async with running_bot(bot_api, settings):
        await ask(bot_api, "/language fa")
    async with running_bot(bot_api, settings):
        assert "کارهایی که از من برمی‌آید" in await ask(bot_api, "/help")
