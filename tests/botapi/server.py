"""A loopback Telegram Bot API server for end-to-end tests of PTB applications.

``FakeBotApi`` listens on 127.0.0.1 (random port), answers the Bot API methods a bot uses with
realistic JSON, records every call, and lets tests inject updates, errors and flood limits.
See ``tests/botapi/fixtures.py`` for how a test connects a real ``Application`` to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import mimetypes
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, NamedTuple

from aiohttp import web

from tests.botapi import objects
from tests.botapi.entities import EntityParseError, command_entities, parse_html, utf16_len
from tests.botapi.limits import (
    DEFAULT_DESCRIPTIONS,
    FailurePlan,
    InjectedFailure,
    RateCaps,
    error_body,
    same_chat,
    too_many_requests,
)
from tests.botapi.params import UploadedFile, read_params

JSON = dict[str, Any]
Handler = Callable[[JSON, dict[str, UploadedFile]], Awaitable[Any]]

DEFAULT_TOKEN = "7000000001:AAFakeTokenForLoopbackTestsOnly"
MESSAGE_METHODS = ("sendMessage", "sendDocument", "sendPhoto")
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
# Telegram does not deliver these unless allowed_updates asks for them.
NOT_DELIVERED_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class BotApiError(Exception):
    """Raised by a method implementation to answer {"ok": false, ...}."""

    def __init__(self, error_code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.body = error_body(error_code, description, parameters)


@dataclass
class ApiCall:
    """One request the bot made, with the answer it got."""

    method: str
    params: JSON
    files: dict[str, UploadedFile]
    time: float  # time.monotonic() when the request arrived
    token: str
    response: JSON = field(default_factory=dict)
    injected: bool = False  # answered by an error queued with FakeBotApi.fail()

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def failed(self) -> bool:
        return not self.ok

    @property
    def error_code(self) -> int | None:
        code = self.response.get("error_code")
        return int(code) if code is not None else None

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def text(self) -> str | None:
        """The text or caption as the bot sent it (markup included)."""
        value = self.params.get("text", self.params.get("caption"))
        return value if isinstance(value, str) else None

    def __repr__(self) -> str:
        shown = {k: v for k, v in self.params.items() if k not in ("reply_markup", "results")}
        status = "ok" if self.ok else f"error {self.error_code}{' (injected)' if self.injected else ''}"
        return f"<{self.method} {shown} files={sorted(self.files)} {status}>"


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


class FakeBotApi:
    """A Bot API server on 127.0.0.1 that records calls and serves injected updates.

    State a test may read directly: ``calls``, ``chats`` and ``users`` (registries by id),
    ``messages`` (every message in every chat by ``(chat_id, message_id)``, as last edited),
    ``files`` (by file_id), ``member_statuses`` (by ``(chat_id, user_id)``), ``count_429``.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str = "mpbot_test_bot",
        bot_first_name: str = "MP Test Bot",
        can_join_groups: bool = True,
        strict_chats: bool = True,
    ) -> None:
        self.token = token
        self.bot = objects.bot_user(
            int(token.split(":")[0]), bot_username, bot_first_name, can_join_groups=can_join_groups
        )
        # With strict_chats, sending to a chat no update or helper introduced answers "chat not found".
        self.strict_chats = strict_chats
        self.latency = 0.0
        self.count_429 = 0
        self.calls: list[ApiCall] = []
        self.tokens_seen: set[str] = set()
        self.chats: dict[int, JSON] = {}
        self.users: dict[int, JSON] = {}
        self.messages: dict[tuple[int, int], JSON] = {}
        self.files: dict[str, StoredFile] = {}
        self.member_statuses: dict[tuple[int, int], str] = {}
        self.webhook_url = ""
        self._commands: dict[tuple[str, str], list[JSON]] = {}
        self._updates: list[JSON] = []
        self._allowed_updates: list[str] = []
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._query_ids = itertools.count(1)
        self._file_numbers = itertools.count(1)
        self._open_callback_queries: set[str] = set()
        self._open_inline_queries: set[str] = set()
        self._failures = FailurePlan()
        self._caps: RateCaps | None = None
        self._update_arrived = asyncio.Event()
        self._recorded = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._methods: dict[str, tuple[str, Handler]] = {
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
        self.default_user = self.user(10001, "Ada", username="ada_tester")

    # ----------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        # Wake pending long polls so the server can shut down without waiting for their timeout.
        self._closing = True
        self._update_arrived.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeBotApi is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """For ApplicationBuilder.base_url(): PTB appends the token and "/<method>"."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ----------------------------------------------------------------- recorded calls

    def calls_of(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def sent_messages(self, chat_id: int | str | None = None) -> list[ApiCall]:
        """Successful sendMessage/sendDocument/sendPhoto calls, optionally to one chat, in order."""
        return [
            call
            for call in self.calls
            if call.method in MESSAGE_METHODS
            and call.ok
            and (chat_id is None or same_chat(call.chat_id, chat_id))
        ]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[ApiCall], bool] | None = None,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - a deadline for the assertion, part of the test API
    ) -> list[ApiCall]:
        """Wait until ``count`` calls of ``method`` matching ``predicate`` were recorded (counting
        those recorded before the wait), and return the first ``count`` of them."""

        def matching() -> list[ApiCall]:
            return [call for call in self.calls_of(method) if predicate is None or predicate(call)]

        async with self._recorded:
            try:
                await asyncio.wait_for(self._recorded.wait_for(lambda: len(matching()) >= count), timeout)
            except TimeoutError:
                recorded = "\n".join(f"  {call!r}" for call in self.calls[-40:]) or "  (none)"
                raise AssertionError(
                    f"expected {count} call(s) of {method}"
                    f"{' matching the predicate' if predicate else ''} within {timeout}s, "
                    f"got {len(matching())}. Recorded calls (last 40 of {len(self.calls)}):\n{recorded}"
                ) from None
        return matching()[:count]

    def clear(self) -> None:
        """Forget recorded calls, queued failures and the 429 counter (chats and messages stay)."""
        self.calls.clear()
        self._failures.clear()
        self.count_429 = 0

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        """The command menu stored by setMyCommands for a scope and language."""
        return copy.deepcopy(self._commands.get((_scope_key(scope), language_code), []))

    @property
    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by a getUpdates offset."""
        return list(self._updates)

    # ----------------------------------------------------------------- failures, limits, files

    def fail(
        self,
        method: str,
        error_code: int,
        description: str | None = None,
        *,
        times: int = 1,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        chat_id: int | str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` (only to ``chat_id`` if given) with an error.

        Common cases: ``fail("sendMessage", 429, retry_after=3)``; ``fail("sendMessage", 403)``
        (bot blocked); ``fail("sendMessage", 400, "Bad Request: group chat was upgraded to a
        supergroup chat", migrate_to_chat_id=-100123)``; ``fail("getUpdates", 502)``.
        """
        if description is None:
            description = DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
            if retry_after is not None:
                description = f"Too Many Requests: retry after {retry_after}"
        self._failures.add(
            InjectedFailure(
                method=method.lower(),
                error_code=error_code,
                description=description,
                remaining=times,
                retry_after=retry_after,
                migrate_to_chat_id=migrate_to_chat_id,
                chat_id=chat_id,
            )
        )

    def set_caps(
        self,
        global_per_s: int | None = 30,
        per_chat_per_s: int | None = 1,
        per_group_per_min: int | None = 20,
    ) -> None:
        """Answer 429 with retry_after to send*/edit* calls beyond Telegram-like sliding windows."""
        self._caps = RateCaps(global_per_s, per_chat_per_s, per_group_per_min)

    def clear_caps(self) -> None:
        self._caps = None

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

    # ----------------------------------------------------------------- injecting updates

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

    # ----------------------------------------------------------------- HTTP

    async def _handle_method(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        token, name = request.match_info["token"], request.match_info["method"]
        self.tokens_seen.add(token)
        params, files = await read_params(request)
        method, handler = self._methods.get(name.lower(), (name, None))
        injected = False
        if token != self.token:
            body = error_body(401, "Unauthorized")
        elif (failure := self._failures.take(method, params)) is not None:
            body, injected = failure, True
        elif handler is None:
            body = error_body(404, "Not Found: method not found")
        elif (retry_after := self._admit(method, params, arrived)) is not None:
            body = too_many_requests(retry_after)
        else:
            try:
                body = {"ok": True, "result": await handler(params, files)}
            except BotApiError as error:
                body = error.body
        if body.get("error_code") == 429:
            self.count_429 += 1
        await self._record(ApiCall(method, params, files, arrived, token, copy.deepcopy(body), injected))
        if self.latency:
            await asyncio.sleep(self.latency)
        return web.json_response(body, status=body.get("error_code", 200))

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(error_body(401, "Unauthorized"), status=401)
        path = request.match_info["file_path"]
        for stored in self.files.values():
            if stored.file_path == path:
                if self.latency:
                    await asyncio.sleep(self.latency)
                return web.Response(body=stored.content, content_type="application/octet-stream")
        return web.json_response(error_body(404, "Not Found"), status=404)

    def _admit(self, method: str, params: JSON, now: float) -> int | None:
        if self._caps is None or not _is_flood_limited(method):
            return None
        return self._caps.admit(params.get("chat_id"), now)

    async def _record(self, call: ApiCall) -> None:
        async with self._recorded:
            self.calls.append(call)
            self._recorded.notify_all()

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
        if offset > 0:
            self._updates = [update for update in self._updates if update["update_id"] >= offset]
        # Telegram never queues updates of kinds the bot did not ask for.
        self._updates = [update for update in self._updates if self._is_allowed(update)]

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


def _is_flood_limited(method: str) -> bool:
    return method != "sendChatAction" and method.startswith(("send", "edit", "copy", "forward"))


def _scope_key(scope: object) -> str:
    return json.dumps(scope or {"type": "default"}, sort_keys=True)


def _command_key(params: JSON) -> tuple[str, str]:
    return _scope_key(params.get("scope")), str(params.get("language_code") or "")


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
