import pytest

from bot.understanding import PolicyAction, detect_actions


def kinds(text: str) -> set[str]:
    return {action.kind for action in detect_actions(text, "")}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Таганский суд постановил заблокировать Telegram.", "block"),
        ("Iran's judiciary has banned the use of the Telegram messaging app.", "block"),
        ("دادستانی تهران دستور مسدودسازی پیام رسان تلگرام را صادر کرد.", "block"),
        ("Роскомнадзор принял решение о замедлении сервисов Телеграма.", "throttle"),
        ("Қолданушылар Telegram-ға кіруде қиындыққа кезігіп отыр.", "throttle"),
        ("Iranian authorities have lifted a ban on WhatsApp.", "unblock"),
        ("Высший совет обсуждает разблокировку Telegram в стране.", "unblock"),
        ("شورای عالی فضای مجازی با رفع فیلتر واتس اپ موافقت کرد.", "unblock"),
        ("Министерство опровергло информацию о запрете WhatsApp.", "deny"),
        ("Басшылар мессенджерлерге кіре алмай қалатынына биліктің қатысы барын жоққа шығарды.", "deny"),
        ("معاون وزیر خبر توافق با تلگرام را به شدت تکذیب کرد.", "deny"),
        ("Все госслужащие обязаны перейти на национальный мессенджер Aitu.", "state_messenger"),
        ("وزارت ارتباطات از پیام رسان های داخلی حمایت می کند.", "state_messenger"),
        ("Officials encouraged Iranians to use domestic alternatives to Telegram.", "state_messenger"),
        ("Kyrgyzstan proposes a fine for advertising Telegram channels.", "legal"),
        ("Госдума приняла закон о национальном мессенджере.", "legal"),
        ("Министрлік Telegram командасымен ынтымақтастықты жалғастыруға дайын.", "cooperation"),
    ],
)
def test_cue_in_a_sentence_about_messengers_yields_its_kind(text: str, kind: str) -> None:
    assert kind in kinds(text)


def test_unblocking_is_not_also_blocking() -> None:
    assert kinds("شورای عالی با رفع فیلتر واتس اپ موافقت کرد.") == {"unblock"}


def test_a_denied_ban_is_not_a_ban() -> None:
    assert kinds("В ведомстве заявили, что никакого запрета на WhatsApp не вводится.") == {"deny"}


def test_a_negated_ban_is_a_denial() -> None:
    assert kinds("Речь не идёт о блокировке иностранных мессенджеров.") == {"deny"}


@pytest.mark.parametrize(
    "text",
    [
        "Telegram is no longer blocked in Russia, the regulator said.",
        "Роскомнадзор больше не блокирует Telegram.",
        "دولت روسیه اعلام کرد که تلگرام دیگر در روسیه فیلتر نیست.",
        "واتساپ از فیلتر خارج شد.",
    ],
)
def test_a_ban_no_longer_in_force_is_an_unblocking(text: str) -> None:
    assert kinds(text) == {"unblock"}


def test_a_rumoured_ban_is_not_a_ban() -> None:
    assert "block" not in kinds("Ведомство отреагировало на информацию о якобы запрете мессенджеров.")


def test_a_sentence_off_the_topic_yields_nothing() -> None:
    assert kinds("Суд признал движение экстремистским и запретил его деятельность.") == set()


def test_each_action_carries_its_sentence_and_the_messengers_it_names() -> None:
    actions = detect_actions("Погода хорошая. Суд постановил заблокировать Telegram и WhatsApp.", "ru")
    assert PolicyAction(
        "block", "Суд постановил заблокировать Telegram и WhatsApp.", ("Telegram", "WhatsApp")
    ) in (actions)


def test_access_said_not_to_be_restricted_is_a_denial() -> None:
    assert kinds("В министерстве заявили, что доступ к мессенджерам не ограничивался.") == {"deny"}


def test_no_plan_to_lift_the_filter_is_a_denial_not_an_unblocking() -> None:
    assert kinds("وزیر گفت هیچ برنامه‌ای برای رفع فیلتر تلگرام وجود ندارد.") == {"deny"}


def test_not_only_does_not_negate() -> None:
    assert kinds("Власти не только заблокировали Telegram, но и оштрафовали его.") == {"block", "legal"}


def test_kazakh_restriction_verb_is_a_block() -> None:
    assert "block" in kinds("Роскомнадзор WhatsApp мессенджеріндегі қоңырауларды шектей бастады.")


def test_persian_restricted_access_is_a_block() -> None:
    assert "block" in kinds("دسترسی به فیسبوک و واتساپ به دلیل نگرانی امنیتی محدود شده است.")


def test_persian_limited_number_is_not_a_restriction() -> None:
    assert "block" not in kinds("من تنها در تعداد محدودی از پیام‌رسان‌های داخلی عضو هستم.")


def test_persian_suffix_after_a_full_stop_does_not_join_the_previous_sentence() -> None:
    # Read over the whole text, "انسداد. ها" joins into one word; each sentence is read alone.
    actions = detect_actions("دسترسی به واتساپ انسداد. ها را نمی دانیم", "fa")
    assert [action.kind for action in actions] == ["block"]


def test_a_ban_in_kazakh_latin_letters_is_a_block() -> None:
    text = "Qazaqstanda Telegram messendjeriniñ jumısı bwğattaldı, dep mälimdedi ministrlik."
    assert kinds(text) == {"block"}
