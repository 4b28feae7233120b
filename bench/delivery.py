"""Delivery benchmark: one document to many subscribed chats through the loopback Bot API with flood caps.

``mpbot run`` runs as a subprocess (as in production) against a FakeBotApi that enforces Telegram-like
caps (raised overall cap to keep the run short; 1/s per chat and 20/min per group as Telegram). The bot's
limiter is configured to the same overall cap. Reported: the achieved rate against the cap (≥ 0.95
wanted), 429 answers (0 wanted) and chats that never got the document (0 wanted).

    python -m bench.delivery [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.ingest import Overrides, prepare_document
from bot.publishing import publish_document
from bot.settings import Settings
from storage.database import Database
from storage.documents import DocumentStore
from storage.subscriptions import Destination, SubscriptionStore
from tests.botapi.server import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
CAP_PER_S = 100
CHATS = 10_000
QUICK_CHATS = 1_000
GROUP_SHARE = 10  # one chat in ten is a group (negative id, 20/min cap)
DOCUMENT = (
    "Kazakhstan restricts messengers during protests\n\n"
    "Access to Telegram and WhatsApp was restricted in several regions on Monday, users reported. "
    "The ministry denied ordering any block and blamed a technical failure. "
    "Digital-rights groups asked the regulator to publish its orders.\n"
)


def chat_ids(count: int) -> list[int]:
    """Private chats (positive ids) with a group (negative id) every ``GROUP_SHARE``-th."""
    return [-(1_000_000_000 + n) if n % GROUP_SHARE == 0 else 5_000_000 + n for n in range(count)]


async def subscribe_all(database_path: Path, chats: list[int], country: str = "KZ") -> None:
    """Subscribe every chat to ``country`` (directly in the database, as many /subscribe would)."""
    database = await Database.open(database_path)
    try:
        store = SubscriptionStore(database)
        for chat_id in chats:
            kind = "supergroup" if chat_id < 0 else "private"
            await store.subscribe(Destination(chat_id), [country], chat_type=kind, language="en")
    finally:
        await database.close()


async def publish(database_path: Path, text: str = DOCUMENT, country: str = "KZ") -> int:
    """Publish one document as ``mpbot ingest --notify`` would; its deliveries join its transaction."""
    database = await Database.open(database_path)
    try:
        new, _ = prepare_document(text, source="Bench Wire", overrides=Overrides(country=country))
        document_id = await publish_document(DocumentStore(database), new)
        assert document_id is not None
        return document_id
    finally:
        await database.close()


def bot_environment(api: FakeBotApi, database_path: Path, rate_per_s: int) -> dict[str, str]:
    """What ``mpbot run`` needs to talk to the harness with the given delivery rate."""
    seeds = database_path.parent / "no-seeds"
    seeds.mkdir(exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": api.base_url,
        "DATABASE_PATH": str(database_path),
        "SEEDS_DIR": str(seeds),
        "LOG_LEVEL": "WARNING",
        "TELEGRAM_RATE_PER_S": str(rate_per_s),
        "DELIVERY_RATE_PER_S": str(rate_per_s),
    }


@contextlib.asynccontextmanager
async def mpbot_run(environment: dict[str, str], log: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    """``mpbot run`` as a subprocess; stopped with SIGTERM (then killed) when the block ends."""
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=environment, cwd=str(ROOT), stdout=output, stderr=output
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()


@dataclass
class Received:
    """Notifications the harness accepted, counted incrementally from its call log."""

    document_id: int
    per_chat: Counter[int] = field(default_factory=Counter)
    times: list[float] = field(default_factory=list)
    _seen: int = 0

    def update(self, api: FakeBotApi) -> None:
        marker = f"doc:{self.document_id}"
        calls = api.calls
        for call in calls[self._seen :]:
            if call.method == "sendMessage" and call.ok and marker in str(call.params.get("reply_markup")):
                self.per_chat[int(call.chat_id)] += 1
                self.times.append(call.time)
        self._seen = len(calls)

    @property
    def chats(self) -> int:
        return len(self.per_chat)

    @property
    def duplicates(self) -> int:
        return sum(count - 1 for count in self.per_chat.values())


async def wait_until(
    api: FakeBotApi,
    received: Received,
    target: int,
    *,
    timeout: float,  # noqa: ASYNC109 - a bound for the whole run
    process: asyncio.subprocess.Process | None = None,
) -> None:
    """Poll the harness until ``target`` chats got the document, the bot died, or ``timeout`` passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        received.update(api)
        if received.chats >= target or (process is not None and process.returncode is not None):
            return
        await asyncio.sleep(0.05)
    received.update(api)


async def wait_polling(api: FakeBotApi, timeout: float = 60.0) -> None:  # noqa: ASYNC109
    """Wait until the bot has started long polling (post_init done, worker started)."""
    before = len(api.calls_of("getUpdates"))
    await api.wait_for("getUpdates", count=before + 1, timeout=timeout)


async def measure(quick: bool) -> dict[str, Any]:
    """Run the benchmark; return its figures."""
    count = QUICK_CHATS if quick else CHATS
    chats = chat_ids(count)
    with tempfile.TemporaryDirectory(prefix="mpbot-bench-") as folder:
        database_path = Path(folder) / "bench.sqlite3"
        Settings(database_path=database_path)  # the same validation mpbot run applies
        await subscribe_all(database_path, chats)
        async with FakeBotApi(strict_chats=False) as api:
            api.set_caps(global_per_s=CAP_PER_S, per_chat_per_s=1, per_group_per_min=20)
            environment = bot_environment(api, database_path, CAP_PER_S)
            async with mpbot_run(environment, Path(folder) / "bot.log") as process:
                await wait_polling(api)
                document_id = await publish(database_path)
                received = Received(document_id)
                await wait_until(api, received, count, timeout=count / CAP_PER_S * 3 + 30, process=process)
            log_tail = (Path(folder) / "bot.log").read_text(errors="replace")[-2000:]
            count_429 = api.count_429
    times = sorted(received.times)
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    rate = (len(times) - 1) / span if span > 0 else 0.0
    figures: dict[str, Any] = {
        "delivery_chats": count,
        "delivery_cap_per_s": CAP_PER_S,
        "delivery_rate_per_s": round(rate, 1),
        "delivery_cap_ratio": round(rate / CAP_PER_S, 3),
        "delivery_seconds": round(span, 2),
        "delivery_lost": count - received.chats,
        "delivery_duplicates": received.duplicates,
        "delivery_429": count_429,
    }
    if received.chats < count:
        figures["bot_log_tail"] = log_tail
    return figures


def run(quick: bool = False) -> dict[str, Any]:
    """The delivery benchmark's figures (``quick``: 1,000 chats instead of 10,000)."""
    return asyncio.run(measure(quick))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_CHATS} chats instead of {CHATS}")
    args = parser.parse_args()
    print(json.dumps(run(quick=args.quick), indent=2))


if __name__ == "__main__":
    main()
