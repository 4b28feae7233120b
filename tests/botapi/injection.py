"""Updates a test injects: messages from users, channel posts, button presses, inline queries,
membership changes; queued for the bot's next getUpdates."""

from __future__ import annotations

import copy
import itertools
from typing import Any

from tests.botapi import objects
from tests.botapi.calls import ApiCall
from tests.botapi.entities import command_entities
from tests.botapi.state import TelegramState

JSON = dict[str, Any]


class UpdateInjection(TelegramState):
    def inject(self, update: JSON) -> int:
        """Queue an update for getUpdates; assigns update_id if missing. Returns the update_id."""
        update = copy.deepcopy(update)
        if "update_id" not in update:
            update["update_id"] = next(self._update_ids)
        else:
            self._update_ids = itertools.count(max(update["update_id"] + 1, next(self._update_ids)))
        for kind in ("message", "edited_message", "channel_post", "edited_channel_post"):
            if kind in update:
                self._register_chat(update[kind]["chat"])
                if "from" in update[kind]:
                    self._register_user(update[kind]["from"])
        self._updates.append(update)
        self._update_arrived.set()
        return int(update["update_id"])

    def send_text(
        self,
        text: str,
        user: JSON | None = None,
        chat: JSON | None = None,
        *,
        message_thread_id: int | None = None,
        sender_chat: JSON | None = None,
        forward_origin: JSON | None = None,
        reply_to: JSON | ApiCall | None = None,
        entities: list[JSON] | None = None,
    ) -> int:
        """A text message from ``user`` (default ``default_user``) in ``chat`` (default: their private
        chat). Commands get bot_command entities. ``sender_chat=<the group>`` sends as an anonymous
        group admin; ``forward_origin`` (see ``objects.origin_*``) makes it a forward."""
        sender = user or self.default_user
        message = self._incoming_message(
            chat or self.private_chat(sender),
            sender,
            sender_chat=sender_chat,
            message_thread_id=message_thread_id,
            forward_origin=forward_origin,
            reply_to=reply_to,
            text=text,
            entities=command_entities(text) if entities is None else entities,
        )
        return self.inject({"message": message})

    def channel_post(self, text: str, chat: JSON) -> int:
        message = self._incoming_message(chat, None, text=text, entities=command_entities(text))
        return self.inject({"channel_post": message})

    def send_document(
        self,
        document: str | bytes,
        file_name: str = "document.pdf",
        mime_type: str | None = None,
        caption: str | None = None,
        user: JSON | None = None,
        chat: JSON | None = None,
        *,
        message_thread_id: int | None = None,
        forward_origin: JSON | None = None,
    ) -> int:
        """A document message; ``document`` is a file_id from add_file() or the file's bytes."""
        if isinstance(document, bytes):
            stored = self._store_file(document, file_name, mime_type, folder="documents")
        elif document in self.files:
            stored = self.files[document]
        else:
            raise KeyError(f"unknown file_id {document!r}; register it with add_file() first")
        sender = user or self.default_user
        content: JSON = {"document": stored.as_document()}
        if caption is not None:
            content["caption"] = caption
            content["caption_entities"] = command_entities(caption)
        message = self._incoming_message(
            chat or self.private_chat(sender),
            sender,
            message_thread_id=message_thread_id,
            forward_origin=forward_origin,
            **content,
        )
        return self.inject({"message": message})

    def press_button(
        self,
        callback_data: str,
        message: ApiCall | JSON | int,
        user: JSON | None = None,
        *,
        chat: JSON | None = None,
    ) -> int:
        """A callback_query for a button of a message the bot sent: the recorded call, the message
        dict, or its message_id together with ``chat``. The query carries the message as it is now
        (after edits). The presser defaults to the user of a private chat, else ``default_user``."""
        shown = self._resolve_message(message, chat)
        chat_id = shown["chat"]["id"]
        if user is None:
            user = self.users.get(chat_id, self.default_user) if chat_id > 0 else self.default_user
        query_id = str(next(self._query_ids))
        self._open_callback_queries.add(query_id)
        return self.inject(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user,
                    "chat_instance": str(abs(chat_id) * 7919),
                    "message": shown,
                    "data": callback_data,
                }
            }
        )

    def inline_query(
        self, query: str, user: JSON | None = None, offset: str = "", *, chat_type: str | None = None
    ) -> int:
        query_id = str(next(self._query_ids))
        self._open_inline_queries.add(query_id)
        inline: JSON = {"id": query_id, "from": user or self.default_user, "query": query, "offset": offset}
        if chat_type is not None:
            inline["chat_type"] = chat_type
        return self.inject({"inline_query": inline})

    def my_chat_member(self, chat: JSON, old_status: str, new_status: str, user: JSON | None = None) -> int:
        """The bot's own membership changed (added to a group, made admin, blocked in private...)."""
        self._register_chat(chat)
        self.member_statuses[(chat["id"], self.bot["id"])] = new_status
        return self.inject(
            {
                "my_chat_member": {
                    "chat": chat,
                    "from": user or self.default_user,
                    "date": objects.now(),
                    "old_chat_member": objects.chat_member(self._bot_as_user(), old_status),
                    "new_chat_member": objects.chat_member(self._bot_as_user(), new_status),
                }
            }
        )

    def _incoming_message(
        self,
        chat: JSON,
        sender: JSON | None,
        *,
        sender_chat: JSON | None = None,
        message_thread_id: int | None = None,
        forward_origin: JSON | None = None,
        reply_to: JSON | ApiCall | None = None,
        **content: Any,
    ) -> JSON:
        self._register_chat(chat)
        message = self._new_message(chat)
        if chat["type"] == "channel":
            message["sender_chat"] = chat
        elif sender_chat is not None:
            anonymous_admin = sender_chat["id"] == chat["id"]
            message["from"] = objects.group_anonymous_bot() if anonymous_admin else objects.channel_bot()
            message["sender_chat"] = sender_chat
        elif sender is not None:
            self._register_user(sender)
            message["from"] = sender
        if message_thread_id is not None:
            message["message_thread_id"] = message_thread_id
            if chat.get("is_forum"):
                message["is_topic_message"] = True
        if forward_origin is not None:
            message["forward_origin"] = forward_origin
        if reply_to is not None:
            message["reply_to_message"] = self._resolve_message(reply_to, chat)
        message.update({key: value for key, value in content.items() if value})
        self.messages[(chat["id"], message["message_id"])] = copy.deepcopy(message)
        return message
