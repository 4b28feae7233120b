"""The console chat: the real Application and handlers, fed from standard input as one private chat.

Instead of Telegram's servers the bot talks to :class:`ConsoleBotApi`, a Bot API that lives in this
process: what the bot sends is printed as readable text, everything else gets a plausible answer.
"""

from __future__ import annotations

import asyncio
import errno
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.app import build_application, serve
from bot.settings import Settings
from handlers.render import plain_text

CONSOLE_USER_ID = 1
BOT_USER = {
    "id": 1000,
    "is_bot": True,
    "first_name": "Messenger Policy Bot",
    "username": "mpbot_console_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}


class ConsoleBotApi(BaseRequest):
    """A Bot API answering in-process, printing every message the bot sends."""

    def __init__(self, output: TextIO, *, user: dict[str, Any], files_dir: Path) -> None:
        self.output = output
        self.user = user
        self.files_dir = files_dir
        self.buttons: list[tuple[str, dict[str, Any]]] = []
        self.reader_left = False
        self._message_ids = itertools.count(1)

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        result = self._answer(api_method, params, request_data)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def message(self, text: str, *, from_bot: bool) -> dict[str, Any]:
        """A Message object as the Bot API shapes it, in the console's private chat."""
        chat = {"id": self.user["id"], "type": "private", "first_name": self.user["first_name"]}
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER if from_bot else self.user,
            "text": text,
        }

    def _answer(self, api_method: str, params: dict[str, Any], data: RequestData | None) -> Any:
        if api_method == "getMe":
            return BOT_USER
        if api_method in ("sendMessage", "editMessageText"):
            text = str(params.get("text", ""))
            message = self.message(text, from_bot=True)
            message["reply_markup"] = params.get("reply_markup")
            self._print(
                text, params.get("reply_markup"), edited=api_method == "editMessageText", message=message
            )
            return message
        if api_method in ("sendDocument", "sendPhoto"):
            return self._print_file(api_method, params, data)
        if api_method == "answerCallbackQuery":
            if params.get("text"):
                self._write(f"(notice) {params['text']}")
            return True
        if api_method == "getChatMember":
            return {"status": "creator", "user": self.user, "is_anonymous": False}
        if api_method == "getChat":
            return {"id": self.user["id"], "type": "private", "first_name": self.user["first_name"]}
        if api_method == "getUpdates":
            return []
        return True

    def _print(self, text: str, markup: Any, *, edited: bool, message: dict[str, Any]) -> None:
        lines = [("(edited) " if edited else "") + plain_text(text)]
        rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
        if rows:
            self.buttons = []
            for row in rows:
                labels = []
                for button in row:
                    self.buttons.append((str(button.get("callback_data", "")), message))
                    target = f" → {button['url']}" if button.get("url") else ""
                    labels.append(f"[{len(self.buttons)}] {button.get('text', '')}{target}")
                lines.append("   ".join(labels))
        self._write("\n".join(lines))

    def _print_file(
        self, api_method: str, params: dict[str, Any], data: RequestData | None
    ) -> dict[str, Any]:
        field = "document" if api_method == "sendDocument" else "photo"
        saved = "?"
        size = 0
        if data is not None:
            for name, part in data.multipart_data.items():
                filename, content = str(part[0] or name), part[1]
                payload = content if isinstance(content, bytes) else content.read()
                size = len(payload)
                target = self.files_dir / Path(filename).name
                target.write_bytes(payload)
                saved = str(target)
        caption = plain_text(str(params.get("caption", "")))
        self._write(f"[{field}: {saved}, {size} bytes]" + (f"\n{caption}" if caption else ""))
        message = self.message("", from_bot=True)
        message.pop("text")
        file_info = {"file_id": f"console-{message['message_id']}", "file_unique_id": "u", "file_size": size}
        message[field] = [dict(file_info, width=1, height=1)] if field == "photo" else file_info
        return message

    def _write(self, text: str) -> None:
        if self.reader_left:
            return
        try:
            self.output.write(text.rstrip() + "\n\n")
            self.output.flush()
        except BrokenPipeError:
            # Whoever reads the chat left (``mpbot chat | head``). Raised here, PTB would report it as
            # a network error of the handler; the chat ends after this update instead.
            self.reader_left = True


def _command_entities(text: str) -> list[dict[str, Any]]:
    if not text.startswith("/"):
        return []
    return [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]


async def chat(settings: Settings, source: TextIO = sys.stdin, output: TextIO = sys.stdout) -> int:
    """Read lines until end of input, each one a message to the bot; ``!N`` presses button N."""
    user = {
        "id": CONSOLE_USER_ID,
        "is_bot": False,
        "first_name": "Console",
        "language_code": settings.default_language,
    }
    interactive = source.isatty()
    with tempfile.TemporaryDirectory(prefix="mpbot-files-") as files_dir:
        api = ConsoleBotApi(output, user=user, files_dir=Path(files_dir))
        application = build_application(settings, request=api)
        async with serve(application, polling=False):
            if interactive:
                output.write(
                    "Console chat with the bot. Type a message or a command (/help); !N presses "
                    "button N; Ctrl-D ends.\n\n"
                )
            update_ids = itertools.count(1)
            loop = asyncio.get_running_loop()
            while True:
                if interactive:
                    output.write("> ")
                    output.flush()
                line = await loop.run_in_executor(None, source.readline)
                if not line:
                    break
                text = line.strip()
                if not text:
                    continue
                update = _update(api, text, next(update_ids))
                if update is None:
                    output.write("(no such button)\n\n")
                    continue
                await application.process_update(Update.de_json(update, application.bot))
                if api.reader_left:
                    raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))
    return 0


def _update(api: ConsoleBotApi, text: str, update_id: int) -> dict[str, Any] | None:
    if text.startswith("!") and text[1:].isdigit():
        index = int(text[1:]) - 1
        if not 0 <= index < len(api.buttons):
            return None
        data, message = api.buttons[index]
        return {
            "update_id": update_id,
            "callback_query": {
                "id": str(update_id),
                "from": api.user,
                "chat_instance": "console",
                "data": data,
                "message": message,
            },
        }
    message = api.message(text, from_bot=False)
    message["entities"] = _command_entities(text)
    return {"update_id": update_id, "message": message}
