"""Country names in /subscribe and /unsubscribe."""

from handlers.subscriptions import parse_countries


def test_several_countries_by_name_and_code_and_all() -> None:
    assert parse_countries(["Iran,", "kz", "all"]) == (["IR", "KZ", "*"], [])


def test_words_that_name_no_country_are_reported() -> None:
    codes, unknown = parse_countries(["Iran", "Atlantis"])
    assert (codes, unknown) == (["IR"], ["Atlantis"])


def test_repeated_countries_count_once() -> None:
    assert parse_countries(["kz", "Kazakhstan"]) == (["KZ"], [])
