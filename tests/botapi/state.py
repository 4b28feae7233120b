"""What the fake Telegram knows: the bot, users, chats, messages, files, memberships, commands.

Shared by the update injection helpers (injection.py) and the method implementations (methods.py).
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import mimetypes
from dataclasses import dataclass
from typing import Any, NamedTuple

from tests.botapi import objects
from tests.botapi.calls import ApiCall, BotApiError

JSON = dict[str, Any]


@dataclass(frozen=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None
    mime_type: str | None

    def as_document(self) -> JSON:
        document: JSON = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }
        if self.file_name is not None:
            document["file_name"] = self.file_name
        if self.mime_type is not None:
            document["mime_type"] = self.mime_type
        return document


class FileIds(NamedTuple):
    file_id: str
    file_unique_id: str


class TelegramState:
    """Registries a test may read directly: ``chats`` and ``users`` (by id), ``messages`` (every
    message in every chat by ``(chat_id, message_id)``, as last edited), ``files`` (by file_id),
    ``member_statuses`` (by ``(chat_id, user_id)``)."""

    def __init__(
        self,
        *,
        token: str,
        bot_username: str,
        bot_first_name: str,
        can_join_groups: bool,
        strict_chats: bool,
    ) -> None:
        self.token = token
        self.bot = objects.bot_user(
            int(token.split(":")[0]), bot_username, bot_first_name, can_join_groups=can_join_groups
        )
        # With strict_chats, sending to a chat no update or helper introduced answers "chat not found".
        self.strict_chats = strict_chats
        self.chats: dict[int, JSON] = {}
        self.users: dict[int, JSON] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        self.files: dict[str, StoredFile] = {}
        self.member_statuses: dict[tuple[int, int], str] = {}
        self.webhook_url = ""
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._updates: list[JSON] = []
        self._allowed_updates: list[str] = []
        # Set when an update is queued, or when the server stops, to wake long polls.
        self._update_arrived = asyncio.Event()
        # Set when a getUpdates offset confirms queued updates: the bot has taken them.
        self._updates_taken = asyncio.Event()
        self._closing = False
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._query_ids = itertools.count(1)
        self._file_numbers = itertools.count(1)
        self._open_callback_queries: set[str] = set()
        self._open_inline_queries: set[str] = set()
        self.default_user = self.user(10001, "Ada", username="ada_tester")

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The command menu stored by setMyCommands for a scope and language."""
        return copy.deepcopy(self._commands.get((scope_key(scope), language_code), []))

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by a getUpdates offset."""
        return list(self._updates)

    def add_file(
        self, content: bytes, file_name: str | None = "file.bin", mime_type: str | None = None
    ) -> FileIds:
        """Make a file downloadable through getFile; returns its file_id and file_unique_id."""
        stored = self._store_file(content, file_name, mime_type, folder="documents")
        return FileIds(stored.file_id, stored.file_unique_id)

    def _store_file(
        self, content: bytes, file_name: str | None, mime_type: str | None, *, folder: str
    ) -> StoredFile:
        number = next(self._file_numbers)
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        stored = StoredFile(
            file_id=f"BQACAgIAAxkBAAI{number:06d}fake",
            file_unique_id=f"AgAD{number:06d}",
            file_path=f"{folder}/file_{number}{suffix}",
            content=content,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    # ----------------------------------------------------------------- users and chats

    def user(
        self,
        id: int,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> JSON:
        """A user (registered, with their private chat) to pass to the injection helpers."""
        built = objects.user(
            id, first_name, last_name=last_name, username=username, language_code=language_code
        )
        self._register_user(built)
        self.private_chat(built)
        return built

    def private_chat(self, of: JSON) -> JSON:
        return self._register_chat(objects.private_chat(of))

    def group(self, id: int, title: str) -> JSON:
        return self._register_chat(objects.group(id, title))

    def supergroup(self, id: int, title: str, *, is_forum: bool = False, username: str | None = None) -> JSON:
        return self._register_chat(objects.supergroup(id, title, is_forum=is_forum, username=username))

    def channel(self, id: int, title: str, *, username: str | None = None) -> JSON:
        return self._register_chat(objects.channel(id, title, username=username))

    def set_member_status(self, chat_id: int, user_id: int, status: str) -> None:
        """What getChatMember answers for this user in this chat (default "member")."""
        objects.chat_member({}, status)  # validates the status
        self.member_statuses[(chat_id, user_id)] = status

    def _register_chat(self, chat: JSON) -> JSON:
        self.chats[chat["id"]] = chat
        return chat

    def _register_user(self, person: JSON) -> None:
        if person["id"] not in (objects.GROUP_ANONYMOUS_BOT_ID, objects.CHANNEL_BOT_ID):
            self.users[person["id"]] = person

    # ----------------------------------------------------------------- messages

    def _new_message(self, chat: JSON) -> JSON:
        counter = self._message_ids.setdefault(chat["id"], itertools.count(1))
        return {"message_id": next(counter), "date": objects.now(), "chat": chat}

    def _resolve_message(self, message: ApiCall | JSON | int, chat: JSON | None) -> JSON:
        if isinstance(message, ApiCall):
            if not isinstance(message.result, dict):
                raise ValueError(f"{message!r} did not return a message")
            message = message.result
        if isinstance(message, dict):
            chat_id, message_id = message["chat"]["id"], message["message_id"]
        elif chat is None:
            raise ValueError("a message given by id needs its chat")
        else:
            chat_id, message_id = chat["id"], message
        if (chat_id, message_id) not in self.messages:
            raise KeyError(f"no message {message_id} in chat {chat_id} (deleted, or never sent)")
        return copy.deepcopy(self.messages[(chat_id, message_id)])

    def _bot_as_user(self) -> JSON:
        return {key: self.bot[key] for key in ("id", "is_bot", "first_name", "username")}

    def _chat(self, params: JSON) -> JSON:
        chat_id = params.get("chat_id")
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for chat in self.chats.values():
                if chat.get("username") == chat_id[1:]:
                    return chat
        elif isinstance(chat_id, int | str) and str(chat_id).lstrip("-").isdigit():
            chat_id = int(chat_id)
            if chat_id in self.chats:
                return self.chats[chat_id]
            if not self.strict_chats:
                if chat_id > 0:
                    return self.private_chat(objects.user(chat_id, f"User {chat_id}"))
                return self.supergroup(chat_id, f"Chat {chat_id}")
        if chat_id is None:
            raise BotApiError(400, "Bad Request: chat_id is empty")
        raise BotApiError(400, "Bad Request: chat not found")


def scope_key(scope: object) -> str:
    return json.dumps(scope or {"type": "default"}, sort_keys=True)
