"""The error handler end to end: a short apology in the reader's language, a report to ERROR_CHAT_ID."""

from bot.settings import Settings
from handlers.errors import report_text
from tests.botapi.server import FakeBotApi
from tests.handlers.library import running_bot

ERRORS = -5005


async def test_a_failing_handler_apologises_in_the_readers_language_and_reports_the_error(
    bot_api: FakeBotApi, settings: Settings
) -> None:
    bot_api.group(ERRORS, "Bot errors")
    reader = bot_api.user(50001, "Ivan", language_code="ru")
    async with running_bot(bot_api, settings, error_chat_id=ERRORS):
        bot_api.fail("sendMessage", 400, "Bad Request: <boom> & co", chat_id=reader["id"])
        bot_api.send_text("/help", user=reader)
        [report] = await bot_api.wait_for("sendMessage", lambda call: call.chat_id == ERRORS)
        [apology] = await bot_api.wait_for(
            "sendMessage", lambda call: call.chat_id == reader["id"] and call.ok
        )
    assert "BadRequest" in (report.text or "")
    assert "&lt;boom&gt; &amp; co" in (report.text or "")
    assert "text='/help'" in (report.text or "")
    assert report.ok
    assert apology.text == "Извините, у меня что-то пошло не так. Попробуйте ещё раз чуть позже."


async def test_without_an_error_chat_the_reader_still_gets_the_apology(
    bot_api: FakeBotApi, settings: Settings
) -> None:
    async with running_bot(bot_api, settings):
        bot_api.fail("sendMessage", 400, "Bad Request: boom")
        bot_api.send_text("/countries")
        [apology] = await bot_api.wait_for("sendMessage", lambda call: call.ok)
    assert "Sorry, something went wrong" in (apology.text or "")


def test_an_error_report_is_escaped_and_fits_one_message() -> None:
    error = ValueError("<b>" + "x" * 10_000)
    text = report_text(None, error)
    assert len(text) <= 4096
    assert "<b>x" not in text
    assert text.endswith("</pre>")
