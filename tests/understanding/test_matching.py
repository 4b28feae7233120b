from bot.understanding.matching import AliasIndex
from bot.understanding.normalize import words


def _found(index: AliasIndex[str], text: str) -> list[str]:
    return [match.alias.target for match in index.find_all(words(text))]


def test_short_persian_name_is_found_with_an_ending() -> None:
    index = AliasIndex([("گپ", "Gap"), ("uk", "UA")])
    assert _found(index, "در گپی و گپها") == ["Gap", "Gap"]


def test_word_shorter_than_three_letters_can_begin_a_longer_name() -> None:
    index = AliasIndex([("ab cd*", "pair"), ("x", "letter")])
    assert _found(index, "ab cdef x xy") == ["pair", "letter"]


def test_name_is_found_from_any_first_part_and_other_words_are_skipped() -> None:
    index = AliasIndex([("Telegram*", "Telegram"), ("=UK", "UK")])
    assert _found(index, "the telegramда uk UK t elegram tele") == ["Telegram", "UK", "Telegram"]
