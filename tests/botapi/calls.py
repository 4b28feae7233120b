"""A recorded Bot API call, and the error a method implementation answers with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.botapi.limits import error_body
from tests.botapi.params import UploadedFile

JSON = dict[str, Any]


class BotApiError(Exception):
    """Raised by a method implementation to answer {"ok": false, ...}."""

    def __init__(self, error_code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.body = error_body(error_code, description, parameters)


@dataclass
class ApiCall:
    """One request the bot made, with the answer it got."""

    method: str
    params: JSON
    files: dict[str, UploadedFile]
    time: float  # time.monotonic() when the request arrived
    token: str
    response: JSON = field(default_factory=dict)
    injected: bool = False  # answered by an error queued with FakeBotApi.fail()

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def failed(self) -> bool:
        return not self.ok

    @property
    def error_code(self) -> int | None:
        code = self.response.get("error_code")
        return int(code) if code is not None else None

    @property
    def result(self) -> Any:
        return self.response.get("result")

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def text(self) -> str | None:
        """The text or caption as the bot sent it (markup included)."""
        value = self.params.get("text", self.params.get("caption"))
        return value if isinstance(value, str) else None

    def __repr__(self) -> str:
        shown = {k: v for k, v in self.params.items() if k not in ("reply_markup", "results")}
        status = "ok" if self.ok else f"error {self.error_code}{' (injected)' if self.injected else ''}"
        return f"<{self.method} {shown} files={sorted(self.files)} {status}>"
