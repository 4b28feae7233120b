"""Callback data: short, well-formed, and parsed strictly."""

import pytest

from handlers.keyboards import (
    brief_keyboard,
    callback,
    document_keyboard,
    language_keyboard,
    paged_keyboard,
    parse_country,
    parse_page,
)


def all_data(markup: object) -> list[str]:
    return [button.callback_data for row in markup.inline_keyboard for button in row]  # type: ignore[attr-defined]


def test_every_button_carries_at_most_64_bytes() -> None:
    markups = [
        brief_keyboard("IR", "fa"),
        document_keyboard("KZ", "kk"),
        language_keyboard("ru"),
        paged_keyboard("sp", "zzzz", 9998, 9999, [(99_991, 10**11 - 1)]),
    ]
    for markup in markups:
        assert all(len(data.encode()) <= 64 for data in all_data(markup))


def test_callback_data_over_the_limit_is_refused_when_built() -> None:
    with pytest.raises(ValueError):
        callback("sp", "ж" * 40, 1)


def test_pager_shows_arrows_only_where_there_is_a_page() -> None:
    first = [b.text for b in paged_keyboard("sp", "a", 0, 3, []).inline_keyboard[-1]]
    middle = [b.text for b in paged_keyboard("sp", "a", 1, 3, []).inline_keyboard[-1]]
    last = [b.text for b in paged_keyboard("sp", "a", 2, 3, []).inline_keyboard[-1]]
    assert (first, middle, last) == (["1/3", "▶"], ["◀", "2/3", "▶"], ["◀", "3/3"])
    assert paged_keyboard("sp", "a", 0, 1, []).inline_keyboard == ()


@pytest.mark.parametrize(
    ("data", "expected"),
    [("tl:IR", "IR"), ("tl:kz", "KZ"), ("tl:IRN", None), ("tl:", None), ("tlIR", None), ("tl:1r", None)],
)
def test_country_buttons_are_parsed_strictly(data: str, expected: str | None) -> None:
    assert parse_country(data, "tl") == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [("sp:a1:2", ("a1", 2)), ("sp:a1:x", None), ("sp::2", None), ("sp:a:1:2", None), ("docs:a:1", None)],
)
def test_page_buttons_are_parsed_strictly(data: str, expected: tuple[str, int] | None) -> None:
    assert parse_page(data, "sp") == expected
