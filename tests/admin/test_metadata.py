"""Header lines and field values stated by an admin."""

from __future__ import annotations

from datetime import date

import pytest

from bot.metadata import FieldError, Problem, parse_date, parse_header, parse_language, parse_source

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("2024-03-05", date(2024, 3, 5), "day"),
        ("5.3.2024", date(2024, 3, 5), "day"),
        ("2024-02-29", date(2024, 2, 29), "day"),
        ("2024-03", date(2024, 3, 1), "month"),
        (" 2019 ", date(2019, 1, 1), "year"),
        ("2025-06-02", date(2025, 6, 2), "day"),  # a day ahead: the admin's time zone
    ],
)
def test_dates_are_read_as_precisely_as_stated(text: str, day: date, precision: str) -> None:
    assert parse_date(text, today=TODAY) == (parse_date(text, today=TODAY).__class__(day, precision))


@pytest.mark.parametrize("text", ["2023-02-29", "2024-13-01", "31.04.2024", "2025-06-10", "1850", "soon", ""])
def test_impossible_or_future_dates_are_refused(text: str) -> None:
    with pytest.raises(FieldError) as raised:
        parse_date(text, today=TODAY)
    assert raised.value.problem is Problem.IMPOSSIBLE_DATE


def test_language_codes_must_exist() -> None:
    assert parse_language(" RU ") == "ru"
    assert parse_language("uz") == "uz"
    for bad in ("zz", "russian", "r", ""):
        with pytest.raises(FieldError):
            parse_language(bad)


def test_a_source_address_names_its_site() -> None:
    source = parse_source("https://www.nur.kz/politics/123")
    assert (source.name, source.url) == ("nur.kz", "https://www.nur.kz/politics/123")
    assert parse_source("  Radio  Azattyq ").name == "Radio Azattyq"


def test_header_lines_come_off_the_top_and_the_body_stays() -> None:
    header = parse_header("Title: A title\ncountry: iran\nDATE: 2024-03\n\nBody text: with a colon.")
    assert header.overrides.title == "A title"
    assert header.overrides.country == "IR"
    assert (header.overrides.published, header.overrides.date_precision) == (date(2024, 3, 1), "month")
    assert header.body == "Body text: with a colon."


def test_a_line_that_is_not_a_known_field_starts_the_body() -> None:
    header = parse_header("Author: Someone\ntitle: not a header any more")
    assert header.overrides.title is None
    assert header.body.startswith("Author: Someone")


def test_a_known_field_with_a_bad_value_is_an_error_not_text() -> None:
    with pytest.raises(FieldError) as raised:
        parse_header("country: Atlantis\nText")
    assert (raised.value.field, raised.value.problem) == ("country", Problem.UNKNOWN_COUNTRY)
