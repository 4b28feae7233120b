"""Subscribing, end to end: private chats, groups (admins, members, anonymous admins), topics, channels."""

from __future__ import annotations

from bot.settings import Settings
from storage.subscriptions import Destination, SubscriptionStore
from tests.botapi.limits import same_chat
from tests.botapi.server import FakeBotApi
from tests.conftest import ask
from tests.subscriptions.support import (
    buttons,
    eventually,
    is_notification,
    notifications,
    publish,
    running_bot,
    services_of,
)


async def test_private_user_subscribes_to_a_country_and_gets_only_its_documents(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    user = bot_api.default_user
    async with running_bot(bot_api, wired) as app:
        reply = await ask(bot_api, "/subscribe Iran")
        assert "Subscribed: 🇮🇷 Iran" in reply
        services = services_of(app)
        kz = await publish(services, "KZ")
        ir = await publish(services, "IR", title="Iran throttles Telegram")
        [note] = await bot_api.wait_for("sendMessage", is_notification(ir, user["id"]), timeout=10)
    assert buttons(note) == [f"doc:{ir}", "country:IR", "unsub:IR"]
    assert "Iran throttles Telegram" in (note.text or "")
    assert "Test Wire" in (note.text or "")
    assert notifications(bot_api, kz) == []


async def test_subscribe_without_a_country_offers_buttons_and_a_button_subscribes(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    user = bot_api.default_user
    async with running_bot(bot_api, wired) as app:
        await ask(bot_api, "/subscribe")
        [offer] = bot_api.sent_messages(user["id"])
        assert {"sub:KZ", "sub:IR", "sub:*"} <= set(buttons(offer))
        bot_api.press_button("sub:KZ", offer)
        [answer] = await bot_api.wait_for("answerCallbackQuery")
        [edit] = await bot_api.wait_for("editMessageReplyMarkup")
        followed = await SubscriptionStore(services_of(app).database).of(Destination(user["id"]))
    assert "Subscribed" in str(answer.params.get("text"))
    assert any(
        b["text"].startswith("✅") for row in edit.params["reply_markup"]["inline_keyboard"] for b in row
    )
    assert [s.country for s in followed] == ["KZ"]


async def test_subscriptions_lists_what_the_chat_follows_and_unsubscribe_stops_it(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    async with running_bot(bot_api, wired):
        await ask(bot_api, "/subscribe kz Iran")
        listed = await ask(bot_api, "/subscriptions")
        stopped = await ask(bot_api, "/unsubscribe kz")
        after = await ask(bot_api, "/subscriptions")
        everything = await ask(bot_api, "/unsubscribe all")
        empty = await ask(bot_api, "/subscriptions")
    assert "Kazakhstan" in listed and "Iran" in listed
    assert "Unsubscribed: 🇰🇿 Kazakhstan" in stopped
    assert "Kazakhstan" not in after and "Iran" in after
    assert "Unsubscribed: 🇮🇷 Iran" in everything
    assert "no subscriptions here" in empty


async def test_an_unknown_country_is_refused_and_nothing_is_subscribed(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    async with running_bot(bot_api, wired) as app:
        reply = await ask(bot_api, "/subscribe Iran Atlantis")
        followed = await SubscriptionStore(services_of(app).database).of(
            Destination(bot_api.default_user["id"])
        )
    assert "Atlantis" in reply
    assert followed == []


async def test_group_administrator_subscribes_the_group(bot_api: FakeBotApi, wired: Settings) -> None:
    group = bot_api.supergroup(-1001, "Digital rights")
    admin = bot_api.user(501, "Admin")
    bot_api.set_member_status(group["id"], admin["id"], "administrator")
    async with running_bot(bot_api, wired) as app:
        reply = await ask(bot_api, "/subscribe kz", user=admin, chat=group)
        document = await publish(services_of(app), "KZ")
        await bot_api.wait_for("sendMessage", is_notification(document, group["id"]), timeout=10)
    assert "Subscribed" in reply


async def test_group_member_who_is_not_admin_cannot_subscribe(bot_api: FakeBotApi, wired: Settings) -> None:
    group = bot_api.supergroup(-1002, "Readers")
    member = bot_api.user(502, "Member")
    async with running_bot(bot_api, wired) as app:
        reply = await ask(bot_api, "/subscribe kz", user=member, chat=group)
        followed = await SubscriptionStore(services_of(app).database).of(Destination(group["id"]))
    assert "Only administrators" in reply
    assert followed == []


async def test_anonymous_group_administrator_may_subscribe(bot_api: FakeBotApi, wired: Settings) -> None:
    group = bot_api.supergroup(-1003, "Anonymous admins")
    async with running_bot(bot_api, wired) as app:
        chat_id = group["id"]
        bot_api.send_text("/subscribe Iran", chat=group, sender_chat=group)
        [reply] = await bot_api.wait_for("sendMessage", lambda c: same_chat(c.chat_id, chat_id))
        followed = await SubscriptionStore(services_of(app).database).of(Destination(chat_id))
    assert "Subscribed" in (reply.text or "")
    assert [s.country for s in followed] == ["IR"]


async def test_bot_admin_from_admin_ids_may_subscribe_any_group(bot_api: FakeBotApi, wired: Settings) -> None:
    group = bot_api.group(-1004, "Plain group")
    owner = bot_api.user(777, "Owner")
    settings = wired.model_copy(update={"admin_ids": frozenset({777})})
    async with running_bot(bot_api, settings):
        reply = await ask(bot_api, "/subscribe all", user=owner, chat=group)
    assert "all countries" in reply


async def test_forum_topics_follow_their_own_countries(bot_api: FakeBotApi, wired: Settings) -> None:
    forum = bot_api.supergroup(-1005, "Newsroom", is_forum=True)
    admin = bot_api.user(503, "Editor")
    bot_api.set_member_status(forum["id"], admin["id"], "administrator")
    chat_id = forum["id"]
    async with running_bot(bot_api, wired) as app:
        bot_api.send_text("/subscribe Iran", user=admin, chat=forum, message_thread_id=7)
        bot_api.send_text("/subscribe kz", user=admin, chat=forum, message_thread_id=9)
        await bot_api.wait_for("sendMessage", lambda c: same_chat(c.chat_id, chat_id), count=2)
        iran = await publish(services_of(app), "IR")
        kazakhstan = await publish(services_of(app), "KZ")
        [to_iran_topic] = await bot_api.wait_for("sendMessage", is_notification(iran, chat_id), timeout=10)
        [to_kz_topic] = await bot_api.wait_for(
            "sendMessage", is_notification(kazakhstan, chat_id), timeout=10
        )
    assert to_iran_topic.params["message_thread_id"] == 7
    assert to_kz_topic.params["message_thread_id"] == 9
    assert len(notifications(bot_api, iran)) == 1


async def test_channel_subscribes_by_posting_the_command(bot_api: FakeBotApi, wired: Settings) -> None:
    channel = bot_api.channel(-1006, "Messenger watch")
    chat_id = channel["id"]
    async with running_bot(bot_api, wired) as app:
        bot_api.channel_post("/subscribe Kazakhstan", channel)
        [reply] = await bot_api.wait_for("sendMessage", lambda c: same_chat(c.chat_id, chat_id))
        document = await publish(services_of(app), "KZ")
        await bot_api.wait_for("sendMessage", is_notification(document, chat_id), timeout=10)
    assert "Subscribed" in (reply.text or "")


async def test_unsubscribe_button_of_a_notification_stops_that_country(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    user = bot_api.default_user
    async with running_bot(bot_api, wired) as app:
        await ask(bot_api, "/subscribe Iran kz")
        document = await publish(services_of(app), "IR")
        [note] = await bot_api.wait_for("sendMessage", is_notification(document, user["id"]), timeout=10)
        bot_api.press_button("unsub:IR", note)
        [answer] = await bot_api.wait_for("answerCallbackQuery")
        followed = await SubscriptionStore(services_of(app).database).of(Destination(user["id"]))
    assert "Unsubscribed" in str(answer.params.get("text"))
    assert [s.country for s in followed] == ["KZ"]


async def test_group_member_cannot_use_the_unsubscribe_button(bot_api: FakeBotApi, wired: Settings) -> None:
    group = bot_api.supergroup(-1007, "Mixed")
    member = bot_api.user(504, "Member")
    async with running_bot(bot_api, wired) as app:
        bot_api.send_text("/subscribe Iran", chat=group, sender_chat=group)
        await bot_api.wait_for("sendMessage", lambda c: same_chat(c.chat_id, group["id"]))
        document = await publish(services_of(app), "IR")
        [note] = await bot_api.wait_for("sendMessage", is_notification(document, group["id"]), timeout=10)
        bot_api.press_button("unsub:IR", note, user=member)
        [answer] = await bot_api.wait_for("answerCallbackQuery")
        followed = await SubscriptionStore(services_of(app).database).of(Destination(group["id"]))
    assert "Only administrators" in str(answer.params.get("text"))
    assert [s.country for s in followed] == ["IR"]


async def test_removed_bot_pauses_the_chat_and_being_added_back_does_not_resume_it(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    group = bot_api.supergroup(-1008, "Left and back")
    chat_id = group["id"]
    async with running_bot(bot_api, wired) as app:
        store = SubscriptionStore(services_of(app).database)
        bot_api.send_text("/subscribe kz", chat=group, sender_chat=group)
        await bot_api.wait_for("sendMessage", lambda c: same_chat(c.chat_id, chat_id))
        bot_api.my_chat_member(group, "member", "left")
        await eventually(lambda: _states(store, chat_id), ["paused"])
        bot_api.my_chat_member(group, "left", "member")
        await ask(bot_api, "/start", chat=group, user=bot_api.user(506, "Someone"))
        [after_return] = await store.of(Destination(chat_id))
        document = await publish(services_of(app), "KZ")
        listed = await ask(bot_api, "/subscriptions", chat=group, user=bot_api.user(505, "Reader"))
        bot_api.send_text("/subscribe", chat=group, sender_chat=group)
        await bot_api.wait_for("sendMessage", lambda c: "Resumed" in (c.text or ""))
        [resumed] = await store.of(Destination(chat_id))
    assert after_return.state == "paused"
    assert "paused" in listed
    assert notifications(bot_api, document, chat_id) == []
    assert resumed.active


async def _states(store: SubscriptionStore, chat_id: int) -> list[str]:
    return [s.state for s in await store.of(Destination(chat_id))]


async def test_subscribe_button_under_a_country_brief_subscribes_and_leaves_the_brief_as_it_is(
    bot_api: FakeBotApi, wired: Settings
) -> None:
    user = bot_api.default_user
    async with running_bot(bot_api, wired) as app:
        await ask(bot_api, "/country Iran")
        brief = next(call for call in bot_api.sent_messages(user["id"]) if "sub:IR" in buttons(call))
        bot_api.press_button("sub:IR", brief)
        [answer] = await bot_api.wait_for("answerCallbackQuery")
        bot_api.press_button("sub:IR", brief)
        [_, again] = await bot_api.wait_for("answerCallbackQuery", count=2)
        followed = await SubscriptionStore(services_of(app).database).of(Destination(user["id"]))
    assert "Subscribed" in str(answer.params.get("text"))
    assert "Already subscribed" in str(again.params.get("text"))
    assert bot_api.calls_of("editMessageReplyMarkup") == []
    assert [s.country for s in followed] == ["IR"]
