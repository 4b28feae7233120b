"""/subscribe, /unsubscribe, /subscriptions, their buttons, and the bot's own membership changes.

Who a subscription belongs to: in a private chat, the user; in a group, the group (only its
administrators, an anonymous administrator, or the bot's own admins may change it); in a forum supergroup,
the topic the command was sent in; in a channel, the channel (``/subscribe`` posted there).

When the bot is blocked or removed, the chat's subscriptions are paused. Being added back does not resume
them: somebody allowed to must send /subscribe again, so a chat is never surprised by notifications
it stopped long ago.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from telegram import ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    filters,
)

from bot.understanding import resolve_country
from handlers.context import gettext, services
from handlers.render import country_text, escape
from handlers.replies import reply_html
from storage.subscriptions import ALL_COUNTRIES, Destination, Subscription, SubscriptionStore

log = logging.getLogger(__name__)

# Words that mean "every country" in the commands, in the interface languages.
ALL_WORDS = frozenset({"all", "*", "все", "всё", "барлығы", "барлық", "همه"})
MAX_WORDS = 30
_MANAGERS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
_GONE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)


def parse_countries(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """Country codes named by the words (``"*"`` for "all"), and the words that name none.

    Names may span words ("Saudi Arabia") and be separated by commas: the longest run of words that
    names a country wins.
    """
    tokens = [token for word in words[:MAX_WORDS] for token in word.replace(",", " ").split()]
    codes: list[str] = []
    unknown: list[str] = []
    position = 0
    while position < len(tokens):
        if tokens[position].lower() in ALL_WORDS:
            codes.append(ALL_COUNTRIES)
            position += 1
            continue
        for end in range(len(tokens), position, -1):
            code = resolve_country(" ".join(tokens[position:end]))
            if code:
                codes.append(code.upper())
                position = end
                break
        else:
            unknown.append(tokens[position])
            position += 1
    return list(dict.fromkeys(codes)), unknown


def destination_of(update: Update) -> Destination | None:
    """The chat, and in a forum supergroup the topic, that the update came from."""
    chat = update.effective_chat
    message = update.effective_message
    if chat is None:
        return None
    thread_id = 0
    if chat.is_forum and message is not None and message.is_topic_message and message.message_thread_id:
        thread_id = message.message_thread_id
    return Destination(chat.id, thread_id)


async def may_manage(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whoever sent the update may change the chat's subscriptions."""
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    command = update.message or update.channel_post
    if command is not None and command.sender_chat is not None and command.sender_chat.id == chat.id:
        return True  # an anonymous group administrator, or a post in the channel itself
    user = update.effective_user
    if user is None:
        return False
    if user.id in services(context).settings.admin_ids:
        return True
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as error:
        log.warning("getChatMember failed in chat=%s: %s", chat.id, error)
        return False
    return member.status in _MANAGERS


def _name(code: str, language: str, _: Callable[[str], str]) -> str:
    if code == ALL_COUNTRIES:
        return "🌐 " + _("all countries")
    return country_text(code, language)


def _names(codes: Sequence[str], language: str, _: Callable[[str], str]) -> str:
    return escape(", ".join(_name(code, language, _) for code in codes))


def _store(context: ContextTypes.DEFAULT_TYPE) -> SubscriptionStore:
    return SubscriptionStore(services(context).database)


async def _refuse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    _lang, _ = gettext(update, context)
    text = _("Only administrators of this chat can change its subscriptions.")
    if update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await reply_html(update, escape(text))


async def subscription_keyboard(
    context: ContextTypes.DEFAULT_TYPE, destination: Destination, language: str, _: Callable[[str], str]
) -> InlineKeyboardMarkup:
    """A button per country (with documents, or followed here) that follows or stops it; one for all."""
    followed = {s.country for s in await _store(context).of(destination) if s.active}
    counts = await services(context).documents.country_counts()
    codes = list(dict.fromkeys([c.country for c in counts] + sorted(followed - {ALL_COUNTRIES})))

    def button(code: str) -> InlineKeyboardButton:
        mark = "✅ " if code in followed else ""
        return InlineKeyboardButton(mark + _name(code, language, _), callback_data=f"sub:{code}")

    buttons = [button(code) for code in codes]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([button(ALL_COUNTRIES)])
    return InlineKeyboardMarkup(rows)


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscribe [country…|all]: follow countries; without one, buttons to pick them."""
    lang, _ = gettext(update, context)
    destination = destination_of(update)
    chat = update.effective_chat
    if destination is None or chat is None:
        return
    if not await may_manage(update, context):
        await _refuse(update, context)
        return
    store = _store(context)
    codes, unknown = parse_countries(context.args or [])
    if unknown:
        await reply_html(
            update,
            _("I don't know a country called “{name}”. Try /countries to see the ones I have.").format(
                name=escape(" ".join(unknown)[:100])
            ),
        )
        return
    user = update.effective_user
    created_by = user.id if user else None
    if not codes:
        resumed = await store.resume(destination)
        lines = []
        if resumed:
            lines.append(_("Resumed: {countries}.").format(countries=_names(resumed, lang, _)))
        lines.append(escape(_("Pick the countries to follow here:")))
        keyboard = await subscription_keyboard(context, destination, lang, _)
        await reply_html(update, "\n".join(lines), keyboard=keyboard)
        return
    result = await store.subscribe(
        destination, codes, chat_type=chat.type, language=lang, created_by=created_by
    )
    lines = []
    if result.added or result.resumed:
        followed = _names([*result.added, *result.resumed], lang, _)
        lines.append(
            _("🔔 Subscribed: {countries}. New documents about them will arrive here.").format(
                countries=followed
            )
        )
    if result.unchanged:
        lines.append(
            _("Already subscribed: {countries}.").format(countries=_names(result.unchanged, lang, _))
        )
    lines.append(escape(_("/subscriptions lists them, /unsubscribe stops them.")))
    await reply_html(update, "\n".join(lines))


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unsubscribe [country…|all]: stop following countries; without one, buttons to pick them."""
    lang, _ = gettext(update, context)
    destination = destination_of(update)
    if destination is None:
        return
    if not await may_manage(update, context):
        await _refuse(update, context)
        return
    store = _store(context)
    words = context.args or []
    if not words:
        current = await store.of(destination)
        if not current:
            await reply_html(
                update,
                escape(_("There are no subscriptions here.")),
            )
            return
        buttons = [
            [InlineKeyboardButton("🔕 " + _name(s.country, lang, _), callback_data=f"unsub:{s.country}")]
            for s in current
            if s.country != ALL_COUNTRIES
        ]
        buttons.append([InlineKeyboardButton("🔕 " + _("Stop everything"), callback_data="unsub:all")])
        await reply_html(
            update, escape(_("Which subscription should stop?")), keyboard=InlineKeyboardMarkup(buttons)
        )
        return
    everything = len(words) == 1 and words[0].lower() in ALL_WORDS
    codes, unknown = ([], []) if everything else parse_countries(words)
    if unknown:
        await reply_html(
            update,
            _("I don't know a country called “{name}”. Try /countries to see the ones I have.").format(
                name=escape(" ".join(unknown)[:100])
            ),
        )
        return
    removed = await store.unsubscribe(destination, None if everything else codes)
    if removed:
        text = _("🔕 Unsubscribed: {countries}.").format(countries=_names(removed, lang, _))
    else:
        text = escape(_("Nothing to stop: that was not followed here."))
    await reply_html(update, text)


async def subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/subscriptions: what this chat (or topic) follows, and what is paused."""
    lang, _ = gettext(update, context)
    destination = destination_of(update)
    if destination is None:
        return
    current = await _store(context).of(destination)
    if not current:
        await reply_html(
            update,
            escape(_("There are no subscriptions here. Try /subscribe Iran, or /subscribe to pick.")),
        )
        return
    title = _("Subscriptions here")
    lines = [f"<b>{escape(title)}</b>"]
    for subscription in current:
        lines.append(_line(subscription, lang, _))
    if any(not s.active for s in current):
        lines += ["", escape(_("Paused subscriptions resume with /subscribe."))]
    await reply_html(update, "\n".join(lines))


def _line(subscription: Subscription, language: str, _: Callable[[str], str]) -> str:
    name = escape(_name(subscription.country, language, _))
    if subscription.active:
        return f"🔔 {name}"
    paused = _("paused")
    return f"⏸ {name} — {escape(paused)}"


async def subscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``sub:<CC>``: under /subscribe a button toggles the country; elsewhere (a brief) it subscribes."""
    query = update.callback_query
    destination = destination_of(update)
    chat = update.effective_chat
    if query is None or destination is None or chat is None:
        return
    if not await may_manage(update, context):
        await _refuse(update, context)
        return
    lang, _ = gettext(update, context)
    raw = (query.data or "").removeprefix("sub:")
    code = ALL_COUNTRIES if raw == ALL_COUNTRIES else resolve_country(raw)
    if code is None:
        await query.answer()
        return
    code = code.upper() if code != ALL_COUNTRIES else code
    store = _store(context)
    picker = _is_picker(query.message.reply_markup if isinstance(query.message, Message) else None)
    followed = {s.country for s in await store.of(destination) if s.active}
    if code in followed and picker:
        await store.unsubscribe(destination, [code])
        note = _("🔕 Unsubscribed: {countries}.")
    elif code in followed:
        note = _("Already subscribed: {countries}.")
    else:
        user = update.effective_user
        await store.subscribe(
            destination, [code], chat_type=chat.type, language=lang, created_by=user.id if user else None
        )
        note = _("🔔 Subscribed: {countries}.")
    await query.answer(note.format(countries=_name(code, lang, _)))
    if not picker:
        return
    keyboard = await subscription_keyboard(context, destination, lang, _)
    try:
        await query.edit_message_reply_markup(reply_markup=keyboard)
    except TelegramError as error:  # the message is too old, or was deleted meanwhile
        log.info("could not refresh the subscription keyboard: %s", error)


def _is_picker(markup: InlineKeyboardMarkup | None) -> bool:
    """Whether a keyboard is the /subscribe country picker (every button ``sub:…``)."""
    if markup is None:
        return False
    data = [str(button.callback_data or "") for row in markup.inline_keyboard for button in row]
    return bool(data) and all(item.startswith("sub:") for item in data)


async def unsubscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "unsubscribe" button of a notification or of /unsubscribe (``unsub:<CC>``, ``unsub:all``)."""
    query = update.callback_query
    destination = destination_of(update)
    if query is None or destination is None:
        return
    if not await may_manage(update, context):
        await _refuse(update, context)
        return
    lang, _ = gettext(update, context)
    raw = (query.data or "").removeprefix("unsub:")
    store = _store(context)
    if raw.lower() in ALL_WORDS:
        removed = await store.unsubscribe(destination, None)
    else:
        code = resolve_country(raw)
        removed = await store.unsubscribe(destination, [code.upper()]) if code else []
    if removed:
        await query.answer(
            _("🔕 Unsubscribed: {countries}.").format(countries=", ".join(_name(c, lang, _) for c in removed))
        )
    else:
        await query.answer(_("Nothing to stop: that was not followed here."))


async def membership_changed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was blocked, kicked or removed: pause the chat's subscriptions (added back: stay paused)."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None:
        return
    status = change.new_chat_member.status
    chat_id = change.chat.id
    if status in _GONE:
        reason = "blocked" if change.chat.type == ChatType.PRIVATE else "removed"
        paused = await _store(context).pause_chat(chat_id, reason)
        log.info("bot %s in chat=%s: %d subscriptions paused", reason, chat_id, paused)


def register(application: Application) -> None:
    """Add this feature's handlers."""
    in_chats_and_channels = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
    application.add_handler(CommandHandler("subscribe", subscribe, filters=in_chats_and_channels))
    application.add_handler(CommandHandler("unsubscribe", unsubscribe, filters=in_chats_and_channels))
    application.add_handler(CommandHandler("subscriptions", subscriptions, filters=in_chats_and_channels))
    application.add_handler(CallbackQueryHandler(subscribe_button, pattern=r"^sub:"))
    application.add_handler(CallbackQueryHandler(unsubscribe_button, pattern=r"^unsub:"))
    application.add_handler(ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
