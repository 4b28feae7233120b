"""Builders for the JSON objects of the Bot API (users, chats, chat members, forward origins).

Plain dicts, shaped as Telegram sends them, so that PTB's ``de_json`` parses them like real traffic.
"""

from __future__ import annotations

import time
from typing import Any

JSON = dict[str, Any]

# The users Telegram puts in "from" when a message is not sent by a person.
GROUP_ANONYMOUS_BOT_ID = 1087968824
CHANNEL_BOT_ID = 136817688

CHAT_MEMBER_STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")


def now() -> int:
    return int(time.time())


def user(
    id: int,
    first_name: str = "Test",
    *,
    last_name: str | None = None,
    username: str | None = None,
    language_code: str | None = "en",
    is_bot: bool = False,
) -> JSON:
    data: JSON = {"id": id, "is_bot": is_bot, "first_name": first_name}
    if last_name is not None:
        data["last_name"] = last_name
    if username is not None:
        data["username"] = username
    if language_code is not None:
        data["language_code"] = language_code
    return data


def bot_user(id: int, username: str, first_name: str, *, can_join_groups: bool = True) -> JSON:
    """The bot as getMe describes it."""
    return {
        "id": id,
        "is_bot": True,
        "first_name": first_name,
        "username": username,
        "can_join_groups": can_join_groups,
        "can_read_all_group_messages": False,
        "supports_inline_queries": True,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def group_anonymous_bot() -> JSON:
    return {
        "id": GROUP_ANONYMOUS_BOT_ID,
        "is_bot": True,
        "first_name": "Group",
        "username": "GroupAnonymousBot",
    }


def channel_bot() -> JSON:
    return {"id": CHANNEL_BOT_ID, "is_bot": True, "first_name": "Channel", "username": "Channel_Bot"}


def private_chat(of: JSON) -> JSON:
    chat: JSON = {"id": of["id"], "type": "private", "first_name": of["first_name"]}
    for key in ("last_name", "username"):
        if key in of:
            chat[key] = of[key]
    return chat


def group(id: int, title: str) -> JSON:
    return {"id": id, "type": "group", "title": title}


def supergroup(id: int, title: str, *, is_forum: bool = False, username: str | None = None) -> JSON:
    chat: JSON = {"id": id, "type": "supergroup", "title": title}
    if is_forum:
        chat["is_forum"] = True
    if username is not None:
        chat["username"] = username
    return chat


def channel(id: int, title: str, *, username: str | None = None) -> JSON:
    chat: JSON = {"id": id, "type": "channel", "title": title}
    if username is not None:
        chat["username"] = username
    return chat


def chat_full_info(chat: JSON) -> JSON:
    """What getChat answers for a chat: the chat plus the fields ChatFullInfo requires."""
    return {
        **chat,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }


def origin_user(sender: JSON, date: int | None = None) -> JSON:
    return {"type": "user", "date": date or now(), "sender_user": sender}


def origin_hidden_user(sender_user_name: str, date: int | None = None) -> JSON:
    return {"type": "hidden_user", "date": date or now(), "sender_user_name": sender_user_name}


def origin_channel(
    chat: JSON, message_id: int, date: int | None = None, author_signature: str | None = None
) -> JSON:
    origin: JSON = {"type": "channel", "date": date or now(), "chat": chat, "message_id": message_id}
    if author_signature is not None:
        origin["author_signature"] = author_signature
    return origin


def chat_member(member: JSON, status: str) -> JSON:
    """A ChatMember of the given status with every field its PTB class requires."""
    if status not in CHAT_MEMBER_STATUSES:
        raise ValueError(f"unknown chat member status {status!r}; one of {CHAT_MEMBER_STATUSES}")
    data: JSON = {"status": status, "user": member}
    if status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        data.update(
            can_be_edited=False,
            is_anonymous=False,
            can_manage_chat=True,
            can_delete_messages=True,
            can_manage_video_chats=True,
            can_restrict_members=True,
            can_promote_members=False,
            can_change_info=True,
            can_invite_users=True,
            can_post_stories=False,
            can_edit_stories=False,
            can_delete_stories=False,
            can_pin_messages=True,
            can_manage_topics=False,
        )
    elif status == "restricted":
        data.update(
            is_member=True,
            can_change_info=False,
            can_invite_users=False,
            can_pin_messages=False,
            can_send_messages=False,
            can_send_polls=False,
            can_send_other_messages=False,
            can_add_web_page_previews=False,
            can_manage_topics=False,
            until_date=0,
            can_send_audios=False,
            can_send_documents=False,
            can_send_photos=False,
            can_send_videos=False,
            can_send_video_notes=False,
            can_send_voice_notes=False,
            can_edit_tag=False,
            can_react_to_messages=False,
        )
    elif status == "kicked":
        data["until_date"] = 0
    return data
