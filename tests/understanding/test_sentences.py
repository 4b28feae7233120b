from bot.understanding import split_sentences


def test_russian_sentences_split_at_full_stops() -> None:
    assert split_sentences("Первое предложение. Второе предложение!") == [
        "Первое предложение.",
        "Второе предложение!",
    ]


def test_persian_question_mark_ends_a_sentence() -> None:
    assert split_sentences("آیا تلگرام فیلتر شد؟ بله فیلتر شد.") == ["آیا تلگرام فیلتر شد؟", "بله فیلتر شد."]


def test_persian_full_stop_without_a_following_space_still_ends_a_sentence() -> None:
    assert split_sentences("این خبر را تکذیب کرد.وی گفت") == ["این خبر را تکذیب کرد.", "وی گفت"]


def test_decimals_and_abbreviations_do_not_end_a_sentence() -> None:
    text = "Аудитория выросла до 9.5 млн. человек в 2018 г. в Казахстане. Dr. Smith agreed."
    assert split_sentences(text) == [
        "Аудитория выросла до 9.5 млн. человек в 2018 г. в Казахстане.",
        "Dr. Smith agreed.",
    ]


def test_an_acronym_at_the_end_of_a_sentence_ends_it() -> None:
    assert split_sentences("Переход начали Вооруженные силы РК. Министр подтвердил.") == [
        "Переход начали Вооруженные силы РК.",
        "Министр подтвердил.",
    ]


def test_an_initial_does_not_end_a_sentence() -> None:
    assert split_sentences("Лидер движения М. Аблязов выступил.") == ["Лидер движения М. Аблязов выступил."]


def test_reported_speech_continues_after_the_closing_quote() -> None:
    assert split_sentences("«Біз дайынбыз». – деп жазды министр.") == ["«Біз дайынбыз». – деп жазды министр."]


def test_line_breaks_end_sentences_and_empty_lines_vanish() -> None:
    assert split_sentences("Заголовок без точки\n\n  \nТекст.") == ["Заголовок без точки", "Текст."]
