"""The first commands, end to end: real Application, real HTTP to the loopback Bot API, real SQLite."""

from tests.botapi.server import FakeBotApi
from tests.conftest import ask


async def test_start_greets_the_user_and_offers_a_button_per_country(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/start")
    assert "Hello, Ada" in reply
    [call] = bot.sent_messages()
    assert call.params["parse_mode"] == "HTML"
    buttons = [b for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["callback_data"] for b in buttons] == ["country:KZ", "country:IR"]
    assert buttons[0]["text"] == "🇰🇿 Kazakhstan (3)"
    assert buttons[1]["text"] == "🇮🇷 Iran (2)"


async def test_a_country_button_shows_that_country(bot: FakeBotApi) -> None:
    await ask(bot, "/start")
    [start] = bot.sent_messages()
    bot.press_button("country:IR", start)
    [answer] = await bot.wait_for("answerCallbackQuery")
    await bot.wait_for("sendMessage", count=2)
    assert "Iran — 2 documents" in (bot.sent_messages()[-1].text or "")
    assert answer.ok


async def test_countries_lists_kazakhstan_with_three_documents_and_iran_with_two(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/countries")
    assert "Kazakhstan — 3 documents" in reply
    assert "Iran — 2 documents" in reply
    assert reply.index("Kazakhstan") < reply.index("Iran")


async def test_country_by_english_name_lists_its_documents_with_sources(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/country Iran")
    assert "Iran — 2 documents" in reply
    assert reply.count("📄") == 2
    assert "ISCA News" in reply
    assert "تلگرام" in reply


async def test_country_by_iso_code_in_lower_case(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/country kz")
    assert "Kazakhstan — 3 documents" in reply
    assert "NUR.KZ" in reply


async def test_an_unknown_country_gets_a_short_explanation(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/country Atlantis")
    assert "Atlantis" in reply
    assert "/countries" in reply


async def test_country_without_a_name_explains_how_to_ask(bot: FakeBotApi) -> None:
    assert "/country Iran" in await ask(bot, "/country")


async def test_search_finds_the_russian_seed_about_aitu_with_the_word_marked(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/search Aitu")
    assert "Минцифры" in reply
    assert "<b>Aitu</b>" in reply
    assert "NUR.KZ" in reply


async def test_plain_text_in_a_private_chat_is_a_search(bot: FakeBotApi) -> None:
    reply = await ask(bot, "Aitu")
    assert "<b>Aitu</b>" in reply


async def test_a_search_that_matches_nothing_says_so(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/search zzzqqq")
    assert "Nothing found" in reply


async def test_search_text_is_escaped_in_the_reply(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/search <b>x</b> & <script>")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;" in reply
    assert "<script>" not in reply


async def test_commands_addressed_to_the_bot_by_name_work_in_groups(bot: FakeBotApi) -> None:
    group = bot.group(-100, "Researchers")
    me = (await bot.wait_for("getMe"))[0].result["username"]
    reply = await ask(bot, f"/countries@{me}", chat=group)
    assert "Kazakhstan — 3 documents" in reply


async def test_ordinary_group_chatter_gets_no_answer(bot: FakeBotApi) -> None:
    group = bot.group(-101, "Chatter")
    bot.send_text("Aitu is great", chat=group)
    await ask(bot, "/help")  # a reply in the private chat proves the group message was processed first
    assert bot.sent_messages(-101) == []


async def test_doc_shows_a_document_in_full(bot: FakeBotApi) -> None:
    reply = await ask(bot, "/doc 2")
    assert "Messengers: " in reply
    assert "Aitu" in reply


async def test_doc_with_an_unknown_number_says_so(bot: FakeBotApi) -> None:
    assert "no document number 999" in await ask(bot, "/doc 999")


async def test_command_menus_are_registered_in_four_languages(bot: FakeBotApi) -> None:
    await bot.wait_for("setMyCommands", count=16)
    english = bot.commands({"type": "all_private_chats"})
    for language in ("ru", "kk", "fa"):
        translated = bot.commands({"type": "all_private_chats"}, language)
        assert [c["command"] for c in translated] == [c["command"] for c in english]
        assert [c["description"] for c in translated] != [c["description"] for c in english]
