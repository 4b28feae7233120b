"""Sizes, durations, moments and shares as readers of each interface language write them."""

import pytest

from bot.i18n import format_duration, format_moment, format_share, format_size

MINUTE, HOUR, DAY = 60, 3600, 86400


def test_sizes_use_the_units_and_decimal_comma_of_each_language() -> None:
    assert format_size(512, "en") == "512 bytes"
    assert format_size(int(3.4 * 1024 * 1024), "en") == "3.4 MB"
    assert format_size(int(3.4 * 1024 * 1024), "ru") == "3,4 МБ"
    assert format_size(2 * 1024**3, "kk") == "2 ГБ"
    assert format_size(812 * 1024, "fa") == "812 کیلوبایت"


def test_byte_counts_take_the_plural_form_of_the_number() -> None:
    assert [format_size(n, "ru") for n in (1, 3, 5)] == ["1 байт", "3 байта", "5 байт"]
    assert format_size(1, "en") == "1 byte"


def test_a_duration_names_its_largest_part_and_the_next_one() -> None:
    assert format_duration(3 * DAY + 4 * HOUR + 5 * MINUTE, "en") == "3 days and 4 hours"
    assert format_duration(3 * DAY + 4 * HOUR + 5 * MINUTE, "ru") == "3 дня и 4 часа"
    assert format_duration(2 * HOUR + 21 * MINUTE, "kk") == "2 сағат және 21 минут"
    assert format_duration(5 * DAY + 2 * HOUR, "fa") == "5 روز و 2 ساعت"


def test_a_duration_leaves_out_a_next_part_of_zero() -> None:
    assert format_duration(2 * DAY + 30 * MINUTE, "ru") == "2 дня"
    assert format_duration(12 * MINUTE + 59, "fa") == "12 دقیقه"
    assert format_duration(0, "ru") == "0 минут"
    assert format_duration(MINUTE, "en") == "1 minute"


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "3/5/24, 9:15\u202fAM"),
        ("ru", "05.03.2024, 09:15"),
        ("kk", "05.03.24, 09:15"),
        ("fa", "2024/3/5،\u200f 9:15"),
    ],
)
def test_a_stored_moment_is_shown_as_a_short_date_and_time(language: str, shown: str) -> None:
    assert format_moment("2024-03-05T09:15:00Z", language) == shown


def test_a_moment_that_cannot_be_read_is_shown_as_stored() -> None:
    assert format_moment("yesterday", "ru") == "yesterday"


def test_a_share_is_a_whole_percentage_rounded_down() -> None:
    assert format_share(0.937, "en") == "93%"
    assert format_share(0.999, "ru") == "99\u00a0%"
    assert format_share(0.9, "fa") == "90%"
