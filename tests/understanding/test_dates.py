from datetime import date

import pytest

from bot.understanding import detect_date
from bot.understanding.dates import solar_hijri_to_gregorian


def test_leading_crawler_date_line_gives_the_day() -> None:
    found = detect_date(" date 2025-08-20 Заголовок\nТекст", "ru")
    assert (found.value, found.precision) == (date(2025, 8, 20), "day")


def test_leading_month_only_date_is_refined_by_the_day_in_the_opening() -> None:
    found = detect_date(" date 2022-01 Оператор отключил интернет. Об этом 5 января сообщили", "ru")
    assert (found.value, found.precision) == (date(2022, 1, 5), "day")


def test_leading_month_only_date_without_a_day_keeps_month_precision() -> None:
    found = detect_date(" date 2022-01 Оператор отключил интернет.", "ru")
    assert (found.value, found.precision) == (date(2022, 1, 1), "month")


def test_kazakh_month_name_without_year_takes_year_from_page() -> None:
    raw = "Тақырып\n2024 Жыл\n22 Қараша\nЖаңалық тақырыбы мессенджер туралы\n  • 26 Тамыз\n  • 6\nМәтін."
    found = detect_date(raw, "kk")
    assert (found.value, found.precision) == (date(2024, 8, 26), "day")


def test_the_page_header_date_is_today_and_the_earlier_one_is_the_article() -> None:
    raw = "24 апреля 2024, СР, 16:08\n13 апреля 2018 Россия и мир\nСуд постановил заблокировать Telegram\n"
    assert detect_date(raw, "ru").value == date(2018, 4, 13)


def test_day_line_in_january_with_a_december_page_date_steps_back_a_year() -> None:
    raw = "2025 год\n5 января 2025\nЗаголовок новости\n28 декабря\nТекст новости."
    assert detect_date(raw, "ru").value == date(2024, 12, 28)


def test_russian_standalone_date_line_below_the_headline() -> None:
    raw = "Политика\nКазахстан: мессенджер как угроза?\nАвтор\n9 апреля 2018\nБольше года назад мы писали."
    assert detect_date(raw, "ru").value == date(2018, 4, 9)


def test_persian_solar_hijri_byline_date_is_converted() -> None:
    raw = "عنوان خبر\nنوشته شده توسط نویسنده | ۹ آذر ۱۴۰۱ | ۱۳:۱۰\nمتن خبر."
    found = detect_date(raw, "fa")
    assert (found.value, found.precision) == (date(2022, 11, 30), "day")


def test_arabic_digits_are_read_too() -> None:
    assert detect_date("عنوان\n٩ آذر ١٤٠١\nمتن خبر.", "fa").value == date(2022, 11, 30)


@pytest.mark.parametrize(
    "raw",
    [
        "Iran: judiciary defends the ban\n\nIRNA state-run News Agency wrote on May 7, 2018:\n\nText.",
        "10 июня 2025 года Госдума во втором и третьем чтении приняла закон о национальном мессенджере.",
        "Providers must block the app as of April 30, the agency said.",
        "Заголовок без даты\n\nТекст без единой даты.",
    ],
)
def test_a_date_inside_the_article_is_an_event_date_not_the_publication_date(raw: str) -> None:
    found = detect_date(raw, "en")
    assert (found.value, found.precision) == (None, "unknown")


def test_day_and_month_without_any_year_stay_unknown() -> None:
    assert detect_date("Заголовок\n26 августа\nТекст новости.", "ru").value is None


def test_english_byline_date() -> None:
    assert detect_date(
        "Headline about WhatsApp\nPublished: September 26, 2017 6:04 am\nText.", "en"
    ).value == (date(2017, 9, 26))


def test_numeric_date_line() -> None:
    assert detect_date("Заголовок новости\n20.08.2025 14:30\nТекст.", "ru").value == date(2025, 8, 20)


@pytest.mark.parametrize(
    ("solar", "gregorian"),
    [
        ((1401, 9, 9), date(2022, 11, 30)),
        ((1403, 1, 1), date(2024, 3, 20)),
        ((1404, 1, 1), date(2025, 3, 21)),
        ((1357, 11, 22), date(1979, 2, 11)),
        ((1399, 12, 30), date(2021, 3, 20)),
    ],
)
def test_solar_hijri_dates_convert_to_gregorian(solar: tuple[int, int, int], gregorian: date) -> None:
    assert solar_hijri_to_gregorian(*solar) == gregorian
