"""/timeline end to end: a PNG picture, then the same timeline as text."""

from bot.settings import Settings
from tests.botapi.server import FakeBotApi
from tests.conftest import ask
from tests.handlers.library import add_document

PNG = b"\x89PNG\r\n\x1a\n"


async def add_iran_history(settings: Settings) -> None:
    await add_document(
        settings,
        "Telegram filtered by court order",
        "A court ordered Telegram filtered.",
        published="2018-04-30",
        messengers=("Telegram",),
        actions=("block",),
        source="Court Wire",
    )
    await add_document(
        settings,
        "WhatsApp unblocked",
        "The council lifted the block on WhatsApp.",
        published="2024-12-24",
        messengers=("WhatsApp",),
        actions=("unblock",),
        source="Daily Wire",
    )


async def test_timeline_sends_a_picture_then_the_same_timeline_as_text(
    bot: FakeBotApi, settings: Settings
) -> None:
    await add_iran_history(settings)
    text = await ask(bot, "/timeline Iran")
    [photo] = bot.calls_of("sendPhoto")
    upload = next(iter(photo.files.values()))
    assert upload.content.startswith(PNG)
    assert "timeline" in photo.params["caption"].lower()
    assert text.index("30 Apr 2018") < text.index("24 Dec 2024")
    assert "Telegram — blocking" in text
    assert "Court Wire · /doc_6" in text
    assert "Without a known date" in text  # the seeds carry no date


async def test_timeline_button_under_a_brief_sends_the_timeline(bot: FakeBotApi, settings: Settings) -> None:
    await add_iran_history(settings)
    await ask(bot, "/country Iran")
    brief = bot.sent_messages()[-1]
    bot.press_button("tl:IR", brief)
    await bot.wait_for("sendPhoto")
    await bot.wait_for("sendMessage", count=2)
    assert "WhatsApp — unblocking" in (bot.sent_messages()[-1].text or "")


async def test_timeline_in_persian_labels_the_text_in_persian(bot: FakeBotApi, settings: Settings) -> None:
    await add_iran_history(settings)
    reader = bot.user(20004, "Sara", language_code="fa")
    text = await ask(bot, "/timeline 🇮🇷", user=reader)
    assert "تلگرام — فیلترینگ" in text
    assert "خط زمانی" in text


async def test_timeline_of_a_country_with_only_undated_documents_sends_text_only(bot: FakeBotApi) -> None:
    text = await ask(bot, "/timeline ir")  # neither Persian seed states its date
    assert "Without a known date" in text
    assert bot.calls_of("sendPhoto") == []


async def test_timeline_without_a_country_explains_how_to_ask(bot: FakeBotApi) -> None:
    assert "/timeline Iran" in await ask(bot, "/timeline")
