"""Delivery policy (pure): how fast to send, and what to do about each error Telegram answers.

The worker that sends (``handlers/delivery.py``) asks :class:`FloodWindows` when a message may go and
:func:`decide` what follows a failed send; neither does any I/O, so both are tested with plain values.
"""

from __future__ import annotations

import math
import warnings
from collections import deque
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter

# Telegram's published flood limits for bots.
PER_CHAT_PER_SECOND = 1
PER_GROUP_PER_MINUTE = 20


class Action(Enum):
    """What the worker does after a failed send."""

    RETRY = "retry"  # transient: try again after ``delay`` (counts as an attempt)
    WAIT = "wait"  # flood wait: hold every send for ``delay`` seconds (not an attempt)
    FAIL = "fail"  # permanent, or the retry limit is reached: mark the delivery failed
    PAUSE_CHAT = "pause_chat"  # blocked, kicked, chat gone: pause the chat's subscriptions
    MIGRATE_CHAT = "migrate_chat"  # the group became a supergroup: move everything to ``new_chat_id``
    MOVE_TO_GENERAL = "move_to_general"  # the forum topic was deleted: send to the General topic


@dataclass(frozen=True)
class Decision:
    """An :class:`Action` with its parameters and a short reason for the log and the outbox."""

    action: Action
    reason: str
    delay: float = 0.0
    new_chat_id: int | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff for network errors and 5xx answers: ``base``, 2×, 4×… up to ``cap``."""

    base: float = 2.0
    cap: float = 300.0
    max_attempts: int = 6

    def backoff(self, attempts: int) -> float:
        """Seconds to wait after the ``attempts``-th failed attempt (1 = the first)."""
        return min(self.cap, self.base * 2 ** max(attempts - 1, 0))


_PAUSING_BAD_REQUESTS = (
    "chat not found",
    "have no rights to send",
    "not enough rights",
    "chat_write_forbidden",
)
_THREAD_GONE = ("message thread not found", "topic_deleted", "topic deleted")


def retry_after_seconds(error: RetryAfter) -> float:
    """The wait Telegram asked for, in seconds (PTB is moving this attribute from int to timedelta)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def decide(
    error: BaseException, attempts: int, *, in_topic: bool, policy: RetryPolicy | None = None
) -> Decision:
    """What to do after ``error`` on the ``attempts``-th attempt (counting this one) to send a delivery."""
    policy = policy or RetryPolicy()
    message = str(error)
    lowered = message.lower()
    if isinstance(error, RetryAfter):
        return Decision(Action.WAIT, f"flood wait: {message}", delay=retry_after_seconds(error))
    if isinstance(error, ChatMigrated):
        return Decision(Action.MIGRATE_CHAT, "group migrated to a supergroup", new_chat_id=error.new_chat_id)
    if isinstance(error, Forbidden):
        return Decision(Action.PAUSE_CHAT, f"forbidden: {message}")
    if isinstance(error, BadRequest):  # before NetworkError: BadRequest is one in PTB
        if in_topic and any(marker in lowered for marker in _THREAD_GONE):
            return Decision(Action.MOVE_TO_GENERAL, "forum topic deleted")
        if any(marker in lowered for marker in _PAUSING_BAD_REQUESTS):
            return Decision(Action.PAUSE_CHAT, f"unreachable: {message}")
        return Decision(Action.FAIL, f"rejected: {message}")
    # Network errors, timeouts, 5xx answers, and anything unexpected: worth a few more tries.
    if attempts >= policy.max_attempts:
        return Decision(Action.FAIL, f"gave up after {attempts} attempts: {message or type(error).__name__}")
    return Decision(Action.RETRY, f"{type(error).__name__}: {message}", delay=policy.backoff(attempts))


class _Window:
    """At most ``limit`` events in any ``seconds``-long span."""

    __slots__ = ("_times", "limit", "seconds")

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self._times: deque[float] = deque()

    def wait(self, now: float) -> float:
        # Written as "time + span <= now", the same sum the wait below aims at, so both agree to the bit.
        while self._times and self._times[0] + self.seconds <= now:
            self._times.popleft()
        if len(self._times) < self.limit:
            return 0.0
        target = self._times[-self.limit] + self.seconds
        wait = target - now
        # Floating point: make sure that waking at now + wait is not a hair before the window frees.
        while now + wait < target:
            wait = math.nextafter(wait, math.inf)
        return wait

    def record(self, when: float) -> None:
        self._times.append(when)

    def idle_since(self, now: float) -> bool:
        return not self._times or self._times[-1] + self.seconds <= now


class FloodWindows:
    """Sliding windows that keep sends within Telegram's limits: overall, per chat, per group.

    Group and channel ids are negative. Record a send when Telegram has *answered* it: since the next
    send starts after that, no window can ever hold one request too many on Telegram's side, whatever
    the network latency.
    """

    def __init__(
        self,
        overall_per_second: int,
        *,
        per_chat_per_second: int = PER_CHAT_PER_SECOND,
        per_group_per_minute: int = PER_GROUP_PER_MINUTE,
    ) -> None:
        if overall_per_second < 1:
            raise ValueError("overall_per_second must be at least 1")
        self._overall = _Window(overall_per_second, 1.0)
        self._per_chat = per_chat_per_second
        self._per_group = per_group_per_minute
        self._chats: dict[int, _Window] = {}
        self._groups: dict[int, _Window] = {}
        self._records = 0

    def overall_wait(self, now: float) -> float:
        """Seconds until one more message fits the overall rate."""
        return self._overall.wait(now)

    def chat_wait(self, chat_id: int, now: float) -> float:
        """Seconds until one more message fits this chat's (and, for a group, the group's) rate."""
        waits = []
        if (chat := self._chats.get(chat_id)) is not None:
            waits.append(chat.wait(now))
        if chat_id < 0 and (group := self._groups.get(chat_id)) is not None:
            waits.append(group.wait(now))
        return max(waits, default=0.0)

    def record(self, chat_id: int, when: float) -> None:
        """Count one message to ``chat_id`` at ``when``."""
        self._overall.record(when)
        self._chats.setdefault(chat_id, _Window(self._per_chat, 1.0)).record(when)
        if chat_id < 0:
            self._groups.setdefault(chat_id, _Window(self._per_group, 60.0)).record(when)
        self._records += 1
        if self._records % 1024 == 0:
            self._forget_idle(when)

    def _forget_idle(self, now: float) -> None:
        for windows in (self._chats, self._groups):
            for key in [key for key, window in windows.items() if window.idle_since(now)]:
                del windows[key]


def ceil_seconds(value: float) -> float:
    """A wait rounded up to the millisecond, so that sleeping it is never a hair too short."""
    return math.ceil(value * 1000) / 1000
