"""Hostile input: every detector takes any text without an exception, and quickly."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.understanding import (
    analyze_document,
    clean_text,
    detect_actions,
    detect_country,
    detect_date,
    detect_language,
    detect_messengers,
    document_terms,
    normalize_text,
    resolve_country,
    resolve_messenger,
    search_terms,
    split_sentences,
    stem,
)
from bot.understanding.normalize import tokens_within, words

SCRIPTS = st.sampled_from(
    [
        "Telegram заблокировали в Казахстане 20 августа 2025. ",
        "Қазақстанда 26 Тамыз мессенджерлерге кіру қиын. ",
        "پیام\u200cرسان گپ و بله ۹ آذر ۱۴۰۱ فیلتر شد؟ ",
        "Iran banned WhatsApp on May 7, 2018. ",
        "🇮🇷😀 ـــ \u200c\u200d\u202e ",
        "\x00\x07\x1b\r\n\t",
        " date 2025-13-45 ",
        "• A\n$ 494.87\n0 °C\n",
        "...!!!???؟؟",
        "Мах Max Signal сигнал ",
    ]
)
MIXED = st.lists(SCRIPTS | st.text(max_size=40), max_size=30).map("".join)
# Persian words that join their neighbours, around sentence ends and odd characters.
JOINING = st.lists(
    st.sampled_from(
        ["ها", "های", "می", "رسان", "پیام", "انسداد", "Telegram", ". ", "؟", "\n", " ", "\u200c", "_"]
    )
    | st.text(max_size=3),
    max_size=40,
).map("".join)


def run_everything(text: str) -> None:
    analyze_document(text)
    cleaned = clean_text(text)
    assert cleaned.text == "\n\n".join(cleaned.paragraphs)
    language = detect_language(text)
    assert language == "und" or len(language) == 2
    detect_country(text, language)
    found = detect_date(text, language)
    assert found.precision in ("day", "month", "year", "unknown")
    assert (found.value is None) == (found.precision == "unknown")
    detect_messengers(text)
    detect_actions(text, language)
    split_sentences(text)
    normalize_text(text)
    search_terms(text)
    resolve_country(text)
    resolve_messenger(text)
    for word in text.split()[:20]:
        stem(word)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_unicode_text_goes_through_every_detector(text: str) -> None:
    run_everything(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MIXED)
def test_mixed_scripts_and_control_characters_go_through_every_detector(text: str) -> None:
    run_everything(text)


@settings(max_examples=200, deadline=None)
@given(MIXED | JOINING, MIXED | JOINING)
def test_document_terms_are_the_search_terms_of_headline_and_of_each_sentence(title: str, text: str) -> None:
    body = "\n".join(" ".join(search_terms(sentence)) for sentence in split_sentences(text))
    assert document_terms(title, text) == (" ".join(search_terms(title)), body)


@settings(max_examples=200, deadline=None)
@given(MIXED | JOINING, st.integers(0, 200), st.integers(0, 200))
def test_words_of_a_piece_are_read_from_the_words_of_the_text(text: str, start: int, length: int) -> None:
    start = min(start, len(text))
    end = min(start + length, len(text))
    found = tokens_within(words(text), start, end)
    if found is not None:
        expected = words(text[start:end])
        assert [(t.raw, t.norm) for t in found] == [(t.raw, t.norm) for t in expected]


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_normalized_text_is_stable_under_normalization(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "😀", "\u200c", "ـ"])
def test_degenerate_texts_are_understood_as_nothing(text: str) -> None:
    analysis = analyze_document(text)
    assert analysis.language == "und"
    assert analysis.country is None
    assert analysis.published is None
    assert analysis.messengers == analysis.platforms == analysis.actions == ()


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,
        "." * 1_000_000,
        "😀" * 1_000_000,
        "Telegram заблокировали 20 августа 2025. " * 25_000,
        "پیام رسان های داخلی تلگرام فیلتر شد. " * 27_000,
        "گپ " * 300_000,
    ],
    ids=["letter", "dots", "emoji", "russian", "persian", "ambiguous-names"],
)
def test_a_megabyte_of_hostile_text_goes_through_every_detector(text: str) -> None:
    # How fast is for the benchmarks; here: it finishes (no runaway pattern) and gives plain answers.
    analysis = analyze_document(text)
    assert isinstance(analysis.language, str)
    assert len(analysis.title) <= len(text)
    assert all(isinstance(term, str) for term in search_terms(text)[:100])
    assert isinstance(normalize_text(text), str)
    assert isinstance(split_sentences(text), list)
