"""The Bot API methods the fake server implements, answering as Telegram does (errors included)."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import time
from collections.abc import Awaitable, Callable
from typing import Any

from tests.botapi import objects
from tests.botapi.calls import BotApiError
from tests.botapi.entities import EntityParseError, parse_html, utf16_len
from tests.botapi.params import UploadedFile
from tests.botapi.state import StoredFile, TelegramState, scope_key

JSON = dict[str, Any]
Handler = Callable[[JSON, dict[str, UploadedFile]], Awaitable[Any]]

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
# Telegram does not deliver these unless allowed_updates asks for them.
NOT_DELIVERED_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class BotApiMethods(TelegramState):
    def method_table(self) -> dict[str, tuple[str, Handler]]:
        """Implemented methods by lower-cased name (Telegram ignores the case) -> (name, handler)."""
        return {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "logOut": self._true,
                "close": self._true,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "sendMessage": self._send_message,
                "sendDocument": self._send_document,
                "sendPhoto": self._send_photo,
                "sendChatAction": self._send_chat_action,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "answerInlineQuery": self._answer_inline_query,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "getChat": self._get_chat,
                "getChatMember": self._get_chat_member,
                "getFile": self._get_file,
            }.items()
        }

    # ----------------------------------------------------------------- methods: bot and updates

    async def _true(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        return True

    async def _get_me(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        return self.bot

    async def _get_updates(self, params: JSON, files: dict[str, UploadedFile]) -> list[JSON]:
        if self.webhook_url:
            raise BotApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        if "allowed_updates" in params:  # remembered across calls, as Telegram does
            self._allowed_updates = list(params["allowed_updates"] or [])
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while True:
            self._confirm(offset)
            deliverable = [update for update in self._updates if self._is_allowed(update)]
            if offset < 0:
                deliverable = deliverable[offset:]
            remaining = deadline - time.monotonic()
            if deliverable or remaining <= 0 or self._closing:
                return deliverable[:limit]
            self._update_arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._update_arrived.wait(), remaining)

    def _confirm(self, offset: int) -> None:
        queued = len(self._updates)
        if offset > 0:
            self._updates = [update for update in self._updates if update["update_id"] >= offset]
        # Telegram never queues updates of kinds the bot did not ask for.
        self._updates = [update for update in self._updates if self._is_allowed(update)]
        if len(self._updates) < queued:
            self._updates_taken.set()

    def _is_allowed(self, update: JSON) -> bool:
        kinds = set(update) - {"update_id"}
        if self._allowed_updates:
            return bool(kinds & set(self._allowed_updates))
        return not kinds <= NOT_DELIVERED_BY_DEFAULT

    async def _set_webhook(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        self.webhook_url = str(params.get("url") or "")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _delete_webhook(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    # ----------------------------------------------------------------- methods: messages

    async def _send_message(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        chat = self._chat(params)
        text, entities = _formatted(params, "text", "entities")
        if not text.strip():
            raise BotApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > MAX_TEXT_LENGTH:
            raise BotApiError(400, "Bad Request: message is too long")
        return self._outgoing_message(chat, params, text=text, entities=entities)

    async def _send_document(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        chat = self._chat(params)
        stored = self._input_file(params, files, "document", folder="documents")
        return self._outgoing_message(chat, params, document=stored.as_document(), **_caption(params))

    async def _send_photo(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        chat = self._chat(params)
        stored = self._input_file(params, files, "photo", folder="photos")
        sizes = [(90, 67), (320, 240)]
        photo = [
            {
                "file_id": f"{stored.file_id}_{width}",
                "file_unique_id": f"{stored.file_unique_id}_{width}",
                "width": width,
                "height": height,
                "file_size": len(stored.content),
            }
            for width, height in sizes
        ]
        return self._outgoing_message(chat, params, photo=photo, **_caption(params))

    async def _send_chat_action(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        self._chat(params)
        return True

    async def _edit_message_text(self, params: JSON, files: dict[str, UploadedFile]) -> JSON | bool:
        if params.get("inline_message_id"):
            return True
        stored = self._stored_message(params, "Bad Request: message to edit not found")
        text, entities = _formatted(params, "text", "entities")
        if not text.strip():
            raise BotApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > MAX_TEXT_LENGTH:
            raise BotApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        # Like Telegram, an edit without reply_markup removes the inline keyboard.
        return self._edit(stored, text=text, entities=entities, reply_markup=_inline_markup(params))

    async def _edit_message_reply_markup(self, params: JSON, files: dict[str, UploadedFile]) -> JSON | bool:
        if params.get("inline_message_id"):
            return True
        stored = self._stored_message(params, "Bad Request: message to edit not found")
        return self._edit(stored, reply_markup=_inline_markup(params))

    async def _delete_message(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        stored = self._stored_message(params, "Bad Request: message to delete not found")
        del self.messages[(stored["chat"]["id"], stored["message_id"])]
        return True

    def _outgoing_message(self, chat: JSON, params: JSON, **content: Any) -> JSON:
        message = self._new_message(chat)
        message["from"] = self._bot_as_user()
        if chat["type"] == "channel":
            del message["from"]
            message["sender_chat"] = chat
        if (thread_id := params.get("message_thread_id")) is not None:
            message["message_thread_id"] = thread_id
            if chat.get("is_forum"):
                message["is_topic_message"] = True
        reply_to = (params.get("reply_parameters") or {}).get("message_id")
        if reply_to is not None and (chat["id"], reply_to) in self.messages:
            message["reply_to_message"] = copy.deepcopy(self.messages[(chat["id"], reply_to)])
        message.update({key: value for key, value in content.items() if value})
        if markup := _inline_markup(params):
            message["reply_markup"] = markup
        self.messages[(chat["id"], message["message_id"])] = copy.deepcopy(message)
        return message

    def _edit(self, stored: JSON, **changes: Any) -> JSON:
        edited = {**stored, **{key: value for key, value in changes.items() if value}}
        for key, value in changes.items():
            if not value:
                edited.pop(key, None)
        if all(edited.get(key) == stored.get(key) for key in changes):
            raise BotApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        edited["edit_date"] = objects.now()
        self.messages[(stored["chat"]["id"], stored["message_id"])] = copy.deepcopy(edited)
        return edited

    def _stored_message(self, params: JSON, not_found: str) -> JSON:
        chat = self._chat(params)
        key = (chat["id"], int(params.get("message_id") or 0))
        if key not in self.messages:
            raise BotApiError(400, not_found)
        return copy.deepcopy(self.messages[key])

    def _input_file(
        self, params: JSON, files: dict[str, UploadedFile], field: str, *, folder: str
    ) -> StoredFile:
        if field in files:
            upload = files[field]
            return self._store_file(upload.content, upload.filename, upload.content_type, folder=folder)
        reference = params.get(field)
        if isinstance(reference, str) and reference.startswith("attach://"):
            attached = files.get(reference.removeprefix("attach://"))
            if attached is not None:
                return self._store_file(
                    attached.content, attached.filename, attached.content_type, folder=folder
                )
        if isinstance(reference, str) and reference in self.files:
            return self.files[reference]
        if isinstance(reference, str) and reference.startswith(("http://", "https://")):
            return self._store_file(b"", reference.rsplit("/", 1)[-1] or None, None, folder=folder)
        raise BotApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    # ----------------------------------------------------------------- methods: queries, commands, chats

    async def _answer_callback_query(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        self._close_query(self._open_callback_queries, params.get("callback_query_id"))
        return True

    async def _answer_inline_query(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        self._close_query(self._open_inline_queries, params.get("inline_query_id"))
        return True

    @staticmethod
    def _close_query(open_queries: set[str], query_id: object) -> None:
        if str(query_id) not in open_queries:
            raise BotApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        open_queries.discard(str(query_id))

    async def _set_my_commands(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise BotApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            if not (0 < len(command.get("command", "")) <= 32 and command.get("description")):
                raise BotApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self._commands[_command_key(params)] = commands
        return True

    async def _get_my_commands(self, params: JSON, files: dict[str, UploadedFile]) -> list[JSON]:
        return self._commands.get(_command_key(params), [])

    async def _delete_my_commands(self, params: JSON, files: dict[str, UploadedFile]) -> bool:
        self._commands.pop(_command_key(params), None)
        return True

    async def _get_chat(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        return objects.chat_full_info(self._chat(params))

    async def _get_chat_member(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        chat = self._chat(params)
        user_id = int(params.get("user_id") or 0)
        if user_id == self.bot["id"]:
            member = self._bot_as_user()
        else:
            member = self.users.get(user_id) or objects.user(user_id, f"User {user_id}")
        status = self.member_statuses.get((chat["id"], user_id), "member")
        return objects.chat_member(member, status)

    async def _get_file(self, params: JSON, files: dict[str, UploadedFile]) -> JSON:
        file_id = str(params.get("file_id"))
        stored = self.files.get(file_id) or self.files.get(file_id.rsplit("_", 1)[0])
        if stored is None:
            raise BotApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }


def _command_key(params: JSON) -> tuple[str, str]:
    return scope_key(params.get("scope")), str(params.get("language_code") or "")


def _inline_markup(params: JSON) -> JSON | None:
    """Messages carry only inline keyboards; reply keyboards are not echoed, as with Telegram."""
    markup = params.get("reply_markup")
    return markup if isinstance(markup, dict) and "inline_keyboard" in markup else None


def _formatted(params: JSON, text_field: str, entities_field: str) -> tuple[str, list[JSON]]:
    """Text as Telegram stores it: HTML parsed into plain text and entities."""
    text = str(params.get(text_field) or "")
    if params.get(entities_field):
        return text, list(params[entities_field])
    if str(params.get("parse_mode") or "").upper() == "HTML":
        try:
            return parse_html(text)
        except EntityParseError as error:
            raise BotApiError(400, f"Bad Request: can't parse entities: {error}") from None
    return text, []


def _caption(params: JSON) -> JSON:
    if params.get("caption") is None:
        return {}
    caption, entities = _formatted(params, "caption", "caption_entities")
    if utf16_len(caption) > MAX_CAPTION_LENGTH:
        raise BotApiError(400, "Bad Request: message caption is too long")
    return {"caption": caption, "caption_entities": entities}
