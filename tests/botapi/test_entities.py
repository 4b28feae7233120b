"""HTML parse mode and command entities, computed as Telegram does."""

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.botapi.entities import EntityParseError, command_entities, parse_html


@given(st.text())
def test_escaped_text_always_parses_back_to_itself(text: str) -> None:
    assert parse_html(html.escape(text, quote=False)) == (text, [])


def test_tags_become_entities_with_utf16_offsets() -> None:
    text, entities = parse_html('🇮🇷 <b>banned</b> <a href="https://example.org/?a=1&amp;b=2">source</a>')

    assert text == "🇮🇷 banned source"
    assert entities == [
        {"type": "bold", "offset": 5, "length": 6},  # the flag is four UTF-16 code units
        {"type": "text_link", "url": "https://example.org/?a=1&b=2", "offset": 12, "length": 6},
    ]


def test_nested_tags_and_expandable_blockquote() -> None:
    text, entities = parse_html("<blockquote expandable><b><i>x</i></b></blockquote>")

    assert text == "x"
    assert [entity["type"] for entity in entities] == ["expandable_blockquote", "bold", "italic"]


@pytest.mark.parametrize(
    ("markup", "complaint"),
    [
        ("1 < 2", "Can't find end of the entity"),
        ("Q&A", "Unescaped '&'"),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", "Unexpected end tag"),
        ("<div>x</div>", 'Unsupported start tag "div"'),
    ],
)
def test_unescaped_or_unbalanced_markup_is_refused(markup: str, complaint: str) -> None:
    with pytest.raises(EntityParseError, match=complaint):
        parse_html(markup)


def test_commands_are_found_with_and_without_bot_username() -> None:
    assert command_entities("/start@mpbot_test_bot and /help, not a/path") == [
        {"type": "bot_command", "offset": 0, "length": 21},
        {"type": "bot_command", "offset": 26, "length": 5},
    ]
