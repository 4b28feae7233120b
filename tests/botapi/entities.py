"""Message entities as the Bot API computes them: bot commands in incoming text, HTML in outgoing text.

Offsets and lengths are in UTF-16 code units, as Telegram counts them.
"""

from __future__ import annotations

import html
import re
from typing import Any

JSON = dict[str, Any]

_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^<>]*)?)\s*/?>")
_ENTITY_REF = re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
_ATTRIBUTE = re.compile(r"""([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")

# Tag name -> entity type; the tags Telegram's HTML parse mode accepts.
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAMED_REFERENCES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class EntityParseError(ValueError):
    """Raised for text that Telegram refuses with "Bad Request: can't parse entities: ..."."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[JSON]:
    """The bot_command entities Telegram attaches to an incoming text ("/start", "/help@some_bot")."""
    entities = []
    for match in _COMMAND.finditer(text):
        entities.append(
            {
                "type": "bot_command",
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match.group()),
            }
        )
    return entities


def parse_html(text: str) -> tuple[str, list[JSON]]:
    """Split HTML-formatted text into plain text and entities, refusing what Telegram refuses.

    Unescaped "<" or "&", unknown tags and unbalanced tags raise EntityParseError with a message
    close to Telegram's, so that tests catch text that was not escaped before sending.
    """
    plain: list[str] = []
    length = 0  # UTF-16 length of the plain text so far
    open_tags: list[tuple[str, int, int, JSON]] = []  # (tag, start, order of opening, entity)
    entities: list[tuple[int, JSON]] = []  # (order of the opening tag, entity)
    opened = 0
    position = 0
    while position < len(text):
        char = text[position]
        if char == "<":
            tag = _TAG.match(text, position)
            if tag is None:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {_byte_offset(text, position)}"
                )
            closing, name, attributes = tag.group(1) == "/", tag.group(2).lower(), tag.group(3)
            if closing:
                if not open_tags or open_tags[-1][0] != name:
                    raise EntityParseError(
                        f"Unexpected end tag at byte offset {_byte_offset(text, position)}"
                    )
                _, start, order, entity = open_tags.pop()
                if length > start:
                    entities.append((order, {**entity, "offset": start, "length": length - start}))
            else:
                open_tags.append((name, length, opened, _entity_for_tag(name, attributes, text, position)))
                opened += 1
            position = tag.end()
        elif char == "&":
            reference = _ENTITY_REF.match(text, position)
            if reference is None:
                # Stricter than Telegram, which may pass a lone "&": the Bot API docs require &amp;.
                raise EntityParseError(f"Unescaped '&' at byte offset {_byte_offset(text, position)}")
            decoded = _decode_reference(reference.group())
            plain.append(decoded)
            length += utf16_len(decoded)
            position = reference.end()
        else:
            plain.append(char)
            length += utf16_len(char)
            position += 1
    if open_tags:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{open_tags[-1][0]}"')
    # Telegram lists entities by offset, an enclosing entity before the ones inside it.
    entities.sort(key=lambda item: (item[1]["offset"], -item[1]["length"], item[0]))
    return "".join(plain), [entity for _, entity in entities]


def _entity_for_tag(name: str, attributes: str, text: str, position: int) -> JSON:
    values = {
        match.group(1).lower(): next(g for g in match.groups()[1:] if g is not None)
        for match in _ATTRIBUTE.finditer(attributes)
    }
    if name in _SIMPLE_TAGS:
        entity: JSON = {"type": _SIMPLE_TAGS[name]}
        if name == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        return entity
    if name == "a" and "href" in values:
        return {"type": "text_link", "url": html.unescape(values["href"])}
    if name == "span" and values.get("class") == "tg-spoiler":
        return {"type": "spoiler"}
    if name == "tg-emoji" and "emoji-id" in values:
        return {"type": "custom_emoji", "custom_emoji_id": values["emoji-id"]}
    raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, position)}')


def _decode_reference(reference: str) -> str:
    body = reference[1:-1]
    if body.startswith("#x"):
        return chr(int(body[2:], 16))
    if body.startswith("#"):
        return chr(int(body[1:]))
    if body in _NAMED_REFERENCES:
        return _NAMED_REFERENCES[body]
    # Telegram leaves other named references as they are.
    return reference


def _byte_offset(text: str, position: int) -> int:
    return len(text[:position].encode("utf-8"))
