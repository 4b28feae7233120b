"""The bot end to end, as a process of its own, against the loopback Bot API: reply latency, throughput,
memory and start-up time, each beside a bare PTB echo bot measured the same way in the same run."""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.search import percentile
from tests.botapi.calls import ApiCall
from tests.botapi.limits import same_chat
from tests.botapi.server import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS: dict[str, str] = {
    "start": "/start",
    "country": "/country Iran",
    "search_ru": "блокировка Telegram в Иране",
    "search_kk": "Қазақстан WhatsApp",
    "search_fa": "فیلتر تلگرام",
    "search_en": "Iran Telegram ban",
}


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class BotProcess:
    """A bot started as a child process, polling ``api``."""

    starts = 0

    def __init__(self, api: FakeBotApi, command: list[str], env: dict[str, str]) -> None:
        self.api = api
        self.command = command
        self.env = env
        self.process: asyncio.subprocess.Process | None = None
        self.startup_s = 0.0

    async def __aenter__(self) -> BotProcess:
        # Start-up: from starting the process to its answer to a /start sent at that moment.
        BotProcess.starts += 1
        starter = self.api.user(900_000 + BotProcess.starts, "Starter", language_code="en")
        began = time.monotonic()
        self.process = await asyncio.create_subprocess_exec(
            *self.command,
            env=self.env,
            cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        self.api.send_text("/start", user=starter)
        await self.api.wait_for("sendMessage", lambda c: same_chat(c.chat_id, starter["id"]), timeout=300)
        self.startup_s = time.monotonic() - began
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.process and self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid


def our_bot(api: FakeBotApi, database: Path, seeds: Path) -> BotProcess:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": api.base_url,
        "DATABASE_PATH": str(database),
        "SEEDS_DIR": str(seeds),
        "LOG_LEVEL": "WARNING",
        # The harness enforces no caps: let the bot answer as fast as it can, so the figures measure its
        # own work and not the 30 messages/s it keeps to against Telegram.
        "TELEGRAM_RATE_PER_S": "1000",
        "DELIVERY_RATE_PER_S": "1000",
    }
    return BotProcess(api, [sys.executable, "-m", "bot", "run"], env)


def echo_bot(api: FakeBotApi) -> BotProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    return BotProcess(api, [sys.executable, "-m", "bench.echo_process", api.token, api.base_url], env)


async def reply_time(api: FakeBotApi, inject: Callable[[], Any], chat_id: int) -> float:
    """Milliseconds from injecting an update to the first reply recorded in that chat."""
    before = len(
        [
            c
            for c in api.calls
            if c.method in ("sendMessage", "editMessageText") and same_chat(c.chat_id, chat_id)
        ]
    )
    began = time.monotonic()
    inject()
    calls = await api.wait_for(
        "sendMessage",
        lambda c: same_chat(c.chat_id, chat_id),
        count=before + 1,
        timeout=30,
    )
    reply: ApiCall = calls[-1]
    return (reply.time - began) * 1000


async def latencies(
    api: FakeBotApi, texts: dict[str, str], rounds: int, first_user: int
) -> dict[str, list[float]]:
    """Reply latency per scenario, each sent ``rounds`` times by fresh users."""
    found: dict[str, list[float]] = {name: [] for name in texts}
    user_id = first_user
    for _ in range(rounds):
        for name, text in texts.items():
            user_id += 1
            user = api.user(user_id, f"U{user_id}", language_code="en")
            found[name].append(
                await reply_time(api, lambda t=text, u=user: api.send_text(t, user=u), user_id)
            )
    return found


async def callback_latencies(api: FakeBotApi, rounds: int, first_user: int) -> list[float]:
    """Reply latency of pressing a country button under /start."""
    found = []
    for n in range(rounds):
        user_id = first_user + n
        user = api.user(user_id, f"C{user_id}", language_code="en")
        await reply_time(api, lambda u=user: api.send_text("/start", user=u), user_id)
        start = api.sent_messages(user_id)[-1]
        found.append(
            await reply_time(api, lambda s=start, u=user: api.press_button("country:IR", s, u), user_id)
        )
    return found


async def throughput(api: FakeBotApi, users: int, text: str, first_user: int) -> dict[str, float]:
    """``users`` users send ``text`` at once: updates per second and the p99 of their waits."""
    people = [api.user(first_user + n, f"T{n}", language_code="en") for n in range(users)]
    before = len(api.calls_of("sendMessage"))
    began = time.monotonic()
    sent_at = {}
    for person in people:
        api.send_text(text, user=person)
        sent_at[person["id"]] = time.monotonic()
    await api.wait_for("sendMessage", count=before + users, timeout=600)
    elapsed = time.monotonic() - began
    first_reply: dict[int, float] = {}
    for call in api.calls_of("sendMessage")[before:]:
        chat = int(call.chat_id)
        first_reply.setdefault(chat, call.time)
    waits = [(first_reply[p["id"]] - sent_at[p["id"]]) * 1000 for p in people if p["id"] in first_reply]
    return {"updates_per_s": round(users / elapsed, 1), "p99_ms": round(percentile(waits, 0.99), 1)}


def summary(values: list[float]) -> dict[str, float]:
    """Median and p99, rounded."""
    return {"median_ms": round(statistics.median(values), 2), "p99_ms": round(percentile(values, 0.99), 2)}
