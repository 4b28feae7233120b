"""Reading a Bot API request's parameters the way Telegram does.

PTB (HTTPXRequest) sends every call as a form: a ``str`` value as it is, any other value JSON-encoded
(ints as "42", bools as "true", keyboards and entity lists as JSON). Calls that upload files come as
multipart/form-data with the same fields plus file parts. Other clients may post a JSON body.
A form value cannot tell the text "42" from the number 42, so values of the parameters below stay
strings and everything else is JSON-decoded when it parses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

# Parameters whose value is a string in the Bot API even when it looks like JSON ("123", "true").
STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "query",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "inline_message_id",
        "language_code",
        "url",
        "file_id",
        "next_offset",
        "switch_pm_text",
        "switch_pm_parameter",
        "title",
        "description",
        "short_description",
        "name",
        "emoji",
        "question",
        "secret_token",
        "ip_address",
        "custom_title",
        "business_connection_id",
        "message_effect_id",
        "action",
    }
)


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str | None
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)


def decode_value(name: str, value: str) -> Any:
    if name in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channelusername"


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Parameters and uploaded files of a Bot API call, from its query string and body."""
    params: dict[str, Any] = {name: decode_value(name, value) for name, value in request.query.items()}
    files: dict[str, UploadedFile] = {}
    if request.content_type == "application/json":
        body = await request.read()
        if body:
            params.update(json.loads(body))
    elif request.content_type == "multipart/form-data":
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            content = await part.read()
            if part.filename is not None:
                files[part.name] = UploadedFile(
                    field=part.name,
                    filename=part.filename,
                    content_type=part.headers.get("Content-Type"),
                    content=bytes(content),
                )
            else:
                params[part.name] = decode_value(part.name, content.decode(part.get_charset("utf-8")))
    elif request.can_read_body:
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, str):
                params[name] = decode_value(name, value)
    return params, files
