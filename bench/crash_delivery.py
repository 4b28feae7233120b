"""Crash test: SIGKILL ``mpbot run`` in the middle of a broadcast, restart it, count what arrived.

2,000 chats follow a country; one document is published; the bot is killed (SIGKILL: no clean shutdown)
after about a third and again after two thirds of the chats got it, and restarted each time. Wanted: every
chat got the document, and at most one chat per kill got it twice.

    python -m bench.crash_delivery [--chats N] [--kills K]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.delivery import (
    Received,
    bot_environment,
    chat_ids,
    mpbot_run,
    publish,
    subscribe_all,
    wait_polling,
    wait_until,
)
from tests.botapi.server import FakeBotApi

CHATS = 2_000
KILLS = 2
CAP_PER_S = 100


async def crash(chats: int = CHATS, kills: int = KILLS) -> dict[str, Any]:
    """Run the crash test; return its figures."""
    targets = [chats * (n + 1) // (kills + 1) for n in range(kills)]
    with tempfile.TemporaryDirectory(prefix="mpbot-crash-") as folder:
        database_path = Path(folder) / "crash.sqlite3"
        log = Path(folder) / "bot.log"
        await subscribe_all(database_path, chat_ids(chats))
        async with FakeBotApi(strict_chats=False) as api:
            api.set_caps(global_per_s=CAP_PER_S, per_chat_per_s=1, per_group_per_min=20)
            environment = bot_environment(api, database_path, CAP_PER_S)
            received: Received | None = None
            killed_at: list[int] = []
            for run, target in enumerate([*targets, chats]):
                async with mpbot_run(environment, log) as process:
                    await wait_polling(api)
                    if received is None:
                        received = Received(await publish(database_path))
                    await wait_until(
                        api, received, target, timeout=chats / CAP_PER_S * 3 + 30, process=process
                    )
                    if run < len(targets):
                        process.kill()  # SIGKILL: no shutdown, no last write
                        await process.wait()
                        received.update(api)
                        killed_at.append(received.chats)
            assert received is not None
            received.update(api)
            count_429 = api.count_429
    duplicated = sum(1 for count in received.per_chat.values() if count > 1)
    figures: dict[str, Any] = {
        "chats": chats,
        "kills": len(killed_at),
        "killed_after_chats": killed_at,
        "messages_received": sum(received.per_chat.values()),
        "chats_reached": received.chats,
        "chats_missing": chats - received.chats,
        "chats_twice": duplicated,
        "most_copies_in_one_chat": max(received.per_chat.values(), default=0),
        "responses_429": count_429,
    }
    figures["ok"] = figures["chats_missing"] == 0 and duplicated <= len(killed_at)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=CHATS)
    parser.add_argument("--kills", type=int, default=KILLS)
    args = parser.parse_args()
    figures = asyncio.run(crash(args.chats, args.kills))
    print(json.dumps(figures, indent=2))
    sys.exit(0 if figures["ok"] else 1)


if __name__ == "__main__":
    main()
