"""Inline mode end to end: one answer per query, cited excerpts, the newest documents for an empty query."""

from tests.botapi.server import FakeBotApi


async def test_an_inline_query_is_answered_in_one_call_with_cited_articles(bot: FakeBotApi) -> None:
    bot.inline_query("Aitu")
    [answer] = await bot.wait_for("answerInlineQuery")
    assert answer.ok
    results = answer.params["results"]
    assert results and all(result["type"] == "article" for result in results)
    first = results[0]
    assert "NUR.KZ" in first["description"]
    posted = first["input_message_content"]
    assert posted["parse_mode"] == "HTML"
    assert "<b>Aitu</b>" in posted["message_text"]
    assert "NUR.KZ" in posted["message_text"]
    assert first["reply_markup"]["inline_keyboard"][0][0]["url"].endswith(f"?start=doc_{first['id']}")
    assert answer.params["cache_time"] == 30
    assert len(bot.calls_of("answerInlineQuery")) == 1


async def test_an_empty_inline_query_shows_the_newest_documents(bot: FakeBotApi) -> None:
    bot.inline_query("")
    [answer] = await bot.wait_for("answerInlineQuery")
    assert [result["id"] for result in answer.params["results"]] == ["5", "4", "3", "2", "1"]


async def test_an_inline_query_that_matches_nothing_answers_with_no_results(bot: FakeBotApi) -> None:
    bot.inline_query("zzzqqq")
    [answer] = await bot.wait_for("answerInlineQuery")
    assert answer.ok and answer.params["results"] == []


async def test_inline_results_speak_the_users_language(bot: FakeBotApi) -> None:
    bot.inline_query("Aitu", user=bot.user(30003, "Aigerim", language_code="kk"))
    [answer] = await bot.wait_for("answerInlineQuery")
    assert answer.params["results"][0]["reply_markup"]["inline_keyboard"][0][0]["text"] == "📄 Толық мәтін"


async def test_an_inline_filter_that_cannot_be_read_is_explained_above_no_results(bot: FakeBotApi) -> None:
    bot.inline_query("Telegram lang:klingon")
    [answer] = await bot.wait_for("answerInlineQuery")
    assert answer.params["results"] == []
    assert "klingon" in answer.params["button"]["text"]


async def test_an_inline_query_keeps_to_its_filters(bot: FakeBotApi) -> None:
    bot.inline_query("Telegram lang:fa")
    [answer] = await bot.wait_for("answerInlineQuery")
    assert answer.params["results"]
    assert all(
        result["input_message_content"]["message_text"].count("‏") for result in answer.params["results"]
    )
