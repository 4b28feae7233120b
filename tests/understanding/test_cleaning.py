from bot.understanding import clean_text

PAGE = """Блокировка мессенджеров обсуждается в парламенте - example.kz
  • $ 494.87
0 °C
Алматы
2024 Жыл
22 Қараша
  • A
  • A
Блокировка мессенджеров обсуждается в парламенте

Блокировка мессенджеров обсуждается в парламенте

Депутаты обсудили возможную блокировку мессенджеров.

  • 26 Тамыз
  • 6
Фото: пресс-служба

Депутаты мажилиса на заседании во вторник обсудили законопроект, который позволит временно \
ограничивать доступ к мессенджерам, не выполняющим требования уполномоченного органа.

Читайте также: Министр ответил на вопросы журналистов

Министр заявил, что решение пока не принято.

Комментарии
"""


def test_headline_repeated_by_the_page_becomes_the_title_once() -> None:
    cleaned = clean_text(PAGE)
    assert cleaned.title == "Блокировка мессенджеров обсуждается в парламенте"
    assert cleaned.title not in cleaned.text


def test_widgets_buttons_credits_and_read_also_lines_are_dropped() -> None:
    text = clean_text(PAGE).text
    for furniture in ["494.87", "°C", "Қараша", "Тамыз", "Фото", "Читайте также", "Комментарии", "• A"]:
        assert furniture not in text


def test_every_article_sentence_is_kept_in_order() -> None:
    cleaned = clean_text(PAGE)
    assert cleaned.paragraphs == (
        "Депутаты обсудили возможную блокировку мессенджеров.",
        "Депутаты мажилиса на заседании во вторник обсудили законопроект, который позволит временно "
        "ограничивать доступ к мессенджерам, не выполняющим требования уполномоченного органа.",
        "Министр заявил, что решение пока не принято.",
    )
    assert cleaned.text == "\n\n".join(cleaned.paragraphs)


def test_persian_comment_prompt_and_end_marker_are_dropped() -> None:
    raw = (
        "عنوان خبر درباره فیلتر تلگرام\n\n"
        "معاون وزیر گفت که تلگرام همچنان فیلتر است و هیچ برنامه ای برای رفع فیلتر آن وجود ندارد "
        "و این موضوع در شورای عالی فضای مجازی بررسی شده است.\n\nانتهای پیام /\nارسال نظر\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "عنوان خبر درباره فیلتر تلگرام"
    assert "انتهای پیام" not in cleaned.text
    assert "ارسال نظر" not in cleaned.text


def test_leading_crawler_date_is_not_part_of_the_title() -> None:
    cleaned = clean_text(" date 2025-08-20 Минцифры прокомментировало слухи о запрете\nТекст новости.")
    assert cleaned.title == "Минцифры прокомментировало слухи о запрете"
    assert cleaned.text == "Текст новости."


def test_page_without_headline_takes_its_opening_sentence_as_title() -> None:
    cleaned = clean_text("Власти опровергли слухи о блокировке. Министр дал пояснения журналистам.")
    assert cleaned.title == "Власти опровергли слухи о блокировке."
    assert cleaned.text == "Министр дал пояснения журналистам."


def test_a_dated_sentence_of_the_article_is_not_taken_for_a_date_line() -> None:
    body = "Роскомнадзор сообщил о замедлении работы мессенджера в нескольких регионах страны, " * 2
    cleaned = clean_text(f"Заголовок новости о Telegram\n\n{body}\n\n9 и 10 февраля российские пользователи")
    assert cleaned.paragraphs[-1] == "9 и 10 февраля российские пользователи"


def test_a_sentence_above_the_headline_is_kept() -> None:
    body = "Роскомнадзор сообщил о замедлении работы мессенджера в нескольких регионах страны, " * 2
    cleaned = clean_text(f"Меню\nВласти сделали заявление.\nЗаголовок новости о Telegram\n{body}")
    assert cleaned.title == "Заголовок новости о Telegram"
    assert cleaned.paragraphs[0] == "Власти сделали заявление."


def test_empty_page_has_no_title_and_no_text() -> None:
    assert clean_text("  \n\n ") == clean_text("")
    assert clean_text("").title == ""
    assert clean_text("").paragraphs == ()
