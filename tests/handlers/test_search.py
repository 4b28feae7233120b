"""Search end to end: pages edited in place, old buttons answered briefly, queries escaped."""

from bot.settings import Settings
from handlers.search import REMEMBERED_QUERIES, recalled_query, remember_query
from tests.botapi.server import FakeBotApi
from tests.conftest import ask
from tests.handlers.library import add_document


def keyboard_texts(markup: dict | None) -> list[str]:
    return [button["text"] for row in (markup or {}).get("inline_keyboard", []) for button in row]


def test_a_chat_remembers_its_recent_queries_under_short_keys() -> None:
    chat_data: dict[str, object] = {}
    first = remember_query(chat_data, "Telegram Iran")
    assert recalled_query(chat_data, first) == "Telegram Iran"
    for number in range(REMEMBERED_QUERIES):
        key = remember_query(chat_data, f"query {number}")
    assert len(key) <= 3
    assert recalled_query(chat_data, first) is None
    assert recalled_query(None, first) is None


async def test_results_page_forward_and_back_by_editing_the_same_message(
    bot: FakeBotApi, settings: Settings
) -> None:
    for number in range(7):
        await add_document(
            settings, f"Quokkagram report {number}", f"Quokkagram messenger news number {number}."
        )
    reply = await ask(bot, "/search Quokkagram")
    assert "7 documents found" in reply
    [results] = bot.sent_messages()
    assert keyboard_texts(results.params["reply_markup"])[-2:] == ["1/2", "▶"]
    page_two = results.params["reply_markup"]["inline_keyboard"][-1][-1]["callback_data"]
    assert page_two.startswith("sp:") and len(page_two.encode()) <= 64

    bot.press_button(page_two, results)
    [edit] = await bot.wait_for("editMessageText")
    assert edit.params["message_id"] == results.result["message_id"]
    assert "6." in (edit.text or "") and "1." not in (edit.text or "").split("\n")[1]
    assert keyboard_texts(edit.params["reply_markup"])[-2:] == ["◀", "2/2"]

    back = edit.params["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]
    bot.press_button(back, results)
    edits = await bot.wait_for("editMessageText", count=2)
    assert "1. " in (edits[1].text or "")
    assert len(bot.sent_messages()) == 1


async def test_the_page_counter_button_answers_quietly(bot: FakeBotApi, settings: Settings) -> None:
    for number in range(6):
        await add_document(settings, f"Eitaa report {number}", f"Eitaa messenger news number {number}.")
    await ask(bot, "/search Eitaa")
    [results] = bot.sent_messages()
    bot.press_button("noop", results)
    [answer] = await bot.wait_for("answerCallbackQuery")
    assert answer.ok and not answer.params.get("text")


async def test_an_expired_page_button_gets_a_short_answer_not_an_error(bot: FakeBotApi) -> None:
    await ask(bot, "/search Aitu")
    [results] = bot.sent_messages()
    bot.press_button("sp:zz:1", results)
    [answer] = await bot.wait_for("answerCallbackQuery")
    assert "expired" in answer.params["text"]
    assert bot.calls_of("editMessageText") == []


async def test_a_malformed_button_gets_a_short_answer(bot: FakeBotApi) -> None:
    await ask(bot, "/start")
    [start] = bot.sent_messages()
    for data in ("country:Iran!", "doc:abc", "whatever", "sp:", "docs:IR:x", "tl:1"):
        bot.press_button(data, start)
    answers = await bot.wait_for("answerCallbackQuery", count=6)
    texts = {answer.params.get("text") for answer in answers}
    assert texts == {
        "This button no longer works. Please send the command again.",
        "These results have expired. Please search again.",
    }
    assert len(bot.sent_messages()) == 1


async def test_a_persian_query_from_a_persian_speaker_gets_a_persian_interface(bot: FakeBotApi) -> None:
    reader = bot.user(20002, "Sara", language_code="fa")
    reply = await ask(bot, "تلگرام", user=reader)
    assert "سند پیدا شد" in reply
    assert "تلگرام" in reply


async def test_a_persian_query_without_a_telegram_language_gets_a_persian_interface(bot: FakeBotApi) -> None:
    reader = bot.user(20003, "Reza", language_code=None)
    reply = await ask(bot, "/search زززق", user=reader)
    assert "چیزی پیدا نشد" in reply


async def test_filters_in_a_search_keep_the_results_to_them(bot: FakeBotApi, settings: Settings) -> None:
    await add_document(
        settings, "Quokkagram in Iran", "Quokkagram was blocked.", country="IR", published="2018-04-30"
    )
    await add_document(
        settings, "Quokkagram in Kazakhstan", "Quokkagram was blocked.", country="KZ", published="2025-08-20"
    )
    reply = await ask(bot, "/search Quokkagram country:Iran to:2020")
    assert "1 document found" in reply
    assert "Quokkagram in Iran" in reply and "Kazakhstan" not in reply


async def test_a_filter_that_cannot_be_read_is_explained_in_the_users_language(bot: FakeBotApi) -> None:
    russian = bot.user(40004, "Olga", language_code="ru")
    reply = await ask(bot, "/search Telegram country:Atlantis", user=russian)
    assert "Atlantis" in reply and "страну" in reply
    reply = await ask(bot, "/search Telegram страна:Атлантида", user=russian)
    assert "«Атлантида»" in reply and "страна:Иран" in reply
    assert "2025-13" in await ask(bot, "/search Telegram from:2025-13")
    assert "Telegram country:Iran" in await ask(bot, "/search country:Iran")
