from bot.knowledge import apps, countries, language_evidence, search_knowledge

REQUIRED_COUNTRIES = {
    "KZ", "IR", "RU", "CN", "TJ", "KG", "UZ", "TM", "BY", "UA", "TR", "AF", "AZ", "AM", "GE", "MN",
    "IN", "PK", "AE", "SA", "IQ", "EG", "US", "GB", "FR", "DE",
}  # fmt: skip


def test_every_required_country_is_known_with_names_in_four_languages() -> None:
    known = {country.code: country for country in countries()}
    assert known.keys() >= REQUIRED_COUNTRIES
    for country in known.values():
        assert {"en", "ru", "kk", "fa"} <= country.names.keys()


def test_country_codes_are_unique_upper_case_pairs() -> None:
    codes = [country.code for country in countries()]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 2 and code.isupper() for code in codes)


def test_apps_are_messengers_or_platforms_with_unique_names() -> None:
    names = [app.name for app in apps().apps]
    assert len(names) == len(set(names))
    assert {app.kind for app in apps().apps} == {"messenger", "platform"}


def test_required_messengers_are_known() -> None:
    names = {app.name for app in apps().apps if app.kind == "messenger"}
    required = {
        "Telegram", "WhatsApp", "Signal", "Viber", "Facebook Messenger", "VK Messenger", "Aitu",
        "Soroush", "Gap", "Bale", "Eitaa", "Rubika", "iGap", "Hotgram", "Telegram Talaei", "Max",
        "WeChat", "IMO", "Skype",
    }  # fmt: skip
    assert required <= names


def test_loaders_are_cached() -> None:
    assert countries() is countries()
    assert search_knowledge() is search_knowledge()
    assert language_evidence() is language_evidence()


def test_every_persian_protected_tail_is_persian_and_ends_like_a_stem_suffix() -> None:
    knowledge = search_knowledge()
    assert "فیلتر" in knowledge.persian_protected_tails
    for tail in knowledge.persian_protected_tails:
        assert all("\u0600" <= letter <= "\u06ff" for letter in tail), tail
        assert tail.endswith(knowledge.persian_stem_suffixes), f"{tail} needs no protection"
