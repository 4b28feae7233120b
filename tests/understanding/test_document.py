from datetime import date
from pathlib import Path

import pytest

from bot.understanding import analyze_document, document_terms, search_terms, split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("prefix", "language", "country", "published", "messengers", "platforms"),
    [
        ("000", "kk", "KZ", date(2024, 8, 26), {"Telegram"}, {"Facebook"}),
        ("001", "ru", "KZ", date(2025, 8, 20), {"WhatsApp", "Telegram", "Aitu"}, set()),
        ("002", "kk", "KZ", None, {"Telegram"}, {"Facebook", "YouTube", "Instagram"}),
        ("003", "fa", "IR", None, {"Telegram"}, set()),
        ("004", "fa", "IR", None, {"Gap", "Soroush", "Hotgram", "Telegram Talaei"}, set()),
    ],
)
def test_seed_document_is_understood(
    prefix: str,
    language: str,
    country: str,
    published: date | None,
    messengers: set[str],
    platforms: set[str],
) -> None:
    analysis = analyze_document(seed(prefix))
    assert analysis.language == language
    assert analysis.country == country
    assert analysis.published == published
    assert analysis.date_precision == ("day" if published else "unknown")
    assert set(analysis.messengers) == messengers
    assert set(analysis.platforms) == platforms


@pytest.mark.parametrize(
    ("prefix", "expected", "exact"),
    [
        ("001", {"deny", "state_messenger"}, True),
        ("002", {"throttle", "deny"}, True),
        ("003", {"state_messenger"}, False),
        ("004", {"state_messenger"}, True),
    ],
)
def test_seed_document_policy_actions(prefix: str, expected: set[str], exact: bool) -> None:
    found = {action.kind for action in analyze_document(seed(prefix)).actions}
    assert found == expected if exact else expected <= found


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_title_appears_once_and_boilerplate_is_gone(prefix: str) -> None:
    analysis = analyze_document(seed(prefix))
    assert analysis.title
    assert analysis.title not in analysis.text
    for furniture in [
        "494.87",
        "°C",
        "• A",
        "Фото:",
        "Оқи отырыңыз",
        "ارسال نظر",
        "انتهای پیام",
        "kaz.caravan.kz",
    ]:
        assert furniture not in analysis.text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_article_sentences_are_all_kept(prefix: str) -> None:
    raw = seed(prefix)
    analysis = analyze_document(raw)
    kept = " ".join((analysis.title + " " + analysis.text).split())
    for sentence in split_sentences(raw):
        words = sentence.split()
        furniture = ("Оқи отырыңыз", "kaz.caravan.kz", "date 20")
        if len(words) >= 6 and not any(mark in sentence for mark in furniture):
            assert " ".join(words) in kept


def test_a_document_about_kazakhstan_lists_france_as_mentioned() -> None:
    analysis = analyze_document(seed("000"))
    assert analysis.country == "KZ"
    assert "FR" in analysis.countries_mentioned


def test_seed_001_title_is_the_headline() -> None:
    title = analyze_document(seed("001")).title
    assert title == "Информацию о запрете WhatsApp и Telegram в Казахстане прокомментировали в Минцифры"


def sentence_by_sentence(title: str, text: str) -> tuple[str, str]:
    """The stored terms of a document worked out the slow way: each piece tokenised alone."""
    body = "\n".join(" ".join(search_terms(sentence)) for sentence in split_sentences(text))
    return " ".join(search_terms(title)), body


def test_stored_terms_of_a_document_are_those_of_its_headline_and_of_each_sentence() -> None:
    for title, text in [
        ("Telegram заблокирован в Иране", "Роскомнадзор замедлил Telegram. Пользователи жалуются."),
        ("", "Iran banned WhatsApp on May 7, 2018."),
        # A Persian suffix opening the text would join the headline's last word.
        ("دسترسی به پیام", "ها و رسان های داخلی"),
        # NFKC, which search_terms applies first, changes these.
        ("ﬁlter №5 ＴＥＬＥＧＲＡＭ", "½ ﻻ Telegram…"),
    ]:
        assert document_terms(title, text) == sentence_by_sentence(title, text)


def test_stored_body_terms_have_a_line_per_sentence_even_one_without_terms() -> None:
    _, body = document_terms("", "Telegram заблокирован. И это всё! WhatsApp тоже.")
    assert len(body.split("\n")) == len(split_sentences("Telegram заблокирован. И это всё! WhatsApp тоже."))
    assert "telegram" in body.split("\n")[0].split()
    assert "whatsapp" in body.split("\n")[-1].split()
