"""Country briefs, flags and the buttons under them, end to end."""

import pytest

from bot.settings import Settings
from bot.understanding import resolve_country
from handlers.countries import find_country, flag_country
from tests.botapi.server import FakeBotApi
from tests.conftest import ask
from tests.handlers.library import add_document


def buttons(call: object) -> list[dict[str, str]]:
    markup = getattr(call, "params", {}).get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def test_a_flag_is_read_as_its_iso_code() -> None:
    assert flag_country("🇮🇷") == "IR"
    assert flag_country(" 🇰🇿 ") == "KZ"
    assert flag_country("IR") is None
    assert flag_country("🇮") is None


def test_countries_are_found_by_flag_and_by_code() -> None:
    assert find_country("🇮🇷") == "IR"
    assert find_country("kz") == "KZ"
    assert find_country("   ") is None


async def test_country_brief_cites_its_documents_and_offers_sources_timeline_and_subscribe(
    bot: FakeBotApi, settings: Settings
) -> None:
    await add_document(
        settings,
        "Court orders Telegram blocked",
        "A court ordered Telegram blocked across the country. Users turned to VPNs.",
        published="2018-04-30",
        messengers=("Telegram",),
        actions=("block",),
        source="Court Wire",
    )
    reply = await ask(bot, "/country Iran")
    assert "Iran — 3 documents" in reply
    assert "Telegram — blocking: /doc_6" in reply
    assert "Court Wire" in reply
    [call] = bot.sent_messages()
    assert [b["callback_data"] for b in buttons(call)] == ["src:IR", "tl:IR", "sub:IR"]


async def test_a_document_stored_by_another_process_shows_in_the_next_brief(
    bot: FakeBotApi, settings: Settings
) -> None:
    assert "Iran — 2 documents" in await ask(bot, "/country Iran")
    document_id = await add_document(
        settings,
        "Iran lifts the WhatsApp ban",
        "The council lifted the ban on WhatsApp.",
        published="2024-12-24",
        messengers=("WhatsApp",),
        actions=("unblock",),
    )
    reply = await ask(bot, "/country Iran")
    assert "Iran — 3 documents" in reply
    assert f"WhatsApp — unblocking: /doc_{document_id}" in reply


async def test_policy_is_an_alias_of_country_and_a_flag_works(bot: FakeBotApi) -> None:
    assert "Iran — 2 documents" in await ask(bot, "/policy 🇮🇷")


async def test_latest_sources_button_lists_documents_and_pages_in_place(
    bot: FakeBotApi, settings: Settings
) -> None:
    for number in range(6):
        await add_document(settings, f"Report {number} on Gap", f"Gap messenger report number {number}.")
    await ask(bot, "/country ir")
    brief = bot.sent_messages()[-1]
    bot.press_button("src:IR", brief)
    await bot.wait_for("sendMessage", count=2)
    listing = bot.sent_messages()[-1]
    assert "Iran — 8 documents" in (listing.text or "")
    assert [b["text"] for b in buttons(listing)][-2:] == ["1/2", "▶"]
    bot.press_button("docs:IR:1", listing)
    [edit] = await bot.wait_for("editMessageText")
    assert edit.params["message_id"] == listing.result["message_id"]
    assert "6." in (edit.text or "")
    assert [b["text"] for b in buttons(edit)][-2:] == ["◀", "2/2"]
    assert len(bot.sent_messages()) == 2


async def test_a_country_without_documents_says_so(bot: FakeBotApi) -> None:
    assert "no documents about" in await ask(bot, "/country 🇫🇷")


@pytest.mark.skipif(
    resolve_country("Иран") is None,
    reason="country names in every language come with the understanding package",
)
@pytest.mark.parametrize(("name", "header"), [("Иран", "— 2"), ("ایران", "— 2"), ("Қазақстан", "— 3")])
async def test_country_names_work_in_every_supported_language(
    bot: FakeBotApi, name: str, header: str
) -> None:
    assert header in await ask(bot, f"/country {name}")
