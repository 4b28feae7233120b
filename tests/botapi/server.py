"""A loopback Telegram Bot API server for end-to-end tests of PTB applications.

``FakeBotApi`` listens on 127.0.0.1 (random port), answers the Bot API methods a bot uses with
realistic JSON, records every call, and lets tests inject updates, errors and flood limits.
See ``tests/botapi/fixtures.py`` for how a test connects a real ``Application`` to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import socket
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web
from telegram.ext import Application

from tests.botapi.calls import ApiCall, BotApiError
from tests.botapi.injection import UpdateInjection
from tests.botapi.limits import (
    DEFAULT_DESCRIPTIONS,
    FailurePlan,
    InjectedFailure,
    RateCaps,
    error_body,
    same_chat,
    too_many_requests,
)
from tests.botapi.methods import BotApiMethods
from tests.botapi.params import read_params

JSON = dict[str, Any]

DEFAULT_TOKEN = "7000000001:AAFakeTokenForLoopbackTestsOnly"
MESSAGE_METHODS = ("sendMessage", "sendDocument", "sendPhoto")


class FakeBotApi(UpdateInjection, BotApiMethods):
    """A Bot API server on 127.0.0.1 that records calls and serves injected updates.

    Besides the registries of TelegramState, a test may read ``calls``, ``tokens_seen`` and
    ``count_429`` directly, and set ``latency`` (seconds added to every answer) or ``latencies`` (to the
    answers of one method, by its name: ``{"sendMessage": 0.3}``).
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
        super().__init__(
            token=token,
            bot_username=bot_username,
            bot_first_name=bot_first_name,
            can_join_groups=can_join_groups,
            strict_chats=strict_chats,
        )
        self.latency = 0.0
        self.latencies: dict[str, float] = {}
        # The Application polling this server from the test's own process, if the test says which:
        # ``until_handled`` then waits for it.
        self.polled_by: Application[Any, Any, Any, Any, Any, Any] | None = None
        self.count_429 = 0
        self.calls: list[ApiCall] = []
        self.tokens_seen: set[str] = set()
        self._failures = FailurePlan()
        self._caps: RateCaps | None = None
        self._recorded = asyncio.Condition()
        self._stopping = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._methods = self.method_table()

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
        # Wake pending long polls and slow answers so the server can shut down without waiting for them.
        self._closing = True
        self._update_arrived.set()
        self._stopping.set()
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

    async def until_handled(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109 - a cap, as in wait_for
        """Wait until the bot (``polled_by``) has taken every queued update and finished handling it, so
        that every call its handlers made is recorded; fail after ``timeout``.

        No quiet spell is guessed. A getUpdates whose offset confirms an update comes after PTB put it in
        the Application's update queue, and that queue counts an update done only once its handlers (and
        the error handler) have returned: ``join`` on it is the end of the handling.
        """
        application = self.polled_by
        if application is None:
            raise RuntimeError("no Application of this process polls the server: set polled_by first")
        try:
            async with asyncio.timeout(timeout):
                while self._updates:
                    self._updates_taken.clear()
                    await self._updates_taken.wait()
                await application.update_queue.join()
        except TimeoutError:
            state = f"{len(self._updates)} update(s) not taken" if self._updates else "handlers still running"
            raise AssertionError(f"the bot did not handle its updates within {timeout}s: {state}") from None

    def clear(self) -> None:
        """Forget recorded calls, queued failures and the 429 counter (chats and messages stay)."""
        self.calls.clear()
        self._failures.clear()
        self.count_429 = 0

    # ----------------------------------------------------------------- failures and limits

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
        await self._delay(self.latencies.get(method, self.latency))
        return web.json_response(body, status=body.get("error_code", 200))

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(error_body(401, "Unauthorized"), status=401)
        path = request.match_info["file_path"]
        for stored in self.files.values():
            if stored.file_path == path:
                await self._delay(self.latency)
                return web.Response(body=stored.content, content_type="application/octet-stream")
        return web.json_response(error_body(404, "Not Found"), status=404)

    async def _delay(self, seconds: float) -> None:
        """Wait before answering; no longer once the server is stopping."""
        if seconds:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), seconds)

    def _admit(self, method: str, params: JSON, now: float) -> int | None:
        if self._caps is None or not _is_flood_limited(method):
            return None
        return self._caps.admit(params.get("chat_id"), now)

    async def _record(self, call: ApiCall) -> None:
        async with self._recorded:
            self.calls.append(call)
            self._recorded.notify_all()


def _is_flood_limited(method: str) -> bool:
    return method != "sendChatAction" and method.startswith(("send", "edit", "copy", "forward"))
