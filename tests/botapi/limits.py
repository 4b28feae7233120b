"""Errors the fake Bot API answers on purpose: injected failures and Telegram-like flood limits."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]

DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def error_body(error_code: int, description: str, parameters: JSON | None = None) -> JSON:
    body: JSON = {"ok": False, "error_code": error_code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return body


def too_many_requests(retry_after: int) -> JSON:
    return error_body(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})


def same_chat(a: object, b: object) -> bool:
    """Chat ids arrive as ints or strings ("@username", or a number from a JSON body)."""
    return str(a) == str(b)


@dataclass
class InjectedFailure:
    method: str  # lower-cased: Telegram method names are case-insensitive
    error_code: int
    description: str
    remaining: int
    retry_after: int | None = None
    migrate_to_chat_id: int | None = None
    chat_id: int | str | None = None

    def applies_to(self, method: str, params: JSON) -> bool:
        if self.remaining <= 0 or self.method != method.lower():
            return False
        return self.chat_id is None or same_chat(params.get("chat_id"), self.chat_id)

    def body(self) -> JSON:
        parameters: JSON = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        return error_body(self.error_code, self.description, parameters)


class FailurePlan:
    """Failures queued by tests, consumed first come first served by matching calls."""

    def __init__(self) -> None:
        self._failures: list[InjectedFailure] = []

    def add(self, failure: InjectedFailure) -> None:
        self._failures.append(failure)

    def take(self, method: str, params: JSON) -> JSON | None:
        for failure in self._failures:
            if failure.applies_to(method, params):
                failure.remaining -= 1
                if failure.remaining <= 0:
                    self._failures.remove(failure)
                return failure.body()
        return None

    def clear(self) -> None:
        self._failures.clear()

    def __len__(self) -> int:
        return len(self._failures)


class SlidingWindow:
    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self._times: deque[float] = deque()

    def wait_needed(self, now: float) -> float:
        """Seconds until one more event fits in the window; 0 if it fits now."""
        while self._times and self._times[0] <= now - self.seconds:
            self._times.popleft()
        if len(self._times) < self.limit:
            return 0.0
        return self._times[0] + self.seconds - now

    def record(self, now: float) -> None:
        self._times.append(now)


class RateCaps:
    """Telegram's published flood limits: about 30 messages a second overall, one a second per chat,
    20 a minute per group. Only accepted calls count towards the windows."""

    def __init__(self, global_per_s: int | None, per_chat_per_s: int | None, per_group_per_min: int | None):
        self._global = SlidingWindow(global_per_s, 1.0) if global_per_s else None
        self._per_chat_per_s = per_chat_per_s
        self._per_group_per_min = per_group_per_min
        self._chats: dict[str, SlidingWindow] = {}
        self._groups: dict[str, SlidingWindow] = {}

    def admit(self, chat_id: object, now: float) -> int | None:
        """None if the call may go through (and it is counted), else the retry_after to answer."""
        windows = [self._global] if self._global else []
        if chat_id is not None:
            key = str(chat_id)
            if self._per_chat_per_s:
                windows.append(self._chats.setdefault(key, SlidingWindow(self._per_chat_per_s, 1.0)))
            if self._per_group_per_min and key.startswith(("-", "@")):
                windows.append(self._groups.setdefault(key, SlidingWindow(self._per_group_per_min, 60.0)))
        wait = max((window.wait_needed(now) for window in windows), default=0.0)
        if wait > 0:
            return max(1, math.ceil(wait))
        for window in windows:
            window.record(now)
        return None
