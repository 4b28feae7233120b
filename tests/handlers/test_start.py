"""/start's deep links and /help, end to end."""

from tests.botapi.server import FakeBotApi
from tests.conftest import ask


async def test_a_doc_deep_link_opens_the_document(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/start doc_2")
    assert "Messengers:" in reply
    assert "NUR.KZ" in reply


async def test_a_country_deep_link_opens_the_brief(bot: FakeBotApi) -> None:
    assert "Kazakhstan — 3 documents" in await ask(bot, "/start country_KZ")


async def test_an_unknown_deep_link_falls_back_to_the_welcome(bot: FakeBotApi) -> None:
    assert "Hello, Ada" in await ask(bot, "/start doc_x")


async def test_help_lists_every_reading_command_with_an_example(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/help")
    for example in ("/country Iran", "/search Aitu", "/latest 10", "/timeline Iran", "/doc 2", "/language"):
        assert example in reply
    assert "@mpbot_test_bot" in reply


async def test_a_group_command_with_the_bots_name_gets_a_brief(bot: FakeBotApi) -> None:
    group = bot.supergroup(-1001, "Researchers")
    assert "Iran — 2 documents" in await ask(bot, "/country@mpbot_test_bot Iran", chat=group)


async def test_a_command_for_another_bot_in_a_group_is_ignored(bot: FakeBotApi) -> None:
    group = bot.supergroup(-1002, "Two bots")
    bot.send_text("/help@other_bot", chat=group)
    await ask(bot, "/help")
    assert bot.sent_messages(-1002) == []
