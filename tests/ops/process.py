"""Running ``mpbot`` as a real process against a test database (and the loopback Bot API)."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def mpbot_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    """A clean environment for ``mpbot``: a database in ``tmp_path``, the real seeds, and ``settings``."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "SEEDS_DIR": str(ROOT / "seeds"),
    }
    env.update(settings)
    return env


def mpbot(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """Run ``mpbot ARGS`` to completion."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=mpbot_env(tmp_path, **settings),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def start_mpbot(tmp_path: Path, *args: str, **settings: str) -> asyncio.subprocess.Process:
    """Start ``mpbot ARGS`` without waiting, so the test's event loop keeps serving the loopback API.

    Its output goes to ``stdout.log`` and ``stderr.log`` in ``tmp_path`` (a pipe nobody reads would
    fill up and block a chatty process).
    """
    with (tmp_path / "stdout.log").open("ab") as out, (tmp_path / "stderr.log").open("ab") as err:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            env=mpbot_env(tmp_path, **settings),
            cwd=tmp_path,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` of a database file, read-only."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return "; ".join(str(row[0]) for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


def scalar(path: Path, sql: str) -> object:
    """The first column of the first row of a read query on a database file."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def wal_pages_left(path: Path) -> int:
    """Bytes left in a database's WAL file (0 when there is none: everything was checkpointed)."""
    wal = path.with_name(path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0
