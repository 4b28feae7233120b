import pytest

from bot.understanding import country_flag, country_name, detect_country, resolve_country


def test_a_document_about_kazakhstan_that_mentions_france_is_about_kazakhstan() -> None:
    text = (
        "Қазақстанда Telegram ең танымал мессенджер. Министр Павел Дуровтың француз билігімен "
        "ұсталғанына пікір білдірді. Қазақстан Telegram-мен ынтымақтастықты жалғастырады."
    )
    found = detect_country(text, "kk")
    assert found.primary == "KZ"
    assert found.mentioned == ("FR",)


def test_inflected_russian_name_counts() -> None:
    assert detect_country("Telegram заблокировали в Иране в 2018 году.", "ru").primary == "IR"


def test_an_institution_identifies_its_country() -> None:
    assert detect_country("Роскомнадзор принял решение о замедлении сервиса.", "ru").primary == "RU"
    assert detect_country("معاون محتوای مرکز ملی فضای مجازی این خبر را تکذیب کرد.", "fa").primary == "IR"
    assert detect_country("ҰҚК өкілі бұл мәселеге қатысы жоқ екенін айтты.", "kk").primary == "KZ"


def test_case_sensitive_abbreviation_is_not_an_ordinary_word() -> None:
    assert detect_country("Let us talk about it", "en").primary is None
    assert detect_country("The US called on tech companies", "en").primary == "US"


def test_text_without_any_country_has_none() -> None:
    found = detect_country("The app was updated yesterday.", "en")
    assert found.primary is None
    assert found.mentioned == ()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Иран", "IR"),
        ("🇮🇷", "IR"),
        ("kz", "KZ"),
        ("Қазақстан", "KZ"),
        ("ایران", "IR"),
        ("iran", "IR"),
        ("Казахстане", "KZ"),
        ("Россия", "RU"),
        ("Тәжікстан", "TJ"),
        ("Kyrgyzstan", "KG"),
    ],
)
def test_country_typed_by_a_user_is_resolved(typed: str, code: str) -> None:
    assert resolve_country(typed) == code


def test_unknown_country_text_resolves_to_none() -> None:
    assert resolve_country("Narnia") is None
    assert resolve_country("") is None


def test_country_names_exist_in_the_bot_languages() -> None:
    assert country_name("KZ", "kk") == "Қазақстан"
    assert country_name("IR", "fa") == "ایران"
    assert country_name("RU", "ru") == "Россия"
    assert country_name("CN", "de") == "China"


def test_flag_is_built_from_the_code() -> None:
    assert country_flag("KZ") == "🇰🇿"
    assert country_flag("ir") == "🇮🇷"
    assert country_flag("Kazakhstan") == ""
