from bot.understanding import detect_messengers, resolve_messenger


def test_messengers_are_listed_in_order_of_first_appearance() -> None:
    found = detect_messengers("Власти обсуждают WhatsApp, затем Telegram и снова WhatsApp.")
    assert found.messengers == ("WhatsApp", "Telegram")


def test_social_networks_are_kept_apart_as_platforms() -> None:
    found = detect_messengers("Facebook, YouTube, Instagram және Telegram-ға кіру қиын болды")
    assert found.messengers == ("Telegram",)
    assert found.platforms == ("Facebook", "YouTube", "Instagram")


def test_cyrillic_letter_inside_a_latin_name_still_matches() -> None:
    assert detect_messengers("В Tеlegram ввели ограничения").messengers == ("Telegram",)


def test_russian_spellings_match() -> None:
    found = detect_messengers("Пользователи Ватсапа и Телеграма жалуются на сбои")
    assert found.messengers == ("WhatsApp", "Telegram")


def test_persian_names_match_with_or_without_space_and_zwnj() -> None:
    for text in ["از واتساپ استفاده", "از واتس اپ استفاده", "از واتس\u200cاپ استفاده", "از واتس آپ استفاده"]:
        assert detect_messengers(text).messengers == ("WhatsApp",)


def test_golden_telegram_is_its_own_app_and_not_telegram() -> None:
    found = detect_messengers("میزبانی از هاتگرام و تلگرام طلایی")
    assert found.messengers == ("Hotgram", "Telegram Talaei")


def test_persian_word_for_chat_is_not_the_gap_messenger() -> None:
    assert detect_messengers("دیروز با دوستانم گپ زدیم و چای خوردیم").messengers == ()


def test_gap_next_to_a_messenger_word_is_the_gap_messenger() -> None:
    assert detect_messengers("فقط در پیام رسان گپ عضو هستیم").messengers == ("Gap",)


def test_persian_yes_is_not_the_bale_messenger() -> None:
    assert detect_messengers("بله، ما این موضوع را بررسی کردیم").messengers == ()


def test_bale_in_a_list_of_messengers_is_the_bale_messenger() -> None:
    assert "Bale" in detect_messengers("کاربران ایتا و بله و روبیکا افزایش یافت").messengers


def test_lower_case_signal_is_an_ordinary_word() -> None:
    assert detect_messengers("They received a signal that the app would be blocked").messengers == ()


def test_signal_in_a_list_of_messengers_counts() -> None:
    found = detect_messengers("Также блокировались мессенджеры — WhatsApp, Telegram, Signal.")
    assert found.messengers == ("WhatsApp", "Telegram", "Signal")


def test_max_as_a_name_does_not_count_but_the_national_messenger_does() -> None:
    assert detect_messengers("Max Verstappen won the race in Baku").messengers == ()
    assert detect_messengers("Создание национального мессенджера Max было нужным").messengers == ("Max",)


def test_cyrillic_max_counts_once_the_messenger_is_confirmed_elsewhere() -> None:
    text = "Путин заявил, что создание Мах было нужным.\n\nНациональный мессенджер Max работает."
    assert detect_messengers(text).messengers == ("Max",)


def test_users_typing_an_app_name_get_its_canonical_name() -> None:
    assert resolve_messenger("телеграм") == "Telegram"
    assert resolve_messenger("واتساپ") == "WhatsApp"
    assert resolve_messenger("aitu") == "Aitu"
    assert resolve_messenger("YouTube") == "YouTube"
    assert resolve_messenger("pizza") is None


def test_persian_word_for_signal_needs_messenger_context() -> None:
    assert detect_messengers("این یک سیگنال مثبت برای بازار بود").messengers == ()
    assert detect_messengers("کاربران به تلگرام و سیگنال مهاجرت کردند").messengers == ("Telegram", "Signal")


def test_tango_is_a_messenger_in_a_list_of_apps_and_a_dance_elsewhere() -> None:
    found = detect_messengers("The judiciary ordered a ban on WhatsApp, Viber and Tango within a month.")
    assert found.messengers == ("WhatsApp", "Viber", "Tango")
    assert detect_messengers("They danced the Tango in Tehran before the concert").messengers == ()
    assert detect_messengers("رقص تانگو در تهران").messengers == ()


def test_coco_in_a_list_of_apps_is_a_messenger_and_kuku_the_dish_is_not() -> None:
    found = detect_messengers("فیلتر شدن نرم‌افزارهای تانگو، وایبر، واتس آپ و کوکو در دستور کار است")
    assert found.messengers == ("Tango", "Viber", "WhatsApp", "Coco")
    assert detect_messengers("کوکو سبزی غذای خوشمزه‌ای است").messengers == ()


def test_whatsapp_called_a_messenger_of_facebook_is_not_facebook_messenger() -> None:
    text = "WhatsApp — мессенджер Facebook-тің Қытайда бұғатталмаған сервистерінің бірі еді."
    assert detect_messengers(text).messengers == ("WhatsApp",)


def test_max_in_persian_letters_counts_in_a_list_of_messengers() -> None:
    found = detect_messengers("پیام‌رسان روسی مکس روی گوشی‌ها نصب می‌شود و واتس‌اپ و تلگرام محدود شده‌اند")
    assert found.messengers == ("Max", "WhatsApp", "Telegram")
