import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.query import (
    CONCEPTS_FILE,
    NAMES_FILE,
    FilterError,
    SearchFilters,
    concepts,
    document_tags,
    named_concepts,
    plan_query,
    read_filters,
    transliterations,
)
from bot.understanding import search_terms


def test_every_concept_has_words_in_the_four_languages() -> None:
    assert concepts()
    for concept in concepts():
        assert concept.phrases, concept.name


def test_a_question_names_its_country_messenger_and_action() -> None:
    plan = plan_query("Iran Telegram ban")
    assert plan.countries == ("IR",)
    assert plan.messengers == ("Telegram",)
    assert plan.actions == ("block",)


def test_a_russian_question_with_an_inflected_country_name() -> None:
    plan = plan_query("блокировка Telegram в Иране")
    assert plan.countries == ("IR",)
    assert "block" in plan.actions


def test_a_kazakh_question_brings_in_the_persian_and_russian_words() -> None:
    plan = plan_query("Telegram Иранда бұғатталды ма?")
    assert plan.countries == ("IR",)
    assert "block" in plan.actions
    assert set(search_terms("فیلتر ایران تلگرام")) <= set(plan.all_terms)


def test_lifting_the_filter_is_an_unblocking_and_not_also_a_blocking() -> None:
    plan = plan_query("رفع فیلتر واتس‌اپ")
    assert "unblock" in plan.actions
    assert "block" not in plan.actions
    assert plan.messengers == ("WhatsApp",)


def test_national_messenger_is_the_state_messenger_concept() -> None:
    assert plan_query("national messenger for civil servants").actions == ("state_messenger",)
    assert [c.name for c in named_concepts(tuple(search_terms("ұлттық мессенджер")))][:1] == [
        "state_messenger"
    ]


@pytest.mark.parametrize(
    "question",
    [
        "Какие мессенджеры одобрены для служебной переписки?",
        "Messengers for official correspondence of government bodies",
        "پیام رسان های مجاز برای مکاتبات اداری دستگاه‌های دولتی",
        "мемлекеттік мекемелер қай мессенджерді қолданады",
    ],
)
def test_work_messengers_of_state_bodies_are_the_state_messenger_concept(question: str) -> None:
    assert "state_messenger" in plan_query(question).actions


@pytest.mark.parametrize(
    "question",
    [
        "Ресейде WhatsApp толық бұғатталады ма?",
        "Telegram бұғаттайды ма",
        "Роскомнадзор Telegram жұмысын шектеуді",
    ],
)
def test_kazakh_verb_forms_of_blocking_name_the_block_concept(question: str) -> None:
    assert "block" in plan_query(question).actions


def test_restored_internet_is_an_unblocking() -> None:
    assert "unblock" in plan_query("Tokayev orders internet restored after Telegram outage").actions
    assert "unblock" in plan_query("доступ к Telegram восстановлен").actions


def test_a_member_of_parliament_is_the_parliament_concept() -> None:
    assert "parliament" in plan_query("What did MP Mostafa Pourdehghan say about Telegram?").concepts
    assert "parliament" in plan_query("Что сказал депутат о блокировке?").concepts


def test_the_language_of_a_question_is_no_country() -> None:
    assert plan_query("زززق").countries == ()
    assert plan_query("Замедление Telegram").countries == ()


def test_a_flag_names_its_country() -> None:
    assert plan_query("🇰🇿 WhatsApp").countries == ("KZ",)


def test_names_are_spelled_in_the_other_alphabet_with_their_inflection() -> None:
    assert transliterations("ablyazov") == ["аблязов", "аблязова"]
    assert transliterations("галибаф") == ["galibaf"]
    assert transliterations("ab") == []


def test_a_lifted_ban_is_an_unblocking_and_not_also_a_blocking() -> None:
    for text in ("Иран снял запрет на WhatsApp", "Iran lifted ban on WhatsApp", "رفع ممنوعیت واتس‌اپ"):
        assert plan_query(text).actions == ("unblock",), text


def test_a_person_named_in_one_language_is_asked_for_in_all() -> None:
    english = plan_query("Ghalibaf Telegram")
    assert "concept:ghalibaf" in english.tags
    assert set(search_terms("قالیباف Галибаф")) <= set(english.all_terms)
    assert "concept:roskomnadzor" in plan_query("Роскомнадзора").tags


def test_a_document_naming_a_russian_surname_in_any_case_is_tagged_with_it() -> None:
    for text in (
        "Токаев подписал указ",
        "указ Токаева",
        "Tokayev signed a decree",
        "Тоқаев жарлыққа қол қойды",
    ):
        assert "concept:tokayev" in document_tags(search_terms(text)), text


@pytest.mark.parametrize(
    ("texts", "tag"),
    [
        (("Aida Balaeva said", "министр Аида Балаева заявила", "министр Балаевой"), "concept:balaeva"),
        (("Peskov said", "Песков заявил", "слова Пескова", "پسکوف گفت"), "concept:peskov"),
        (("Mohajerani said", "مهاجرانی گفت", "Мохаджерани заявила"), "concept:mohajerani"),
    ],
)
def test_officials_are_tagged_whatever_the_alphabet(texts: tuple[str, ...], tag: str) -> None:
    for text in texts:
        assert tag in document_tags(search_terms(text)), text


def test_a_russian_surname_in_a_question_also_looks_for_its_other_cases() -> None:
    plan = plan_query("Что сказал Шадаев о Telegram")
    assert search_terms("Шадаева")[0] in plan.spellings
    assert search_terms("Шадаева") != search_terms("Шадаев")


def test_names_and_concepts_do_not_share_a_key() -> None:
    with CONCEPTS_FILE.open("rb") as concepts_file, NAMES_FILE.open("rb") as names_file:
        assert not set(tomllib.load(concepts_file)) & set(tomllib.load(names_file))


def test_years_are_read_from_the_question() -> None:
    assert plan_query("Why did Iran block Telegram in 2018?").years == (2018,)


def test_a_document_is_tagged_with_what_it_names_in_any_language() -> None:
    russian = document_tags(search_terms("Власти Ирана заблокировали Telegram"))
    persian = document_tags(search_terms("ایران تلگرام را مسدود کرد"))
    kazakh = document_tags(search_terms("Иран Telegram-ды бұғаттады"))
    for tags in (russian, persian, kazakh):
        assert {"country:IR", "concept:block", "app:Telegram"} <= set(tags), tags


def test_a_tag_is_repeated_as_often_as_the_document_names_it() -> None:
    tags = document_tags(search_terms("Telegram blocked. The block of Telegram stays, WhatsApp too."))
    assert tags.count("concept:block") == 2
    assert tags.count("app:Telegram") == 2
    assert tags.count("app:WhatsApp") == 1


def test_lifting_the_filter_tags_an_unblocking_and_not_a_blocking() -> None:
    tags = document_tags(search_terms("رفع فیلتر واتس‌اپ"))
    assert "concept:unblock" in tags
    assert "concept:block" not in tags


def test_a_question_asks_for_the_tags_of_what_it_names() -> None:
    plan = plan_query("Is Kazakhstan banning WhatsApp?")
    assert set(plan.tags) == {"concept:block", "country:KZ", "app:WhatsApp"}
    assert plan_query("what happened yesterday").tags == ()


def test_filters_written_into_a_question_are_read_out_of_it() -> None:
    words, filters = read_filters("Telegram country:Иран lang:fa from:2024 to:2025-02")
    assert words == "Telegram"
    assert filters == SearchFilters(country="IR", language="fa", date_from="2024-01-01", date_to="2025-02-28")


def test_a_filter_takes_a_flag_a_language_name_or_a_single_day() -> None:
    assert read_filters("WhatsApp country:🇰🇿 lang:русский")[1] == SearchFilters(country="KZ", language="ru")
    assert read_filters("x from:2024-02-29 to:2024-02")[1] == SearchFilters(
        date_from="2024-02-29", date_to="2024-02-29"
    )
    assert read_filters("x country:United_States")[1].country == "US"


@pytest.mark.parametrize(
    "text",
    [
        "Telegram страна:Иран язык:fa с:2024 по:2025-02",
        "Telegram Страна:Иран язык:фарси от:2024 до:2025-02",
        "Telegram ел:Иран тіл:fa бастап:2024 дейін:2025-02",
        "Telegram کشور:ایران زبان:فارسی از:۲۰۲۴ تا:2025-02",
    ],
)
def test_filter_keys_can_be_written_in_the_readers_language(text: str) -> None:
    assert read_filters(text) == (
        "Telegram",
        SearchFilters(country="IR", language="fa", date_from="2024-01-01", date_to="2025-02-28"),
    )


def test_a_year_before_1500_in_a_filter_is_a_persian_solar_hijri_year() -> None:
    # 1403 ran from 20 March 2024 to 20 March 2025; its month 12 (Esfand) began on 19 February 2025.
    whole_year = SearchFilters(date_from="2024-03-20", date_to="2025-03-20")
    assert read_filters("تلگرام از:۱۴۰۳ تا:۱۴۰۳")[1] == whole_year
    assert read_filters("x from:1403-12 to:1403-12")[1] == SearchFilters(
        date_from="2025-02-19", date_to="2025-03-20"
    )
    assert read_filters("x from:1397-02-10")[1].date_from == "2018-04-30"


def test_words_that_only_look_like_filters_stay_in_the_question() -> None:
    assert read_filters("mail me@from:2024 or write to: us") == (
        "mail me@from:2024 or write to: us",
        SearchFilters(),
    )


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("x country:Atlantis", "country", "Atlantis"),
        ("x lang:klingon", "language", "klingon"),
        ("x from:2024-13", "date", "2024-13"),
        ("x to:1403-07-31", "date", "1403-07-31"),
        ("x to:yesterday", "date", "yesterday"),
        ("x from:2025 to:2024", "range", "2025-01-01 – 2024-12-31"),
    ],
)
def test_a_filter_that_cannot_be_read_says_which_and_what(text: str, kind: str, value: str) -> None:
    with pytest.raises(FilterError) as raised:
        read_filters(text)
    assert (raised.value.kind, raised.value.value) == (kind, value)


@given(st.text(max_size=200))
def test_any_text_gives_filters_or_a_filter_error_and_nothing_else(text: str) -> None:
    try:
        words, _filters = read_filters(text)
    except FilterError:
        return
    assert len(words) <= len(text)
