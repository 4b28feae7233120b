"""/add end to end: every way of sending a document, the preview, its buttons, and publishing."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from storage.database import Database
from storage.documents import Document, DocumentStore
from tests.admin.conftest import (
    AdminBot,
    PageServer,
    accept_audit_entries,
    count_deliveries,
    refuse_audit_entries,
    run_admin_bot,
    snapshot,
    store_every_new_text_first,
)
from tests.admin.texts import (
    ARTICLE_PAGE,
    IR_TEXT,
    KZ_BODY,
    KZ_SECOND_BODY,
    KZ_SECOND_TITLE,
    KZ_TEXT,
    KZ_TITLE,
)
from tests.botapi import objects
from tests.botapi.server import FakeBotApi

SEEDS = 5  # the seed documents every fresh database starts with


async def stored(world: AdminBot, document_id: int) -> Document:
    database = await Database.open(world.database_path)
    try:
        document = await DocumentStore(database).get(document_id)
    finally:
        await database.close()
    assert document is not None, f"document {document_id} is not stored"
    return document


async def test_a_pasted_text_is_previewed_and_published_with_an_audit_entry(admin_bot: AdminBot) -> None:
    assert "Send the document" in await admin_bot.say("/add")
    assert "Part 1 received" in await admin_bot.say(KZ_TEXT)
    preview = await admin_bot.say("/done")
    assert "Preview" in preview
    assert KZ_TITLE in preview
    assert "Language: Russian" in preview
    assert "Kazakhstan" in preview
    assert "Telegram" in preview and "WhatsApp" in preview
    assert "Summary" in preview
    assert admin_bot.buttons() == ["add:publish", "add:cancel", "add:country", "add:date"]

    published = await admin_bot.press("add:publish")
    assert f"Published as /doc_{SEEDS + 1}" in published
    document = await stored(admin_bot, SEEDS + 1)
    assert document.title == KZ_TITLE
    assert document.added_by == admin_bot.owner["id"]
    audit = snapshot(admin_bot.database_path)["audit"]
    assert [(row[2], row[3], row[4]) for row in audit] == [(admin_bot.owner["id"], "publish", SEEDS + 1)]
    assert KZ_TITLE in await admin_bot.say(f"/doc {SEEDS + 1}")


async def test_a_publication_the_database_refuses_stores_nothing_tells_the_admin_and_keeps_the_draft(
    admin_bot: AdminBot,
) -> None:
    reader = admin_bot.api.user(30_003, "Reader", language_code="en")
    await admin_bot.say("/subscribe kz", user=reader)
    await admin_bot.say("/add")
    await admin_bot.say(KZ_TEXT)
    await admin_bot.say("/done")
    before = snapshot(admin_bot.database_path)
    refuse_audit_entries(admin_bot.database_path)

    answer = await admin_bot.press("add:publish")

    assert "could not be stored just now, so nothing was published" in answer
    assert "press Publish again" in answer
    assert snapshot(admin_bot.database_path) == before  # no document, no search terms, no audit entry
    assert count_deliveries(admin_bot.database_path) == 0

    accept_audit_entries(admin_bot.database_path)
    assert f"Published as /doc_{SEEDS + 1}" in await admin_bot.press("add:publish")
    assert (await stored(admin_bot, SEEDS + 1)).title == KZ_TITLE
    assert len(snapshot(admin_bot.database_path)["audit"]) == 1
    assert count_deliveries(admin_bot.database_path) == 1


async def test_a_text_stored_by_someone_else_while_the_admin_reviews_it_is_reported_and_the_draft_closed(
    admin_bot: AdminBot,
) -> None:
    await admin_bot.say(f"/add {KZ_TEXT}")
    store_every_new_text_first(admin_bot.database_path)

    answer = await admin_bot.press("add:publish")

    assert f"stored already as /doc_{SEEDS + 1}" in answer
    assert "add:publish" not in admin_bot.buttons()
    assert snapshot(admin_bot.database_path)["audit"] == []
    assert count_deliveries(admin_bot.database_path) == 0


async def test_several_messages_then_done_become_one_document_in_the_order_sent(admin_bot: AdminBot) -> None:
    await admin_bot.say("/add")
    first, second = KZ_SECOND_BODY.split(". ", 1)
    await admin_bot.say(KZ_SECOND_TITLE)
    assert "Part 2 received" in await admin_bot.say(first + ".")
    await admin_bot.say(second)
    preview = await admin_bot.say("/done")
    assert KZ_SECOND_TITLE in preview
    await admin_bot.press("add:publish")
    document = await stored(admin_bot, SEEDS + 1)
    assert document.title == KZ_SECOND_TITLE
    assert "Aitu" in document.messengers
    assert "служебной переписки" in document.text


async def test_the_preview_button_does_what_done_does(admin_bot: AdminBot) -> None:
    await admin_bot.say("/add")
    await admin_bot.say(KZ_TEXT)
    assert "Preview" in await admin_bot.press("add:done")


async def test_header_lines_override_what_is_detected(admin_bot: AdminBot) -> None:
    await admin_bot.say("/add")
    header = (
        "title: Доступ к Telegram ограничен\ncountry: IR\ndate: 2024-03-05\nsource: Reuters\nlanguage: kk\n"
    )
    await admin_bot.say(header + KZ_BODY)
    preview = await admin_bot.say("/done")
    assert "Доступ к Telegram ограничен" in preview
    assert "Iran" in preview
    assert "Language: Kazakh" in preview
    assert "Reuters" in preview
    await admin_bot.press("add:publish")
    document = await stored(admin_bot, SEEDS + 1)
    assert (document.title, document.country, document.language, document.source) == (
        "Доступ к Telegram ограничен",
        "IR",
        "kk",
        "Reuters",
    )
    assert (document.published, document.date_precision) == ("2024-03-05", "day")
    assert "title:" not in document.text


async def test_country_and_date_can_be_changed_with_buttons_before_publishing(admin_bot: AdminBot) -> None:
    await admin_bot.say(f"/add {KZ_TEXT}")
    assert "Which country" in await admin_bot.press("add:country")
    assert "I don't know the country" in await admin_bot.say("Atlantis")
    assert "Iran" in await admin_bot.say("ir")
    assert "Which date" in await admin_bot.press("add:date")
    assert "not a possible date" in await admin_bot.say("2024-02-30")
    preview = await admin_bot.say("2023-11")
    assert "Nov 2023" in preview or "November 2023" in preview
    await admin_bot.press("add:publish")
    document = await stored(admin_bot, SEEDS + 1)
    assert (document.country, document.published, document.date_precision) == ("IR", "2023-11-01", "month")


async def test_only_the_newest_preview_keeps_its_buttons(admin_bot: AdminBot) -> None:
    await admin_bot.say(f"/add {KZ_TEXT}")
    first = admin_bot.message_with_button("add:publish", admin_bot.owner)
    await admin_bot.press("add:country")
    await admin_bot.say("IR")
    old = admin_bot.api.messages[(admin_bot.owner["id"], first["message_id"])]
    assert "reply_markup" not in old


async def test_a_forwarded_channel_post_takes_its_channel_as_the_source(admin_bot: AdminBot) -> None:
    channel = admin_bot.api.channel(-1001234567, "Digital Kazakhstan", username="digitalkz")
    await admin_bot.say("/add")
    origin = objects.origin_channel(channel, message_id=42)
    preview = await admin_bot.say(KZ_TEXT, forward_origin=origin)
    assert "Digital Kazakhstan" in preview
    assert "https://t.me/digitalkz/42" in admin_bot.api.sent_messages()[-1].params["text"]
    await admin_bot.press("add:publish")
    document = await stored(admin_bot, SEEDS + 1)
    assert (document.source, document.url) == ("Digital Kazakhstan", "https://t.me/digitalkz/42")


async def test_a_post_forwarded_from_a_private_channel_has_no_link(admin_bot: AdminBot) -> None:
    channel = admin_bot.api.channel(-1009999, "Closed newsroom")
    await admin_bot.say("/add")
    await admin_bot.say(IR_TEXT, forward_origin=objects.origin_channel(channel, message_id=7))
    await admin_bot.press("add:publish")
    document = await stored(admin_bot, SEEDS + 1)
    assert (document.source, document.url) == ("Closed newsroom", None)
    assert document.language == "fa"


async def test_a_post_forwarded_from_a_person_names_them_as_the_source(admin_bot: AdminBot) -> None:
    reporter = admin_bot.api.user(555, "Dana", last_name="Reporter")
    await admin_bot.say("/add")
    preview = await admin_bot.say(KZ_TEXT, forward_origin=objects.origin_user(reporter))
    assert "Dana Reporter" in preview


async def test_a_link_is_fetched_and_its_title_date_and_site_become_the_document(
    admin_bot: AdminBot, pages: PageServer
) -> None:
    url = pages.add("/news/telegram-blocked", ARTICLE_PAGE)
    await admin_bot.say("/add")
    preview = await admin_bot.say(url)
    assert "Казахстан ограничил доступ к Telegram в трёх регионах" in preview
    assert "Степной вестник" in preview
    assert "Все права защищены" not in preview
    await admin_bot.press("add:publish")
    document = await stored(admin_bot, SEEDS + 1)
    assert document.url == url
    assert document.source == "Степной вестник"
    assert document.published == "2024-03-05"
    assert "антитеррористической операции" in document.text
    assert "Главная" not in document.text


async def test_a_redirected_link_records_the_address_it_ended_at(
    admin_bot: AdminBot, pages: PageServer
) -> None:
    final = pages.add("/article", ARTICLE_PAGE)
    short = pages.add("/s/abc", status=302, location="/article")
    await admin_bot.say(f"/add {short}")
    await admin_bot.press("add:publish")
    document = await stored(admin_bot, SEEDS + 1)
    assert document.url == final


async def test_header_lines_before_a_link_override_the_page(admin_bot: AdminBot, pages: PageServer) -> None:
    url = pages.add("/a", ARTICLE_PAGE)
    await admin_bot.say("/add")
    await admin_bot.say(f"country: IR\ndate: 2024-03-07\nsource: Kazinform\n{url}")
    await admin_bot.press("add:publish")
    document = await stored(admin_bot, SEEDS + 1)
    assert (document.country, document.published, document.source) == ("IR", "2024-03-07", "Kazinform")


@pytest.mark.parametrize(
    ("file_name", "content"),
    [
        ("utf8.txt", KZ_TEXT.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + KZ_TEXT.encode("utf-8")),
        ("utf16.txt", KZ_TEXT.encode("utf-16")),
        ("cp1251.txt", KZ_TEXT.encode("cp1251")),
        ("notes.md", f"# {KZ_TITLE}\n\n**{KZ_BODY}**".encode()),
        ("page.html", ARTICLE_PAGE.encode("utf-8")),
    ],
)
async def test_each_kind_of_file_is_read_and_published(
    admin_bot: AdminBot, file_name: str, content: bytes
) -> None:
    await admin_bot.say("/add")
    preview = await admin_bot.send_file(content, file_name)
    assert "Preview" in preview, preview
    await admin_bot.press("add:publish")
    document = await stored(admin_bot, SEEDS + 1)
    assert document.title.startswith("Казахстан ограничил доступ к Telegram")
    assert "антитеррористической операции" in document.text
    assert "**" not in document.text and "#" not in document.title


async def test_a_files_caption_may_hold_header_lines(admin_bot: AdminBot) -> None:
    await admin_bot.say("/add")
    await admin_bot.send_file(KZ_TEXT.encode(), "story.txt", caption="country: IR\nsource: Tehran Times")
    await admin_bot.press("add:publish")
    document = await stored(admin_bot, SEEDS + 1)
    assert (document.country, document.source) == ("IR", "Tehran Times")


async def test_cancel_stores_nothing_and_closes_the_draft(admin_bot: AdminBot) -> None:
    before = snapshot(admin_bot.database_path)
    await admin_bot.say(f"/add {KZ_TEXT}")
    assert "Nothing was stored" in await admin_bot.press("add:cancel")
    assert snapshot(admin_bot.database_path) == before
    await admin_bot.say(f"/add {KZ_TEXT}")
    assert "Nothing was stored" in await admin_bot.say("/cancel")
    assert snapshot(admin_bot.database_path) == before


async def test_a_button_of_a_closed_draft_says_so(admin_bot: AdminBot) -> None:
    await admin_bot.say(f"/add {KZ_TEXT}")
    await admin_bot.say("/cancel")
    preview = admin_bot.api.sent_messages()[-2]
    admin_bot.api.press_button("add:publish", preview, user=admin_bot.owner)
    await admin_bot.api.wait_for("answerCallbackQuery")
    assert "closed" in admin_bot.last_answer()["text"]
    assert snapshot(admin_bot.database_path)["audit"] == []


async def test_an_exact_duplicate_is_reported_with_the_stored_documents_id(admin_bot: AdminBot) -> None:
    await admin_bot.say(f"/add {KZ_TEXT}")
    await admin_bot.press("add:publish")
    before = snapshot(admin_bot.database_path)
    reply = await admin_bot.say(f"/add {KZ_TEXT}")
    assert f"stored already as /doc_{SEEDS + 1}" in reply
    assert snapshot(admin_bot.database_path) == before


async def test_a_near_duplicate_is_published_only_when_the_admin_confirms(admin_bot: AdminBot) -> None:
    await admin_bot.say(f"/add {KZ_TEXT}")
    await admin_bot.press("add:publish")
    # Reposted elsewhere: other case and spelling (ё/е), and the channel's own footer.
    reposted = KZ_TEXT.replace("трёх", "трех").upper() + "\n\nПодписывайтесь на наш канал @kz_news"
    preview = await admin_bot.say(f"/add {reposted}")
    assert f"same story as /doc_{SEEDS + 1}" in preview
    assert admin_bot.buttons()[0] == "add:publish:force"
    await admin_bot.press("add:publish:force")
    assert "ТРЕХ" in (await stored(admin_bot, SEEDS + 2)).text


async def test_a_near_duplicate_is_not_published_without_confirmation(admin_bot: AdminBot) -> None:
    await admin_bot.say(f"/add {KZ_TEXT}")
    await admin_bot.press("add:publish")
    before = snapshot(admin_bot.database_path)
    await admin_bot.say(f"/add {KZ_TEXT.upper()}")
    assert "Nothing was stored" in await admin_bot.press("add:cancel")
    assert snapshot(admin_bot.database_path) == before


async def test_the_draft_expires_after_the_conversation_timeout(
    bot_api: FakeBotApi, admin_settings: Settings
) -> None:
    quick = admin_settings.model_copy(update={"add_timeout_seconds": 0.5})
    async for world in run_admin_bot(bot_api, quick):
        await world.say(f"/add {KZ_TEXT}")
        [expired] = await bot_api.wait_for("sendMessage", lambda call: "expired" in (call.text or ""))
        assert "Nothing was stored" in (expired.text or "")
        assert snapshot(world.database_path)["audit"] == []


async def test_a_published_document_reaches_the_subscribers_of_its_country(admin_bot: AdminBot) -> None:
    reader = admin_bot.api.user(30_001, "Reader", language_code="en")
    assert "Kazakhstan" in await admin_bot.say("/subscribe kz", user=reader)
    other = admin_bot.api.user(30_002, "Other", language_code="en")
    await admin_bot.say("/subscribe ir", user=other)
    await admin_bot.say("/add")
    await admin_bot.say(KZ_TEXT)
    await admin_bot.say("/done")
    await admin_bot.press("add:publish")
    [notification] = await admin_bot.api.wait_for(
        "sendMessage", lambda call: call.chat_id == reader["id"] and KZ_TITLE in (call.text or ""), timeout=10
    )
    rows = notification.params["reply_markup"]["inline_keyboard"]
    buttons = [button["callback_data"] for row in rows for button in row]
    assert f"doc:{SEEDS + 1}" in buttons
    assert not [call for call in admin_bot.api.sent_messages(other["id"]) if KZ_TITLE in (call.text or "")]


async def test_a_published_document_is_sent_at_once_without_waiting_for_the_workers_next_poll(
    bot_api: FakeBotApi, admin_settings: Settings
) -> None:
    # The idle worker would look at the outbox again only in a minute: only a wake-up sends sooner.
    slow_polling = admin_settings.model_copy(update={"delivery_poll_seconds": 60.0})
    reader = bot_api.user(30_004, "Reader", language_code="en")
    async for world in run_admin_bot(bot_api, slow_polling):
        await world.say("/subscribe kz", user=reader)
        await world.say("/add")
        await world.say(KZ_TEXT)
        await world.say("/done")
        await world.press("add:publish")
        [notification] = await bot_api.wait_for(
            "sendMessage",
            lambda call: call.chat_id == reader["id"] and KZ_TITLE in (call.text or ""),
            timeout=10,
        )
        assert notification.ok
