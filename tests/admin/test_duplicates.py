"""Near-duplicates: the same story in nearly the same words, and not merely the same topic."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.duplicates import NEAR_DUPLICATE, find_near_duplicate, fingerprint, similarity
from tests.admin.texts import IR_TEXT, KZ_BODY, KZ_SECOND_BODY

LONG_STORY = " ".join(
    f"Абзац {n}: министерство сообщило, что доступ к мессенджеру Telegram ограничен в регионе номер {n} "
    "на время проведения операции, а WhatsApp работает в обычном режиме."
    for n in range(12)
)


def test_the_same_story_with_one_word_changed_is_a_near_duplicate() -> None:
    retold = LONG_STORY.replace("регионе номер 3 ", "области номер 3 ", 1)
    score = similarity(fingerprint(LONG_STORY), fingerprint(retold))
    assert NEAR_DUPLICATE <= score < 1.0


def test_case_punctuation_and_spelling_variants_do_not_matter() -> None:
    variant = KZ_BODY.upper().replace(",", " ,").replace("ё", "е")
    assert similarity(fingerprint(KZ_BODY), fingerprint(variant)) == 1.0
    assert similarity(fingerprint("پیام‌رسان ايراني"), fingerprint("پیامرسان ایرانی")) == 1.0


def test_two_stories_on_the_same_topic_are_not_duplicates() -> None:
    assert find_near_duplicate(KZ_BODY, [(1, KZ_SECOND_BODY), (2, IR_TEXT)]) is None


def test_the_most_similar_candidate_is_reported() -> None:
    found = find_near_duplicate(LONG_STORY, [(1, KZ_BODY), (7, LONG_STORY + " Конец."), (9, LONG_STORY)])
    assert found is not None
    assert (found.document_id, found.similarity) == (9, 1.0)


def test_empty_texts_are_never_duplicates() -> None:
    assert similarity(fingerprint(""), fingerprint("")) == 0.0
    assert find_near_duplicate("", [(1, "")]) is None


@given(st.text(max_size=300), st.text(max_size=300))
def test_similarity_is_symmetric_and_between_zero_and_one(first: str, second: str) -> None:
    a, b = fingerprint(first), fingerprint(second)
    assert 0.0 <= similarity(a, b) == similarity(b, a) <= 1.0
