"""Fixtures for the subscription tests: settings wired to the loopback Bot API with quick retries."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from tests.botapi.server import FakeBotApi


@pytest.fixture
def wired(bot_api: FakeBotApi, settings: Settings) -> Settings:
    """The test settings pointed at the harness; the worker looks at the outbox and retries within
    milliseconds, not seconds (publications here are written beside it, as ``mpbot ingest`` would)."""
    return settings.model_copy(
        update={
            "bot_token": SecretStr(bot_api.token),
            "telegram_base_url": bot_api.base_url,
            "delivery_backoff_s": 0.05,
            "delivery_poll_seconds": 0.05,
            "delivery_max_attempts": 3,
        }
    )
