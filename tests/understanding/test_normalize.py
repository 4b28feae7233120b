from bot.understanding import normalize_text, search_terms, stem


def test_persian_compound_meets_whether_written_with_zwnj_together_or_with_a_space() -> None:
    spellings = ["پیام\u200cرسان", "پیامرسان", "پیام رسان"]
    assert {tuple(search_terms(s)) for s in spellings} == {("پیامرسان",)}


def test_persian_plural_written_apart_joins_its_word() -> None:
    assert search_terms("پیام رسان های داخلی") == search_terms("پیام‌رسان‌های داخلی")


def test_arabic_letters_fold_into_persian_ones() -> None:
    assert normalize_text("كيك يى") == normalize_text("کیک یی")


def test_persian_and_arabic_digits_become_ascii() -> None:
    assert normalize_text("۱۴۰۱ و ٢٠٢٢") == "1401 و 2022"


def test_tatweel_and_harakat_disappear() -> None:
    assert normalize_text("تـــلگرامُ") == "تلگرام"


def test_yo_is_read_as_ye_and_case_is_folded() -> None:
    assert normalize_text("Запрещённой ЁЛКИ") == "запрещенной елки"


def test_punctuation_becomes_a_single_word_boundary() -> None:
    assert normalize_text("  Telegram,  WhatsApp!!  ") == "telegram whatsapp"


def test_cyrillic_lookalike_inside_a_latin_name_is_read_as_latin() -> None:
    assert normalize_text("Tеlegram") == "telegram"


def test_kazakh_country_name_finds_its_locative_form() -> None:
    assert stem("Қазақстанда") == stem("Қазақстан")


def test_kazakh_genitive_and_ablative_reach_the_same_stem() -> None:
    assert stem("Қазақстанның") == stem("Қазақстаннан") == stem("Қазақстан")


def test_messenger_finds_russian_and_kazakh_inflections() -> None:
    target = stem("мессенджер")
    assert stem("мессенджеров") == target
    assert stem("мессенджерлерге") == target
    assert stem("мессенджерінің") == target


def test_russian_case_endings_meet() -> None:
    assert stem("блокировка") == stem("блокировке") == stem("блокировки")


def test_stemmer_keeps_short_words_whole() -> None:
    assert stem("суд") == "суд"
    assert stem("мир") != stem("мирный")


def test_persian_plural_and_adjective_suffixes_are_removed() -> None:
    assert stem("پیامرسانها") == stem("پیامرسان")
    assert stem("ایرانی") == "ایران"


def test_persian_loanwords_ending_like_a_comparative_keep_their_ending() -> None:
    # فیلتر is not "more elephant" (فیل), توییتر not "more inside" (توی).
    for word in ["فیلتر", "فیلترینگ", "توییتر", "تویتر", "دفتر", "کامپیوتر", "ضدفیلتر"]:
        assert stem(word) == normalize_text(word)
    assert stem("فیلتر") != stem("فیل")


def test_persian_comparatives_still_meet_their_adjective() -> None:
    assert stem("بزرگتر") == stem("بزرگ‌ترین") == "بزرگ"
    assert stem("بیشتر") == stem("بیشترین")
    assert stem("مهمتر") == "مهم"


def test_persian_plurals_of_protected_words_and_compounds_still_meet_their_singular() -> None:
    assert stem("فیلترها") == stem("فیلتری") == "فیلتر"
    assert stem("توییترهای") == "توییتر"
    assert search_terms("پیام‌رسان‌ها") == search_terms("پیام رسان") == ["پیامرسان"]


def test_persian_adjective_after_a_long_vowel_meets_its_noun() -> None:
    assert stem("طلایی") == stem("طلای") == "طلا"
    assert stem("اجرایی") == stem("اجرای") == "اجرا"
    assert stem("گفتگویی") == "گفتگو"
    assert stem("پیامرسانهایی") == "پیامرسان"


def test_persian_cyberspace_is_not_read_as_allowed() -> None:
    assert stem("مجازی") != stem("مجاز")


def test_english_plural_meets_singular() -> None:
    assert stem("messengers") == stem("messenger")
    assert stem("policies") == stem("policy")


def test_english_participles_meet_their_verb_and_short_words_stay_whole() -> None:
    assert {stem("blocked"), stem("blocking"), stem("blocks")} == {"block"}
    assert stem("banned") == stem("ban") and stem("called") == "call"
    assert {stem("restore"), stem("restored"), stem("restoring"), stem("restores")} == {"restor"}
    assert (stem("speed"), stem("during"), stem("thing")) == ("speed", "during", "thing")


def test_search_terms_are_the_same_for_a_document_and_a_query() -> None:
    document = search_terms("В Казахстане опровергли информацию о блокировке мессенджеров")
    query = search_terms("блокировка мессенджер Казахстан")
    assert set(query) <= set(document)


def test_search_terms_leave_out_stop_words() -> None:
    assert search_terms("the ban of Telegram in Iran") == ["ban", "telegram", "iran"]


def test_kazakh_in_the_acute_latin_alphabet_is_read_like_its_cyrillic() -> None:
    latin = "Qazaqstanda telegram-arnalar tirkeýden ótýge mindetteledi, dep habarlady mınıstrlik."
    cyrillic = "Қазақстанда telegram-арналар тіркеуден өтуге міндеттеледі, деп хабарлады министрлік."
    assert search_terms(latin) == search_terms(cyrillic)


def test_kazakh_in_the_newer_latin_alphabet_meets_its_cyrillic_words() -> None:
    terms = search_terms("Qazaqstanda Telegram messendjeriniñ jumısı bwğattaldı, dep mälimdedi ministrlik.")
    cyrillic = search_terms("Қазақстанда Telegram мессенджерінің жұмысы бұғатталды, деп мәлімдеді.")
    assert {"қазақстан", "telegram", "мессенджер", "бұғаттал", "мәлім"} <= set(terms) & set(cyrillic)


def test_a_short_english_text_with_turkish_names_stays_in_latin_letters() -> None:
    terms = search_terms("Erdoğan said Iraq will quickly block Telegram in Türkiye, şimdi.")
    assert {"erdoğan", "iraq", "telegram", "şimdi"} <= set(terms)
    assert not any("\u0400" <= char <= "\u04ff" for term in terms for char in term)


def test_latin_i_of_a_kazakh_word_of_back_vowels_is_read_as_cyrillic_i() -> None:
    latin = search_terms("Qazaqstanda Telegram messendjerine kiru qiın boldı, dep mälimdedi.")
    cyrillic = search_terms("Қазақстанда Telegram мессенджеріне кіру қиын болды, деп мәлімдеді.")
    assert latin == cyrillic


def test_azerbaijani_with_q_and_turkic_letters_stays_in_latin_letters() -> None:
    text = "Azərbaycanda Telegram-a qadağa qoyulmadı, deyə nazirlik bildirib, şəbəkə işləyir."
    assert "qadağa" in search_terms(text)
