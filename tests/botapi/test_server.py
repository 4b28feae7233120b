"""The loopback Bot API driven by a bare PTB Application and Bot over real HTTP."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import warnings
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
)
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, InlineQueryHandler
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from tests.botapi import objects
from tests.botapi.echo_bot import build_echo_application
from tests.botapi.fixtures import application_builder, running
from tests.botapi.server import FakeBotApi


@pytest.fixture
async def bot(bot_api: FakeBotApi) -> AsyncIterator[Bot]:
    """A bare PTB Bot talking to the fake server, for calling methods directly."""
    async with Bot(bot_api.token, base_url=bot_api.base_url, base_file_url=bot_api.base_file_url) as bot:
        yield bot


def retry_after_seconds(error: RetryAfter) -> float:
    # Reading retry_after warns until PTB makes it a timedelta (PTB_TIMEDELTA); accept both.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        period = error.retry_after
    return period.total_seconds() if isinstance(period, dt.timedelta) else period


# ---------------------------------------------------------------- a running Application


async def test_echo_bot_answers_a_text_in_the_same_chat(bot_api: FakeBotApi) -> None:
    async with running(build_echo_application(bot_api)):
        bot_api.send_text("hello there")
        [reply] = await bot_api.wait_for("sendMessage")
    assert reply.text == "hello there"
    assert reply.chat_id == bot_api.default_user["id"]
    assert reply.result["from"]["username"] == "mpbot_test_bot"
    assert bot_api.sent_messages(chat_id=bot_api.default_user["id"]) == [reply]


async def test_command_addressed_to_the_bot_by_username_reaches_the_command_handler(
    bot_api: FakeBotApi,
) -> None:
    seen: list[list[str]] = []

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(list(context.args or []))
        assert update.effective_message is not None
        await update.effective_message.reply_text("started")

    application = application_builder(bot_api).build()
    application.add_handler(CommandHandler("start", start))
    group = bot_api.group(-4001, "Readers")
    async with running(application):
        bot_api.polled_by = application
        bot_api.send_text("/start@mpbot_test_bot now", chat=group)
        bot_api.send_text("/start@some_other_bot", chat=group)
        bot_api.send_text("after")
        await bot_api.until_handled()  # all three, so the other bot's command had its chance to reply
    assert seen == [["now"]]
    assert [call.chat_id for call in bot_api.sent_messages()] == [-4001]


async def test_button_press_is_answered_and_the_message_edited(bot_api: FakeBotApi) -> None:
    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Pick me", callback_data="pick")]])
        await update.effective_message.reply_text("Choose:", reply_markup=keyboard)

    async def picked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None and query.message is not None
        await query.answer("Done")
        await query.edit_message_text(f"You chose {query.data} in message {query.message.message_id}")

    application = application_builder(bot_api).build()
    application.add_handler(CommandHandler("menu", menu))
    application.add_handler(CallbackQueryHandler(picked))
    async with running(application):
        bot_api.send_text("/menu")
        [menu_message] = await bot_api.wait_for("sendMessage")
        assert menu_message.result["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "pick"
        bot_api.press_button("pick", menu_message)
        [answer] = await bot_api.wait_for("answerCallbackQuery")
        [edit] = await bot_api.wait_for("editMessageText")
    assert answer.params["text"] == "Done"
    message_id = menu_message.result["message_id"]
    assert edit.result["text"] == f"You chose pick in message {message_id}"
    assert "reply_markup" not in edit.result  # an edit without a keyboard removes it


async def test_inline_query_is_answered_with_articles(bot_api: FakeBotApi) -> None:
    async def inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.inline_query is not None
        text = update.inline_query.query
        article = InlineQueryResultArticle("1", f"Echo {text}", InputTextMessageContent(text))
        await update.inline_query.answer([article], cache_time=0)

    application = application_builder(bot_api).build()
    application.add_handler(InlineQueryHandler(inline))
    async with running(application):
        bot_api.inline_query("whatsapp")
        [answer] = await bot_api.wait_for("answerInlineQuery")
    [result] = answer.params["results"]
    assert result["title"] == "Echo whatsapp"
    assert result["input_message_content"]["message_text"] == "whatsapp"
    assert answer.params["cache_time"] == 0


async def test_updates_of_every_kind_parse_as_ptb_objects(bot_api: FakeBotApi, bot: Bot) -> None:
    forum = bot_api.supergroup(-1001, "Forum", is_forum=True)
    news = bot_api.channel(-1002, "News", username="news")
    alice = bot_api.user(42, "Alice", language_code="de")
    bot_api.send_text("/help", user=alice, chat=forum, message_thread_id=7)
    bot_api.send_text("anonymous admin here", chat=forum, sender_chat=forum)
    bot_api.channel_post("breaking", news)
    bot_api.send_text("fwd", forward_origin=objects.origin_channel(news, 5))
    bot_api.send_text("fwd", forward_origin=objects.origin_hidden_user("Someone"))
    bot_api.my_chat_member(forum, "left", "administrator", user=alice)
    bot_api.send_document(b"%PDF-1.4", "law.pdf", caption="the law")

    updates = [Update.de_json(update, bot) for update in bot_api.pending_updates]

    topic, anonymous, post, from_channel, from_hidden, membership, document = updates
    assert topic.message is not None and topic.message.is_topic_message
    assert topic.message.message_thread_id == 7
    assert topic.message.text == "/help" and topic.message.entities[0].type == "bot_command"
    assert topic.effective_user is not None and topic.effective_user.language_code == "de"
    assert anonymous.message is not None and anonymous.message.sender_chat is not None
    assert anonymous.message.sender_chat.id == -1001
    assert anonymous.message.from_user is not None
    assert anonymous.message.from_user.id == objects.GROUP_ANONYMOUS_BOT_ID
    assert post.channel_post is not None and post.effective_chat is not None
    assert post.effective_chat.type == "channel"
    assert from_channel.message is not None and from_channel.message.forward_origin is not None
    assert from_channel.message.forward_origin.type == "channel"
    assert from_hidden.message is not None and from_hidden.message.forward_origin is not None
    assert from_hidden.message.forward_origin.type == "hidden_user"
    assert membership.my_chat_member is not None
    assert membership.my_chat_member.new_chat_member.status == "administrator"
    assert document.message is not None and document.message.document is not None
    assert document.message.document.file_name == "law.pdf"
    assert document.message.document.mime_type == "application/pdf"
    assert [u.update_id for u in updates] == sorted(u.update_id for u in updates)


# ---------------------------------------------------------------- methods called directly


async def test_commands_are_stored_per_scope_and_language(bot_api: FakeBotApi, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    await bot.set_my_commands([BotCommand("start", "Starten")], language_code="de")

    german = await bot.get_my_commands(language_code="de")
    assert [(c.command, c.description) for c in german] == [("start", "Starten")]
    assert len(await bot.get_my_commands()) == 2
    assert bot_api.commands(language_code="de") == [{"command": "start", "description": "Starten"}]
    assert bot_api.commands({"type": "all_group_chats"}) == []
    await bot.delete_my_commands(language_code="de")
    assert await bot.get_my_commands(language_code="de") == ()


async def test_registered_file_is_downloaded_through_get_file(bot_api: FakeBotApi, bot: Bot) -> None:
    file_id, _ = bot_api.add_file(b"article 1: messengers", file_name="law.txt")

    downloaded = await (await bot.get_file(file_id)).download_as_bytearray()

    assert bytes(downloaded) == b"article 1: messengers"


async def test_uploaded_document_arrives_as_bytes(bot_api: FakeBotApi, bot: Bot) -> None:
    bot_api.user(42, "Alice")

    message = await bot.send_document(42, b"col1,col2\n1,2\n", filename="data.csv", caption="<b>data</b>")

    [call] = bot_api.calls_of("sendDocument")
    assert call.files["document"].content == b"col1,col2\n1,2\n"
    assert call.files["document"].filename == "data.csv"
    assert message.document is not None and message.document.file_name == "data.csv"
    assert message.caption == "<b>data</b>"  # no parse_mode: markup is kept as text


async def test_html_text_is_parsed_into_entities_and_bad_html_refused(bot_api: FakeBotApi, bot: Bot) -> None:
    bot_api.user(42, "Alice")

    message = await bot.send_message(42, "<b>Iran</b> blocks &lt;apps&gt;", parse_mode="HTML")
    assert message.text == "Iran blocks <apps>"
    assert message.text_html == "<b>Iran</b> blocks &lt;apps&gt;"
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(42, "a < b & c", parse_mode="HTML")


async def test_injected_429_raises_retry_after(bot_api: FakeBotApi, bot: Bot) -> None:
    bot_api.user(42, "Alice")
    bot_api.fail("sendMessage", 429, retry_after=3)

    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(42, "hi")
    await bot.send_message(42, "hi again")  # only the next call fails

    assert retry_after_seconds(raised.value) == 3
    first, second = bot_api.calls_of("sendMessage")
    assert first.failed and first.injected and first.error_code == 429
    assert second.ok
    assert bot_api.count_429 == 1


async def test_blocked_user_raises_forbidden_only_in_that_chat(bot_api: FakeBotApi, bot: Bot) -> None:
    bot_api.user(42, "Alice")
    bot_api.user(43, "Bob")
    bot_api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", chat_id=42, times=2)

    await bot.send_message(43, "to Bob")
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(42, "to Alice")


async def test_upgraded_group_raises_chat_migrated_with_the_new_id(bot_api: FakeBotApi, bot: Bot) -> None:
    bot_api.group(-4001, "Readers")
    bot_api.fail(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        migrate_to_chat_id=-1004001,
    )

    with pytest.raises(ChatMigrated) as raised:
        await bot.send_message(-4001, "hello")

    assert raised.value.new_chat_id == -1004001


async def test_unknown_method_and_wrong_token_are_refused_like_telegram(
    bot_api: FakeBotApi, bot: Bot
) -> None:
    with pytest.raises(EndPointNotFound):  # PTB's reading of Telegram's 404 for do_api_request
        await bot.do_api_request("sendTelepathy")
    requests = HTTPXRequest(), HTTPXRequest()
    wrong = Bot("1:wrong", base_url=bot_api.base_url, request=requests[0], get_updates_request=requests[1])
    with pytest.raises(InvalidToken, match="rejected"):
        await wrong.initialize()
    for request in requests:
        await request.shutdown()

    assert bot_api.calls_of("sendTelepathy")[0].error_code == 404
    assert "1:wrong" in bot_api.tokens_seen


async def test_wait_for_times_out_with_the_recorded_calls(bot_api: FakeBotApi, bot: Bot) -> None:
    bot_api.user(42, "Alice")
    await bot.send_message(42, "something else")

    with pytest.raises(AssertionError) as raised:
        await bot_api.wait_for("sendPhoto", timeout=0.1)

    message = str(raised.value)
    assert "expected 1 call(s) of sendPhoto within 0.1s, got 0" in message
    assert "sendMessage" in message and "something else" in message


async def test_long_poll_returns_as_soon_as_an_update_arrives(bot_api: FakeBotApi, bot: Bot) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    update_id = bot_api.send_text("wake up")

    [update] = await poll

    assert update.update_id == update_id
    assert time.monotonic() - started < 4.0  # returned early: the poll would wait 5 s for nothing
    assert await bot.get_updates(offset=update_id + 1, timeout=0) == ()
    assert bot_api.pending_updates == []  # the offset confirmed it


async def test_caps_answer_429_beyond_one_message_per_second_per_chat(bot_api: FakeBotApi, bot: Bot) -> None:
    bot_api.user(42, "Alice")
    bot_api.user(43, "Bob")
    bot_api.set_caps(global_per_s=30, per_chat_per_s=1, per_group_per_min=20)

    await bot.send_message(42, "one")
    await bot.send_message(43, "other chat")
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(42, "two")

    assert retry_after_seconds(raised.value) == 1
    assert bot_api.count_429 == 1


async def test_latency_delays_every_answer(bot_api: FakeBotApi, bot: Bot) -> None:
    bot_api.latency = 0.2
    started = time.monotonic()
    await bot.get_me()
    assert time.monotonic() - started >= 0.2


async def test_latency_of_one_method_delays_its_answers(bot_api: FakeBotApi, bot: Bot) -> None:
    bot_api.latencies["sendMessage"] = 0.2
    bot_api.user(42, "Reader")
    started = time.monotonic()
    await bot.send_message(42, "slow")
    assert time.monotonic() - started >= 0.2
    assert bot_api.latency == 0.0  # the other methods answer as fast as ever


def test_chat_member_status_must_be_one_telegram_knows() -> None:
    api = FakeBotApi()
    with pytest.raises(ValueError, match="unknown chat member status"):
        api.set_member_status(-4001, 42, "owner")


async def test_chat_member_statuses_parse_as_their_ptb_classes(bot_api: FakeBotApi, bot: Bot) -> None:
    bot_api.group(-4001, "Readers")
    expected: dict[str, Any] = {}
    for user_id, status in enumerate(objects.CHAT_MEMBER_STATUSES, start=100):
        bot_api.set_member_status(-4001, user_id, status)
        expected[status] = user_id

    for status, user_id in expected.items():
        member = await bot.get_chat_member(-4001, user_id)
        assert member.status == status
        assert member.user.id == user_id
    assert (await bot.get_chat_member(-4001, 999)).status == "member"
    assert (await bot.get_chat(-4001)).title == "Readers"


async def test_until_handled_returns_only_once_a_slow_handler_has_replied(bot_api: FakeBotApi) -> None:
    started, release = asyncio.Event(), asyncio.Event()

    async def slow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        started.set()
        await release.wait()
        assert update.effective_message is not None
        await update.effective_message.reply_text("done at last")

    async def release_once_started() -> None:
        await started.wait()
        for _ in range(20):  # let the bot poll again meanwhile: the update is taken but not handled
            await asyncio.sleep(0)
        release.set()

    application = application_builder(bot_api).build()
    application.add_handler(CommandHandler("slow", slow))
    async with running(application):
        bot_api.polled_by = application
        bot_api.send_text("/slow")
        releasing = asyncio.create_task(release_once_started())
        await bot_api.until_handled()
        assert [call.text for call in bot_api.sent_messages()] == ["done at last"]
        await releasing


async def test_until_handled_without_a_polling_application_says_what_is_missing(bot_api: FakeBotApi) -> None:
    with pytest.raises(RuntimeError, match="polled_by"):
        await bot_api.until_handled()


async def test_running_reraises_what_a_handler_raised(bot_api: FakeBotApi) -> None:
    async def broken(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        raise LookupError("no such country")

    application = application_builder(bot_api).build()
    application.add_handler(CommandHandler("country", broken))
    with pytest.raises(LookupError, match="no such country"):
        async with running(application):
            bot_api.polled_by = application
            bot_api.send_text("/country atlantis")
            await bot_api.until_handled()
    assert not application.running
