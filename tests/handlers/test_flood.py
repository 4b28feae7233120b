"""Flood control: a small token bucket per user, and a polite answer in the user's language."""

from bot.settings import Settings
from handlers.flood import FloodControl
from tests.botapi.server import FakeBotApi
from tests.conftest import ask
from tests.handlers.library import running_bot


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_user_may_burst_then_waits_for_the_bucket_to_refill() -> None:
    clock = Clock()
    flood = FloodControl(rate_per_minute=6, burst=2, clock=clock)
    assert [flood.allow(1), flood.allow(1), flood.allow(1)] == [True, True, False]
    assert flood.allow(2)  # another user has their own bucket
    clock.now += 10  # six a minute: one token every ten seconds
    assert flood.allow(1)
    assert not flood.allow(1)


async def test_a_user_who_searches_too_fast_gets_a_polite_message_in_their_language(
    bot_api: FakeBotApi, settings: Settings
) -> None:
    reader = bot_api.user(60001, "Aigerim", language_code="kk")
    async with running_bot(bot_api, settings, flood_burst=2, flood_rate_per_minute=0.01):
        assert "Aitu" in await ask(bot_api, "/search Aitu", user=reader)
        assert "Aitu" in await ask(bot_api, "/country kz", user=reader)
        assert "Сұрауларды тым жиі" in await ask(bot_api, "/timeline kz", user=reader)
        # Cheap commands are not limited.
        assert "Не істей аламын" in await ask(bot_api, "/help", user=reader)
        bot_api.inline_query("Aitu", user=reader)
        [inline] = await bot_api.wait_for("answerInlineQuery")
    assert inline.params["results"] == []
    assert inline.params["button"]["start_parameter"] == "help"
