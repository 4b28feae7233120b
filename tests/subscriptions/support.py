"""Helpers for the subscription tests: the real bot against the loopback Bot API, and publishing."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from telegram.ext import Application

from bot.app import build_application
from bot.ingest import Overrides, prepare_document
from bot.publishing import publish_document
from bot.services import Services
from bot.settings import Settings
from tests.botapi.calls import ApiCall
from tests.botapi.limits import same_chat
from tests.botapi.server import FakeBotApi
from tests.conftest import polling

T = TypeVar("T")
_numbers = itertools.count(1)


@asynccontextmanager
async def running_bot(
    api: FakeBotApi, settings: Settings
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """The real Application (with its delivery worker) polling the loopback Bot API (``settings`` wired)."""
    async with polling(api, build_application(settings)) as application:
        yield application


def services_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    found = application.bot_data["services"]
    assert isinstance(found, Services)
    return found


async def publish(services: Services, country: str | None, *, title: str | None = None) -> int:
    """Publish a new document about ``country`` as an admin would; return its id."""
    number = next(_numbers)
    title = title or f"Messenger restrictions, report {number}"
    raw = (
        f"{title}\n\n"
        f"The regulator restricted access to Telegram and WhatsApp on Monday (report {number}). "
        "Officials denied that any block had been ordered. Users turned to VPNs.\n"
    )
    new, _ = prepare_document(raw, source="Test Wire", overrides=Overrides(country=country, title=title))
    document_id = await publish_document(services.documents, new)
    assert document_id is not None
    return document_id


def buttons(call: ApiCall) -> list[str]:
    """The callback data of every inline button of a sent message."""
    markup = call.params.get("reply_markup") or {}
    return [button.get("callback_data", "") for row in markup.get("inline_keyboard", []) for button in row]


def is_notification(document_id: int, chat_id: int | None = None) -> Any:
    """A predicate for ``wait_for``: a successful notification of that document (to that chat)."""

    def matches(call: ApiCall) -> bool:
        return (
            call.ok
            and f"doc:{document_id}" in buttons(call)
            and (chat_id is None or same_chat(call.chat_id, chat_id))
        )

    return matches


def notifications(api: FakeBotApi, document_id: int, chat_id: int | None = None) -> list[ApiCall]:
    """The successful notifications of a document the harness received (to one chat)."""
    return [call for call in api.calls_of("sendMessage") if is_notification(document_id, chat_id)(call)]


async def eventually(read: Callable[[], Awaitable[T]], expected: T, *, timeout: float = 5.0) -> T:  # noqa: ASYNC109
    """Read until the value is ``expected`` (an update handled in the background); fail after ``timeout``."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await read()
        if value == expected or asyncio.get_running_loop().time() > deadline:
            assert value == expected
            return value
        await asyncio.sleep(0.02)
