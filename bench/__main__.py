"""`make bench`: every benchmark under bench/, figures as ratios to baselines measured in the same run,
written to BENCHMARKS.md and bench/results.json."""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import bot as bot_bench
from bench.report import write_report
from tests.botapi.server import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent


def search_at(size: int, keep: Path | None = None) -> dict[str, Any]:
    """The search benchmark at one size, in its own process (so its peak RSS is its own)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.search", "--size", str(size), *(["--keep", str(keep)] if keep else [])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


async def end_to_end(database: Path, size: int, rounds: int, users: int) -> dict[str, Any]:
    """Reply latency, throughput, memory and start-up of our bot and of the echo bot, same harness."""
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="mpbot-bench-bot-") as folder:
        empty = Path(folder) / "no-seeds"
        async with FakeBotApi(strict_chats=False) as api:
            async with bot_bench.echo_bot(api) as echo:
                echo_latency = await bot_bench.latencies(api, bot_bench.SCENARIOS, rounds, 100_000)
                echo_idle = bot_bench.peak_rss_mb(echo.pid)
                echo_load = await bot_bench.throughput(api, users, "Iran Telegram ban", 200_000)
                figures["echo"] = {
                    "startup_s": round(echo.startup_s, 2),
                    "latency": {k: bot_bench.summary(v) for k, v in echo_latency.items()},
                    "throughput": echo_load,
                    "peak_rss_mb": round(bot_bench.peak_rss_mb(echo.pid), 1),
                    "idle_rss_mb": round(echo_idle, 1),
                }
            async with bot_bench.our_bot(api, database, empty) as ours:
                idle = bot_bench.peak_rss_mb(ours.pid)
                latency = await bot_bench.latencies(api, bot_bench.SCENARIOS, rounds, 300_000)
                latency["callback"] = await bot_bench.callback_latencies(api, rounds, 400_000)
                load = await bot_bench.throughput(api, users, "Iran Telegram ban", 500_000)
                figures["bot"] = {
                    "documents": size,
                    "startup_s": round(ours.startup_s, 2),
                    "latency": {k: bot_bench.summary(v) for k, v in latency.items()},
                    "throughput": load,
                    "idle_rss_mb": round(idle, 1),
                    "peak_rss_mb": round(bot_bench.peak_rss_mb(ours.pid), 1),
                }
        async with FakeBotApi(strict_chats=False) as api:
            seeded = Path(folder) / "seeded.sqlite3"
            async with bot_bench.our_bot(api, seeded, ROOT / "seeds") as first_start:
                figures["bot"]["startup_with_seeds_s"] = round(first_start.startup_s, 2)
    return figures


def delivery(quick: bool) -> dict[str, Any] | None:
    """The delivery benchmark, where it exists."""
    try:
        from bench import delivery as delivery_bench
    except ImportError:
        return None
    result: dict[str, Any] = delivery_bench.run(quick=quick)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: under a minute")
    args = parser.parse_args()
    began = time.monotonic()
    sizes = [1_000, 3_000] if args.quick else [1_000, 10_000, 100_000]
    with tempfile.TemporaryDirectory(prefix="mpbot-bench-") as largest:
        search = {size: search_at(size, Path(largest) if size == sizes[-1] else None) for size in sizes}
        e2e = asyncio.run(
            end_to_end(
                Path(largest) / "bench.sqlite3",
                size=sizes[-1],
                rounds=2 if args.quick else 10,
                users=50 if args.quick else 1000,
            )
        )
    deliveries = delivery(args.quick)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    context = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit.stdout.strip() or "unknown",
        "machine": f"{platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}",
        "quick": args.quick,
        "seconds": 0.0,
    }
    context["seconds"] = round(time.monotonic() - began, 1)
    write_report(ROOT, context, search, e2e, deliveries)


if __name__ == "__main__":
    main()
