"""The delivery policy: backoff, what each Telegram error leads to, and the flood windows."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.delivery import Action, FloodWindows, RetryPolicy, decide
from bot.settings import load_settings


def test_backoff_doubles_from_the_base_up_to_the_cap() -> None:
    policy = RetryPolicy(base=2.0, cap=30.0, max_attempts=10)
    assert [policy.backoff(n) for n in range(1, 7)] == [2.0, 4.0, 8.0, 16.0, 30.0, 30.0]


def test_flood_wait_waits_what_telegram_says_and_is_not_an_attempt() -> None:
    decision = decide(RetryAfter(7), 1, in_topic=False)
    assert (decision.action, decision.delay) == (Action.WAIT, 7.0)


def test_blocked_or_kicked_pauses_the_chat() -> None:
    assert decide(Forbidden("bot was blocked by the user"), 1, in_topic=False).action is Action.PAUSE_CHAT
    assert (
        decide(Forbidden("bot was kicked from the group chat"), 1, in_topic=True).action is Action.PAUSE_CHAT
    )


def test_migration_names_the_new_chat() -> None:
    decision = decide(ChatMigrated(-100123), 1, in_topic=False)
    assert (decision.action, decision.new_chat_id) == (Action.MIGRATE_CHAT, -100123)


def test_missing_topic_moves_to_general_only_when_sending_to_a_topic() -> None:
    error = BadRequest("Bad Request: message thread not found")
    assert decide(error, 1, in_topic=True).action is Action.MOVE_TO_GENERAL
    assert decide(error, 1, in_topic=False).action is Action.FAIL


def test_other_bad_requests_fail_at_once_and_unknown_chats_pause() -> None:
    assert decide(BadRequest("Can't parse entities"), 1, in_topic=False).action is Action.FAIL
    assert decide(BadRequest("Chat not found"), 1, in_topic=False).action is Action.PAUSE_CHAT


def test_network_errors_retry_with_backoff_until_the_limit() -> None:
    policy = RetryPolicy(base=1.0, max_attempts=3)
    first = decide(NetworkError("Bad Gateway"), 1, in_topic=False, policy=policy)
    second = decide(TimedOut(), 2, in_topic=False, policy=policy)
    last = decide(NetworkError("Internal Server Error"), 3, in_topic=False, policy=policy)
    assert (first.action, first.delay) == (Action.RETRY, 1.0)
    assert (second.action, second.delay) == (Action.RETRY, 2.0)
    assert last.action is Action.FAIL


def test_a_chat_gets_at_most_one_message_a_second() -> None:
    windows = FloodWindows(30)
    windows.record(42, 100.0)
    assert windows.chat_wait(42, 100.5) == pytest.approx(0.5)
    assert windows.chat_wait(42, 101.0) == 0.0
    assert windows.chat_wait(43, 100.5) == 0.0


def test_a_group_gets_at_most_twenty_messages_a_minute() -> None:
    windows = FloodWindows(30)
    for second in range(20):
        windows.record(-100, 1000.0 + second * 1.5)
    assert windows.chat_wait(-100, 1040.0) == pytest.approx(20.0)
    assert windows.chat_wait(-100, 1060.0) == 0.0


@given(st.lists(st.floats(min_value=0, max_value=5, allow_nan=False), min_size=1, max_size=200))
@example([2.0, 1.0] + [0.0] * 10)  # once let an 11th send through: 0.2 + 1.0 - 1.0 != 0.2 in floating point
def test_sending_whenever_the_windows_allow_never_exceeds_the_overall_rate(gaps: list[float]) -> None:
    windows = FloodWindows(10, per_chat_per_second=1000, per_group_per_minute=1000)
    now, sent = 0.0, []
    for chat, gap in enumerate(gaps):
        now += gap / 10
        now += windows.overall_wait(now)
        windows.record(chat, now)
        sent.append(now)
    for index, start in enumerate(sent):
        assert sum(1 for t in sent[index:] if t < start + 1.0) <= 10


def test_a_delivery_rate_above_the_flood_limit_is_refused_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_RATE_PER_S", "30")
    monkeypatch.setenv("DELIVERY_RATE_PER_S", "40")
    with pytest.raises(SystemExit) as exit_info:
        load_settings(_env_file=None)
    assert exit_info.value.code == 2
    assert "DELIVERY_RATE_PER_S (40) exceeds TELEGRAM_RATE_PER_S (30)" in capsys.readouterr().err
